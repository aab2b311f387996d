"""Changing a family's record: registration, corrections, births, consent, claims and erasure.

Every change is written to the audit log with the ids and field names involved, never values.
"""

from datetime import date, timedelta
from enum import Enum

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.emails import absolute_url, send_email
from accounts.services import end_all_sessions, forget_sign_in_failures
from audit.services import record
from families.models import Adult, Child, Consent, Family
from families.signals import family_will_be_erased

CLAIM_SALT = "families.claim"


def privacy_notice_version() -> str:
    return getattr(settings, "FAMILYHUBS_PRIVACY_NOTICE_VERSION", "2026-11")


def claim_link_max_age_days() -> int:
    return getattr(settings, "FAMILYHUBS_CLAIM_LINK_DAYS", 30)


def mark_active(family: Family) -> None:
    """Move the family's retention clock on (sign-in, a change, a booking)."""
    Family.objects.filter(pk=family.pk).update(last_active_at=timezone.now())


def mark_parent_active(sender, request, user, **kwargs) -> None:
    """On sign-in (a user_logged_in receiver): a parent signing in keeps the record alive."""
    Family.objects.filter(adults__user=user).update(last_active_at=timezone.now())


@transaction.atomic
def register_family(
    *,
    adult: dict,
    child: dict,
    household: dict,
    wants_updates: bool,
    user=None,
    staff=None,
) -> Family:
    """Create a family with one adult and one child, and record consent.

    Online, `user` is the parent's login; in person, `staff` records consent on the parent's
    behalf and the parent claims the record later from an emailed link.
    """
    family = Family.objects.create(registered_by=staff, **household)
    Adult.objects.create(family=family, user=user, **adult)
    Child.objects.create(family=family, **child)
    purposes = [Consent.Purpose.REGISTRATION] + ([Consent.Purpose.UPDATES] if wants_updates else [])
    for purpose in purposes:
        give_consent(family, purpose, by=staff or user, in_person=staff is not None)
    record(staff or user, "register", family, detail="in person" if staff else "online")
    return family


def give_consent(family: Family, purpose: str, *, by, in_person: bool) -> Consent:
    consent = Consent.objects.create(
        family=family,
        purpose=purpose,
        statement=Consent.Purpose(purpose).label,
        privacy_notice_version=privacy_notice_version(),
        method=Consent.Method.IN_PERSON if in_person else Consent.Method.ONLINE,
        recorded_by=by if in_person else None,
    )
    record(by, "give consent", family, detail=f"purpose={purpose}")
    return consent


def withdraw_consent(consent: Consent, *, by) -> None:
    Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    record(by, "withdraw consent", consent.family, detail=f"purpose={consent.purpose}")


def active_consent(family: Family, purpose: str) -> Consent | None:
    return family.consents.filter(purpose=purpose, withdrawn_at__isnull=True).first()


def save_changes(obj: models.Model, changed_fields: list[str], *, family: Family, by) -> None:
    """Save a corrected record and note which fields changed (names only) in the audit log."""
    obj.save()
    mark_active(family)
    if changed_fields:
        record(by, "change", family, detail=f"{obj._meta.model_name}: {', '.join(changed_fields)}")


def add_child(family: Family, child: Child, *, by) -> Child:
    child.family = family
    child.save()
    mark_active(family)
    record(by, "add child", family, detail=f"child={child.pk}")
    return child


def record_birth(child: Child, *, date_of_birth: date, first_name: str, by) -> Child:
    """The baby has arrived: the due date becomes a date of birth."""
    child.date_of_birth = date_of_birth
    child.first_name = first_name
    child.due_date = None
    child.save(update_fields=["date_of_birth", "first_name", "due_date"])
    mark_active(child.family)
    record(by, "record birth", child.family, detail=f"child={child.pk}")
    return child


def claim_token(adult: Adult) -> str:
    return signing.dumps({"adult": adult.pk, "family": str(adult.family_id)}, salt=CLAIM_SALT)


