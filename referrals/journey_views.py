"""Pages for making requests for support and following them:

- a service's settings for taking requests (`/manage/services/<id>/requests-for-support/`), for
  directory editors and the service's own provider users;
- a professional's referral (`/requests/new/`, or "Refer a family" on a service page), the
  requests they sent (`/requests/sent/`), each with its history, and withdrawing one;
- a family asking for help themselves (`/services/<id>/ask-for-help/`), signed in or not (then an
  emailed link confirms their address before the request is sent), and the requests a family
  made or that were made for it (`/requests/yours/`).

Who may see what comes from `referrals.selectors` (a request anyone else names is not found: 404);
changes go through `referrals.services`; the questions are in `referrals.journeys`.
"""

from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.views import parent_login_required, posted
from audit.services import record, record_each
from core.paging import whole_number
from core.questions import Journey, as_query_dict, is_changing, question_page
from core.ratelimit import rate_limited
from directory.models import Service
from directory.scopes import services_for
from families.selectors import family_for_user
from notifications.models import Notification
from notifications.services import Contact, notify, render_message
from referrals import journeys, selectors, services
from referrals.forms import IntakeQuestionForm, IntakeSettingsForm
from referrals.models import (
    ConsentRecord,
    HeldSelfReferral,
    IntakeQuestion,
    ReceivingTeamMember,
    RequestForSupport,
    ServiceIntake,
)
from referrals.states import Actor, IllegalTransition, allowed_actions

QUESTION_TEMPLATE = "referrals/journeys/question.html"
# The referral just sent, for its confirmation page (an id in the session, never in the URL).
JUST_SENT_KEY = "referrals_just_sent"
CONFIRM_SALT = "referrals.self_referral"
CONFIRM_LINK_HOURS = 48


