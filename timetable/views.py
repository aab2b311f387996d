"""What's on, hub pages and calendar files. Views translate HTTP; the work is in selectors."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode
from uuid import UUID

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from directory.eligibility import who_it_is_for
from directory.models import Location, Service, ServiceAtLocation, TaxonomyTerm
from timetable import calendars, hub_info
from timetable.filters import CHILD, EXPECTING, HubChoice, WhatsOnFilters, read_filters
from timetable.recurrence import Occurrence
from timetable.selectors import (
    LONDON,
    Entry,
    active_schedules,
    closures_between,
    local_midnight,
    occurrence_at,
    timetable_between,
    week_starting,
    with_topic,
)
from timetable.templatetags.timetable_tags import govuk_time, occurrence_ics_url_for

HUBS_PER_PAGE = 5
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


def _week_link(filters: WhatsOnFilters, monday: date) -> str:
    kept = {k: v for k, v in filters.raw.items() if v and k not in {"week", "page"}}
    if filters.page > 1:
        kept["page"] = str(filters.page)
    return "?" + urlencode({**kept, "week": monday.isoformat()})


def _page_link(filters: WhatsOnFilters, page: int) -> str:
    kept = {k: v for k, v in filters.raw.items() if v and k != "page"}
    return "?" + urlencode({**kept, "page": str(page)})


def whats_on(request: HttpRequest) -> HttpResponse:
    """A week's sessions and events across hubs, Monday to Sunday, filtered by GET."""
    hubs = _hubs()
    terms = list(TaxonomyTerm.objects.only("id", "code", "name").order_by("name"))
    filters = read_filters(request.GET, hubs=hubs, terms=terms, today=timezone.localdate())
    shown_hubs = [filters.hub] if filters.hub else hubs
    pages = Paginator(shown_hubs, HUBS_PER_PAGE)
    if filters.page > pages.num_pages:
        filters.errors.insert(
            0,
            (
                "page",
                f"There {'is' if pages.num_pages == 1 else 'are'} only {pages.num_pages} "
                f"page{'s' if pages.num_pages != 1 else ''} of hubs: choose page "
                f"{pages.num_pages} or lower",
            ),
        )
    context = {
        "filters": filters,
        "hub_options": _options(
            ((hub.value, hub.name) for hub in hubs), filters.hub.value if filters.hub else ""
        ),
        "topic_options": _options(
            ((term.code or str(term.pk), term.name) for term in terms),
            (filters.topic.code or str(filters.topic.pk)) if filters.topic else "",
        ),
        "EXPECTING": EXPECTING,
        "CHILD": CHILD,
    }
    if not filters.is_valid:
        return render(request, "timetable/whats_on.html", context, status=400)

    page = pages.page(filters.page)
    schedules = active_schedules()
    if filters.topic is not None:
        schedules = with_topic(schedules, filters.topic)
    monday = filters.week
    entries = timetable_between(
        local_midnight(monday),
        local_midnight(monday + timedelta(days=7)),
        locations=[hub.pk for hub in page.object_list],
        schedules=schedules,
        include_events=filters.topic is None,
    )
    entries = [e for e in entries if e.is_for(filters.child)]
    closures, bank_holidays = closures_between(
        monday, monday + timedelta(days=6), locations=[hub.pk for hub in page.object_list]
    )
    context.update(
        closures=closures,
        bank_holidays=bank_holidays,
        days=days_of_week(monday, entries),
        monday=monday,
        sunday=monday + timedelta(days=6),
        previous_week=_week_link(filters, monday - timedelta(days=7)),
        next_week=_week_link(filters, monday + timedelta(days=7)),
        page=page,
        previous_page=_page_link(filters, page.previous_page_number())
        if page.has_previous()
        else "",
        next_page=_page_link(filters, page.next_page_number()) if page.has_next() else "",
        session_count=len(entries),
    )
    return render(request, "timetable/whats_on.html", context)


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
