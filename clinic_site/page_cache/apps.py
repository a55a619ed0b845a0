from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "clinic_site.page_cache"
    label = "page_cache"
    verbose_name = "Page cache"
