"""Accounts: which hubs and organisations staff work for, sign-in failures for lock-out, and live sessions.

Parents and staff use Django's built-in `auth.User`, with the email address (lower case) as the
username: one sign-in identifier, no second "username" for parents to remember, and no custom user
model to migrate the rest of the project onto.
"""

from django.conf import settings
from django.db import models


class HubMembership(models.Model):
    """Gives a member of staff a family hub: they see families registered at or booked into it."""

    class Role(models.TextChoices):
        PRACTITIONER = "practitioner", "Practitioner"
        MANAGER = "manager", "Hub manager"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hub_memberships"
    )
    location = models.ForeignKey(
        "directory.Location", on_delete=models.CASCADE, related_name="hub_memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PRACTITIONER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "location"], name="one_membership_per_hub")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.location_id} ({self.role})"


class SignInFailures(models.Model):
    """Failed sign-ins per email address, keyed by a keyed hash so no address is stored.

    Counted for any address, registered or not, so a lock-out never tells anyone an address exists.
    """

    email_digest = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.failures} failures"


class UserSession(models.Model):
    """A session a user signed in with, so 'sign out everywhere' can end all of them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"session of {self.user_id}"


class OrganisationMembership(models.Model):
    """Makes a provider user one of an organisation's people: they keep its listings current.

    A user may belong to several organisations (an NHS trust team that also runs a charity's
    groups); `directory.scopes` reads these rows for every management page."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="memberships"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="one_membership_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} of {self.organization_id}"
