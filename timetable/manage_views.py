"""Staff pages for when and where sessions run, a hub's timetable, closures and school holidays.

Thin: the answers become schedules in `timetable.schedules`, scopes come from `timetable.access`,
and anything outside a person's scope is a 404 whatever the id.
"""

from datetime import datetime, timedelta
from functools import wraps
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.views import SIGN_IN_URL
from directory import listing
from directory.models import Location, Schedule, Service
from directory.scopes import is_directory_editor, may_manage_directory
from timetable import access
from timetable.manage_forms import (
    CancelDateForm,
    ClosureForm,
    SchoolHolidayForm,
    WhenAndWhereForm,
)
from timetable.models import Cancellation, Closure
from timetable.recurrence import expand, schedule_location, schedule_service
from timetable.rules_in_words import describe, when_it_runs
from timetable.schedules import (
    fill_schedule,
    is_term_time_only,
    preview_dates,
    remove_schedule,
    save_schedule,
    schedule_in_words,
    set_term_time_only,
    where_it_runs,
)
from timetable.selectors import at_locations

staff_sign_in_required = login_required(login_url=SIGN_IN_URL)
# How far ahead a date can be cancelled from the hub's timetable.
CANCEL_AHEAD = timedelta(weeks=12)
CANCEL_CHOICES = 12


def _answers_in_form(request: HttpRequest) -> list[tuple[str, str]]:
    """What was typed, to carry through the check page in hidden fields (nothing is lost)."""
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name not in {"csrfmiddlewaretoken", "action"}
        for value in values
    ]


def _service_or_404(user, service_id: UUID) -> Service:
    return get_object_or_404(access.services_for(user), pk=service_id)


def _schedule_or_404(user, service: Service, schedule_id: UUID) -> Schedule:
    return get_object_or_404(access.schedules_for(user, service), pk=schedule_id)


def _reviewed(user) -> bool:
    """Providers' changes wait for an editor's review; editors' and hub staff's do not."""
    return not is_directory_editor(user) and may_manage_directory(user)


def _save_through_review(service: Service, user, schedule: Schedule, *, remove=False) -> str:
    """A provider's change to a session, as a change to the whole listing (reviewed). It starts
    from the listing with any change already waiting, so that change is not lost."""
    snapshot = listing.current_snapshot(service)
    rows = [row for row in snapshot["schedules"] if row["id"] != str(schedule.pk)]
    if not remove:
        rows.append(
            {"id": str(schedule.pk), **listing._row(Schedule, schedule, listing.SCHEDULE_FIELDS)}
        )
    snapshot["schedules"] = rows
    return listing.save_listing_change(service, user, snapshot)


def hub_to_return_to(request: HttpRequest) -> str | None:
    """The hub timetable the person came from (to go back to), if it is one of theirs."""
    wanted = request.GET.get("hub") or request.POST.get("hub") or ""
    try:
        hub_id = UUID(wanted)
    except ValueError:
        return None
    return str(hub_id) if access.hubs_for(request.user).filter(pk=hub_id).exists() else None


def _back_to_when(service: Service, hub_id: str | None) -> str:
    if hub_id:
        return reverse("manage_timetable:hub_timetable", args=[hub_id])
    return reverse("manage_timetable:service_when", args=[service.pk])


def _task_list_url(user, service: Service) -> str:
    """Back to the service's task list for those who keep listings; staff's own page for others."""
    if may_manage_directory(user):
        try:
            return reverse("manage_directory:service", args=[service.pk])
        except NoReverseMatch:
            pass
    return reverse("accounts:staff_home")


@staff_sign_in_required
@require_http_methods(["GET"])
def service_when(request: HttpRequest, service_id: UUID) -> HttpResponse:
    """A service's sessions in words, each to change or remove, and a way to add one."""
    service = _service_or_404(request.user, service_id)
    schedules = access.schedules_for(request.user, service)
    return render(
        request,
        "timetable/manage/service_when.html",
        {
            "service": service,
            "sessions": [
                (schedule, schedule_in_words(schedule), schedule_location(schedule))
                for schedule in schedules
            ],
            "reviewed": _reviewed(request.user),
            "back_url": _task_list_url(request.user, service),
            "may_change_booking": access.booking_services_for(request.user)
            .filter(pk=service.pk)
            .exists(),
        },
    )


