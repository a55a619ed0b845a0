from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from clinic_site.staff_2fa.enrolment import remove_second_factor


class Command(BaseCommand):
    help = (
        "Remove a staff member's authenticator and recovery codes (a lost phone); "
        "they set up a new one at their next sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        removed = remove_second_factor(user)
        self.stdout.write(
            f"Removed {removed} two-factor device(s) of {username}; "
            "they set up an authenticator at their next sign-in."
        )