def send_claim_email(adult: Adult, *, by) -> None:
    """Email the parent a link to take over the record staff made for them."""
    path = reverse("families:claim", kwargs={"token": claim_token(adult)})
    send_email(
        adult.email,
        "Your family is registered with a family hub",
        "families/email/claim.txt",
        {"claim_url": absolute_url(path), "days": claim_link_max_age_days()},
    )
    record(by, "send claim link", adult.family, detail=f"adult={adult.pk}")


def adult_to_claim(token: str) -> Adult | None:
    """The unclaimed adult a claim link names, or None if the link is wrong, old or used."""
    try:
        data = signing.loads(token, salt=CLAIM_SALT, max_age=claim_link_max_age_days() * 86400)
    except signing.BadSignature:
        return None
    return (
        Adult.objects.select_related("family")
        .filter(pk=data.get("adult"), family_id=data.get("family"), user__isnull=True)
        .first()
    )


class ClaimRefused(Enum):
    """Why a signed-in account cannot take a record staff made."""

    OTHER_EMAIL = "other_email"
    HAS_A_FAMILY = "has_a_family"


def claim_refusal(adult: Adult, user) -> ClaimRefused | None:
    """None if this login may claim the record: its (confirmed) email address must be the one
    staff recorded, and it must have no family yet."""
    if adult.email.strip().lower() != user.email.strip().lower():
        return ClaimRefused.OTHER_EMAIL
    if Adult.objects.filter(user=user).exists():
        return ClaimRefused.HAS_A_FAMILY
    return None


def claim_family(adult: Adult, user) -> bool:
    """Link a parent's login to the record staff made, if `claim_refusal` allows it."""
    if claim_refusal(adult, user) is not None:
        return False
    claimed = Adult.objects.filter(pk=adult.pk, user__isnull=True).update(user=user)
    if claimed:
        mark_active(adult.family)
        record(user, "claim", adult.family, detail=f"adult={adult.pk}")
    return bool(claimed)


@transaction.atomic
def erase_family(family: Family, by, reason: str = "") -> None:
    """Delete everything personal about a family, and the parents' logins with it.

    Other apps unlink what they keep (attendance stays as anonymous counts) through the
    `family_will_be_erased` signal; the audit log keeps only that the family id was erased.
    """
    family = Family.objects.select_for_update().get(pk=family.pk)
    family_will_be_erased.send(sender=Family, family=family)
    record(by, "erase", family, detail=reason)
    adults = list(family.adults.select_related("user"))
    logins = [adult.user for adult in adults if adult.user is not None]
    for email in {adult.email for adult in adults} | {user.email for user in logins}:
        forget_sign_in_failures(email)
    family.delete()
    for user in logins:
        end_all_sessions(user)
        get_user_model().objects.filter(pk=user.pk).delete()


# The goodbye email: it holds the address only until it is sent (forget_address).
GOODBYE_TEMPLATE = "families/email/account_deleted.txt"


def delete_own_account(family: Family, user) -> None:
    """A parent deletes their account and their family's details, then is told by email at the
    address they signed in with: it names nothing but them, in the greeting."""
    adult = family.adults.filter(user=user).only("first_name").first()
    address = user.email
    with transaction.atomic():
        erase_family(family, by=user, reason="deleted by the family")
        send_email(
            address,
            "Your account and your family's details are deleted",
            GOODBYE_TEMPLATE,
            {
                "first_name": adult.first_name if adult else "",
                "site_url": absolute_url(reverse("web:home")),
                "contact_email": getattr(settings, "FAMILYHUBS_CONTACT_EMAIL", ""),
            },
            forget_address=True,
        )


def retention_period_days() -> int:
    return getattr(settings, "FAMILYHUBS_FAMILY_RETENTION_DAYS", 3 * 365)


def purge_expired_families(now=None) -> int:
    """Erase every family with no activity for longer than the retention period."""
    cutoff = (now or timezone.now()) - timedelta(days=retention_period_days())
    expired = Family.objects.filter(last_active_at__lt=cutoff).only("pk")
    count = 0
    for family in expired.iterator():
        erase_family(family, by=None, reason="retention period passed")
        count += 1
    return count
