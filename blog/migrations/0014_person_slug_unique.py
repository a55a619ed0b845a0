from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("blog", "0013_team_pages_and_topic_intros")]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="Used in the address of their team page. Made from the name if left blank.",
                max_length=120,
                unique=True,
            ),
        ),
    ]
