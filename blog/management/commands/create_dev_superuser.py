import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create an 'admin' superuser with a random password when none exists; print the password once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("A superuser already exists; its password was printed when it was created.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(options["username"], email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(f"Admin login: {options['username']} / {password}  (shown only once)")
        )
