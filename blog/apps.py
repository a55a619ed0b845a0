from django.apps import AppConfig


class BlogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "blog"
    verbose_name = "Clinic blog"

    def ready(self):
        # Imported here because they connect receivers to the models, which exist only once loaded.
        from blog.search import index as search_index
        from clinic_site.page_cache import dependencies as page_cache_dependencies
        from clinic_site.page_cache import purging as page_cache_purging

        search_index.connect()
        page_cache_dependencies.connect()
        page_cache_purging.connect()
