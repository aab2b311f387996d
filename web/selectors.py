"""What the public pages read: the 'find support near you' search and a service's page.

Search runs in a constant number of queries whatever the number of results: the database
filters and orders by distance, returning only ids; the page's services are then loaded once
with everything a result shows.
"""

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404

from directory.eligibility import age_in_months, is_eligible, who_it_is_for
from directory.filters import ONLINE, delivered, delivered_remotely, filter_services
from directory.models import (
    WEEKDAY_CODES,
    Address,
    Contact,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from directory.search import nearest_distance_m, one_of, services_near, with_words
from geo.postcodes import Place
from timetable.recurrence import Occurrence
from timetable.selectors import (
    LONDON,
    NEXT_SESSIONS_HORIZON,
    Entry,
    active_schedules,
    of_services,
    services_with_topic,
    sessions_between,
    timetable_between,
)
from web.forms import Search

RESULTS_PER_PAGE = 10
METRES_PER_MILE = 1609.344
# Unless the parent chooses a distance, search ever wider until a page of candidates is found:
# near a city a mile holds dozens of services (and costs little to sort), while in the country
# (North Lincolnshire's centres are 20 miles apart) the widest circle is still small.
SEARCH_RADII_MILES = (1, 3, 10, 20)
# A child must be eligible on the day of a session in this window (or today, for services
# with no sessions in it, such as referral-only services).
ELIGIBILITY_WINDOW = timedelta(weeks=12)
TIMES_OF_DAY = {
    "morning": (time(0, 0), time(12, 0)),
    "afternoon": (time(12, 0), time(17, 0)),
    "evening": (time(17, 0), time(23, 59, 59)),
}


@dataclass(frozen=True)
class Result:
    service: Service
    # None for a service delivered online and found without regard to distance.
    distance_m: float | None
    next_session: Occurrence | None

    @property
    def distance_miles(self) -> float | None:
        return None if self.distance_m is None else self.distance_m / METRES_PER_MILE

    @property
    def who_it_is_for(self) -> str:
        return who_it_is_for(self.service)

    @property
    def cost(self) -> str:
        return describe_cost(self.service)


@dataclass(frozen=True)
class ResultsPage:
    results: list[Result]
    total: int
    number: int
    within_miles: int
    per_page: int = RESULTS_PER_PAGE

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def is_past_the_end(self) -> bool:
        return self.number > self.page_count

    @property
    def first_shown(self) -> int:
        return (self.number - 1) * self.per_page + 1

    @property
    def last_shown(self) -> int:
        return self.first_shown + len(self.results) - 1


def topic_terms() -> list[TaxonomyTerm]:
    """The topics a parent can choose from, in alphabetical order."""
    return list(TaxonomyTerm.objects.only("id", "code", "name", "parent_id").order_by("name"))


def find_support(search: Search, now: datetime) -> ResultsPage:
    """Services near a place that suit the child, nearest first, one page of them.

    Support delivered online counts wherever it is run from: with "online" chosen it is found
    once, nationally; the online services with a place within reach join the nearby ones (with
    their distance) and the others follow, by name.
    """
    delivery = search.filters.delivery
    # Delivery is applied here rather than in every candidate query: the online set is national.
    undelivered = dataclasses.replace(
        search, filters=dataclasses.replace(search.filters, delivery=())
    )
    today = now.astimezone(LONDON).date()
    candidates = _candidates(undelivered, today)
    place = search.place
    radii = [search.within_miles] if search.within_miles else SEARCH_RADII_MILES
    online: list[tuple[UUID, float | None, bool]] = []
    nearby = candidates
    if delivery:
        reach = delivered(*(way for way in delivery if way != ONLINE))
        if ONLINE in delivery:
            online = _online_anywhere(
                _candidates(undelivered, today, nationally=True),
                place,
                radii[-1] * METRES_PER_MILE,
            )
            reach |= Q(
                pk__in=[service_id for service_id, distance, _ in online if distance is not None]
            )
        nearby = candidates.filter(reach)
    for miles in radii:
        if set(delivery) == {ONLINE}:
            # Nothing but online support asked for: its distances are known already.
            rows = _within(online, miles * METRES_PER_MILE)
        else:
            rows = list(
                services_near(nearby, place.latitude, place.longitude, miles * METRES_PER_MILE)
                .order_by("distance_m", "name", "id")
                .values_list("id", "distance_m", "eligible_all_window")
            )
        if len(rows) >= RESULTS_PER_PAGE:
            break
    near = {row[0] for row in rows}
    rows += [(service_id, None, sure) for service_id, _, sure in online if service_id not in near]
    unsure = [service_id for service_id, _, sure in rows if not sure]
    suitable = _eligible_in_window(unsure, search, now) if unsure else set()
    rows = [
        (service_id, distance)
        for service_id, distance, sure in rows
        if sure or service_id in suitable
    ]
    start = (search.page - 1) * RESULTS_PER_PAGE
    shown = rows[start : start + RESULTS_PER_PAGE]
    services = _services_for_results([service_id for service_id, _ in shown])
    sessions = (
        _sessions_by_service(
            sessions_between(now, now + ELIGIBILITY_WINDOW, services=services.values())
        )
        if services
        else {}
    )
    results = [
        Result(
            service=services[service_id],
            distance_m=distance,
            next_session=_first_suitable(
                services[service_id], sessions.get(service_id, []), search
            ),
        )
        for service_id, distance in shown
    ]
    return ResultsPage(results=results, total=len(rows), number=search.page, within_miles=miles)


def _online_anywhere(
    candidates: QuerySet[Service], place: Place, metres: float
) -> list[tuple[UUID, float | None, bool]]:
    """Services delivered online, by name, each with its distance if it has a place within
    `metres` (None if not). Found once per search, not per circle: first the few online
    services (through their own indexes), then the family's other choices for those alone."""
    online = list(delivered_remotely(ONLINE))
    return list(
        candidates.filter(pk__in=one_of(online))
        .annotate(distance_m=nearest_distance_m(place.latitude, place.longitude, metres))
        .order_by("name", "id")
        .values_list("id", "distance_m", "eligible_all_window")
    )


def _within(
    services: list[tuple[UUID, float | None, bool]], metres: float
) -> list[tuple[UUID, float | None, bool]]:
    """Those of `services` (listed by name, as _online_anywhere lists them) within `metres`,
    nearest first: the order services_near gives, as the sort keeps the names' order."""
    near = [row for row in services if row[1] is not None and row[1] <= metres]
    return sorted(near, key=lambda row: row[1])


def _candidates(search: Search, today: date, nationally: bool = False) -> QuerySet[Service]:
    """Active services matching the topic, words, day, time and (roughly) the child's age.

    Each is annotated `eligible_all_window`: true when the child is eligible on every day of
    the window, so only the few others need their session dates checked. `nationally` as for
    filter_services.
    """
    services = filter_services(
        Service.objects.filter(status=Service.Status.ACTIVE), search.filters, nationally
    )
    if search.topic is not None:
        services = services.filter(id__in=services_with_topic(search.topic))
    if search.weekday or search.time_of_day:
        services = services.filter(_meeting_then(search))
    if search.text:
        # A filter only: results are ordered by distance, so nothing is ranked.
        services = with_words(services, search.text)
    child = search.child
    if child is None:
        return services.annotate(eligible_all_window=Value(True, output_field=BooleanField()))
    if child.date_of_birth is None:
        return services.filter(for_expectant_parents=True).annotate(
            eligible_all_window=Value(True, output_field=BooleanField())
        )
    months_now = age_in_months(child.date_of_birth, today)
    months_later = age_in_months(child.date_of_birth, today + ELIGIBILITY_WINDOW)
    not_too_old_now = Q(maximum_age__isnull=True) | Q(max_months__gte=months_now)
    old_enough_later = Q(minimum_age__isnull=True) | Q(min_months__lte=months_later)
    return (
        services.annotate(min_months=F("minimum_age") * 12, max_months=F("maximum_age") * 12)
        .filter(not_too_old_now, old_enough_later)
        .annotate(
            eligible_all_window=Case(
                When(
                    (Q(maximum_age__isnull=True) | Q(max_months__gte=months_later))
                    & (Q(minimum_age__isnull=True) | Q(min_months__lte=months_now)),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def _meeting_then(search: Search) -> Q:
    """Services with a schedule on the chosen day and time of day.

    A schedule names its service directly or through its place. Correlated EXISTS, so the
    database checks only the services already near the place, through the foreign-key indexes.
    """
    schedules = Schedule.objects.all()
    if search.weekday:
        schedules = schedules.filter(byday__contains=search.weekday)
    if search.time_of_day:
        opens, before = TIMES_OF_DAY[search.time_of_day]
        schedules = schedules.filter(opens_at__gte=opens, opens_at__lt=before)
    return Q(Exists(schedules.filter(service=OuterRef("pk")))) | Q(
        Exists(schedules.filter(service__isnull=True, service_at_location__service=OuterRef("pk")))
    )


def _sessions_by_service(sessions: list[Occurrence]) -> dict[UUID, list[Occurrence]]:
    found: dict[UUID, list[Occurrence]] = {}
    for occurrence in sessions:
        found.setdefault(occurrence.service.pk, []).append(occurrence)
    return found


def _eligible_in_window(service_ids: list[UUID], search: Search, now: datetime) -> set[UUID]:
    """Of services the child may age into or out of soon, those with a session that suits them."""
    services = Service.objects.filter(id__in=service_ids).only(
        "id", "minimum_age", "maximum_age", "for_expectant_parents"
    )
    by_id = {service.id: service for service in services}
    today = now.astimezone(LONDON).date()
    with_sessions: set[UUID] = set()
    suitable: set[UUID] = set()
    for occurrence in sessions_between(now, now + ELIGIBILITY_WINDOW, services=by_id.values()):
        service_id = occurrence.service.pk
        with_sessions.add(service_id)
        if _suits(by_id[service_id], occurrence, search):
            suitable.add(service_id)
    suitable.update(
        service_id
        for service_id, service in by_id.items()
        if service_id not in with_sessions and is_eligible(service, search.child, today)
    )
    return suitable


def _suits(service: Service, occurrence: Occurrence, search: Search) -> bool:
    """Whether a session is on the chosen day and time and for this child on its date."""
    local_start = occurrence.start.astimezone(LONDON)
    if search.weekday and WEEKDAY_CODES[local_start.weekday()] != search.weekday:
        return False
    if search.time_of_day:
        opens, before = TIMES_OF_DAY[search.time_of_day]
        if not opens <= local_start.time() < before:
            return False
    return search.child is None or is_eligible(service, search.child, occurrence.local_date)


def _first_suitable(
    service: Service, sessions: list[Occurrence], search: Search
) -> Occurrence | None:
    return next((occ for occ in sessions if _suits(service, occ, search)), None)


def _services_for_results(service_ids: list[UUID]) -> dict[UUID, Service]:
    """The page's services with their prices (sessions and places come with the sessions)."""
    services = Service.objects.filter(id__in=service_ids).prefetch_related(
        "cost_options", "service_areas", "languages"
    )
    return {service.id: service for service in services}


def describe_cost(service: Service) -> str:
    """'Free', the prices, or what the service says about its fees."""
    options = list(service.cost_options.all())
    if any(option.amount == Decimal("0") for option in options) and all(
        option.amount in (None, Decimal("0")) for option in options
    ):
        return "Free"
    priced = [str(option) for option in options if option.amount]
    if priced:
        # A free option beside paid ones is why 'only free support' finds this service.
        free = any(option.amount == Decimal("0") for option in options)
        return ("Free, or " if free else "") + ", ".join(priced)
    return service.fees_description or "Ask the service"


def service_for_page(service_id: UUID) -> Service:
    """One service with everything its page shows, in a fixed number of queries (404 if none)."""
    return get_object_or_404(
        Service.objects.select_related("organization").prefetch_related(
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location")
                .prefetch_related(
                    Prefetch("location__addresses", queryset=Address.objects.order_by("address_1")),
                    "location__accessibility",
                    "location__phones",
                )
                .order_by("location__name"),
            ),
            "cost_options",
            "phones",
            "languages",
            Prefetch("contacts", queryset=Contact.objects.prefetch_related("phones")),
            "organization__phones",
            "campaigns",
        ),
        pk=service_id,
    )


def upcoming_sessions(service: Service, after: datetime, limit: int) -> list[Entry]:
    """A service's coming sessions up to the `limit`-th that runs, with the cancelled ones among
    them (each with its reason), so parents see a cancellation rather than a gap."""
    entries = timetable_between(
        after,
        after + NEXT_SESSIONS_HORIZON,
        schedules=of_services(active_schedules(), [service]),
        include_events=False,
        include_cancelled=True,
    )
    shown, running = [], 0
    for entry in entries:
        # A long closure must not push every running session off the page.
        if running == limit or len(shown) == 2 * limit:
            break
        shown.append(entry)
        running += not entry.cancelled_reason
    return shown
