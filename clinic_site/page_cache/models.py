from django.db import models


class UndeliveredPurge(models.Model):
    """Tags a process could not purge because the shared cache was unreachable.

    Kept in the database, which every process shares and which holds the change that needed the purge,
    so whichever process next reaches the cache sends them (``store.deliver_undelivered_purges``).
    """

    recorded_at = models.DateTimeField(auto_now_add=True)
    tags = models.JSONField()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{len(self.tags)} tags recorded {self.recorded_at:%Y-%m-%d %H:%M:%S}"
