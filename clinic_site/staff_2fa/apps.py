from django.apps import AppConfig


class StaffTwoFactorConfig(AppConfig):
    name = "clinic_site.staff_2fa"
    label = "staff_2fa"
    verbose_name = "Staff two-factor sign-in"
