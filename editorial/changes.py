"""Changes to listings: who publishes directly, changes waiting for review, versions, restoring.

`submit` is the one way a management page saves a listing (through
`directory.listing.save_listing_change`). Editors, and providers whose organisation an editor
trusts, publish at once; other providers' changes wait for an editor while the public keeps the
last published listing. Every publication is kept as a numbered version.
"""

from enum import StrEnum

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Max, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.emails import absolute_url, send_email
from accounts.roles import DIRECTORY_EDITORS, PROVIDERS
from audit.services import record
from directory.listing import apply_listing
from directory.models import Organization, Service
from directory.scopes import is_directory_editor, is_provider_user, organisations_for
from editorial.models import ListingVersion, PendingChange, TrustedOrganisation


class Outcome(StrEnum):
    PUBLISHED = "published"
    WAITING = "waiting for review"


class ChangeNotWaiting(Exception):
    """The change was approved, sent back or changed again since the editor opened it."""


def is_provider_for(user, organization: Organization | None) -> bool:
    """A provider user who belongs to this organisation."""
    if organization is None or not is_provider_user(user):
        return False
    return organisations_for(user).filter(pk=organization.pk).exists()


def provider_users(organization: Organization | None) -> QuerySet:
    """The active provider users who keep this organisation's listings."""
    if organization is None:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=PROVIDERS,
            organisation_memberships__organization=organization,
        )
        .distinct()
    )


def editors() -> QuerySet:
    return get_user_model().objects.filter(is_active=True, groups__name=DIRECTORY_EDITORS)


def is_trusted(organization: Organization | None) -> bool:
    return (
        organization is not None
        and TrustedOrganisation.objects.filter(organization=organization).exists()
    )


def may_publish_directly(user, service: Service) -> bool:
    if is_directory_editor(user):
        return True
    return is_provider_for(user, service.organization) and is_trusted(service.organization)


def submit(service: Service, by, snapshot: dict) -> Outcome:
    """Publish `snapshot` of the listing, or keep it for review when `by` may not publish it."""
    if may_publish_directly(by, service):
        publish(service, snapshot, by)
        return Outcome.PUBLISHED
    if not is_provider_for(by, service.organization):
        raise PermissionDenied
    with transaction.atomic():
        change, created = PendingChange.objects.select_for_update().get_or_create(
            service=service, defaults={"snapshot": snapshot, "submitted_by": by}
        )
        resubmitted = not created and change.status == PendingChange.Status.SENT_BACK
        if not created:
            # A change sent back and changed again joins the back of the queue.
            PendingChange.objects.filter(pk=change.pk).update(
                snapshot=snapshot,
                submitted_by=by,
                status=PendingChange.Status.WAITING,
                revision=F("revision") + 1,
                submitted_at=timezone.now() if resubmitted else change.submitted_at,
                sent_back_reason="",
                sent_back_by=None,
                sent_back_at=None,
            )
        if created or resubmitted:
            # Editors hear once each time a change joins the queue, not at every later save.
            change.refresh_from_db(fields=["revision"])
            _tell_editors(change, by)
    return Outcome.WAITING


def _tell_editors(change: PendingChange, by) -> None:
    service = change.service
    review_url = absolute_url(reverse("editorial:review_change", args=[change.pk]))
    context = {"service": service, "provider": by, "review_url": review_url}
    for address in sorted({user.email for user in editors() if user.email}):
        send_email(
            address,
            f"A change to {service.name} is waiting for review",
            "editorial/email/change_waiting.txt",
            context,
            event=f"change:{change.pk}:{change.revision}",
        )


def publish(
    service: Service, snapshot: dict, by, written_by=None, note: str = ""
) -> ListingVersion:
    """Write `snapshot` to the live listing and keep it as the next version. Publishing counts
    as checking the listing (its "last checked" date becomes today)."""
    with transaction.atomic():
        # One publication of a service at a time, so version numbers follow each other.
        service = Service.objects.select_for_update().get(pk=service.pk)
        service = apply_listing(service, snapshot, by)
        Service.objects.filter(pk=service.pk).update(assured_date=timezone.localdate())
        number = (service.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        return ListingVersion.objects.create(
            service=service,
            number=number,
            snapshot=snapshot,
            published_by=by,
            written_by=written_by or by,
            note=note,
        )


def approve(change: PendingChange, revision: int, by) -> ListingVersion:
    """Publish a waiting change as the editor saw it (at `revision`) and tell its provider."""
    if not is_directory_editor(by):
        raise PermissionDenied
    with transaction.atomic():
        claimed, _ = PendingChange.objects.filter(
            pk=change.pk, revision=revision, status=PendingChange.Status.WAITING
        ).delete()
        if not claimed:
            raise ChangeNotWaiting
        version = publish(
            change.service, change.snapshot, by, written_by=change.submitted_by, note="Approved"
        )
        _tell_provider(change, version.service, "editorial/email/change_published.txt", "published")
    return version


def send_back(change: PendingChange, revision: int, by, reason: str) -> None:
    """Return a waiting change to its provider with the editor's reason."""
    if not is_directory_editor(by):
        raise PermissionDenied
    with transaction.atomic():
        updated = PendingChange.objects.filter(
            pk=change.pk, revision=revision, status=PendingChange.Status.WAITING
        ).update(
            status=PendingChange.Status.SENT_BACK,
            sent_back_reason=reason,
            sent_back_by=by,
            sent_back_at=timezone.now(),
        )
        if not updated:
            raise ChangeNotWaiting
        change.sent_back_reason = reason
        _tell_provider(change, change.service, "editorial/email/change_sent_back.txt", "sent back")


def _tell_provider(change: PendingChange, service: Service, template: str, what: str) -> None:
    provider = change.submitted_by
    if provider is None or not provider.email:
        return
    send_email(
        provider.email,
        f"Your change to {service.name} was {what}",
        template,
        {
            "service": service,
            "reason": change.sent_back_reason,
            "history_url": absolute_url(reverse("editorial:history", args=[service.pk])),
        },
    )


def restore(version: ListingVersion, by) -> ListingVersion:
    """Publish an earlier version again, as a new version by the editor."""
    if not is_directory_editor(by):
        raise PermissionDenied
    return publish(version.service, version.snapshot, by, note=f"Restored version {version.number}")


def trust(organization: Organization, by) -> None:
    """Let the organisation's providers publish without review."""
    if not is_directory_editor(by):
        raise PermissionDenied
    _, created = TrustedOrganisation.objects.get_or_create(
        organization=organization, defaults={"trusted_by": by}
    )
    if created:
        record(by, "trusted to publish", organization)


def stop_trusting(organization: Organization, by) -> None:
    """The organisation's providers' changes wait for review again."""
    if not is_directory_editor(by):
        raise PermissionDenied
    deleted, _ = TrustedOrganisation.objects.filter(organization=organization).delete()
    if deleted:
        record(by, "no longer trusted to publish", organization)


def confirm_still_right(service: Service, by) -> None:
    """The provider or an editor says the listing is still right today."""
    if not (is_directory_editor(by) or is_provider_for(by, service.organization)):
        raise PermissionDenied
    Service.objects.filter(pk=service.pk).update(assured_date=timezone.localdate())
    service.assured_date = timezone.localdate()
