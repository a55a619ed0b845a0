from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "clinic_site.security"
    label = "clinic_security"
    verbose_name = "Site security"
