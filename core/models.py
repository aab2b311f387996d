from django.db import models


class RateLimitCount(models.Model):
    """Attempts counted against one rate limit for one address or account, until `resets_at`.

    Used when Redis is not configured. The key is a keyed hash: no address or email is stored.
    """

    key = models.CharField(max_length=100, unique=True)
    count = models.PositiveIntegerField(default=0)
    resets_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.count} until {self.resets_at:%H:%M}"
