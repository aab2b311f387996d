"""Campaigns (awareness weeks), one-off events at hubs, and news."""

import uuid

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from directory.models import Location, Organization, Service


class Campaign(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=100, unique=True)
    starts_on = models.DateField(
        null=True, blank=True, help_text="Leave blank for an ongoing campaign."
    )
    ends_on = models.DateField(null=True, blank=True)
    summary = models.CharField(max_length=300, help_text="One sentence for lists.")
    description = models.TextField()
    organizations = models.ManyToManyField(Organization, blank=True, related_name="campaigns")
    services = models.ManyToManyField(Service, blank=True, related_name="campaigns")
    url = models.URLField(blank=True, help_text="Where to find out more.")
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="campaign_ends_after_it_starts",
                violation_error_message="The end date must not be before the start date.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign", args=[self.slug])


class Event(models.Model):
    """A one-off event at a place (for example an awareness day at a Family Hub)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=100, unique=True)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="events")
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="events", help_text="Who is running or attending."
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    description = models.TextField()
    for_expectant_parents = models.BooleanField(default=True)
    times_are_illustrative = models.BooleanField(
        default=False, help_text="The source gave the date but not the times."
    )
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_it_starts",
                violation_error_message="The event must end after it starts.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:event", args=[self.slug])


class NewsPost(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=100, unique=True)
    published_on = models.DateField(db_index=True)
    summary = models.CharField(max_length=300)
    body = models.TextField(help_text="Plain text; blank lines separate paragraphs.")
    source_url = models.URLField(blank=True)
    campaigns = models.ManyToManyField(Campaign, blank=True, related_name="news")
    locations = models.ManyToManyField(Location, blank=True, related_name="news")
    services = models.ManyToManyField(Service, blank=True, related_name="news")
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = "news post"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:news_post", args=[self.slug])
