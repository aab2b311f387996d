"""Booking pages for parents, and register pages for hub staff. Thin: the rules are in services.

Anything about a family that the user may not see is a 404, so ids reveal nothing.
"""

from datetime import date, timedelta
from functools import wraps
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import staff_hubs
from audit.services import record
from bookings import selectors, services
from bookings.booking_settings import offers_waiting_list
from bookings.forms import (
    AttendanceForm,
    BookingForm,
    CancelSessionForm,
    VisitorForm,
    WalkInForm,
    WalkInSearchForm,
    error_list,
)
from bookings.models import Attendance, Booking, SessionOccurrence
from core.ratelimit import rate_limited
from directory.models import Location, Schedule
from families.models import Child
from families.selectors import families_visible_to, family_for_user
from families.views import JUST_REGISTERED_KEY, own_family_record
from timetable.selectors import LONDON, at_locations
from web.pagination import page_numbers

SESSIONS_AHEAD = timedelta(days=28)


def sign_in_required(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("accounts:sign_in"))
        return view(request, *args, **kwargs)

    return wrapper


def family_required(view):
    """A signed-in parent with a family record; others are asked to register one first."""

    @sign_in_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        family = family_for_user(request.user)
        if family is None:
            return render(request, "bookings/register_first.html", status=403)
        return view(request, family, *args, **kwargs)

    return wrapper


def staff_required(view):
    """Hub staff only; everyone else signed in gets a 404, as if the page were not there."""

    @sign_in_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        hubs = staff_hubs(request.user)
        if not hubs.exists():
            raise Http404
        return view(request, hubs, *args, **kwargs)

    return wrapper


def uuid_or_404(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError as bad:
        raise Http404 from bad


def session_or_404(schedule_id: UUID, start: str) -> SessionOccurrence:
    starts_at = selectors.start_from_url(start)
    schedule = Schedule.objects.filter(pk=schedule_id).first()
    if starts_at is None or schedule is None:
        raise Http404
    try:
        return services.occurrence_for(schedule, starts_at)
    except services.SessionNotFound as missing:
        raise Http404 from missing


# Parents


def sessions(request: HttpRequest) -> HttpResponse:
    """Sessions that take bookings over the next four weeks, at one hub (the family's own
    by default) or all, a page at a time."""
    hubs = list(Location.objects.filter(is_family_hub=True).only("pk", "name", "slug"))
    chosen = request.GET.get("hub")
    if chosen is None:
        family = family_for_user(request.user)
        hub = next((h for h in hubs if family and h.pk == family.hub_id), None)
    else:
        hub = next((h for h in hubs if h.slug == chosen), None)
    now = timezone.now()
    page = Paginator(selectors.bookable_sessions(now, now + SESSIONS_AHEAD, hub), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "bookings/sessions.html",
        {
            "hubs": hubs,
            "hub": hub,
            "page": page,
            "page_numbers": page_numbers(page.number, page.paginator.num_pages),
        },
    )


@family_required
def my_bookings(request: HttpRequest, family) -> HttpResponse:
    """Sessions coming up, past sessions, and cancelled bookings (by the family or the hub)."""
    now = timezone.now()
    bookings = list(selectors.family_bookings(family))
    active = [b for b in bookings if b.is_active]
    return render(
        request,
        "bookings/my_bookings.html",
        {
            "upcoming": [b for b in active if b.occurrence.ends_at >= now],
            "past": [b for b in active if b.occurrence.ends_at < now][::-1],
            "cancelled": [b for b in bookings if not b.is_active][::-1],
        },
    )


@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, schedule_id: UUID, start: str) -> HttpResponse:
    """Book a place at one session, from a "Book a place" link anywhere on the site.

    A visitor is asked to sign in or create an account, and a parent without a family record to
    register one; each comes back here afterwards. Only the children the session is for on its
    day are offered; the others are listed with the reason.
    """
    if not request.user.is_authenticated:
        return render(request, "bookings/sign_in_to_book.html", {"next": request.get_full_path()})
    family = family_for_user(request.user)
    if family is None:
        return render(request, "bookings/register_first.html", status=403)
    occurrence = session_or_404(schedule_id, start)
    if not occurrence.is_bookable:
        raise Http404
    can_come, cannot_come = services.children_who_can_come(occurrence, family.children.all())
    waiting_list = offers_waiting_list(occurrence.service)
    problem = None
    full = False
    if request.method == "POST":
        form = BookingForm(request.POST, family=family, offered=can_come)
        if form.is_valid():
            try:
                booking = services.book(
                    family,
                    occurrence.pk,
                    list(form.cleaned_data["children"]),
                    by=request.user,
                    join_waiting_list=form.cleaned_data["join_waiting_list"] and waiting_list,
                    seen_version=form.cleaned_data["version"],
                )
            except services.BookingProblem as refused:
                full = isinstance(refused, services.SessionFull)
                problem = "This session is full." if full and not waiting_list else refused.message
            else:
                return redirect("bookings:booked", booking_id=booking.pk)
        occurrence.refresh_from_db()
    else:
        form = BookingForm(family=family, offered=can_come, initial={"version": occurrence.version})
        full = occurrence.places_left == 0
    errors = error_list(form) + ([("children-fieldset", problem)] if problem else [])
    return render(
        request,
        "bookings/book.html",
        {
            "occurrence": occurrence,
            "form": form,
            "can_come": can_come,
            "cannot_come": cannot_come,
            "errors": errors,
            "problem": problem,
            "full": full,
            "waiting_list": waiting_list,
            "chosen": [str(pk) for pk in form["children"].value() or []],
        },
        status=400 if errors else 200,
    )


