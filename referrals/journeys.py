"""The two ways a request for support is made, as question pages (`core.questions`):

- a professional's referral: which service, which family (found among registered families, or
  typed in), the family's consent, why, how to contact them safely, an interpreter, the service's
  own questions;
- a family asking for themselves ("Ask for help"): about them and their baby, how to contact them
  safely, an interpreter, the service's own questions, what they would like help with.

This module says which questions each journey asks and turns the checked answers into one call to
`referrals.services.send_request`; the pages are in `referrals.journey_views`.
"""

from collections.abc import MutableMapping
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from audit.services import record, record_each
from core.questions import Answers, Journey, Question
from directory.models import Service
from families.forms import ChildForm
from families.models import Family
from referrals import services
from referrals.forms import (
    NONE_OF_THESE,
    ChooseFamilyForm,
    ChooseServiceForm,
    ConsentDetailsForm,
    ConsentForm,
    ContactForm,
    FamilyRegisteredForm,
    FindFamilyForm,
    HelpWithForm,
    InterpreterForm,
    PersonForm,
    ReasonForm,
    ServiceQuestionsForm,
    answer_in_words,
    consent_given_at,
)
from referrals.models import IntakeQuestion, RequestForSupport

Kind = RequestForSupport.Kind


def _answer(answers: Answers, slug: str, name: str) -> Any:
    return answers.get(slug, {}).get(name)


def _registered(answers: Answers) -> bool:
    return _answer(answers, "registered", "registered") == "yes"


def _family_chosen(answers: Answers) -> bool:
    family = _answer(answers, "choose-family", "family")
    return _registered(answers) and bool(family) and family != NONE_OF_THESE


def _details_typed_in(answers: Answers) -> bool:
    # Asked once the professional said the family is not registered, or found none that matched.
    if "registered" not in answers:
        return False
    return not _registered(answers) or ("choose-family" in answers and not _family_chosen(answers))


def consent_given(answers: Answers) -> bool:
    return _answer(answers, "consent", "given") == "yes"


def services_taking(kind: str) -> QuerySet[Service]:
    """Active services that take this kind of request, by name."""
    field = (
        "intake__accepts_professional_referrals"
        if kind == Kind.PROFESSIONAL
        else "intake__accepts_self_referrals"
    )
    return Service.objects.filter(**{field: True}, status=Service.Status.ACTIVE).order_by("name")


def intake_questions(service: Service | None) -> list[IntakeQuestion]:
    if service is None:
        return []
    return list(IntakeQuestion.objects.filter(intake__service=service))


# A professional's referral ---------------------------------------------------------------------

REFERRAL_QUESTIONS = [
    Question("service", ChooseServiceForm, "Which service are you referring the family to?"),
    Question("registered", FamilyRegisteredForm, "Is the family registered with a family hub?"),
    Question(
        "find-family",
        FindFamilyForm,
        "Find the family",
        applies=_registered,
    ),
    Question(
        "choose-family",
        ChooseFamilyForm,
        "Choose the family",
        applies=lambda answers: _registered(answers) and "find-family" in answers,
    ),
    Question("parent", PersonForm, "The parent's name", applies=_details_typed_in),
    Question("child", ChildForm, "The baby or child", applies=_details_typed_in),
    Question("consent", ConsentForm, "The family's consent"),
    Question(
        "consent-details", ConsentDetailsForm, "How the family gave consent", applies=consent_given
    ),
    Question("reason", ReasonForm, "Why you are asking for support", applies=consent_given),
    Question("contact", ContactForm, "Contacting the family safely", applies=consent_given),
    Question("interpreter", InterpreterForm, "Interpreter", applies=consent_given),
    Question(
        "service-questions",
        ServiceQuestionsForm,
        "The service's questions",
        applies=lambda answers: consent_given(answers) and _has_own_questions(answers),
    ),
]


