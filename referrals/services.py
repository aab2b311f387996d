"""Everything that changes a request for support. Pages, commands and tests call these; nothing
else writes a request's status.

Sending (R2's question pages call this once the person has checked their answers):

    send_request(
        service=service,                      # directory.Service with an intake taking this kind
        kind=RequestForSupport.Kind.PROFESSIONAL | RequestForSupport.Kind.SELF,
        details=PersonDetails(name=..., child_date=..., child_date_kind=..., email=...,
                              phone=..., safe_contact=..., interpreter_language=...),
        reason="...",                         # the person's words
        urgency=RequestForSupport.Urgency.ROUTINE,
        answers={question.pk: "answer as text", ...},   # the service's IntakeQuestions
        referrer=user,                        # the professional; None for a self-referral
        requester=user,                       # the signed-in parent asking; None otherwise
        family=family,                        # a registered family, or None
        consent=ConsentGiven(...),            # required for a professional referral
    ) -> RequestForSupport                    # status "sent"; the team is told, once

Every transition takes the `version` the person saw (a hidden field on the form): if the request
changed since, `RequestChanged` carries what it says now and nothing is written. An action the
state machine (`referrals.states`) does not allow raises `IllegalTransition`.
"""

import datetime
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from directory.models import Service
from families.models import Family
from referrals import clocks, messages
from referrals.models import (
    ConsentRecord,
    RequestEvent,
    RequestForSupport,
    RequestNote,
    ServiceIntake,
)
from referrals.states import Actor, IllegalTransition, Status, action_for

# No 0/O, 1/I/L: a reference read over the phone is not misheard.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class RequestNotAccepted(Exception):
    """The service does not take this kind of request (or consent is missing)."""


class RequestChanged(Exception):
    """Someone else changed this request since the person loaded it."""

    def __init__(self, current: RequestForSupport) -> None:
        super().__init__("Someone else changed this request. Here is what it says now.")
        self.current = current


@dataclass(frozen=True)
class PersonDetails:
    """Who the request is for, and how to reach them safely."""

    name: str
    child_date: datetime.date | None = None
    child_date_kind: str = ""  # RequestForSupport.ChildDate
    email: str = ""
    phone: str = ""
    safe_contact: str = ""
    interpreter_language: str = ""


@dataclass(frozen=True)
class ConsentGiven:
    """The family's consent to a referral, as the professional recorded it."""

    given_by: str
    relationship: str
    method: str  # ConsentRecord.Method
    what_may_be_shared: str
    given_at: datetime.datetime = field(default_factory=timezone.now)
    privacy_notice_version: str = field(
        default_factory=lambda: settings.FAMILYHUBS_PRIVACY_NOTICE_VERSION
    )


def takes_requests(service: Service, kind: str) -> bool:
    intake = ServiceIntake.objects.filter(service=service).first()
    if intake is None:
        return False
    if kind == RequestForSupport.Kind.PROFESSIONAL:
        return intake.accepts_professional_referrals
    return intake.accepts_self_referrals


def new_reference(service: Service) -> str:
    """e.g. TWB-4K7P-2MXQ for Together with Baby: the service's initials and 8 random letters."""
    initials = "".join(
        word[0] for word in service.name.split() if word[:1].isascii() and word[:1].isalpha()
    )
    prefix = initials.upper()[:3] or "REQ"
    while True:
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        reference = f"{prefix}-{code[:4]}-{code[4:]}"
        if not RequestForSupport.objects.filter(reference=reference).exists():
            return reference


def _answers_as_asked(intake: ServiceIntake, answers: dict[int, str]) -> list[dict[str, str]]:
    """The answers with their questions' words, so editing a question later changes nothing."""
    return [
        {"question": question.label, "answer": answers[question.pk]}
        for question in intake.questions.all()
        if answers.get(question.pk)
    ]


