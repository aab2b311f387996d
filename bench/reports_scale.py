"""Reports at scale: a seeded generator of two years of hub activity, and a benchmark of every
report page and download against it, with each figure checked against plain SQL.

    createdb -h 127.0.0.1 -U postgres fh_bench_reports
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/fh_bench_reports
    nice -n 10 .venv/bin/python bench/reports_scale.py generate --scale 1    # about 26 minutes
    .venv/bin/python bench/reports_scale.py run --runs 10 --skip reach  # see bench/README.md

At --scale 1: 400 hubs with five weekday sessions each from April 2024 to March 2026 (about a
million sessions), 1,000,000 families (1.4 million children), 10 million attendance records
(with a booking for each one booked), 2 million requests for support to 300 services with
their transitions, and a day's search tallies by district, topic and age band. The same --seed
gives the same rows. Big tables are loaded by COPY with their secondary indexes and constraints
dropped, then rebuilt exactly as the migrations define them, then VACUUM ANALYZE, then the
attendance tallies are counted as the nightly `refresh_report_tallies` would. Refuses a
database whose name does not contain "bench".
"""

import argparse
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from page_bench import setup_django

FIRST_DAY, LAST_DAY = date(2024, 4, 1), date(2026, 3, 31)
HUBS, SESSION_SERVICES_PER_HUB = 400, 5
FAMILIES, REQUESTS, REQUEST_SERVICES = 1_000_000, 2_000_000, 300
AREAS = 300
TOPICS = ("", "baby", "feeding", "play", "speech", "sleep", "health visiting", "send", "parenting")
AGE_BANDS = (
    "Expecting",
    "Under 1",
    "1 year old",
    "2 years old",
    "3 to 4",
    "5 or older",
    "Not said",
)
DECLINE = ("not_eligible", "better_elsewhere", "no_capacity", "no_contact", "not_wanted", "other")
OUTCOMES = ("seen", "did_not_engage", "not_needed", "moved_away", "other")
# England and Wales bank holidays in and just after the two years generated.
BANK_HOLIDAYS = [
    "2024-05-06",
    "2024-05-27",
    "2024-08-26",
    "2024-12-25",
    "2024-12-26",
    "2025-01-01",
    "2025-04-18",
    "2025-04-21",
    "2025-05-05",
    "2025-05-26",
    "2025-08-25",
    "2025-12-25",
    "2025-12-26",
    "2026-01-01",
    "2026-04-03",
    "2026-04-06",
    "2026-05-04",
    "2026-05-25",
    "2026-08-31",
    "2026-12-25",
    "2026-12-28",
]
BIG_TABLES = (
    "families_family",
    "families_child",
    "bookings_sessionoccurrence",
    "bookings_booking",
    "bookings_attendance",
    "bookings_visitorcount",
    "referrals_requestforsupport",
    "referrals_requestevent",
    "reports_searchtally",
)
SERIAL_TABLES = [t for t in BIG_TABLES if t.split("_")[0] in ("bookings", "reports")] + [
    "referrals_requestevent"
]
NULL = r"\N"
CHUNK = 1 << 20  # characters per COPY write