@staff_sign_in_required
@require_http_methods(["GET", "POST"])
def schedule_form(
    request: HttpRequest, service_id: UUID, schedule_id: UUID | None = None
) -> HttpResponse:
    """Add or change a session: the questions, then a check page with its next five dates,
    then save. Without JavaScript: the answers travel through the check page as hidden fields."""
    user = request.user
    service = _service_or_404(user, service_id)
    schedule = _schedule_or_404(user, service, schedule_id) if schedule_id else None
    places = list(access.places_for(user, service))
    today = timezone.localdate()
    hub_id = hub_to_return_to(request)
    if request.method == "GET":
        initial = _initial(schedule, request, hub_id)
        form = WhenAndWhereForm(initial=initial, places=places, today=today)
        return _question_page(request, service, schedule, form, hub_id)
    form = WhenAndWhereForm(request.POST, places=places, today=today)
    action = request.POST.get("action", "check")
    if action == "change":
        # Back from the check page: the answers as they were (they passed every check).
        return _question_page(request, service, schedule, form, hub_id)
    if not form.is_valid():
        return _question_page(request, service, schedule, form, hub_id, status=400)
    when, where, place = form.when(), form.where_kind(), form.place()
    proposed = fill_schedule(
        Schedule(pk=schedule.pk) if schedule else Schedule(), service, when, where, place
    )
    dates = preview_dates(proposed, term_time_only=when.term_time_only)
    if not dates:
        form.add_error("starts_on", "It has no dates from today on: check the first and last dates")
        return _question_page(request, service, schedule, form, hub_id, status=400)
    if action != "save":
        return render(
            request,
            "timetable/manage/schedule_check.html",
            {
                "service": service,
                "schedule": schedule,
                "words": describe(proposed, term_time_only=when.term_time_only),
                "place": place,
                "where": where,
                "dates": dates,
                "answers": _answers_in_form(request),
                "reviewed": _reviewed(user),
                "hub_id": hub_id,
            },
        )
    try:
        outcome = _save(user, service, schedule, when, where, place, proposed)
    except ValidationError as problem:
        for message in problem.messages:
            form.add_error(None, message)
        return _question_page(request, service, schedule, form, hub_id, status=400)
    except listing.ListingChangeRefused as refused:
        form.add_error(None, str(refused))
        return _question_page(request, service, schedule, form, hub_id, status=400)
    messages.success(request, outcome)
    return redirect(_back_to_when(service, hub_id))


def _save(user, service, schedule, when, where, place, proposed) -> str:
    """Save a session as this person may: at once, or for review (providers). Raises
    ListingChangeRefused when a provider's change has nowhere to wait for review."""
    if not _reviewed(user):
        save_schedule(service, when, where, place, schedule=schedule)
        return "Session saved. What's on, the hub's page and calendars now show it"
    with transaction.atomic():
        outcome = _save_through_review(service, user, proposed)
        if outcome == listing.WAITING_FOR_REVIEW:
            return "Your change to this session is waiting for a council editor's review"
        saved = Schedule.objects.filter(pk=proposed.pk).first()
        if saved is not None:
            set_term_time_only(saved, when.term_time_only)
    return "Session saved"


def _initial(schedule: Schedule | None, request: HttpRequest, hub_id: str | None) -> dict:
    if schedule is None:
        return {
            "every_weeks": "1",
            "how_often": request.GET.get("how_often", ""),
            "where": hub_id or "",
        }
    place = schedule_location(schedule)
    where = str(place.pk) if place else where_it_runs(schedule).value
    when = when_it_runs(schedule, term_time_only=is_term_time_only(schedule))
    return WhenAndWhereForm.initial_for(when, where)


