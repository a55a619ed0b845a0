from django.apps import AppConfig


class BlogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "blog"
    verbose_name = "Clinic blog"

    def ready(self):
        # Imported here because they connect receivers to the models, which exist only once loaded.
        from blog.search import index as search_index
        from clinic_site.page_cache import purging as page_cache_purging
        from clinic_site.page_cache import tags as page_cache_tags

        search_index.connect()
        page_cache_tags.connect()
        page_cache_purging.connect()
