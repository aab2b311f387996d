"""What reports keep of their own: counts of parents' searches, never a search itself."""

from django.db import models


class SearchTally(models.Model):
    """How many searches on a day shared the same area, topic, age band and distance, and
    whether they found anything. Only the postcode district (RM18) or town, and an age band:
    never a full postcode, a date of birth or the words typed."""

    day = models.DateField()
    area = models.CharField(max_length=60, help_text="Postcode district or town.")
    topic = models.CharField(max_length=255, blank=True)
    age_band = models.CharField(max_length=20)
    within_miles = models.PositiveSmallIntegerField(help_text="The radius the results came from.")
    found_something = models.BooleanField()
    searches = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "area", "topic", "age_band", "within_miles", "found_something"],
                name="one_tally_per_kind_of_search_per_day",
            )
        ]
        indexes = [models.Index(fields=["day", "area"], name="search_tally_by_day")]

    def __str__(self) -> str:
        return f"{self.searches} searches in {self.area} on {self.day}"