def _question_page(request, service, schedule, form, hub_id, *, status: int = 200) -> HttpResponse:
    words = schedule_in_words(schedule) if schedule else ""
    stored_rule_too_rich = bool(
        schedule and when_it_runs(schedule, term_time_only=is_term_time_only(schedule)) is None
    )
    return render(
        request,
        "timetable/manage/schedule_form.html",
        {
            "service": service,
            "schedule": schedule,
            "words": words,
            "stored_rule_too_rich": stored_rule_too_rich,
            "form": form,
            "hub_id": hub_id,
            "back_url": _back_to_when(service, hub_id),
        },
        status=status,
    )


@staff_sign_in_required
@require_http_methods(["GET", "POST"])
def schedule_remove(request: HttpRequest, service_id: UUID, schedule_id: UUID) -> HttpResponse:
    """Stop a session, after saying what happens to the families who booked."""
    user = request.user
    service = _service_or_404(user, service_id)
    schedule = _schedule_or_404(user, service, schedule_id)
    hub_id = hub_to_return_to(request)
    if request.method == "POST":
        if _reviewed(user):
            try:
                outcome = _save_through_review(service, user, schedule, remove=True)
            except listing.ListingChangeRefused as refused:
                messages.error(request, str(refused))
                return redirect(_back_to_when(service, hub_id))
            messages.success(
                request,
                "Removing this session is waiting for a council editor's review"
                if outcome == listing.WAITING_FOR_REVIEW
                else "Session removed",
            )
        else:
            remove_schedule(schedule, by=user)
            messages.success(request, "Session removed. Families who had booked have been told")
        return redirect(_back_to_when(service, hub_id))
    from bookings.models import Booking

    booked = (
        Booking.objects.filter(
            occurrence__schedule=schedule,
            occurrence__starts_at__gte=timezone.now(),
            status__in=Booking.ACTIVE,
        )
        .values("family")
        .distinct()
        .count()
    )
    return render(
        request,
        "timetable/manage/schedule_remove.html",
        {
            "service": service,
            "schedule": schedule,
            "words": schedule_in_words(schedule),
            "place": schedule_location(schedule),
            "booked": booked,
            "hub_id": hub_id,
            "back_url": _back_to_when(service, hub_id),
        },
    )


# Hub timetables


def hub_staff_page(view):
    """The hub named in the URL, if it is one of this person's (404 otherwise)."""

    @staff_sign_in_required
    @wraps(view)
    def wrapper(request: HttpRequest, hub_id: UUID, *args, **kwargs) -> HttpResponse:
        hub = get_object_or_404(access.hubs_for(request.user), pk=hub_id)
        return view(request, hub, *args, **kwargs)

    return wrapper


@hub_staff_page
@require_http_methods(["GET"])
def hub_timetable(request: HttpRequest, hub: Location) -> HttpResponse:
    """A hub's sessions in words, with its closures, and what staff can do to each."""
    today = timezone.localdate()
    schedules = at_locations(Schedule.objects.all(), [hub]).select_related(
        "service", "service_at_location__service", "term_time_only"
    )
    rows = []
    for schedule in schedules.order_by("opens_at", "id"):
        service = schedule_service(schedule)
        if service is None:
            continue
        rows.append(
            {"schedule": schedule, "service": service, "words": schedule_in_words(schedule)}
        )
    rows.sort(key=lambda row: (row["service"].name, row["words"]))
    services_here = (
        access.services_for(request.user)
        .filter(service_at_locations__location=hub)
        .order_by("name")
        .distinct()
    )
    return render(
        request,
        "timetable/manage/hub_timetable.html",
        {
            "hub": hub,
            "rows": rows,
            "services_here": services_here,
            "closures": hub.closures.filter(kind=Closure.Kind.CLOSED, ends_on__gte=today).order_by(
                "starts_on"
            ),
            "cancellations": Cancellation.objects.filter(
                schedule__in=schedules, date__gte=today
            ).select_related("schedule__service"),
            "bookable": set(access.booking_services_for(request.user).values_list("pk", flat=True)),
        },
    )


