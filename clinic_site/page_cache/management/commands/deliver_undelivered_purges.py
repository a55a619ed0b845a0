from django.core.management.base import BaseCommand, CommandError

from clinic_site.page_cache import http_cache, store, undelivered


class Command(BaseCommand):
    help = (
        "Send the purges recorded while Redis or a Varnish was unreachable (web requests also send them, "
        "at most once a second). Fails while some still cannot be sent."
    )

    def handle(self, **options):
        undelivered.check_at_next_lookup()
        unsent = []
        try:
            store.deliver_undelivered_purges()
        except store.PurgesUndelivered:
            unsent.append("the page cache (Redis)")
        if not http_cache.deliver_undelivered_purges():
            unsent.append("Varnish")
        if unsent:
            raise CommandError(f"Purges for {' and '.join(unsent)} still cannot be sent; they stay recorded.")
        self.stdout.write("No purges are left undelivered.")