def _has_own_questions(answers: Answers) -> bool:
    service = _answer(answers, "service", "service")
    return bool(intake_questions(service))


def exact_family_matches(search: dict) -> list[Family]:
    """Registered families whose adult has exactly this first and last name, and whose child has
    this date of birth or due date, or whose home is at this postcode (at most 10). The page that
    shows them audits it."""
    adults = Q(
        adults__first_name__iexact=search["first_name"].strip(),
        adults__last_name__iexact=search["last_name"].strip(),
    )
    either = Q(pk__in=[])
    if search.get("child_date"):
        either |= Q(children__date_of_birth=search["child_date"]) | Q(
            children__due_date=search["child_date"]
        )
    if search.get("postcode"):
        either |= Q(home_postcode=search["postcode"])
    return list(
        Family.objects.filter(adults, either)
        .select_related("hub")
        .prefetch_related("adults", "children")
        .distinct()
        .order_by("created")[:10]
    )


def audit_search(user, families: list[Family]) -> None:
    """Every search a professional makes is kept: one row per family shown, or one saying that
    nothing matched."""
    if families:
        record_each(user, "found in referral search", families)
    else:
        record(user, "searched families to refer", user, detail="no match")


def describe_family(family: Family) -> str:
    """How a match is shown: the adults' names, the children's dates, the hub."""
    adults = " and ".join(f"{adult.first_name} {adult.last_name}" for adult in family.adults.all())
    children = ", ".join(
        f"born {child.date_of_birth:%-d %B %Y}"
        if child.date_of_birth
        else f"due {child.due_date:%-d %B %Y}"
        for child in family.children.all()
    )
    where = family.hub.name if family.hub else family.home_postcode
    return "; ".join(part for part in (adults, children, where) if part)


def referral_journey(session: MutableMapping) -> Journey:
    """The professional's questions, with what each form needs from earlier answers
    (`found_families`: the families the search found, for the page that shows them)."""
    journey = Journey(
        session,
        "referral",
        REFERRAL_QUESTIONS,
        question_url=lambda slug: reverse("referrals:refer", args=[slug]),
        check_url=reverse("referrals:refer_check"),
        start_url=reverse("referrals:sent"),
        form_kwargs={"service": {"services": services_taking(Kind.PROFESSIONAL)}},
    )
    # The first walk stops at "choose family" (it has no matches yet); the search and the
    # service it needs are answered before it.
    answers = journey.answers()
    service = _answer(answers, "service", "service")
    found: list[Family] = []
    if "find-family" in answers and _registered(answers):
        found = exact_family_matches(answers["find-family"])
    journey.found_families = found
    journey.form_kwargs = {
        **journey.form_kwargs,
        "choose-family": {
            "matches": [(str(family.pk), describe_family(family)) for family in found]
        },
        "parent": {"about_family": True},
        "contact": {"about_family": True},
        "interpreter": {"about_family": True},
        "service-questions": {"questions": intake_questions(service)},
    }
    return journey


def chosen_family(answers: Answers) -> Family | None:
    if not _family_chosen(answers):
        return None
    return Family.objects.filter(pk=_answer(answers, "choose-family", "family")).first()


def send_referral(answers: Answers, *, referrer) -> RequestForSupport:
    """Send the checked referral (consent given)."""
    family = chosen_family(answers)
    consent = answers["consent-details"]
    return services.send_request(
        service=answers["service"]["service"],
        kind=Kind.PROFESSIONAL,
        details=_person_details(answers, family),
        reason=answers["reason"]["reason"],
        urgency=answers["reason"]["urgency"],
        answers=_own_answers(answers),
        referrer=referrer,
        family=family,
        consent=services.ConsentGiven(
            given_by=consent["given_by"],
            relationship=consent["relationship"],
            method=consent["method"],
            what_may_be_shared=consent["what_may_be_shared"],
            given_at=consent_given_at(consent["given_on"]),
        ),
    )


