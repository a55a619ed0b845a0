from django.apps import AppConfig


class BlogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "blog"
    verbose_name = "Clinic blog"

    def ready(self):
        from blog import search_index

        search_index.connect()
