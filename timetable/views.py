"""What's on, hub pages and calendar files. Views translate HTTP; the work is in selectors."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control

from bookings.links import BookLinks
from core.ratelimit import rate_limited
from directory.eligibility import who_it_is_for
from directory.models import Location, Service, ServiceAtLocation
from geo.distance import haversine_m
from geo.postcodes import Place
from timetable import calendars, hub_info
from timetable.filters import HubChoice, WhatsOnForm
from timetable.models import UpcomingSession
from timetable.recurrence import Occurrence
from timetable.selectors import (
    LONDON,
    WHATS_ON_COUNTED_UP_TO,
    Entry,
    closures_between,
    local_midnight,
    occurrence_at,
    timetable_between,
    week_starting,
    whats_on_sessions,
)
from timetable.templatetags.timetable_tags import govuk_time, occurrence_ics_url_for
from web.pagination import page_numbers
from web.selectors import METRES_PER_MILE, topic_terms

HUB_LIST_PAGE_SIZE = 50
# A hub page warns of closures this far ahead (beyond the two weeks it lists).
CLOSURES_AHEAD = timedelta(days=60)
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
CALENDAR_CACHE_SECONDS = 3600


def _hubs() -> list[HubChoice]:
    rows = Location.objects.filter(is_family_hub=True).order_by("name")
    return [HubChoice(*row) for row in rows.values_list("id", "slug", "name")]


def _options(choices: Iterable[tuple[str, str]], selected: str) -> str:
    """<option>s built in Python: a national list of hubs is slow as a template loop."""
    chosen = mark_safe(" selected")
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, chosen if value == selected else "", name) for value, name in choices),
    )


JOIN_TAG_COLOURS = {
    Service.JoinMethod.DROP_IN: "green",
    Service.JoinMethod.BOOKING: "blue",
    Service.JoinMethod.REFERRAL: "yellow",
}


@dataclass(frozen=True)
class Row:
    """A timetable entry as the page shows it: plain strings, so hundreds render quickly."""

    times: str
    title: str
    title_url: str = ""
    who_for: str = ""
    join_label: str = ""
    join_colour: str = ""
    place_name: str = ""
    place_url: str = ""
    calendar_url: str = ""
    calendar_label: str = ""
    book_url: str = ""
    campaign_name: str = ""
    is_event: bool = False
    illustrative: bool = False
    cancelled_reason: str = ""


class CalendarLinks:
    """Builds session .ics addresses from one reversed pattern (reverse() per row is slow)."""

    SCHEDULE, STARTS = "00000000-0000-0000-0000-000000000000", "0000-00-00T0000"

    def __init__(self) -> None:
        self.pattern = occurrence_ics_url_for(self.SCHEDULE, self.STARTS)

    def __call__(self, occurrence: Occurrence) -> str:
        return self.pattern.replace(self.SCHEDULE, str(occurrence.schedule.pk)).replace(
            self.STARTS, f"{occurrence.start:%Y-%m-%dT%H%M}"
        )


def rows_for(entries: list[Entry]) -> list[Row]:
    """Turn entries into rows, working out each service's and hub's wording once."""
    who_for: dict = {}
    service_urls: dict = {}
    hub_urls: dict = {}
    calendar_url = CalendarLinks()
    book_url = BookLinks()
    rows = []
    for entry in entries:
        place = entry.location
        if place is not None and place.pk not in hub_urls:
            hub_urls[place.pk] = reverse("timetable:hub", args=[place.slug]) if place.slug else ""
        times = f"{govuk_time(entry.start)} to {govuk_time(entry.end)}"
        common = {
            "times": times,
            "title": entry.title,
            "place_name": place.name if place else "",
            "place_url": hub_urls.get(place.pk, "") if place else "",
        }
        if entry.event is not None:
            event = entry.event
            rows.append(
                Row(
                    **common,
                    is_event=True,
                    campaign_name=event.campaign.name if event.campaign else "",
                    illustrative=event.times_are_illustrative,
                )
            )
            continue
        service = entry.service
        if service.pk not in who_for:
            who_for[service.pk] = who_it_is_for(service)
            service_urls[service.pk] = reverse("web:service", args=[service.pk])
        rows.append(
            Row(
                **common,
                title_url=service_urls[service.pk],
                who_for=who_for[service.pk],
                join_label=service.get_join_method_display(),
                join_colour=JOIN_TAG_COLOURS.get(service.join_method, "grey"),
                calendar_url=calendar_url(entry.occurrence),
                calendar_label=f"{entry.title}, {entry.start:%A %-d %B} at {govuk_time(entry.start)}",
                book_url=""
                if entry.cancelled_reason
                else book_url(service, entry.occurrence.schedule.pk, entry.start),
                illustrative=entry.occurrence.schedule.illustrative,
                cancelled_reason=entry.cancelled_reason,
            )
        )
    return rows


def days_of_week(monday: date, entries: list[Entry]) -> list[tuple[date, list[Row]]]:
    """Seven (day, rows) pairs, Monday to Sunday, empty days included."""
    by_day: dict[date, list[Entry]] = {monday + timedelta(days=n): [] for n in range(7)}
    for entry in entries:
        by_day.setdefault(entry.local_date, []).append(entry)
    return [(day, rows_for(day_entries)) for day, day_entries in by_day.items()]


@dataclass(frozen=True)
class Listing:
    """A session or event of what's on as the page shows it (see timetable/_session.html)."""

    session: UpcomingSession
    times: str
    title_url: str
    who_for: str = ""
    join_label: str = ""
    join_colour: str = ""
    calendar_url: str = ""
    place_url: str = ""
    distance_miles: float | None = None
    illustrative: bool = False

    @property
    def is_event(self) -> bool:
        return self.session.event_id is not None