def _person_details(answers: Answers, family: Family | None) -> services.PersonDetails:
    """Who the request is for: typed in, or (for a registered family) its first adult's name and
    its youngest child's date."""
    if family is not None:
        adult = family.adults.first()
        child = family.children.order_by("-date_of_birth", "-due_date").first()
        name = f"{adult.first_name} {adult.last_name}" if adult else ""
        child_date, kind = _child_date_of(child)
    else:
        name = _answer(answers, "parent", "person_name") or ""
        child_date, kind = _child_date_from_form(answers.get("child", {}))
    contact = answers["contact"]
    return services.PersonDetails(
        name=name,
        child_date=child_date,
        child_date_kind=kind,
        email=contact["email"],
        phone=contact["phone"],
        safe_contact=contact["safe_contact"],
        interpreter_language=answers["interpreter"]["language"],
    )


def _child_date_of(child) -> tuple[date | None, str]:
    if child is None:
        return None, ""
    if child.date_of_birth:
        return child.date_of_birth, RequestForSupport.ChildDate.BORN
    return child.due_date, RequestForSupport.ChildDate.EXPECTED


def _child_date_from_form(child: dict) -> tuple[date | None, str]:
    if child.get("date_of_birth"):
        return child["date_of_birth"], RequestForSupport.ChildDate.BORN
    if child.get("due_date"):
        return child["due_date"], RequestForSupport.ChildDate.EXPECTED
    return None, ""


def _own_answers(answers: Answers) -> dict[int, str]:
    """The service's own questions' answers by question id, in words."""
    own = answers.get("service-questions", {})
    return {
        int(name.removeprefix("question_")): answer_in_words(value)
        for name, value in own.items()
        if value not in (None, "")
    }


# A family asking for themselves -----------------------------------------------------------------

SELF_REFERRAL_QUESTIONS = [
    Question("about-you", PersonForm, "About you"),
    Question("baby", ChildForm, "Your baby"),
    Question("contact", ContactForm, "Contacting you safely"),
    Question("interpreter", InterpreterForm, "Interpreter"),
    Question("service-questions", ServiceQuestionsForm, "A few more questions"),
    Question("help", HelpWithForm, "What you would like help with"),
]


def self_referral_journey(session: MutableMapping, service: Service, *, signed_in: bool) -> Journey:
    """A family's own questions for one service (its id is in the pages' addresses, never who
    is asking). Someone not signed in must give an email address, to confirm it."""
    own = intake_questions(service)
    questions = [
        question
        for question in SELF_REFERRAL_QUESTIONS
        if own or question.slug != "service-questions"
    ]
    return Journey(
        session,
        f"ask-for-help:{service.pk}",
        questions,
        question_url=lambda slug: reverse("referrals:ask", args=[service.pk, slug]),
        check_url=reverse("referrals:ask_check", args=[service.pk]),
        start_url=reverse("web:service", args=[service.pk]),
        form_kwargs={
            "contact": {"email_required": not signed_in},
            "service-questions": {"questions": own},
        },
    )


def send_self_referral(
    answers: Answers,
    *,
    service: Service,
    family: Family | None = None,
    requester=None,
    email: str = "",
) -> RequestForSupport:
    """Send the family's checked request: `requester` is the signed-in parent asking (with their
    `family` if they have one); `email` the address confirmed by link, if not signed in."""
    child_date, kind = _child_date_from_form(answers["baby"])
    contact = answers["contact"]
    return services.send_request(
        service=service,
        kind=Kind.SELF,
        details=services.PersonDetails(
            name=answers["about-you"]["person_name"],
            child_date=child_date,
            child_date_kind=kind,
            email=email or contact["email"],
            phone=contact["phone"],
            safe_contact=contact["safe_contact"],
            interpreter_language=answers["interpreter"]["language"],
        ),
        reason=answers["help"]["reason"],
        answers=_own_answers(answers),
        family=family,
        requester=requester,
    )