@transaction.atomic
def send_request(
    *,
    service: Service,
    kind: str,
    details: PersonDetails,
    reason: str,
    urgency: int = RequestForSupport.Urgency.ROUTINE,
    answers: dict[int, str] | None = None,
    referrer=None,
    requester=None,
    family: Family | None = None,
    consent: ConsentGiven | None = None,
) -> RequestForSupport:
    """Send a new request to the service's team (see the module docstring)."""
    if not takes_requests(service, kind):
        raise RequestNotAccepted(f"{service.name} does not take this kind of request.")
    professional = kind == RequestForSupport.Kind.PROFESSIONAL
    if professional and (referrer is None or consent is None):
        raise RequestNotAccepted("A professional referral needs the referrer and the consent.")
    intake = service.intake
    now = timezone.now()
    request = RequestForSupport.objects.create(
        reference=new_reference(service),
        service=service,
        kind=kind,
        referrer=referrer if professional else None,
        requester=requester,
        family=family,
        person_name=details.name,
        child_date=details.child_date,
        child_date_kind=details.child_date_kind,
        email=details.email,
        phone=details.phone,
        safe_contact=details.safe_contact,
        interpreter_language=details.interpreter_language,
        reason=reason,
        answers=_answers_as_asked(intake, answers or {}),
        urgency=urgency,
        sent_at=now,
        respond_by=clocks.respond_by(now, intake.response_target_working_days),
    )
    if consent is not None and professional:
        ConsentRecord.objects.create(
            request=request,
            given_by=consent.given_by,
            relationship=consent.relationship,
            given_at=consent.given_at,
            method=consent.method,
            privacy_notice_version=consent.privacy_notice_version,
            what_may_be_shared=consent.what_may_be_shared,
            recorded_by=referrer,
        )
    RequestEvent.objects.create(
        request=request,
        to_status=Status.SENT,
        actor=Actor.REFERRER if professional else Actor.FAMILY,
        by=referrer if professional else requester or _family_user(family),
        at=now,
    )
    messages.new_request(request)
    return request


def _family_user(family: Family | None):
    if family is None:
        return None
    adult = family.adults.filter(user__isnull=False).select_related("user").first()
    return adult.user if adult else None


def _waited(request: RequestForSupport, step: str) -> dict[str, int]:
    """The working days from sending to this step, for its `working_days_to_<step>` field."""
    days = clocks.working_days_between(clocks.local_date(request.sent_at), timezone.localdate())
    return {f"working_days_to_{step}": days}


