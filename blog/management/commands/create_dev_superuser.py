import io
import secrets

import segno

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from clinic_site.staff_2fa.enrolment import enrol_with_new_authenticator, secret_text


class Command(BaseCommand):
    help = (
        "Create an 'admin' superuser with a random password when none exists; print the password once, "
        "with its two-factor key and recovery codes when two-factor sign-in is on."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("A superuser already exists; its password was printed when it was created.")
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser(options["username"], email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(f"Admin login: {options['username']} / {password}  (shown only once)")
        )
        if settings.STAFF_TWO_FACTOR_REQUIRED:
            self.print_second_factor(user)

    def print_second_factor(self, user):
        # Enrolled here rather than on the web page, so `make run` ends with everything needed to sign in.
        device, recovery_codes = enrol_with_new_authenticator(user)
        self.stdout.write("Two-factor sign-in: scan this with an authenticator app, or type the key in.")
        qr_code = io.StringIO()
        segno.make(device.config_url, error="m").terminal(out=qr_code, compact=True)
        self.stdout.write(qr_code.getvalue(), ending="")
        self.stdout.write(f"  key: {secret_text(device)}")
        self.stdout.write(f"  URI: {device.config_url}")
        self.stdout.write(f"  recovery codes (each works once): {' '.join(recovery_codes)}")
