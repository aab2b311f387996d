"""The receiving team's inbox: its services' requests, each one's details, history, notes and
the actions the state machine allows. Anyone else gets 404 for every URL and every reference;
every read is audited."""

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts.views import parent_login_required, posted
from audit.services import record, record_each
from core.paging import positive_page_number
from referrals import clocks, selectors, services
from referrals.inbox_forms import (
    CloseForm,
    DeclineForm,
    InboxFilterForm,
    NoteForm,
    TransferForm,
    VersionForm,
)
from referrals.models import RequestForSupport
from referrals.states import ACTIONS, Actor, IllegalTransition, allowed_actions
from web.pagination import page_numbers

PER_PAGE = 25
ACTION_FORMS = {
    "accept": VersionForm,
    "decline": DeclineForm,
    "record_contact": VersionForm,
    "close": CloseForm,
    "transfer": TransferForm,
}
DONE = {
    "accept": "You accepted the request. The family and the referrer have been told.",
    "decline": "You declined the request. The family and the referrer have been told why.",
    "record_contact": "You recorded the first contact with the family.",
    "close": "You closed the request. The family and the referrer have been told.",
}
CHANGED = (
    "Someone else changed this request while you were looking at it. Here is what it says now."
)


def team_member_required(view):
    """A member of a receiving team (or the routing team); everyone else signed in gets 404."""

    @parent_login_required
    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not selectors.is_team_member(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _team_request(request: HttpRequest, reference: str) -> RequestForSupport:
    return get_object_or_404(
        selectors.requests_for_team(request.user).select_related(
            "service__intake", "referrer__professional_profile", "consent"
        ),
        reference=reference,
    )


@team_member_required
def inbox(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    filters = form.filters()
    today = timezone.localdate()
    # The team's services are read once, for the page and for the overdue warning.
    team_requests = selectors.requests_for_team(request.user)
    requests = selectors.filter_inbox(team_requests, today=today, **filters)
    number = positive_page_number(request.GET.get("page", "1"))
    page = selectors.inbox_page(requests, number, PER_PAGE) if number else None
    if page is None:
        raise Http404("No such page of requests")
    # Names on a list are a read too: one audit row per request shown.
    record_each(request.user, "view in list", page.rows)
    waited = clocks.waits(page.rows, today)
    return render(
        request,
        "referrals/inbox/list.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "rows": [(row, waited[row.pk], clocks.is_overdue(row, today)) for row in page.rows],
            "page_numbers": page_numbers(page.number, page.page_count),
            "overdue_count": selectors.filter_inbox(
                team_requests, status="awaiting", waiting="overdue", today=today
            ).count(),
        },
    )


def _detail_page(
    request: HttpRequest,
    support_request: RequestForSupport,
    *,
    note_form: NoteForm | None = None,
    problem: str = "",
    typed: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "referrals/inbox/detail.html",
        {
            "support_request": support_request,
            "clocks": clocks.clocks_for(support_request),
            "events": support_request.events.select_related("by"),
            "notes": support_request.notes.select_related("author"),
            "actions": allowed_actions(support_request.status, Actor.TEAM),
            # Only its reference is shown: nothing of the earlier request is decrypted.
            "transferred_from": RequestForSupport.objects.filter(transferred_to=support_request)
            .values_list("reference", flat=True)
            .first(),
            "note_form": note_form or NoteForm(),
            "problem": problem,
            "typed": typed or [],
        },
        status=status,
    )


@team_member_required
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    support_request = services.open_request(_team_request(request, reference), by=request.user)
    record(request.user, "view", support_request)
    return _detail_page(request, support_request)


def _action_form(action: str, support_request: RequestForSupport, data=None, **kwargs):
    form_class = ACTION_FORMS[action]
    if form_class is TransferForm:
        kwargs["current_service"] = support_request.service
    return form_class(data, initial={"version": support_request.version}, **kwargs)


def _take(action: str, support_request: RequestForSupport, by, data: dict):
    version = data["version"]
    if action == "accept":
        return services.accept(support_request, by=by, version=version)
    if action == "decline":
        return services.decline(
            support_request,
            by=by,
            version=version,
            category=data["category"],
            reason=data["reason"],
        )
    if action == "record_contact":
        return services.record_first_contact(support_request, by=by, version=version)
    if action == "close":
        return services.close(
            support_request,
            by=by,
            version=version,
            outcome=data["outcome"],
            detail=data["detail"],
        )
    return services.transfer(
        support_request, by=by, version=version, to_service=data["service"], note=data["note"]
    )


def _allowed(action: str, support_request: RequestForSupport) -> bool:
    return action in {a.name for a in allowed_actions(support_request.status, Actor.TEAM)}


def _refused(request: HttpRequest, support_request: RequestForSupport, action: str) -> HttpResponse:
    """The action is not possible now (409): if the person saw an older version, someone else
    changed it; the words they typed are shown back so nothing is lost."""
    seen = request.POST.get("version")
    if request.method == "POST" and seen != str(support_request.version):
        problem = CHANGED
    else:
        problem = (
            f"You cannot {ACTIONS[action].label.lower()} a request that is "
            f"{support_request.get_status_display().lower()}."
        )
    typed = [
        value.strip()
        for name, value in request.POST.items()
        if name in {"reason", "detail", "note"} and value.strip()
    ]
    return _detail_page(request, support_request, problem=problem, typed=typed, status=409)


@team_member_required
def act(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    """One action on a request. Only the actions the state machine allows now are offered, and
    any other is refused here too (409), with the request as it stands."""
    if action not in ACTION_FORMS:
        raise Http404
    support_request = _team_request(request, reference)
    record(request.user, "view", support_request, detail=f"{action} form")
    if not _allowed(action, support_request):
        return _refused(request, support_request, action)
    form = _action_form(action, support_request, posted(request))
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            result = _take(action, support_request, request.user, form.cleaned_data)
        except (services.RequestChanged, IllegalTransition) as refused:
            current = getattr(refused, "current", None) or RequestForSupport.objects.get(
                pk=support_request.pk
            )
            if not _allowed(action, current):
                return _refused(request, _team_request(request, reference), action)
            # Still possible: keep what they typed, now against the current version.
            support_request = _team_request(request, reference)
            form = _action_form(
                action,
                support_request,
                {**request.POST.dict(), "version": support_request.version},
            )
            problem = CHANGED
        else:
            record(request.user, action, support_request)
            if action == "transfer":
                messages.success(
                    request,
                    f"You transferred the request to {result.service.name}. "
                    f"Its new reference is {result.reference}.",
                )
            else:
                messages.success(request, DONE[action])
            return redirect("referral_inbox:detail", reference)
    return render(
        request,
        "referrals/inbox/action.html",
        {
            "support_request": support_request,
            "action": ACTIONS[action],
            "form": form,
            "problem": problem,
        },
    )


@team_member_required
def add_note(request: HttpRequest, reference: str) -> HttpResponse:
    support_request = _team_request(request, reference)
    if request.method != "POST":
        return redirect("referral_inbox:detail", reference)
    form = NoteForm(request.POST)
    if not form.is_valid():
        record(request.user, "view", support_request)
        return _detail_page(request, support_request, note_form=form)
    services.add_note(support_request, by=request.user, text=form.cleaned_data["text"])
    record(request.user, "add note", support_request)
    messages.success(request, "Your note is saved.")
    return redirect("referral_inbox:detail", reference)