def _upcoming_choices(schedule: Schedule) -> list[tuple[str, str]]:
    """The next sessions of a schedule that are not yet cancelled, as radio choices."""
    now = timezone.now()
    taken = set(
        Cancellation.objects.filter(schedule=schedule, date__gte=now.date()).values_list(
            "date", flat=True
        )
    )
    choices = []
    for occurrence in expand(schedule, now, now + CANCEL_AHEAD):
        if occurrence.local_date in taken:
            continue
        choices.append((f"{occurrence.start:%Y-%m-%dT%H%M}", f"{occurrence.start:%A %-d %B %Y}"))
        if len(choices) == CANCEL_CHOICES:
            break
    return choices


@hub_staff_page
@require_http_methods(["GET", "POST"])
def hub_cancel_date(request: HttpRequest, hub: Location, schedule_id: UUID) -> HttpResponse:
    """Cancel one date of a session at the hub; families booked on it are told (the
    booking-cancellation path, through the timetable's Cancellation)."""
    sessions = Schedule.objects.exclude(service__isnull=True, service_at_location__isnull=True)
    schedule = get_object_or_404(
        at_locations(sessions.select_related("service", "service_at_location__service"), [hub]),
        pk=schedule_id,
    )
    service = schedule_service(schedule)
    choices = _upcoming_choices(schedule)
    form = CancelDateForm(request.POST or None, sessions=choices)
    if request.method == "POST" and form.is_valid():
        starts = datetime.strptime(form.cleaned_data["starts"], "%Y-%m-%dT%H%M")
        Cancellation.objects.create(
            schedule=schedule, date=starts.date(), reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            f"{service.name} on {starts:%A %-d %B} is cancelled. Families who booked are told.",
        )
        return redirect("manage_timetable:hub_timetable", hub_id=hub.pk)
    return render(
        request,
        "timetable/manage/hub_cancel_date.html",
        {
            "hub": hub,
            "schedule": schedule,
            "service": service,
            "words": schedule_in_words(schedule),
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@hub_staff_page
@require_http_methods(["GET", "POST"])
def hub_closure_add(request: HttpRequest, hub: Location) -> HttpResponse:
    """The hub closed on some dates: every session there stops, families booked are told."""
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        Closure.objects.create(location=hub, **form.cleaned_data)
        messages.success(
            request, f"{hub.name} is closed on those dates. Families who booked are told."
        )
        return redirect("manage_timetable:hub_timetable", hub_id=hub.pk)
    return render(
        request,
        "timetable/manage/closure_form.html",
        {
            "form": form,
            "title": f"Close {hub.name}",
            "back_url": reverse("manage_timetable:hub_timetable", args=[hub.pk]),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@hub_staff_page
@require_http_methods(["POST"])
def hub_closure_remove(request: HttpRequest, hub: Location, closure_id: UUID) -> HttpResponse:
    closure = get_object_or_404(hub.closures.filter(kind=Closure.Kind.CLOSED), pk=closure_id)
    closure.delete()
    messages.success(request, "Closure removed. Sessions on those dates run again.")
    return redirect("manage_timetable:hub_timetable", hub_id=hub.pk)


# School holidays: term dates the council enters once


def editors_only(view):
    @staff_sign_in_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_directory_editor(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@editors_only
@require_http_methods(["GET", "POST"])
def school_holidays(request: HttpRequest) -> HttpResponse:
    """The school holidays: sessions that run in term time only do not run in them."""
    form = SchoolHolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        Closure.objects.create(kind=Closure.Kind.SCHOOL_HOLIDAY, **form.cleaned_data)
        messages.success(request, "School holiday added. Term-time sessions stop for it.")
        return redirect("manage_timetable:school_holidays")
    holidays = Closure.objects.filter(
        kind=Closure.Kind.SCHOOL_HOLIDAY,
        ends_on__gte=timezone.localdate() - timedelta(days=365),
    ).order_by("starts_on")
    return render(
        request,
        "timetable/manage/school_holidays.html",
        {"form": form, "holidays": holidays},
        status=400 if form.is_bound and form.errors else 200,
    )


@editors_only
@require_http_methods(["POST"])
def school_holiday_remove(request: HttpRequest, closure_id: UUID) -> HttpResponse:
    get_object_or_404(Closure, kind=Closure.Kind.SCHOOL_HOLIDAY, pk=closure_id).delete()
    messages.success(request, "School holiday removed.")
    return redirect("manage_timetable:school_holidays")