def listing(session: UpcomingSession, place: Place | None, calendar_url: CalendarLinks) -> Listing:
    start, end = session.starts_at.astimezone(LONDON), session.ends_at.astimezone(LONDON)
    place_url = (
        reverse("timetable:hub", args=[session.location.slug]) if session.location.slug else ""
    )
    distance = (
        haversine_m(
            place.latitude, place.longitude, session.location.latitude, session.location.longitude
        )
        / METRES_PER_MILE
        if place is not None
        else None
    )
    common = {
        "session": session,
        "times": f"{govuk_time(start)} to {govuk_time(end)}",
        "place_url": place_url,
        "distance_miles": distance,
    }
    if session.event is not None:
        event = session.event
        return Listing(
            **common,
            title_url=event.get_absolute_url(),
            illustrative=event.times_are_illustrative,
        )
    service = session.service
    return Listing(
        **common,
        title_url=reverse("web:service", args=[service.pk]),
        who_for=who_it_is_for(service),
        join_label=service.get_join_method_display(),
        join_colour=JOIN_TAG_COLOURS.get(service.join_method, "grey"),
        calendar_url=""
        if session.is_cancelled
        else calendar_url(Occurrence(session.schedule, start, end)),
        illustrative=session.schedule.illustrative,
    )


def by_day(listings: list[Listing]) -> list[tuple[date, list[Listing]]]:
    """Listings grouped under the (UK) day they start, in order."""
    days: dict[date, list[Listing]] = {}
    for row in listings:
        days.setdefault(row.session.starts_at.astimezone(LONDON).date(), []).append(row)
    return list(days.items())


# The search can hold a child's date of birth: keep it out of shared caches.
@cache_control(private=True)
@rate_limited("search", methods=("GET",))
def whats_on(request: HttpRequest) -> HttpResponse:
    """Sessions and events at Family Hubs near a place or at a hub, in time order, filtered by
    who they are for, topic, day and time; cancelled ones show with their reason."""
    now = timezone.now()
    hubs = _hubs()
    form = WhatsOnForm(
        request.GET, hubs=hubs, terms=topic_terms(), today=now.astimezone(LONDON).date()
    )
    page = None
    if form.is_valid():
        page = whats_on_sessions(form.search(), now)
        if page.is_past_the_end and page.total:
            form.add_error(
                "page",
                f"There is no page {page.number}. There "
                f"{'is 1 page' if page.page_count == 1 else f'are {page.page_count} pages'} "
                "of sessions",
            )
    context = {
        "form": form,
        "page": page,
        "hub_options": _options(((hub.value, hub.name) for hub in hubs), form["hub"].value() or ""),
        "chosen_hub": form.cleaned_data.get("hub"),
    }
    if page is not None and not form.errors:
        calendar_url = CalendarLinks()
        context.update(
            days=by_day([listing(s, form.place, calendar_url) for s in page.sessions]),
            within_miles=page.within_m / METRES_PER_MILE if page.within_m else None,
            page_numbers=page_numbers(page.number, page.page_count),
            counted_up_to=f"{WHATS_ON_COUNTED_UP_TO:,}",
        )
    return render(request, "timetable/whats_on.html", context, status=400 if form.errors else 200)


