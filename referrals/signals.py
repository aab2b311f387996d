"""Requests for support follow the family: erased with it (the anonymous trail stays for
reporting) and included in its data download."""

from django.dispatch import receiver

from families.signals import family_data_requested, family_will_be_erased
from referrals import services

EXPORTED_FIELDS = [
    "reference",
    "kind",
    "status",
    "urgency",
    "sent_at",
    "person_name",
    "child_date",
    "child_date_kind",
    "email",
    "phone",
    "safe_contact",
    "interpreter_language",
    "reason",
    "decline_reason",
    "outcome",
    "closed_at",
]


@receiver(family_will_be_erased)
def anonymise_requests_of_erased_family(sender, family, **kwargs) -> None:
    for request in services.requests_of_family(family):
        services.anonymise(request)


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@receiver(family_data_requested)
def requests_in_data_download(sender, family, **kwargs):
    rows = []
    requests = services.requests_of_family(family).select_related("service", "consent")
    for request in requests.order_by("sent_at"):
        row = {"service_name": request.service.name}
        row.update({name: _plain(getattr(request, name)) for name in EXPORTED_FIELDS})
        row["answers"] = [f"{item['question']}: {item['answer']}" for item in request.answers]
        consent = getattr(request, "consent", None)
        if consent is not None:
            row["consent_given_by"] = consent.given_by
            row["consent_given_at"] = consent.given_at.isoformat()
            row["consent_method"] = consent.get_method_display()
            row["consent_what_may_be_shared"] = consent.what_may_be_shared
        rows.append(row)
    return ("requests_for_support", rows)
