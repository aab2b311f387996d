"""Changing a family's record: registration, births, consent and erasure."""

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.services import end_all_sessions, forget_sign_in_failures
from audit.services import record
from families.models import Family
from families.signals import family_will_be_erased


@transaction.atomic
def erase_family(family: Family, by) -> None:
    """Delete everything personal about a family, and the parents' logins with it.

    Other apps unlink what they keep (attendance stays as anonymous counts) through the
    `family_will_be_erased` signal; the audit log keeps only that the family id was erased.
    """
    family = Family.objects.select_for_update().get(pk=family.pk)
    family_will_be_erased.send(sender=Family, family=family)
    record(by, "erase", family)
    adults = list(family.adults.select_related("user"))
    logins = [adult.user for adult in adults if adult.user is not None]
    for email in {adult.email for adult in adults} | {user.email for user in logins}:
        forget_sign_in_failures(email)
    family.delete()
    for user in logins:
        end_all_sessions(user)
        get_user_model().objects.filter(pk=user.pk).delete()