def hubs(request: HttpRequest) -> HttpResponse:
    """Every Family Hub, with its address, in pages."""
    listed = (
        Location.objects.filter(is_family_hub=True)
        .exclude(slug__isnull=True)
        .exclude(slug="")
        .prefetch_related("addresses")
        .order_by("name")
    )
    page = Paginator(listed, HUB_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "timetable/hubs.html", {"page": page})


def hub(request: HttpRequest, slug: str) -> HttpResponse:
    """One hub: how to reach it and use it, and what runs there from today to the end of next
    week, cancelled sessions shown with their reason."""
    hub = get_object_or_404(
        Location.objects.prefetch_related(
            "addresses", "accessibility", "phones", "contacts__phones"
        ),
        slug=slug,
        is_family_hub=True,
    )
    services_here = (
        ServiceAtLocation.objects.filter(location=hub, service__status=Service.Status.ACTIVE)
        .select_related("service__organization")
        .order_by("service__name")
    )
    today = timezone.localdate()
    this_monday = week_starting(today)
    next_monday = this_monday + timedelta(days=7)
    entries = timetable_between(
        local_midnight(today),
        local_midnight(next_monday + timedelta(days=7)),
        locations=[hub],
        include_cancelled=True,
    )
    this_week = [e for e in entries if e.start < local_midnight(next_monday)]
    next_week = [e for e in entries if e.start >= local_midnight(next_monday)]
    closures, bank_holidays = closures_between(today, today + CLOSURES_AHEAD, locations=[hub])
    feed_path = request.build_absolute_uri(reverse("timetable:hub_feed", args=[hub.slug]))
    return render(
        request,
        "timetable/hub.html",
        {
            "hub": hub,
            "services": [
                {
                    "service": sal.service,
                    "who_for": who_it_is_for(sal.service),
                    "join_colour": JOIN_TAG_COLOURS.get(sal.service.join_method, "grey"),
                }
                for sal in services_here
            ],
            "this_week_count": len(this_week),
            "next_week_count": len(next_week),
            "feed_url": feed_path,
            "this_week": days_of_week(this_monday, this_week),
            "next_week": days_of_week(next_monday, next_week),
            "today": today,
            "next_monday": next_monday,
            "opening_hours": hub_info.opening_hours(hub),
            "map_url": hub_info.map_url(hub),
            "closures": closures,
            "bank_holidays": bank_holidays,
            "webcal_url": "webcal://" + feed_path.split("://", 1)[1],
        },
    )


def _ics(body: bytes, filename: str, *, download: bool = True) -> HttpResponse:
    response = HttpResponse(body, content_type=ICS_CONTENT_TYPE)
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    # Calendar apps poll feeds; an hour keeps them cheap and a cancellation still shows soon.
    patch_cache_control(response, public=True, max_age=CALENDAR_CACHE_SECONDS)
    return response


def occurrence_ics(request: HttpRequest, schedule_id: str, starts: str) -> HttpResponse:
    """One session as a calendar file (marked cancelled if it will not run); 404 if there is no
    session then."""
    try:
        schedule_pk = UUID(schedule_id)
        start = datetime.strptime(starts, "%Y-%m-%dT%H%M").replace(tzinfo=LONDON)
    except ValueError as error:
        raise Http404("No session at that time") from error
    found = occurrence_at(schedule_pk, start)
    if found is None:
        raise Http404("No session at that time")
    return _ics(calendars.occurrence_calendar(found[0]), f"session-{starts}.ics")


def service_ics(request: HttpRequest, service_id: UUID) -> HttpResponse:
    service = get_object_or_404(Service, pk=service_id, status=Service.Status.ACTIVE)
    return _ics(calendars.service_calendar(service), f"service-{service.pk}.ics")


def hub_feed(request: HttpRequest, slug: str) -> HttpResponse:
    hub = get_object_or_404(Location, slug=slug, is_family_hub=True)
    return _ics(calendars.hub_calendar(hub), f"{hub.slug}.ics", download=False)