def professional_required(view):
    """Signed-in professionals only; anyone else signed in finds nothing here (404)."""

    @parent_login_required
    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not selectors.is_professional(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


# A service's settings ------------------------------------------------------------------------


def _managed_service(request: HttpRequest, service_id) -> Service:
    """A service this person manages (directory editors: all; providers: their organisations')."""
    return get_object_or_404(services_for(request.user), pk=service_id)


def _settings_url(service: Service) -> str:
    return reverse("referrals:intake_settings", args=[service.pk])


@parent_login_required
@never_cache
def intake_settings(request: HttpRequest, service_id) -> HttpResponse:
    service = _managed_service(request, service_id)
    intake = ServiceIntake.objects.filter(service=service).first()
    initial = {"takes": "none", "team": []}
    if intake is not None:
        initial = {
            "takes": _takes(intake),
            "response_target": intake.response_target_working_days,
            "team": [str(member.user_id) for member in intake.team_members.filter(active=True)],
        }
    form = IntakeSettingsForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        _save_intake(service, form.cleaned_data)
        messages.success(request, "The settings for requests for support are saved.")
        return redirect(_settings_url(service))
    return render(
        request,
        "referrals/journeys/intake_settings.html",
        {
            "service": service,
            "form": form,
            "questions": intake.questions.all() if intake else [],
        },
    )


def _takes(intake: ServiceIntake) -> str:
    professional, family = intake.accepts_professional_referrals, intake.accepts_self_referrals
    if professional and family:
        return "both"
    return "professionals" if professional else "families" if family else "none"


@transaction.atomic
def _save_intake(service: Service, cleaned: dict) -> ServiceIntake:
    takes = cleaned["takes"]
    intake, _ = ServiceIntake.objects.update_or_create(
        service=service,
        defaults={
            "accepts_professional_referrals": takes in ("both", "professionals"),
            "accepts_self_referrals": takes in ("both", "families"),
            "response_target_working_days": cleaned["response_target"],
        },
    )
    chosen = set(cleaned["team"])
    # Members taken off the team stay on record (inactive): their past work keeps its names.
    intake.team_members.exclude(user_id__in=chosen).update(active=False)
    for user_id in chosen:
        ReceivingTeamMember.objects.update_or_create(
            intake=intake, user_id=user_id, defaults={"active": True}
        )
    return intake


def _intake_for_questions(service: Service) -> ServiceIntake:
    intake, _ = ServiceIntake.objects.get_or_create(service=service)
    return intake


@parent_login_required
@never_cache
def intake_question(request: HttpRequest, service_id, question_id: int | None = None):
    """Add a question (no id) or change one."""
    service = _managed_service(request, service_id)
    question = None
    if question_id is not None:
        question = get_object_or_404(IntakeQuestion, pk=question_id, intake__service=service)
    form = IntakeQuestionForm(posted(request), instance=question)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            if question is None:
                saved.intake = _intake_for_questions(service)
                last = saved.intake.questions.order_by("-order").first()
                saved.order = last.order + 1 if last else 1
            saved.save()
        messages.success(request, "The question is saved.")
        return redirect(_settings_url(service))
    return render(
        request,
        "referrals/journeys/intake_question.html",
        {
            "service": service,
            "form": form,
            "title": "Change a question" if question else "Add a question",
            "back_url": _settings_url(service),
        },
    )


@parent_login_required
@never_cache
def intake_question_remove(request: HttpRequest, service_id, question_id: int) -> HttpResponse:
    service = _managed_service(request, service_id)
    question = get_object_or_404(IntakeQuestion, pk=question_id, intake__service=service)
    if request.method == "POST":
        question.delete()
        messages.success(request, "The question is removed.")
        return redirect(_settings_url(service))
    return render(
        request,
        "referrals/journeys/intake_question_remove.html",
        {"service": service, "question": question, "back_url": _settings_url(service)},
    )


@parent_login_required
@require_POST
def intake_question_move(request: HttpRequest, service_id, question_id: int) -> HttpResponse:
    """Swap a question with the one above or below it."""
    service = _managed_service(request, service_id)
    question = get_object_or_404(IntakeQuestion, pk=question_id, intake__service=service)
    with transaction.atomic():
        ordered = list(question.intake.questions.select_for_update())
        position = ordered.index(question)
        other = position - 1 if request.POST.get("direction") == "up" else position + 1
        if 0 <= other < len(ordered):
            ordered[position], ordered[other] = ordered[other], ordered[position]
        for order, each in enumerate(ordered, start=1):
            if each.order != order:
                IntakeQuestion.objects.filter(pk=each.pk).update(order=order)
    return redirect(f"{_settings_url(service)}#questions")


# A professional's referral -------------------------------------------------------------------


@professional_required
def refer_from_service(request: HttpRequest, service_id) -> HttpResponse:
    """ "Refer a family" on a service page: a fresh referral to that service."""
    service = get_object_or_404(
        journeys.services_taking(RequestForSupport.Kind.PROFESSIONAL), pk=service_id
    )
    journey = journeys.referral_journey(request.session)
    journey.clear()
    journey.save("service", as_query_dict({"service": [str(service.pk)]}))
    return redirect(journey.url("registered"))


@professional_required
def refer_start(request: HttpRequest) -> HttpResponse:
    journey = journeys.referral_journey(request.session)
    journey.clear()
    return redirect(journey.url("service"))


@professional_required
def refer(request: HttpRequest, slug: str) -> HttpResponse:
    journey = journeys.referral_journey(request.session)
    context = {"caption": "Refer a family", "button": _button(request)}
    if slug == "choose-family":
        if request.method == "GET":
            journeys.audit_search(request.user, journey.found_families)
        context["search_again_url"] = journey.url("find-family")
        context["intro"] = (
            "Only families that match every detail you gave are shown."
            if journey.found_families
            else "Check the spelling and the dates and search again, or enter the family's "
            "details yourself."
        )
    response = question_page(
        request, journey, slug, template_name=QUESTION_TEMPLATE, context=context
    )
    # "No" to consent: what to do instead, never a dead end.
    # (A redirect means the answer was valid and saved.)
    if slug == "consent" and response.status_code == 302 and request.POST.get("given") == "no":
        return redirect("referrals:no_consent")
    return response


def _button(request: HttpRequest) -> str:
    return "Save and go back to check answers" if is_changing(request) else "Continue"


@professional_required
def no_consent(request: HttpRequest) -> HttpResponse:
    journey = journeys.referral_journey(request.session)
    service = journey.answers().get("service", {}).get("service")
    return render(
        request,
        "referrals/journeys/no_consent.html",
        {
            "service": service,
            "self_referral_url": _self_referral_url(service),
            "back_url": journey.url("consent"),
        },
    )


def _self_referral_url(service: Service | None) -> str:
    if service is None or not services.takes_requests(service, RequestForSupport.Kind.SELF):
        return ""
    return settings.FAMILYHUBS_BASE_URL.rstrip("/") + reverse(
        "referrals:ask_start", args=[service.pk]
    )


def ask_for_help_card(request: HttpRequest, service_id) -> HttpResponse:
    """A card to print and hand to a family: the service and the address to ask for help."""
    service = get_object_or_404(
        journeys.services_taking(RequestForSupport.Kind.SELF), pk=service_id
    )
    return render(
        request,
        "referrals/journeys/card.html",
        {"service": service, "self_referral_url": _self_referral_url(service)},
    )


@professional_required
def refer_check(request: HttpRequest) -> HttpResponse:
    journey = journeys.referral_journey(request.session)
    missing = journey.incomplete()
    if missing is not None:
        return redirect(journey.url(missing.slug))
    answers = journey.answers()
    if not journeys.consent_given(answers):
        return redirect("referrals:no_consent")
    family = journeys.chosen_family(answers)
    if family is not None:
        record(request.user, "view", family, detail="referral check answers")
    if request.method == "POST":
        sent = journeys.send_referral(answers, referrer=request.user)
        journey.clear()
        request.session[JUST_SENT_KEY] = str(sent.pk)
        return redirect("referrals:refer_sent")
    return render(
        request,
        "referrals/journeys/check.html",
        {
            "caption": "Refer a family",
            "sections": referral_summary(journey, answers, family),
            "back_url": journey.last_question_url(),
            "button": "Send the request",
            "declaration": "By sending it you confirm the family agreed to it as recorded above.",
        },
    )


def _row(label: str, value, journey: Journey, slug: str) -> dict:
    return {"label": label, "value": value, "change_url": journey.change_url(slug)}


def _contact_rows(journey: Journey, answers: dict) -> list[dict]:
    contact, interpreter = answers["contact"], answers["interpreter"]
    return [
        _row("Phone", contact["phone"] or "Not given", journey, "contact"),
        _row("Email", contact["email"] or "Not given", journey, "contact"),
        _row("Safe ways and times", contact["safe_contact"], journey, "contact"),
        _row("Interpreter", interpreter["language"] or "Not needed", journey, "interpreter"),
    ]


def _child_row(journey: Journey, child: dict, slug: str) -> dict:
    if child.get("date_of_birth"):
        value = f"Born {child['date_of_birth']:%-d %B %Y}"
    else:
        value = f"Due {child['due_date']:%-d %B %Y}"
    if child.get("first_name"):
        value = f"{child['first_name']}, {value[0].lower()}{value[1:]}"
    return _row("Baby or child", value, journey, slug)


def _own_question_rows(journey: Journey) -> list[dict]:
    form = journey.form("service-questions")
    form.is_valid()
    return [
        _row(
            question.label,
            journeys.answer_in_words(form.cleaned_data.get(name)),
            journey,
            "service-questions",
        )
        for name, question in form.questions.items()
    ]


def referral_summary(journey: Journey, answers: dict, family) -> list[dict]:
    """Check answers, section by section, each row with its change link."""
    consent = answers["consent-details"]
    reason = answers["reason"]
    if family is not None:
        family_rows = [
            _row("Registered family", journeys.describe_family(family), journey, "choose-family")
        ]
    else:
        family_rows = [
            _row("Parent's name", answers["parent"]["person_name"], journey, "parent"),
            _child_row(journey, answers["child"], "child"),
        ]
    sections = [
        {
            "title": "Service",
            "rows": [_row("Service", answers["service"]["service"].name, journey, "service")],
        },
        {"title": "The family", "rows": family_rows},
        {
            "title": "Consent",
            "rows": [
                _row(
                    "Given by",
                    f"{consent['given_by']} ({consent['relationship']})",
                    journey,
                    "consent-details",
                ),
                _row(
                    "How", ConsentRecord.Method(consent["method"]).label, journey, "consent-details"
                ),
                _row("When", f"{consent['given_on']:%-d %B %Y}", journey, "consent-details"),
                _row(
                    "What may be shared", consent["what_may_be_shared"], journey, "consent-details"
                ),
                {
                    "label": "Privacy notice",
                    "value": f"Version {settings.FAMILYHUBS_PRIVACY_NOTICE_VERSION}",
                },
            ],
        },
        {
            "title": "The request",
            "rows": [
                _row("Reason", reason["reason"], journey, "reason"),
                _row(
                    "Urgency", RequestForSupport.Urgency(reason["urgency"]).label, journey, "reason"
                ),
            ],
        },
        {"title": "Contacting the family", "rows": _contact_rows(journey, answers)},
    ]
    if "service-questions" in answers:
        sections.append({"title": "The service's questions", "rows": _own_question_rows(journey)})
    return sections


@professional_required
def refer_sent(request: HttpRequest) -> HttpResponse:
    sent = get_object_or_404(
        selectors.requests_sent_by(request.user).select_related("service__intake"),
        pk=request.session.get(JUST_SENT_KEY),
    )
    return render(request, "referrals/journeys/sent.html", {"sent": sent, "professional": True})


# Following requests: the referrer's and the family's -------------------------------------------

PAGE_SIZE = 25


def _request_list(
    request: HttpRequest, requests: QuerySet, *, template_context: dict
) -> HttpResponse:
    page = Paginator(requests.select_related("service").order_by("-sent_at"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    record_each(request.user, "view in list", list(page.object_list))
    return render(
        request, "referrals/journeys/request_list.html", {"page": page, **template_context}
    )


def _may_withdraw(found: RequestForSupport, actor: Actor) -> bool:
    return any(action.name == "withdraw" for action in allowed_actions(found.status, actor))


def _request_detail(
    request: HttpRequest, found: RequestForSupport, *, actor: Actor, template_context: dict
) -> HttpResponse:
    record(request.user, "view", found)
    events = found.events.select_related("by")
    return render(
        request,
        "referrals/journeys/request_detail.html",
        {
            "found": found,
            "events": events,
            "may_withdraw": _may_withdraw(found, actor),
            **template_context,
        },
    )


def _withdraw(
    request: HttpRequest, found: RequestForSupport, *, actor: Actor, done_url: str, back_url: str
) -> HttpResponse:
    if request.method == "POST":
        try:
            services.withdraw(
                found,
                by=request.user,
                version=whole_number(request.POST.get("version")) or 0,
                actor=actor,
            )
        except services.RequestChanged:
            messages.error(
                request,
                "The request changed while you were looking at it. Here is what it says now.",
            )
            return redirect(back_url)
        except IllegalTransition:
            messages.error(request, "This request has ended, so it cannot be withdrawn.")
            return redirect(back_url)
        record(request.user, "withdraw", found)
        messages.success(
            request, f"Request {found.reference} is withdrawn. The team has been told."
        )
        return redirect(done_url)
    if not _may_withdraw(found, actor):
        raise Http404
    return render(
        request, "referrals/journeys/withdraw.html", {"found": found, "back_url": back_url}
    )


@professional_required
def sent_list(request: HttpRequest) -> HttpResponse:
    return _request_list(
        request,
        selectors.requests_sent_by(request.user),
        template_context={
            "title": "Requests you have sent",
            "detail_url": "referrals:sent_detail",
            "professional": True,
        },
    )


def _sent(request: HttpRequest, reference: str) -> RequestForSupport:
    return get_object_or_404(
        selectors.requests_sent_by(request.user).select_related("service", "consent"),
        reference=reference,
    )


@professional_required
def sent_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _request_detail(
        request,
        _sent(request, reference),
        actor=Actor.REFERRER,
        template_context={
            "back_url": reverse("referrals:sent"),
            "withdraw_url": reverse("referrals:sent_withdraw", args=[reference]),
            "professional": True,
        },
    )


@professional_required
def sent_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    found = _sent(request, reference)
    back = reverse("referrals:sent_detail", args=[reference])
    return _withdraw(request, found, actor=Actor.REFERRER, done_url=back, back_url=back)


def _families_requests(request: HttpRequest) -> QuerySet[RequestForSupport]:
    return selectors.requests_made_by(request.user)


@parent_login_required
@never_cache
def yours_list(request: HttpRequest) -> HttpResponse:
    return _request_list(
        request,
        _families_requests(request),
        template_context={
            "title": "Your requests for support",
            "detail_url": "referrals:yours_detail",
        },
    )


def _yours(request: HttpRequest, reference: str) -> RequestForSupport:
    return get_object_or_404(
        _families_requests(request).select_related("service"), reference=reference
    )


@parent_login_required
@never_cache
def yours_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _request_detail(
        request,
        _yours(request, reference),
        actor=Actor.FAMILY,
        template_context={
            "back_url": reverse("referrals:yours"),
            "withdraw_url": reverse("referrals:yours_withdraw", args=[reference]),
        },
    )


@parent_login_required
@never_cache
def yours_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    found = _yours(request, reference)
    back = reverse("referrals:yours_detail", args=[reference])
    return _withdraw(request, found, actor=Actor.FAMILY, done_url=back, back_url=back)


# A family asking for help -------------------------------------------------------------------


def _self_referral_service(service_id) -> Service:
    return get_object_or_404(
        journeys.services_taking(RequestForSupport.Kind.SELF).select_related("intake"),
        pk=service_id,
    )


def _ask_journey(request: HttpRequest, service: Service) -> Journey:
    return journeys.self_referral_journey(
        request.session, service, signed_in=request.user.is_authenticated
    )


def _ask_context(service: Service, request: HttpRequest) -> dict:
    return {
        "service": service,
        "caption": f"Ask for help: {service.name}",
        "crisis": True,
        "button": _button(request),
    }


@never_cache
def ask_start(request: HttpRequest, service_id) -> HttpResponse:
    """The start page: what happens, what the team does with it, and help now if in danger."""
    service = _self_referral_service(service_id)
    if request.method == "POST":
        journey = _ask_journey(request, service)
        journey.clear()
        return redirect(journey.url(journey.questions[0].slug))
    return render(
        request,
        "referrals/journeys/ask_start.html",
        {**_ask_context(service, request), "target": service.intake.response_target_working_days},
    )


@never_cache
def ask(request: HttpRequest, service_id, slug: str) -> HttpResponse:
    service = _self_referral_service(service_id)
    journey = _ask_journey(request, service)
    if not journey.started and slug != journey.questions[0].slug:
        return redirect("referrals:ask_start", service.pk)
    return question_page(
        request,
        journey,
        slug,
        template_name=QUESTION_TEMPLATE,
        context=_ask_context(service, request),
    )


@never_cache
@rate_limited("self_referral")
def ask_check(request: HttpRequest, service_id) -> HttpResponse:
    service = _self_referral_service(service_id)
    journey = _ask_journey(request, service)
    missing = journey.incomplete()
    if missing is not None:
        return redirect(
            journey.url(missing.slug)
            if journey.started
            else reverse("referrals:ask_start", args=[service.pk])
        )
    answers = journey.answers()
    if request.method == "POST":
        if request.user.is_authenticated:
            sent = journeys.send_self_referral(
                answers,
                service=service,
                family=family_for_user(request.user),
                requester=request.user,
            )
            journey.clear()
            return _sent_page(request, sent)
        forget_expired_held_requests()
        held = HeldSelfReferral.objects.create(
            service=service, email=answers["contact"]["email"], answers=journey.saved_answers()
        )
        _send_confirmation_email(held)
        journey.clear()
        return render(
            request,
            "referrals/journeys/check_email.html",
            {**_ask_context(service, request), "email": held.email, "hours": CONFIRM_LINK_HOURS},
        )
    sections = self_referral_summary(journey, answers)
    return render(
        request,
        "referrals/journeys/check.html",
        {
            **_ask_context(service, request),
            "sections": sections,
            "back_url": journey.last_question_url(),
            "button": "Send your request"
            if request.user.is_authenticated
            else "Confirm your email address",
            "declaration": ""
            if request.user.is_authenticated
            else "We will email you a link. Your request is sent to the team when you open it.",
        },
    )


def self_referral_summary(journey: Journey, answers: dict) -> list[dict]:
    sections = [
        {
            "title": "About you",
            "rows": [
                _row("Your name", answers["about-you"]["person_name"], journey, "about-you"),
                _child_row(journey, answers["baby"], "baby"),
            ],
        },
        {"title": "Contacting you", "rows": _contact_rows(journey, answers)},
    ]
    if "service-questions" in answers:
        sections.append({"title": "More about you", "rows": _own_question_rows(journey)})
    sections.append(
        {
            "title": "What you would like help with",
            "rows": [_row("Help with", answers["help"]["reason"], journey, "help")],
        }
    )
    return sections


def _sent_page(request: HttpRequest, sent: RequestForSupport) -> HttpResponse:
    return render(
        request,
        "referrals/journeys/sent.html",
        {"sent": sent, **_ask_context(sent.service, request)},
    )


def _send_confirmation_email(held: HeldSelfReferral) -> None:
    token = signing.dumps(str(held.pk), salt=CONFIRM_SALT)
    subject, body = render_message(
        "referrals/journeys/email/confirm_self_referral",
        {
            "service": held.service,
            "confirm_path": reverse("referrals:ask_confirm", args=[token]),
            "hours": CONFIRM_LINK_HOURS,
        },
    )
    notify(
        None,
        "self_referral_confirm",
        f"held:{held.pk}",
        subject,
        body,
        contact=Contact(Notification.Channel.EMAIL, held.email),
        forget_once_sent=True,
    )


def forget_expired_held_requests() -> None:
    """Requests whose link has expired are never sent: their answers are deleted."""
    expired = timezone.now() - timedelta(hours=CONFIRM_LINK_HOURS)
    HeldSelfReferral.objects.filter(created_at__lt=expired).delete()


def held_request_for(token: str) -> HeldSelfReferral | None:
    """The held request a confirmation link names, or None if the link is wrong, old or used."""
    try:
        held_id = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_LINK_HOURS * 3600)
    except signing.BadSignature:
        return None
    return HeldSelfReferral.objects.select_related("service").filter(pk=held_id).first()


@never_cache
def ask_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: a button sends the request (a link checker opening it sends nothing)."""
    held = held_request_for(token)
    if held is None:
        return render(
            request, "referrals/journeys/confirm_failed.html", {"crisis": True}, status=400
        )
    context = _ask_context(held.service, request)
    if request.method == "POST":
        with transaction.atomic():
            # Two clicks at once: only the one that deletes the held request sends it.
            deleted, _ = HeldSelfReferral.objects.filter(pk=held.pk).delete()
            if not deleted:
                return render(
                    request, "referrals/journeys/confirm_failed.html", context, status=400
                )
            journey = journeys.self_referral_journey({}, held.service, signed_in=False)
            journey.restore(held.answers)
            if journey.incomplete() is not None:
                return render(
                    request, "referrals/journeys/confirm_failed.html", context, status=400
                )
            sent = journeys.send_self_referral(
                journey.answers(), service=held.service, family=None, email=held.email
            )
        return _sent_page(request, sent)
    return render(request, "referrals/journeys/confirm.html", context)