@own_family_record
@require_http_methods(["GET", "POST"])
def cancel_booking(request: HttpRequest, family, booking_id: int) -> HttpResponse:
    booking = get_object_or_404(
        selectors.with_session_details(Booking.objects.filter(family=family)), pk=booking_id
    )
    if request.method == "POST":
        try:
            services.cancel_booking(booking, by=request.user)
        except services.BookingProblem as refused:
            messages.info(request, refused.message)
        else:
            messages.success(request, "Your booking is cancelled. We have emailed you to say so.")
        return redirect("bookings:my_bookings")
    return render(request, "bookings/cancel_booking.html", {"booking": booking})


@family_required
def booked(request: HttpRequest, family, booking_id: int) -> HttpResponse:
    """What a parent sees once they have booked (or joined the waiting list)."""
    booking = get_object_or_404(
        selectors.with_session_details(Booking.objects.filter(family=family)), pk=booking_id
    )
    return render(request, "bookings/booked.html", {"booking": booking})


# Hub staff


@staff_required
def staff_day(request: HttpRequest, hubs) -> HttpResponse:
    today = timezone.now().astimezone(LONDON).date()
    try:
        day = date.fromisoformat(request.GET.get("date", "")) if request.GET.get("date") else today
    except ValueError:
        day = today
    return render(
        request,
        "bookings/staff/day.html",
        {
            "day": day,
            "today": today,
            "previous_day": day - timedelta(days=1),
            "next_day": day + timedelta(days=1),
            "sessions": selectors.sessions_on_day(hubs, day),
        },
    )


@staff_required
def staff_open_register(request: HttpRequest, hubs, schedule_id: UUID, start: str) -> HttpResponse:
    # Checked before the session is written, so other hubs' sessions are not even created.
    if not at_locations(Schedule.objects.filter(pk=schedule_id), hubs).exists():
        raise Http404
    occurrence = session_or_404(schedule_id, start)
    return redirect("bookings:staff_register", occurrence_id=occurrence.pk)


def staff_occurrence(hubs, occurrence_id: int) -> SessionOccurrence:
    return get_object_or_404(
        SessionOccurrence.objects.select_related("service", "location"),
        pk=occurrence_id,
        location__in=hubs,
    )


def register_closed(request: HttpRequest, occurrence: SessionOccurrence) -> HttpResponse | None:
    """Back to the register, saying why, when who came cannot be recorded for the session."""
    if reason := services.register_closed_reason(occurrence):
        messages.info(request, reason)
        return redirect("bookings:staff_register", occurrence_id=occurrence.pk)
    return None


def register_new_family_url(occurrence: SessionOccurrence) -> str:
    """In-person registration, coming back to this register with the family ready to check in."""
    back = reverse("bookings:staff_register", args=[occurrence.pk])
    return reverse("families:staff_register") + "?" + urlencode({"next": back})


@staff_required
def staff_register(request: HttpRequest, hubs, occurrence_id: int) -> HttpResponse:
    occurrence = staff_occurrence(hubs, occurrence_id)
    # A family just registered from this register is shown ready to check in.
    just_registered = request.session.get(JUST_REGISTERED_KEY) or {}
    newly_registered = None
    if just_registered.get("from") == request.path:
        newly_registered = (
            families_visible_to(request.user)
            .filter(pk=just_registered["family"])
            .prefetch_related("adults", "children")
            .first()
        )
    register = selectors.register_for(occurrence, newly_registered)
    record(request.user, "view_register", occurrence)
    return render(
        request,
        "bookings/staff/register.html",
        {
            "register": register,
            "occurrence": occurrence,
            "closed_reason": services.register_closed_reason(occurrence),
            "register_new_family_url": register_new_family_url(occurrence),
        },
    )


