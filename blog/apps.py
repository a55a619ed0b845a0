from django.apps import AppConfig


class BlogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "blog"
    verbose_name = "Clinic blog"

    def ready(self):
        from blog import page_cache_purging, page_cache_tags, search_index

        search_index.connect()
        page_cache_tags.connect()
        page_cache_purging.connect()
