"""Where imported directory records came from, so a feed can be kept in step with its source."""

from django.db import models


class FeedSource(models.Model):
    """A feed the directory is loaded from: an ORUK API's base URL, or a file's path."""

    address = models.CharField(max_length=2000, unique=True)
    first_pulled = models.DateTimeField(auto_now_add=True)
    last_pulled = models.DateTimeField(null=True, blank=True)
    last_complete_pull = models.DateTimeField(
        null=True, blank=True, help_text="The last pull that read the whole feed (may retire)."
    )

    def __str__(self) -> str:
        return self.address


class FeedRecord(models.Model):
    """Which feed last gave a record, and when. Records with no row here were entered by hand
    on the platform: no feed ever retires them. A service's parts (schedules, costs, places)
    travel with the service, so only the records a feed lists are kept: organisations,
    services and locations."""

    source = models.ForeignKey(FeedSource, on_delete=models.CASCADE, related_name="records")
    table = models.CharField(max_length=40, help_text="The HSDS table, e.g. service.")
    record_id = models.UUIDField()
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    retired = models.DateTimeField(
        null=True, blank=True, help_text="When a complete pull of its feed no longer had it."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["table", "record_id"], name="feed_record_once")
        ]
        indexes = [models.Index(fields=["source", "table", "last_seen"], name="feed_record_seen")]

    def __str__(self) -> str:
        return f"{self.table} {self.record_id} from {self.source}"