def _apply(
    request: RequestForSupport,
    action_name: str,
    *,
    actor: Actor,
    by,
    version: int,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> RequestForSupport:
    """Move the request on, if nobody changed it since `version` and the table allows it."""
    if request.version != version:
        raise RequestChanged(request)
    action = action_for(action_name, request.status, actor)
    changes = changes or {}
    with transaction.atomic():
        updated = RequestForSupport.objects.filter(
            pk=request.pk, version=version, status=request.status
        ).update(status=action.to_status, version=F("version") + 1, **changes)
        if not updated:
            raise RequestChanged(RequestForSupport.objects.get(pk=request.pk))
        RequestEvent.objects.create(
            request=request,
            from_status=request.status,
            to_status=action.to_status,
            actor=actor,
            by=by,
            at=timezone.now(),
            note=note,
        )
    request.status = action.to_status
    request.version = version + 1
    for name, value in changes.items():
        setattr(request, name, value)
    return request


def open_request(request: RequestForSupport, *, by) -> RequestForSupport:
    """The team opened a new request: it is received (the first-response clock stops). Opening
    one already received does nothing, so two people opening it at once are both fine."""
    if request.status != Status.SENT:
        return request
    try:
        return _apply(
            request,
            "receive",
            actor=Actor.TEAM,
            by=by,
            version=request.version,
            changes={"received_at": timezone.now(), **_waited(request, "response")},
        )
    except RequestChanged as changed:
        return changed.current


def accept(request: RequestForSupport, *, by, version: int) -> RequestForSupport:
    with transaction.atomic():
        _apply(
            request,
            "accept",
            actor=Actor.TEAM,
            by=by,
            version=version,
            changes={"accepted_at": timezone.now(), **_waited(request, "acceptance")},
        )
        messages.told_of(request, "request_accepted")
    return request


def decline(
    request: RequestForSupport, *, by, version: int, category: str, reason: str
) -> RequestForSupport:
    """Decline with a reason in plain words (the family reads it after signing in) and one of
    a few categories (for reports)."""
    if not reason.strip():
        raise ValueError("A declined request needs a reason the family can read.")
    if category not in RequestForSupport.DeclineCategory.values:
        raise ValueError(f"Unknown decline category {category!r}.")
    with transaction.atomic():
        _apply(
            request,
            "decline",
            actor=Actor.TEAM,
            by=by,
            version=version,
            changes={
                "decline_category": category,
                "decline_reason": reason.strip(),
                "closed_at": timezone.now(),
            },
        )
        messages.told_of(request, "request_declined")
    return request


def record_first_contact(request: RequestForSupport, *, by, version: int) -> RequestForSupport:
    return _apply(
        request,
        "record_contact",
        actor=Actor.TEAM,
        by=by,
        version=version,
        changes={"first_contact_at": timezone.now(), **_waited(request, "first_contact")},
    )


def close(
    request: RequestForSupport, *, by, version: int, outcome: str, detail: str = ""
) -> RequestForSupport:
    if outcome not in RequestForSupport.Outcome.values:
        raise ValueError(f"Unknown outcome {outcome!r}.")
    with transaction.atomic():
        _apply(
            request,
            "close",
            actor=Actor.TEAM,
            by=by,
            version=version,
            changes={"outcome": outcome, "outcome_detail": detail, "closed_at": timezone.now()},
        )
        messages.told_of(request, "request_closed")
    return request


def withdraw(
    request: RequestForSupport, *, by, version: int, actor: Actor, note: str = ""
) -> RequestForSupport:
    """The referrer or the family takes the request back (`by` is None for the family acting
    through a link). The team sees it in the history; nobody is emailed."""
    return _apply(
        request,
        "withdraw",
        actor=actor,
        by=by,
        version=version,
        changes={"closed_at": timezone.now()},
        note=note,
    )


def transfer(
    request: RequestForSupport, *, by, version: int, to_service: Service, note: str = ""
) -> RequestForSupport:
    """Pass the request to another service: a new request, linked to this one, with the same
    details, consent and answers; this one ends as transferred, its history kept. The new team is
    told as for any new request. Returns the new request."""
    if to_service.pk == request.service_id:
        raise IllegalTransition("transfer", request.status, Actor.TEAM)
    with transaction.atomic():
        now = timezone.now()
        target = ServiceIntake.objects.filter(service=to_service).first()
        if target is None:
            raise RequestNotAccepted(f"{to_service.name} does not take requests.")
        new = RequestForSupport.objects.create(
            reference=new_reference(to_service),
            service=to_service,
            kind=request.kind,
            referrer=request.referrer,
            requester=request.requester,
            family=request.family,
            person_name=request.person_name,
            child_date=request.child_date,
            child_date_kind=request.child_date_kind,
            email=request.email,
            phone=request.phone,
            safe_contact=request.safe_contact,
            interpreter_language=request.interpreter_language,
            reason=request.reason,
            answers=request.answers,
            urgency=request.urgency,
            sent_at=now,
            respond_by=clocks.respond_by(now, target.response_target_working_days),
        )
        consent = ConsentRecord.objects.filter(request=request).first()
        if consent is not None:
            consent.pk = None
            consent.request = new
            consent.save(force_insert=True)
        _apply(
            request,
            "transfer",
            actor=Actor.TEAM,
            by=by,
            version=version,
            changes={"transferred_to": new, "closed_at": now},
            note=note,
        )
        RequestEvent.objects.create(
            request=new,
            to_status=Status.SENT,
            actor=Actor.TEAM,
            by=by,
            at=now,
            note=f"Transferred from {request.reference}",
        )
        messages.new_request(new)
    return new


def add_note(request: RequestForSupport, *, by, text: str) -> RequestNote:
    """An internal note for the team (encrypted; never shown to the referrer or the family)."""
    if not text.strip():
        raise ValueError("A note needs some words.")
    return RequestNote.objects.create(request=request, author=by, text=text.strip())


def anonymise(request: RequestForSupport) -> None:
    """Remove everything personal, keep the anonymous trail (service, kind, urgency, statuses,
    clocks, outcome, history) for reporting: after erasure, or the retention period."""
    with transaction.atomic():
        RequestForSupport.objects.filter(pk=request.pk).update(
            family=None,
            requester=None,
            person_name="",
            child_date=None,
            email="",
            phone="",
            safe_contact="",
            interpreter_language="",
            reason="",
            answers=[],
            outcome_detail="",
            decline_reason="",
            anonymised_at=timezone.now(),
        )
        ConsentRecord.objects.filter(request=request).update(given_by="", what_may_be_shared="")
        RequestNote.objects.filter(request=request).delete()


def anonymise_closed_before(moment: datetime.datetime) -> int:
    """Anonymise every request that ended before `moment`; how many."""
    ended = RequestForSupport.objects.filter(closed_at__lt=moment, anonymised_at__isnull=True)
    count = 0
    for request in ended.only("pk").iterator():
        anonymise(request)
        count += 1
    return count


def requests_of_family(family: Family) -> QuerySet[RequestForSupport]:
    """The family's requests, and those its parents asked for while signed in (erasure and
    the data download cover both)."""
    logins = family.adults.filter(user__isnull=False).values("user")
    return RequestForSupport.objects.filter(Q(family=family) | Q(requester__in=logins))
