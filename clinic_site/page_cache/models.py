from django.db import models


class UndeliveredPurge(models.Model):
    """Tags a process could not purge because a cache was unreachable.

    Kept in the database, which every process shares and which holds the change that needed the purge,
    so whichever process next reaches that cache sends them (``store.deliver_undelivered_purges`` for
    the page cache, ``http_cache.deliver_undelivered_purges`` for each Varnish).
    """

    # The page cache (Redis) is "", an HTTP cache is the URL purges are sent to.
    PAGE_CACHE = ""

    recorded_at = models.DateTimeField(auto_now_add=True)
    destination = models.CharField(max_length=200, blank=True, default=PAGE_CACHE, db_index=True)
    tags = models.JSONField()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        destination = self.destination or "the page cache"
        return f"{len(self.tags)} tags for {destination} recorded {self.recorded_at:%Y-%m-%d %H:%M:%S}"