@staff_required
@require_POST
def staff_attendance(request: HttpRequest, hubs, occurrence_id: int) -> HttpResponse:
    occurrence = staff_occurrence(hubs, occurrence_id)
    booked_or_visible = Child.objects.filter(family__in=families_visible_to(request.user))
    form = AttendanceForm(request.POST, children=booked_or_visible)
    if not form.is_valid():
        raise Http404
    child = form.cleaned_data["child"]
    came = form.cleaned_data["status"] == Attendance.Status.ATTENDED
    try:
        services.record_attendance(occurrence, child, form.cleaned_data["status"], by=request.user)
    except services.BookingProblem as refused:
        messages.info(request, refused.message)
    else:
        messages.success(
            request, f"Recorded: {child.first_name or 'baby'} {'came' if came else 'did not come'}."
        )
    return redirect(reverse("bookings:staff_register", args=[occurrence.pk]) + f"#child-{child.pk}")


@staff_required
@require_http_methods(["GET", "POST"])
@rate_limited("search")
def staff_walk_in(request: HttpRequest, hubs, occurrence_id: int) -> HttpResponse:
    """Find a registered family and check in the children who came.

    Searches are POSTed so that names, dates of birth and postcodes never appear in URLs or
    access logs; each check-in form carries the search back so the results can be shown again.
    """
    occurrence = staff_occurrence(hubs, occurrence_id)
    family = None
    if "family" in request.POST:
        family = get_object_or_404(
            families_visible_to(request.user), pk=uuid_or_404(request.POST["family"])
        )
    if closed := register_closed(request, occurrence):
        return closed
    search = WalkInSearchForm(request.POST or None)
    errors: list[tuple[str, str]] = []
    if family is not None:
        form = WalkInForm(request.POST, family=family)
        if form.is_valid():
            services.record_walk_in(
                occurrence, list(form.cleaned_data["children"]), by=request.user
            )
            messages.success(request, "Walk-in recorded.")
            return redirect("bookings:staff_register", occurrence_id=occurrence.pk)
        errors = [(f"family-{family.pk}", message) for _, message in error_list(form)]
    elif search.is_bound and not search.is_valid():
        errors = error_list(search)
    families = []
    if search.is_bound and search.is_valid():
        families = list(selectors.find_families_for_walk_in(request.user, search.cleaned_data["q"]))
        record(
            request.user,
            "search_families",
            occurrence,
            detail=f"walk-in search, {len(families)} found",
        )
    return render(
        request,
        "bookings/staff/walk_in.html",
        {
            "occurrence": occurrence,
            "search": search,
            "searched": search.is_bound and search.is_valid(),
            "search_error": errors[0][1] if errors and "family" not in request.POST else "",
            "families": families,
            "errors": errors,
            "register_new_family_url": register_new_family_url(occurrence),
        },
        status=400 if errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_visitors(request: HttpRequest, hubs, occurrence_id: int) -> HttpResponse:
    occurrence = staff_occurrence(hubs, occurrence_id)
    if closed := register_closed(request, occurrence):
        return closed
    form = VisitorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_visitors(occurrence, **form.cleaned_data, by=request.user)
        messages.success(request, "Visitors recorded.")
        return redirect("bookings:staff_register", occurrence_id=occurrence.pk)
    errors = error_list(form) if form.is_bound else []
    return render(
        request,
        "bookings/staff/visitors.html",
        {"occurrence": occurrence, "form": form, "errors": errors},
        status=400 if errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_cancel_session(request: HttpRequest, hubs, occurrence_id: int) -> HttpResponse:
    occurrence = staff_occurrence(hubs, occurrence_id)
    if occurrence.is_cancelled:
        messages.info(request, "This session is already cancelled.")
        return redirect("bookings:staff_register", occurrence_id=occurrence.pk)
    form = CancelSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.cancel_occurrence(occurrence, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "Session cancelled. Everyone booked will be told.")
        return redirect("bookings:staff_register", occurrence_id=occurrence.pk)
    booked = occurrence.bookings.filter(status__in=Booking.ACTIVE).count()
    errors = error_list(form) if form.is_bound else []
    return render(
        request,
        "bookings/staff/cancel_session.html",
        {"occurrence": occurrence, "form": form, "errors": errors, "booked": booked},
        status=400 if errors else 200,
    )
