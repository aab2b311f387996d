"""A family's record: the adults, the children (born or expected), the chosen hub and consent.

This is special category data under UK GDPR (health, accessibility): every read or change by staff
goes through `audit.services.record`, and `families.services.erase_family` removes all of it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Family(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    home_postcode = models.CharField("home postcode", max_length=10, blank=True)
    hub = models.ForeignKey(
        "directory.Location",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registered_families",
    )
    languages = models.CharField("languages spoken at home", max_length=255, blank=True)
    accessibility_needs = models.TextField("accessibility needs", blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The member of staff who registered the family in person, if any.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Retention counts from here: signing in, changing the record or booking moves it on.
    last_active_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name_plural = "families"
        # Reports count registrations in a few weeks (a campaign, the weeks before it).
        indexes = [models.Index(fields=["created", "hub"], name="family_registered")]

    def __str__(self) -> str:
        return f"Family {self.id}"


class Adult(models.Model):
    class ContactMethod(models.TextChoices):
        EMAIL = "email", "Email"
        SMS = "sms", "Text message"
        PHONE = "phone", "Phone call"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="adults")
    # The parent's login; empty until a family registered by staff is claimed.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="family_adults",
    )
    first_name = models.CharField("first name", max_length=100)
    last_name = models.CharField("last name", max_length=100)
    email = models.EmailField("email address", blank=True)
    phone = models.CharField("phone number", max_length=30, blank=True)
    preferred_contact = models.CharField(
        "how to contact you",
        max_length=10,
        choices=ContactMethod.choices,
        default=ContactMethod.EMAIL,
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(user__isnull=False), name="one_family_per_login"
            )
        ]

    def __str__(self) -> str:
        return f"Adult {self.pk}"


class Child(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="children")
    first_name = models.CharField("first name", max_length=100, blank=True)
    date_of_birth = models.DateField("date of birth", null=True, blank=True)
    due_date = models.DateField("due date", null=True, blank=True)

    class Meta:
        ordering = ["date_of_birth", "due_date"]
        verbose_name_plural = "children"
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=False) | Q(due_date__isnull=False),
                name="child_born_or_expected",
                violation_error_message="Give a date of birth or a due date.",
            )
        ]

    def __str__(self) -> str:
        return f"Child {self.id}"

    @property
    def is_expected(self) -> bool:
        return self.date_of_birth is None


class Consent(models.Model):
    """What the family agreed to, when, to which privacy notice, and how it was given."""

    class Purpose(models.TextChoices):
        REGISTRATION = "registration", "Hold our details so we can use the family hub and book"
        UPDATES = "updates", "Send us news about sessions and events"

    class Method(models.TextChoices):
        ONLINE = "online", "Online"
        IN_PERSON = "in_person", "In person, recorded by staff"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    statement = models.TextField(help_text="The words the family agreed to.")
    privacy_notice_version = models.CharField(max_length=20)
    given_at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=10, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The member of staff, when given in person.",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["given_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(method="online") | Q(recorded_by__isnull=False),
                name="consent_in_person_names_staff",
                violation_error_message="Consent given in person must name the member of staff.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose} consent {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