def _days() -> list[date]:
    return [FIRST_DAY + timedelta(days=n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]


def _offsets(days: Iterable[date]) -> dict[date, str]:
    """London's UTC offset at midday on each day (sessions and replies are in working hours,
    far from the 1am clock changes), so timestamps are written as local time."""
    from reports.periods import LONDON

    result = {}
    for day in days:
        offset = datetime(day.year, day.month, day.day, 12, tzinfo=LONDON).utcoffset()
        result[day] = "+01" if offset == timedelta(hours=1) else "+00"
    return result


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


class _Copier:
    """Buffered COPY FROM STDIN of tab-separated lines, on a connection of its own (so several
    tables load at once, and PostgreSQL parses one while Python writes the next)."""

    def __init__(self, table: str, columns: str):
        from django.db import connection

        self.connection = connection.get_new_connection(connection.get_connection_params())
        self.connection.autocommit = True
        self.context = self.connection.cursor().copy(f"COPY {table} ({columns}) FROM STDIN")
        self.copy = self.context.__enter__()
        self.parts: list[str] = []
        self.size = 0
        self.rows = 0

    def add(self, line: str) -> None:
        self.parts.append(line)
        self.size += len(line)
        self.rows += 1
        if self.size > CHUNK:
            self.copy.write("".join(self.parts))
            self.parts, self.size = [], 0

    def close(self) -> int:
        if self.parts:
            self.copy.write("".join(self.parts))
        self.context.__exit__(None, None, None)
        self.connection.close()
        return self.rows


def _drop_secondary(cursor, table: str) -> list[str]:
    """Drop every index and constraint but the primary key; return the statements that
    rebuild them exactly as the migrations made them."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype <> 'p' ORDER BY contype DESC, conname",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
        "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
        [table, table],
    )
    indexes = cursor.fetchall()
    for name, _ in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in indexes] + [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for name, definition in constraints
    ]


def _small_records(rng: random.Random, hubs: int, request_services: int):
    """Hubs, their session services and schedules, services taking requests, campaigns, bank
    holidays and a referrer: a few thousand rows, by the ORM."""
    from datetime import time as clock

    from django.contrib.auth.models import User

    from campaigns.models import Campaign
    from directory.models import Location, Organization, Schedule, Service
    from referrals.models import ServiceIntake
    from timetable.models import BankHoliday

    for day in BANK_HOLIDAYS:
        BankHoliday.objects.get_or_create(date=date.fromisoformat(day), defaults={"name": "Bank"})
    organization = Organization.objects.create(name="Bench reports council", illustrative=True)
    locations = Location.objects.bulk_create(
        Location(
            name=f"Bench Family Hub {n:03d}",
            slug=f"bench-reports-hub-{n}",
            is_family_hub=True,
            organization=organization,
            illustrative=True,
        )
        for n in range(hubs)
    )
    session_services = Service.objects.bulk_create(
        Service(name=f"Bench group {n}", organization=organization, illustrative=True)
        for n in range(hubs * SESSION_SERVICES_PER_HUB)
    )
    schedules = Schedule.objects.bulk_create(
        Schedule(
            service=service,
            location=locations[n // SESSION_SERVICES_PER_HUB],
            freq="WEEKLY",
            byday="MO,TU,WE,TH,FR",
            opens_at=clock(9 + n % SESSION_SERVICES_PER_HUB),
            closes_at=clock(10 + n % SESSION_SERVICES_PER_HUB),
            illustrative=True,
        )
        for n, service in enumerate(session_services)
    )
    request_services_made = Service.objects.bulk_create(
        Service(name=f"Bench support {n}", organization=organization, illustrative=True)
        for n in range(request_services)
    )
    ServiceIntake.objects.bulk_create(
        ServiceIntake(
            service=service,
            accepts_professional_referrals=True,
            accepts_self_referrals=True,
            response_target_working_days=(5, 10, None)[n % 3],
        )
        for n, service in enumerate(request_services_made)
    )
    for n in range(8):
        starts = FIRST_DAY + timedelta(days=40 + 90 * n)
        campaign = Campaign.objects.create(
            name=f"Bench awareness fortnight {n}",
            slug=f"bench-campaign-{n}",
            starts_on=starts,
            ends_on=starts + timedelta(days=13),
            summary="Synthetic.",
            description="Synthetic.",
            illustrative=True,
        )
        campaign.services.set(rng.sample(session_services, min(20, len(session_services))))
    referrer = User.objects.create(username="bench-referrer", email="referrer@bench.example")
    return locations, schedules, request_services_made, referrer


def generate(scale: float, seed: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from referrals.encryption import encrypt

    rng = random.Random(seed)
    hubs = max(2, round(HUBS * scale))
    families_wanted = max(100, round(FAMILIES * scale))
    requests_wanted = max(100, round(REQUESTS * scale))
    request_services = max(3, round(REQUEST_SERVICES * scale))
    days = _days()
    weekdays = [day for day in days if day.weekday() < 5]
    offset = _offsets([date(2022, 1, 1) + timedelta(days=n) for n in range(1700)])
    holidays = {date.fromisoformat(day) for day in BANK_HOLIDAYS}
    # Working days up to and including each date: working days between a and b = ord[b] - ord[a].
    ordinal, count = {}, 0
    for day in (date(2024, 1, 1) + timedelta(days=n) for n in range(1200)):
        count += day.weekday() < 5 and day not in holidays
        ordinal[day] = count

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    from directory.models import Location

    if Location.objects.filter(slug="bench-reports-hub-0").exists():
        sys.exit("Already generated: drop and create the database to generate again.")
    locations, schedules, services, referrer = _small_records(rng, hubs, request_services)
    print(f"small records: {time.monotonic() - started:.0f}s", flush=True)

    connection.ensure_connection()
    raw = connection.connection
    raw.autocommit = True
    cursor = raw.cursor()
    rebuild = [statement for table in BIG_TABLES for statement in _drop_secondary(cursor, table)]

    # Families: registered since January 2022 (so some were registered before the two years),
    # about 2,500 a hub.
    hub_ids = [str(location.id) for location in locations]
    families_by_hub: dict[str, list[str]] = {hub: [] for hub in hub_ids}
    family_copy = _Copier(
        "families_family",
        "id, home_postcode, languages, accessibility_needs, created, updated, last_active_at, "
        "hub_id",
    )
    child_copy = _Copier("families_child", "id, first_name, date_of_birth, family_id")
    span = (LAST_DAY - date(2022, 1, 1)).days
    for _ in range(families_wanted):
        family, hub = _uuid(rng), rng.choice(hub_ids)
        families_by_hub[hub].append(family)
        day = date(2022, 1, 1) + timedelta(days=rng.randrange(span))
        moment = f"{day} {rng.randrange(9, 17)}:{rng.randrange(60):02d}:00{offset[day]}"
        family_copy.add(f"{family}\t\t\t\t{moment}\t{moment}\t{moment}\t{hub}\n")
        for _ in range(rng.choice((1, 1, 1, 2, 2))):
            born = day - timedelta(days=rng.randrange(0, 1400))
            child_copy.add(f"{_uuid(rng)}\t\t{born}\t{family}\n")
    print(f"families: {family_copy.close()}, children: {child_copy.close()}", flush=True)

    # Sessions every weekday at each hub's five groups; 3 in 100 cancelled; each held one has
    # 5 to 15 children recorded (1 in 10 walked in, 1 in 8 of the booked did not come), a
    # booking for each booked child, and 1 in 5 a count of people who did not register.
    session_copy = _Copier(
        "bookings_sessionoccurrence",
        "id, starts_at, ends_at, capacity, places_counted_per, places_taken, cancelled_at, "
        "cancellation_reason, version, location_id, schedule_id, service_id",
    )
    booking_copy = _Copier(
        "bookings_booking",
        "id, places, status, created_at, status_changed_at, family_id, occurrence_id",
    )
    attendance_copy = _Copier(
        "bookings_attendance",
        "status, walk_in, recorded_at, family_id, booking_id, occurrence_id",
    )
    visitor_copy = _Copier("bookings_visitorcount", "adults, children, recorded_at, occurrence_id")
    session_id = booking_id = 0
    for day in weekdays:
        if day in holidays:
            continue
        tz = offset[day]
        booked_at = f"{day - timedelta(days=3)} 20:00:00{offset[day - timedelta(days=3)]}"
        for schedule in schedules:
            session_id += 1
            hour = schedule.opens_at.hour
            starts, ends = f"{day} {hour}:00:00{tz}", f"{day} {hour + 1}:00:00{tz}"
            hub = str(schedule.location_id)
            prefix = f"{session_id}\t{starts}\t{ends}\t15\tchild\t"
            if rng.random() < 0.03:
                session_copy.add(
                    f"{prefix}0\t{booked_at}\tBench\t2\t{hub}\t{schedule.id}\t{schedule.service_id}\n"
                )
                continue
            people = families_by_hub[hub]
            recorded = rng.randint(5, 15)
            first = rng.randrange(len(people))
            booked = 0
            for n in range(recorded):
                family = people[(first + n) % len(people)]
                if rng.random() < 0.1:
                    attendance_copy.add(f"attended\tt\t{ends}\t{family}\t\\N\t{session_id}\n")
                    continue
                booking_id += 1
                booked += 1
                booking_copy.add(
                    f"{booking_id}\t1\tconfirmed\t{booked_at}\t{booked_at}\t{family}\t{session_id}\n"
                )
                status = "no_show" if rng.random() < 0.125 else "attended"
                attendance_copy.add(f"{status}\tf\t{ends}\t{family}\t{booking_id}\t{session_id}\n")
            session_copy.add(
                f"{prefix}{booked}\t\\N\t\t1\t{hub}\t{schedule.id}\t{schedule.service_id}\n"
            )
            if rng.random() < 0.2:
                visitor_copy.add(
                    f"{rng.randint(1, 6)}\t{rng.randint(0, 6)}\t{ends}\t{session_id}\n"
                )
    print(
        f"sessions: {session_copy.close()}, bookings: {booking_copy.close()}, "
        f"attendances: {attendance_copy.close()}, visitor counts: {visitor_copy.close()}",
        flush=True,
    )

    _requests(
        cursor,
        rng,
        requests_wanted,
        services,
        referrer.id,
        families_by_hub,
        weekdays,
        offset,
        ordinal,
        encrypt("Not eligible (synthetic)"),
    )
    _search_tallies(cursor, rng, days, max(5, round(AREAS * scale)))

    print(f"loaded: {time.monotonic() - started:.0f}s; rebuilding indexes", flush=True)
    cursor.execute("SET maintenance_work_mem = '256MB'")
    for statement in rebuild:
        cursor.execute(statement)
    for table in SERIAL_TABLES:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 (ours)
            f"(SELECT coalesce(max(id), 1) FROM {table}))"
        )
    print(f"indexes: {time.monotonic() - started:.0f}s; VACUUM ANALYZE", flush=True)
    cursor.execute("VACUUM ANALYZE")
    print(
        f"vacuumed: {time.monotonic() - started:.0f}s; tallying as the nightly job does", flush=True
    )
    call_command("refresh_report_tallies", "--all")
    cursor.execute("VACUUM ANALYZE reports_attendancetally")
    print(f"done in {time.monotonic() - started:.0f}s", flush=True)


def _requests(
    cursor,
    rng,
    wanted,
    services,
    referrer_id,
    families_by_hub,
    weekdays,
    offset,
    ordinal,
    decline_reason,
) -> None:
    """Requests sent on working days, with the clocks and the events each step writes: 5 in
    100 withdrawn, 15 declined, 2 transferred, 5 still waiting (for the newest), the rest
    accepted, most then contacted and many closed with an outcome."""
    everyone = [family for families in families_by_hub.values() for family in families]
    request_copy = _Copier(
        "referrals_requestforsupport",
        "id, reference, kind, person_name, child_date_kind, email, phone, safe_contact, "
        "interpreter_language, reason, answers, urgency, status, version, sent_at, respond_by, "
        "received_at, accepted_at, first_contact_at, closed_at, outcome, outcome_detail, "
        "decline_reason, family_id, referrer_id, service_id, decline_category, "
        "working_days_to_response, working_days_to_acceptance, working_days_to_first_contact",
    )
    event_copy = _Copier(
        "referrals_requestevent", "from_status, to_status, actor, at, note, request_id"
    )
    by_date = {day: n for n, day in enumerate(sorted(ordinal))}
    dates = sorted(ordinal)
    working = [day for day in weekdays if ordinal[day] != ordinal[day - timedelta(days=1)]]
    targets = {str(s.id): (5, 10, None)[n % 3] for n, s in enumerate(services)}
    service_ids = list(targets)

    def later(day: date, working_days: int) -> date:
        # The `working_days`-th working day after `day`.
        goal, index = ordinal[day] + working_days, by_date[day]
        while ordinal[dates[index]] < goal or dates[index].weekday() > 4:
            index += 1
        return dates[index]

    def stamp(day: date, hour: int) -> str:
        return f"{day} {hour}:{rng.randrange(60):02d}:00{offset[day]}"

    for n in range(wanted):
        request = _uuid(rng)
        service = rng.choice(service_ids)
        sent_day = working[n * len(working) // wanted]
        sent = stamp(sent_day, 9)
        professional = rng.random() < 0.6
        events = [("", "sent", "referrer" if professional else "family", sent)]
        received = accepted = contacted = closed = NULL
        days_response = days_acceptance = days_contact = NULL
        outcome = category = reason = ""
        fate = rng.random()
        if fate < 0.05 and sent_day > weekdays[-30]:
            status = "sent"
        else:
            reply_day = later(sent_day, rng.choice((0, 1, 1, 2, 3, 4, 5, 6, 8, 12, 20)))
            received_day = later(sent_day, min(1, ordinal[reply_day] - ordinal[sent_day]))
            received = stamp(received_day, 10)
            days_response = str(ordinal[received_day] - ordinal[sent_day])
            events.append(("sent", "received", "team", received))
            if fate < 0.05:
                status = "received"
            elif fate < 0.10:
                status, closed = "withdrawn", stamp(reply_day, 11)
                events.append(("received", "withdrawn", "family", closed))
            elif fate < 0.25:
                status, closed = "declined", stamp(reply_day, 11)
                category, reason = rng.choice(DECLINE), decline_reason
                events.append(("received", "declined", "team", closed))
            elif fate < 0.27:
                status, closed = "transferred", stamp(reply_day, 11)
                events.append(("received", "transferred", "team", closed))
            else:
                status, accepted = "accepted", stamp(reply_day, 11)
                days_acceptance = str(ordinal[reply_day] - ordinal[sent_day])
                events.append(("received", "accepted", "team", accepted))
                if rng.random() < 0.8:
                    contact_day = later(reply_day, rng.randrange(0, 15))
                    status, contacted = "contacted", stamp(contact_day, 14)
                    days_contact = str(ordinal[contact_day] - ordinal[sent_day])
                    events.append(("accepted", "contacted", "team", contacted))
                    if rng.random() < 0.7:
                        end = later(contact_day, rng.randrange(1, 30))
                        status, closed, outcome = "closed", stamp(end, 15), rng.choice(OUTCOMES)
                        events.append(("contacted", "closed", "team", closed))
        target = targets[service]
        respond_by = later(sent_day, target) if target is not None else NULL
        family = rng.choice(everyone) if rng.random() < 0.7 else NULL
        request_copy.add(
            f"{request}\tB{n:09d}\t{'professional' if professional else 'self'}\t\t\t\t\t\t\t\t\t"
            f"{rng.choice((1, 1, 1, 2, 3))}\t{status}\t{len(events)}\t{sent}\t{respond_by}\t"
            f"{received}\t{accepted}\t{contacted}\t{closed}\t{outcome}\t\t{reason}\t{family}\t"
            f"{referrer_id if professional else NULL}\t{service}\t{category}\t"
            f"{days_response}\t{days_acceptance}\t{days_contact}\n"
        )
        for before, after, actor, at in events:
            event_copy.add(f"{before}\t{after}\t{actor}\t{at}\t\t{request}\n")
    print(f"requests: {request_copy.close()}, events: {event_copy.close()}", flush=True)


def _search_tallies(cursor, rng, days: list[date], areas: int) -> None:
    """Each day, a few kinds of search from each district (unique per day and kind)."""
    tally_copy = _Copier(
        "reports_searchtally",
        "day, area, topic, age_band, within_miles, found_something, searches",
    )
    names = [f"B{n // 10 + 1}{n % 10}" if n % 7 else f"Benchton {n}" for n in range(areas)]
    for day in days:
        for area in names:
            kinds = {
                (
                    rng.choice(TOPICS),
                    rng.choice(AGE_BANDS),
                    rng.choice((1, 3, 10, 20)),
                    rng.random() < 0.8,
                )
                for _ in range(rng.randint(0, 3))
            }
            for topic, band, miles, found in kinds:
                tally_copy.add(
                    f"{day}\t{area}\t{topic}\t{band}\t{miles}\t{'t' if found else 'f'}\t"
                    f"{rng.randint(1, 9)}\n"
                )
    print(f"search tallies: {tally_copy.close()}", flush=True)


# The benchmark: pages, downloads and the figures checked against plain SQL. (The SQL below is
# built from this file's own constants; values are always parameters.)

PERIOD = {
    "period": "FY2025",
    "compare": "previous",
}  # April 2025 to March 2026, beside the year before
LOCAL_DAY = "(({0}) AT TIME ZONE 'Europe/London')::date"


def _commissioner_client():
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from accounts.roles import COMMISSIONERS
    from accounts.tests.factories import sign_in_with_two_factor

    user, _ = User.objects.get_or_create(
        username="bench-commissioner", defaults={"email": "commissioner@bench.example"}
    )
    user.groups.add(Group.objects.get_or_create(name=COMMISSIONERS)[0])
    client = Client()
    sign_in_with_two_factor(client, user)
    return client


def time_pages(runs: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from reports.registry import REPORTS

    client = _commissioner_client()
    print(f"{'report page':<20} {'median':>8} {'p95':>8} {'cpu p95':>8} {'queries':>7}  (ms)")
    for name in REPORTS:
        url = reverse("reports:report", args=[name])
        assert client.get(url, PERIOD).status_code == 200  # warm: caches, plans, templates
        wall, cpu, queries = [], [], set()
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url, PERIOD)
                wall.append(1000 * (time.perf_counter() - started))
                cpu.append(1000 * (time.process_time() - started_cpu))
            assert response.status_code == 200, (name, response.status_code)
            queries.add(len(captured))
        print(
            f"{name:<20} {statistics.median(wall):8.0f} {_p95(wall):8.0f} {_p95(cpu):8.0f} "
            f"{'/'.join(map(str, sorted(queries))):>7}",
            flush=True,
        )


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(len(ordered) * 0.95) - 1)]


def time_downloads() -> None:
    """Each download in a process of its own: its peak resident memory, beside that of the same
    process just before the request (Django and the signed-in client loaded)."""
    from reports.registry import REPORTS

    print(f"{'download':<26} {'seconds':>8} {'bytes':>10} {'peak RSS MB':>12} {'growth MB':>10}")
    for name in REPORTS:
        for file_format in ("csv", "xlsx"):
            result = subprocess.run(
                [sys.executable, __file__, "download", name, file_format],
                capture_output=True,
                text=True,
                check=True,
            )
            print(f"{name + '.' + file_format:<26} {result.stdout.strip()}", flush=True)


def download(name: str, file_format: str) -> None:
    from django.urls import reverse

    client = _commissioner_client()
    client.get(reverse("reports:index"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get(reverse(f"reports:{file_format}", args=[name]), PERIOD)
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert response.status_code == 200 and size > 0
    print(f"{seconds:8.2f} {size:10,} {peak:12.0f} {peak - before:10.0f}")


def _rows(sql: str, params: dict) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _keyed(sql: str, params: dict, columns: tuple[str, ...]) -> dict[str, dict[str, int]]:
    """Rows of (label, *values) as {label: {column: value}}."""
    return {row[0]: dict(zip(columns, row[1:], strict=True)) for row in _rows(sql, params)}


def _merge(*parts: dict[str, dict]) -> dict[str, dict]:
    merged: dict[str, dict] = {}
    for part in parts:
        for label, values in part.items():
            merged.setdefault(label, {}).update(values)
    return merged


SESSIONS_IN = (
    "SELECT s.*, l.name AS hub, d.name AS service_name, "
    "to_char(s.starts_at AT TIME ZONE 'Europe/London', 'FMDay HH24:MI') AS slot "
    "FROM bookings_sessionoccurrence s JOIN directory_location l ON l.id = s.location_id "
    "JOIN directory_service d ON d.id = s.service_id "
    "WHERE l.is_family_hub AND s.starts_at >= %(start)s AND s.starts_at < %(end)s"
)
AGE_BAND_OF_CHILD = (
    "CASE WHEN a.child_age_months IS NULL THEN 'Not born yet' "
    "WHEN a.child_age_months < 6 THEN '0 to 5 months' "
    "WHEN a.child_age_months < 12 THEN '6 to 11 months' "
    "WHEN a.child_age_months < 24 THEN '1 year' "
    "WHEN a.child_age_months < 60 THEN '2 to 4 years' ELSE '5 years and over' END"
)


def sql_attendance(params: dict, by: str = "hub") -> dict[str, dict]:
    """Attendance's figures grouped by `by`: a column of `SESSIONS_IN`."""
    return _merge(
        _keyed(
            f"WITH s AS ({SESSIONS_IN}) SELECT {by}, "  # noqa: S608
            "count(*) FILTER (WHERE cancelled_at IS NULL AND (EXISTS (SELECT 1 FROM "
            "bookings_attendance a WHERE a.occurrence_id = s.id) OR EXISTS (SELECT 1 FROM "
            "bookings_visitorcount v WHERE v.occurrence_id = s.id))), "
            "count(*) FILTER (WHERE cancelled_at IS NOT NULL), "
            f"coalesce(sum(capacity) FILTER (WHERE cancelled_at IS NULL), 0) FROM s GROUP BY {by}",
            params,
            ("sessions", "cancelled", "places"),
        ),
        _keyed(
            f"WITH s AS ({SESSIONS_IN}) SELECT {by}, sum(b.places) FROM bookings_booking b "  # noqa: S608
            "JOIN s ON s.id = b.occurrence_id WHERE s.cancelled_at IS NULL "
            f"AND b.status IN ('confirmed', 'came_from_waiting') GROUP BY {by}",
            params,
            ("booked",),
        ),
        _keyed(
            f"WITH s AS ({SESSIONS_IN}) SELECT {by}, "  # noqa: S608
            "count(*) FILTER (WHERE a.status = 'attended'), "
            "count(*) FILTER (WHERE a.status = 'attended' AND a.walk_in), "
            "count(*) FILTER (WHERE a.status = 'no_show') "
            f"FROM bookings_attendance a JOIN s ON s.id = a.occurrence_id GROUP BY {by}",
            params,
            ("attended", "walk_ins", "no_shows"),
        ),
        _keyed(
            f"WITH s AS ({SESSIONS_IN}) SELECT {by}, sum(v.adults + v.children) "  # noqa: S608
            f"FROM bookings_visitorcount v JOIN s ON s.id = v.occurrence_id GROUP BY {by}",
            params,
            ("visitors",),
        ),
    )


def sql_attendance_by_age(params: dict) -> dict[str, dict]:
    return _keyed(
        f"WITH s AS ({SESSIONS_IN}) SELECT {AGE_BAND_OF_CHILD}, "  # noqa: S608
        "count(*) FILTER (WHERE a.status = 'attended'), "
        "count(*) FILTER (WHERE a.status = 'attended' AND a.walk_in), "
        "count(*) FILTER (WHERE a.status = 'no_show') "
        "FROM bookings_attendance a JOIN s ON s.id = a.occurrence_id GROUP BY 1",
        params,
        ("attended", "walk_ins", "no_shows"),
    )


def sql_reach(params: dict) -> dict[str, dict]:
    return _merge(
        _keyed(
            "SELECT l.name, count(*), count(*) FILTER (WHERE f.created >= %(start)s) "
            "FROM families_family f JOIN directory_location l ON l.id = f.hub_id "
            "WHERE l.is_family_hub AND f.created < %(end)s GROUP BY l.name",
            params,
            ("registered", "new"),
        ),
        _keyed(
            f"WITH s AS ({SESSIONS_IN}), seen AS (SELECT DISTINCT s.hub, a.family_id "  # noqa: S608
            "FROM bookings_attendance a JOIN s ON s.id = a.occurrence_id "
            "WHERE a.status = 'attended' AND a.family_id IS NOT NULL), "
            "before AS (SELECT DISTINCT a.family_id FROM bookings_attendance a "
            "JOIN bookings_sessionoccurrence o ON o.id = a.occurrence_id "
            "WHERE a.status = 'attended' AND o.starts_at < %(start)s) "
            "SELECT hub, count(*), count(*) - count(before.family_id), count(before.family_id) "
            "FROM seen LEFT JOIN before USING (family_id) GROUP BY hub",
            params,
            ("seen", "first_time", "returning"),
        ),
    )


HUB_FAMILIES = (
    "SELECT f.*, coalesce(p.small_area_code, '') AS area FROM families_family f "
    "JOIN directory_location l ON l.id = f.hub_id "
    "LEFT JOIN geo_postcode p ON p.postcode = f.home_postcode WHERE l.is_family_hub"
)
EXPECTING = (
    "SELECT DISTINCT family_id FROM families_child WHERE (date_of_birth IS NULL OR "
    "date_of_birth >= %(first)s) AND due_date >= %(first)s AND due_date <= %(last)s + 280"
)


def _sql_reach_by_area(report: str, params: dict) -> dict[str, dict]:
    """Reach by ward, small area or decile: counts by the small area of each family's home
    postcode, added up under the page's row labels (small areas outside the hubs' councils,
    or not found, on one row). The ONS estimates beside them are not checked (the bench loads
    none, so the page shows 0)."""
    from reports import reach
    from reports.scopes import command_line_scope

    row_of = {
        "reach-by-ward": reach._ward_label,
        "reach-by-small-area": lambda area: area.name or area.code,
        "reach-by-deprivation": reach._decile_label,
    }[report]
    areas = {area.code: area for area in reach.area_of_hubs(command_line_scope())}
    registered = _keyed(
        f"SELECT area, count(*), count(e.family_id) FROM ({HUB_FAMILIES}) f "  # noqa: S608
        f"LEFT JOIN ({EXPECTING}) e ON e.family_id = f.id WHERE f.created < %(end)s "
        "GROUP BY area",
        params,
        ("registered", "expecting_registered"),
    )
    seen = _keyed(
        f"WITH s AS ({SESSIONS_IN}), seen AS (SELECT DISTINCT a.family_id "  # noqa: S608
        "FROM bookings_attendance a JOIN s ON s.id = a.occurrence_id "
        "WHERE a.status = 'attended' AND a.family_id IS NOT NULL), "
        "before AS (SELECT DISTINCT a.family_id FROM bookings_attendance a "
        "JOIN bookings_sessionoccurrence o ON o.id = a.occurrence_id "
        "WHERE a.status = 'attended' AND o.starts_at < %(start)s) "
        "SELECT coalesce(p.small_area_code, ''), count(*), count(b.family_id), "
        "count(e.family_id) FROM seen JOIN families_family f ON f.id = seen.family_id "
        "LEFT JOIN geo_postcode p ON p.postcode = f.home_postcode "
        f"LEFT JOIN before b ON b.family_id = seen.family_id LEFT JOIN ({EXPECTING}) e "
        "ON e.family_id = seen.family_id GROUP BY 1",
        params,
        ("seen", "returning", "expecting_seen"),
    )
    rows: dict[str, dict[str, int]] = {}
    for code, counts in (*registered.items(), *seen.items()):
        label = row_of(areas[code]) if code in areas else reach.OUTSIDE
        row = rows.setdefault(label, {})
        for key, value in counts.items():
            row[key] = row.get(key, 0) + value
    for row in rows.values():
        row["first_time"] = row.get("seen", 0) - row.get("returning", 0)
    return rows


REQUESTS_IN = (
    "SELECT q.*, d.name AS service_name FROM referrals_requestforsupport q "
    "JOIN directory_service d ON d.id = q.service_id "
    "WHERE q.sent_at >= %(start)s AND q.sent_at < %(end)s"
)


def sql_requests(params: dict) -> dict[str, dict]:
    return _keyed(
        f"SELECT service_name, count(*), count(*) FILTER (WHERE kind = 'professional'), "  # noqa: S608
        "count(*) FILTER (WHERE kind = 'self'), count(accepted_at), "
        "count(*) FILTER (WHERE status = 'declined'), count(*) FILTER (WHERE status = "
        "'withdrawn'), count(*) FILTER (WHERE status = 'transferred'), "
        "count(*) FILTER (WHERE status IN ('sent', 'received')) "
        f"FROM ({REQUESTS_IN}) r GROUP BY service_name",
        params,
        (
            "sent",
            "professional",
            "self",
            "accepted",
            "declined",
            "withdrawn",
            "transferred",
            "waiting",
        ),
    )


def _working_days(start: str, end: str) -> str:
    """Working days after `start` up to and including `end`, by walking the calendar."""
    return (
        f"(SELECT count(*) FROM generate_series({start} + 1, {end}, interval '1 day') d "  # noqa: S608
        "WHERE extract(isodow FROM d) < 6 AND d::date NOT IN "
        "(SELECT date FROM timetable_bankholiday))"
    )


def sql_waits(params: dict) -> dict[str, dict]:
    replied = "coalesce(accepted_at, CASE WHEN status = 'declined' THEN closed_at END)"
    rows = _rows(
        "WITH r AS (SELECT service_name, i.response_target_working_days AS target, "  # noqa: S608
        f"{LOCAL_DAY.format('sent_at')} AS sent, {LOCAL_DAY.format(replied)} AS replied, "
        f"{LOCAL_DAY.format('accepted_at')} AS accepted, "
        f"{LOCAL_DAY.format('first_contact_at')} AS contacted FROM ({REQUESTS_IN}) q "
        "LEFT JOIN referrals_serviceintake i ON i.service_id = q.service_id), "
        f"w AS (SELECT *, CASE WHEN replied IS NOT NULL THEN {_working_days('sent', 'replied')} "
        f"END AS reply_days, CASE WHEN accepted IS NOT NULL THEN "
        f"{_working_days('sent', 'accepted')} END AS accept_days, CASE WHEN contacted IS NOT NULL "
        f"THEN {_working_days('sent', 'contacted')} END AS contact_days FROM r) "
        "SELECT service_name, count(reply_days), "
        "percentile_disc(0.5) WITHIN GROUP (ORDER BY reply_days), "
        "percentile_cont(0.9) WITHIN GROUP (ORDER BY reply_days), "
        "count(*) FILTER (WHERE reply_days <= target), count(reply_days) FILTER (WHERE target "
        "IS NOT NULL), count(accept_days), "
        "percentile_disc(0.5) WITHIN GROUP (ORDER BY accept_days), "
        "percentile_cont(0.9) WITHIN GROUP (ORDER BY accept_days), count(contact_days), "
        "percentile_disc(0.5) WITHIN GROUP (ORDER BY contact_days), "
        "percentile_cont(0.9) WITHIN GROUP (ORDER BY contact_days) "
        "FROM w GROUP BY ROLLUP (service_name)",
        params,
    )
    result = {}
    for row in rows:
        label, n, median, p90, met, had = row[:6]
        accepted, accept, contacted, contact = row[6], row[7:9], row[9], row[10:12]
        result[label or "All services in this report"] = {
            "replied": n,
            "median_reply": median,
            "p90_reply": _rounded(p90),
            "within_target": met,
            "share_within_target": round(100 * met / had) if had else None,
            "with_target": had,
            "accepted": accepted,
            "median_accept": accept[0],
            "p90_accept": _rounded(accept[1]),
            "contacted": contacted,
            "median_contact": contact[0],
            "p90_contact": _rounded(contact[1]),
        }
    return result


def _rounded(value: float | None) -> int | None:
    return round(value) if value is not None else None


def _split_by(field: str, status: str, total: str, parts: tuple[str, ...], params) -> dict:
    counts = {}
    rows = _rows(
        f"SELECT d.name, q.{field}, count(*) FROM referrals_requestforsupport q "  # noqa: S608
        "JOIN directory_service d ON d.id = q.service_id WHERE q.status = %(status)s "
        "AND q.closed_at >= %(start)s AND q.closed_at < %(end)s GROUP BY 1, 2",
        params | {"status": status},
    )
    for label, part, n in rows:
        if part in parts:
            values = counts.setdefault(label, dict.fromkeys((total, *parts), 0))
            values[part] += n
            values[total] += n
    return counts


def sql_declines(params: dict) -> dict[str, dict]:
    return _split_by("decline_category", "declined", "declined", DECLINE, params)


def sql_outcomes(params: dict) -> dict[str, dict]:
    return _split_by("outcome", "closed", "closed", OUTCOMES, params)


def _sql_searches(dimension: str, params: dict) -> dict[str, dict]:
    return _keyed(
        f"SELECT CASE WHEN {dimension} = '' THEN 'Any topic' ELSE {dimension} END, "  # noqa: S608
        "sum(searches), sum(searches) FILTER (WHERE found_something), "
        "coalesce(sum(searches) FILTER (WHERE NOT found_something), 0) "
        "FROM reports_searchtally WHERE day BETWEEN %(first)s AND %(last)s GROUP BY 1",
        params,
        ("searches", "found", "nothing"),
    )


def sql_campaigns(params: dict) -> dict[str, dict]:
    return _keyed(
        "WITH c AS (SELECT *, (ends_on - starts_on) AS length FROM campaigns_campaign "
        "WHERE starts_on <= %(last)s AND ends_on >= %(first)s), "
        "w AS (SELECT c.id, c.name, "
        "(c.starts_on::timestamp AT TIME ZONE 'Europe/London') AS d0, "
        "((c.ends_on + 1)::timestamp AT TIME ZONE 'Europe/London') AS d1, "
        "((c.starts_on - 1 - c.length)::timestamp AT TIME ZONE 'Europe/London') AS b0, "
        "(c.starts_on::timestamp AT TIME ZONE 'Europe/London') AS b1 FROM c) "
        "SELECT w.name, "
        "(SELECT count(*) FROM campaigns_event e JOIN directory_location l ON l.id = "
        "e.location_id WHERE e.campaign_id = w.id AND l.is_family_hub AND NOT e.cancelled "
        "AND e.starts_at >= w.d0 AND e.starts_at < w.d1), "
        "(SELECT count(*) FROM families_family f JOIN directory_location l ON l.id = f.hub_id "
        "WHERE l.is_family_hub AND f.created >= w.d0 AND f.created < w.d1), "
        "(SELECT count(*) FROM families_family f JOIN directory_location l ON l.id = f.hub_id "
        "WHERE l.is_family_hub AND f.created >= w.b0 AND f.created < w.b1), "
        "(SELECT count(*) FROM bookings_attendance a JOIN bookings_sessionoccurrence o ON "
        "o.id = a.occurrence_id JOIN directory_location l ON l.id = o.location_id WHERE "
        "l.is_family_hub AND a.status = 'attended' AND o.service_id IN (SELECT service_id "
        "FROM campaigns_campaign_services cs WHERE cs.campaign_id = w.id) "
        "AND o.starts_at >= w.d0 AND o.starts_at < w.d1), "
        "(SELECT count(*) FROM bookings_attendance a JOIN bookings_sessionoccurrence o ON "
        "o.id = a.occurrence_id JOIN directory_location l ON l.id = o.location_id WHERE "
        "l.is_family_hub AND a.status = 'attended' AND o.service_id IN (SELECT service_id "
        "FROM campaigns_campaign_services cs WHERE cs.campaign_id = w.id) "
        "AND o.starts_at >= w.b0 AND o.starts_at < w.b1) FROM w",
        params,
        ("events", "registered", "registered_before", "came", "came_before"),
    )


CHECKS = {
    "reach": sql_reach,
    **{
        name: lambda params, name=name: _sql_reach_by_area(name, params)
        for name in ("reach-by-ward", "reach-by-small-area", "reach-by-deprivation")
    },
    "attendance": sql_attendance,
    "attendance-by-service": lambda params: sql_attendance(params, by="service_name"),
    "attendance-by-day-and-time": lambda params: sql_attendance(params, by="slot"),
    "attendance-by-age-band": sql_attendance_by_age,
    "campaigns": sql_campaigns,
    "requests": sql_requests,
    "waits": sql_waits,
    "declines": sql_declines,
    "outcomes": sql_outcomes,
    "searches-by-area": lambda params: _sql_searches("area", params),
    "searches-by-topic": lambda params: _sql_searches("topic", params),
}


def _differences(table, expected: dict[str, dict], campaigns: bool) -> list[tuple]:
    """(row, column, report's value, SQL's) wherever they differ. A row SQL has no figures
    for is all 0 (medians: none); the total row is SQL's own when it has one, else the sum of
    SQL's rows."""
    from reports.suppression import Hidden

    derived = {column.key for column in table.columns if column.based_on}
    found = []
    totals: dict[str, int] = {}
    for row in table.rows:
        label = row.label.rsplit(" (", 1)[0] if campaigns else row.label
        wanted = expected.get(label, {})
        for column, figure in zip(table.columns, row.figures, strict=True):
            value = None if figure.hidden is Hidden.NONE else figure.value
            sql = wanted.get(column.key, None if column.key in derived else 0)
            if column.key not in derived:
                totals[column.key] = totals.get(column.key, 0) + sql
            if value != sql:
                found.append((label, column.key, value, sql))
    wanted = expected.get(table.total.label, totals)
    for column, figure in zip(table.columns, table.total.figures, strict=True):
        value = None if figure.hidden is Hidden.NONE else figure.value
        if column.key in wanted and value != wanted[column.key]:
            found.append((table.total.label, column.key, value, wanted[column.key]))
    return found


def check_figures() -> bool:
    """Every figure of every report, before suppression, against plain SQL over the raw
    tables; totals of counts are the sums of the SQL rows (waits' totals come from SQL)."""
    from django.db import connection

    from reports.periods import from_key
    from reports.registry import REPORTS
    from reports.scopes import command_line_scope

    with connection.cursor() as cursor:
        # The plain SQL's DISTINCT over millions of attendances spills to disk at 4 MB.
        cursor.execute("SET work_mem = '256MB'")
    scope = command_line_scope()
    all_right = True
    for key in (PERIOD["period"], "FY2024"):
        period = from_key(key)
        params = {
            "start": period.starts_at(),
            "end": period.ends_before(),
            "first": period.start,
            "last": period.end,
        }
        for name, report in REPORTS.items():
            if name not in CHECKS:
                print(f"{key} {name:<18} no SQL check written for it here", flush=True)
                continue
            started = time.perf_counter()
            table = report.build(period, scope)
            expected = CHECKS[name](params)
            mismatches = _differences(table, expected, campaigns=name == "campaigns")
            all_right &= not mismatches
            verdict = "same as SQL" if not mismatches else f"DIFFERENT: {mismatches[:5]}"
            print(
                f"{key} {name:<18} {len(table.rows):5} rows  {verdict}  "
                f"(built in {time.perf_counter() - started:.1f}s)",
                flush=True,
            )
    return all_right


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate", help="fill an empty bench database")
    make.add_argument("--scale", type=float, default=1.0, help="1 = a million families")
    make.add_argument("--seed", type=int, default=11)
    bench = commands.add_parser("run", help="time the pages and downloads; check the figures")
    bench.add_argument("--runs", type=int, default=10, help="requests of each page")
    bench.add_argument(
        "--parts",
        default="pages,downloads,checks",
        help="which of pages, downloads and checks to run (comma-separated)",
    )
    bench.add_argument(
        "--skip", default="", help="reports to leave out, comma-separated (e.g. reach)"
    )
    fetch = commands.add_parser("download", help="(one download, for its memory; used by run)")
    fetch.add_argument("name")
    fetch.add_argument("file_format", choices=("csv", "xlsx"))
    arguments = parser.parse_args(argv)
    setup_django()
    from reports.registry import REPORTS

    if arguments.command == "generate":
        generate(arguments.scale, arguments.seed)
    elif arguments.command == "download":
        download(arguments.name, arguments.file_format)
    else:
        load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
        print(f"{date.today()}, {load}")
        parts = arguments.parts.split(",")
        for name in filter(None, arguments.skip.split(",")):
            REPORTS.pop(name)
        if "pages" in parts:
            time_pages(arguments.runs)
        if "downloads" in parts:
            time_downloads()
        if "checks" in parts and not check_figures():
            sys.exit("Some figures differ from plain SQL.")


if __name__ == "__main__":
    main()
