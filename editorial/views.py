"""Review queue, listing history, freshness checks and problem reports. Views translate HTTP;
the work is in changes.py, freshness.py and problems.py. Staff pages answer 404 to anyone whose
scope does not hold the record, whatever the id in the URL."""

from collections.abc import Callable
from functools import wraps
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.views import SIGN_IN_URL, posted
from core.ratelimit import rate_limited
from directory.listing import listing_snapshot
from directory.models import Service
from directory.scopes import is_directory_editor, may_manage_directory, services_for
from editorial import changes, freshness, problems
from editorial.differences import differences
from editorial.forms import ApproveForm, MoveProblemForm, ReportProblemForm, SendBackForm
from editorial.models import ListingVersion, PendingChange
from web.pagination import page_numbers

PAGE_SIZE = 20
CHANGED_MEANWHILE = (
    "This change was approved, sent back or changed by its provider since you opened it. "
    "Check it again below."
)

staff_sign_in_required = login_required(login_url=SIGN_IN_URL)


def editor_required(view: Callable) -> Callable:
    """Council directory editors only; everyone else signed in gets a 404."""

    @staff_sign_in_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_directory_editor(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _paged(request: HttpRequest, items) -> dict:
    """A page of `items` and the numbers the GOV.UK pagination shows."""
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return {"page": page, "page_numbers": page_numbers(page.number, page.paginator.num_pages)}


# Review


@editor_required
def review_queue(request: HttpRequest) -> HttpResponse:
    waiting = (
        PendingChange.objects.filter(status=PendingChange.Status.WAITING)
        .select_related("service", "service__organization", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    return render(request, "editorial/review_queue.html", _paged(request, waiting))


def _waiting_change(change_id: int) -> PendingChange:
    return get_object_or_404(
        PendingChange.objects.select_related("service", "service__organization", "submitted_by"),
        pk=change_id,
    )


@editor_required
def review_change(request: HttpRequest, change_id: int) -> HttpResponse:
    change = _waiting_change(change_id)
    approve_form = ApproveForm(initial={"revision": change.revision})
    send_back_form = SendBackForm(initial={"revision": change.revision})
    return _review_page(request, change, approve_form, send_back_form)


def _review_page(
    request: HttpRequest,
    change: PendingChange,
    approve_form: ApproveForm,
    send_back_form: SendBackForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "editorial/review_change.html",
        {
            "change": change,
            "differences": differences(listing_snapshot(change.service), change.snapshot),
            "approve_form": approve_form,
            "send_back_form": send_back_form,
        },
        status=status,
    )


@require_POST
@editor_required
def approve_change(request: HttpRequest, change_id: int) -> HttpResponse:
    change = _waiting_change(change_id)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            version = changes.approve(change, form.cleaned_data["revision"], request.user)
        except changes.ChangeNotWaiting:
            messages.error(request, CHANGED_MEANWHILE)
            return _after_a_race(change)
        messages.success(request, f"{version.service.name} is published")
        return redirect("editorial:review_queue")
    return _after_a_race(change)


@require_POST
@editor_required
def send_back_change(request: HttpRequest, change_id: int) -> HttpResponse:
    change = _waiting_change(change_id)
    form = SendBackForm(request.POST)
    if not form.is_valid():
        approve_form = ApproveForm(initial={"revision": change.revision})
        return _review_page(request, change, approve_form, form, status=400)
    try:
        changes.send_back(
            change, form.cleaned_data["revision"], request.user, form.cleaned_data["reason"]
        )
    except changes.ChangeNotWaiting:
        messages.error(request, CHANGED_MEANWHILE)
        return _after_a_race(change)
    messages.success(request, f"The change to {change.service.name} was sent back")
    return redirect("editorial:review_queue")


def _after_a_race(change: PendingChange) -> HttpResponse:
    """Back to the change if it is still there to review, else to the queue."""
    if PendingChange.objects.filter(pk=change.pk, status=PendingChange.Status.WAITING).exists():
        return redirect("editorial:review_change", change.pk)
    return redirect("editorial:review_queue")


# History, restoring and trust


def _service_in_scope(request: HttpRequest, service_id: UUID) -> Service:
    return get_object_or_404(
        services_for(request.user).select_related("organization"), pk=service_id
    )


@staff_sign_in_required
def history(request: HttpRequest, service_id: UUID) -> HttpResponse:
    service = _service_in_scope(request, service_id)
    change = PendingChange.objects.filter(service=service).select_related("sent_back_by").first()
    versions = service.versions.select_related("published_by", "written_by")
    return render(
        request,
        "editorial/history.html",
        {
            "service": service,
            "change": change,
            "change_differences": (
                differences(listing_snapshot(service), change.snapshot) if change else []
            ),
            **_paged(request, versions),
            "is_editor": is_directory_editor(request.user),
            "trusted": changes.is_trusted(service.organization),
        },
    )


@require_POST
@editor_required
def restore_version(request: HttpRequest, service_id: UUID, number: int) -> HttpResponse:
    version = get_object_or_404(ListingVersion, service_id=service_id, number=number)
    restored = changes.restore(version, request.user)
    messages.success(
        request, f"Version {version.number} is published again as version {restored.number}"
    )
    return redirect("editorial:history", service_id)


@require_POST
@editor_required
def trust_organisation(request: HttpRequest, service_id: UUID) -> HttpResponse:
    service = get_object_or_404(Service.objects.select_related("organization"), pk=service_id)
    if service.organization is None:
        raise Http404
    if request.POST.get("trust") == "yes":
        changes.trust(service.organization, request.user)
        messages.success(request, f"{service.organization.name} can now publish without review")
    else:
        changes.stop_trusting(service.organization, request.user)
        messages.success(request, f"Changes from {service.organization.name} now wait for review")
    return redirect("editorial:history", service_id)


# Freshness


@staff_sign_in_required
def check_listing(request: HttpRequest, service_id: UUID) -> HttpResponse:
    """One click to say the listing is still right."""
    service = _service_in_scope(request, service_id)
    if request.method == "POST":
        changes.confirm_still_right(service, request.user)
        messages.success(request, f"Thank you. {service.name} is marked as checked today")
        return redirect("editorial:check", service.pk)
    return render(request, "editorial/check.html", {"service": service})


@editor_required
def stale_listings(request: HttpRequest) -> HttpResponse:
    return render(request, "editorial/stale.html", _paged(request, freshness.stale_services()))


# Problems reported


@rate_limited("problem_report")
def report_problem(request: HttpRequest, service_id: UUID) -> HttpResponse:
    service = get_object_or_404(Service, pk=service_id)
    form = ReportProblemForm(posted(request))
    if form.is_bound and form.is_valid():
        problems.report_problem(
            service,
            form.cleaned_data["kind"],
            form.cleaned_data["details"],
            form.cleaned_data["reply_email"],
        )
        return redirect("editorial:problem_reported", service.pk)
    status = 400 if form.is_bound else 200
    return render(
        request, "editorial/report_problem.html", {"service": service, "form": form}, status=status
    )


def problem_reported(request: HttpRequest, service_id: UUID) -> HttpResponse:
    service = get_object_or_404(Service, pk=service_id)
    return render(request, "editorial/problem_reported.html", {"service": service})


@staff_sign_in_required
def problem_list(request: HttpRequest) -> HttpResponse:
    showing_done = request.GET.get("show") == "done"
    if not may_manage_directory(request.user):
        raise Http404
    wanted = problems.DONE if showing_done else problems.TO_DO
    listed = (
        problems.problems_for(request.user).filter(status__in=wanted).order_by("reported_at", "pk")
    )
    return render(
        request,
        "editorial/problems.html",
        {**_paged(request, listed), "showing_done": showing_done},
    )


@staff_sign_in_required
def problem_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(problems.problems_for(request.user), pk=report_id)
    form = MoveProblemForm(posted(request), report=report)
    if form.is_bound and form.is_valid():
        try:
            problems.move_problem(
                report, form.cleaned_data["status"], request.user, form.cleaned_data["note"]
            )
        except problems.ReportAlreadyMoved:
            messages.error(request, "Someone else updated this report meanwhile. Check it below.")
            return redirect("editorial:problem", report.pk)
        messages.success(request, f"The report is now: {report.get_status_display().lower()}")
        return redirect("editorial:problem", report.pk)
    return render(
        request,
        "editorial/problem.html",
        {
            "report": report,
            "form": form,
            "updates": report.updates.select_related("changed_by"),
        },
        status=400 if form.is_bound else 200,
    )
