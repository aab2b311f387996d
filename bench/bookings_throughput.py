"""Booking throughput under concurrency on PostgreSQL: one popular session, and spread over many.

    .venv/bin/python bench/bookings_throughput.py [--families 400] [--processes 4] [--threads 4]
        [--sessions 50] [--database fh_bench_book] [--server-side-binding]

Creates its own database (--database, fh_bench_book by default, dropped at the end), then has
--processes worker processes (as gunicorn's workers would be) of --threads threads each, every
thread with its own connection, book --families families through `bookings.services.book` (the
function the booking page calls): first all into one session with 100 places (the rest join the
waiting list), then each into one of --sessions sessions chosen at random. Prints bookings per second, the client's
CPU per booking, and checks that no session holds more than its capacity.

--server-side-binding measures psycopg's server-side parameters with statements prepared on
first use (Django's "server_side_binding" and psycopg's "prepare_threshold" options): PostgreSQL
then plans each statement of a booking once per connection instead of on every booking.

Processes rather than threads alone: one Python process spends most of a booking in the ORM
(building queries, reading rows) holding the GIL, so 16 threads in one process measure the GIL,
not booking. Production runs several worker processes; so does this.
"""

import argparse
import multiprocessing
import os
import queue
import random
import resource
import threading
import time
from pathlib import Path

from bookings_common import DATABASE, bench_database, make_families

CAPACITY = 100


def _worker_process(families: list, session_for, threads: int, barrier, results) -> None:
    """One worker process: `threads` threads book its share of families, one at a time each."""
    from django.db import connections

    from bookings import services

    connections.close_all()  # never share the parent's connection across a fork
    work: queue.Queue = queue.Queue()
    for family in families:
        work.put(family)
    errors: list[str] = []
    database_cpu: list[float] = []

    def worker() -> None:
        while True:
            try:
                family = work.get_nowait()
            except queue.Empty:
                break
            try:
                services.book(
                    family,
                    session_for(family),
                    list(family.children.all()),
                    by=family.adults.all()[0].user,
                    join_waiting_list=True,
                )
            except Exception as error:  # counted and shown: the run must report every failure
                errors.append(f"{type(error).__name__}: {error}")
        database_cpu.append(backend_cpu_seconds())
        connections.close_all()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    barrier.wait()
    cpu = time.process_time()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    results.put((time.process_time() - cpu, sum(database_cpu), errors))


def backend_cpu_seconds() -> float:
    """CPU time the PostgreSQL backend serving this thread's connection has used (0 if remote).

    Read from /proc before the connection closes: the connection was opened for booking, so this
    is the database's share of the work."""
    from django.db import connection

    if connection.connection is None:
        return 0.0
    try:
        fields = Path(f"/proc/{connection.connection.info.backend_pid}/stat").read_text().split()
    except OSError:
        return 0.0
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def run(families: list, session_for, processes: int, threads: int) -> tuple:
    """Book every family: wall seconds, client and database CPU seconds, and the errors."""
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(processes + 1)
    results = context.Queue()
    workers = [
        context.Process(
            target=_worker_process,
            args=(families[n::processes], session_for, threads, barrier, results),
        )
        for n in range(processes)
    ]
    for process in workers:
        process.start()
    barrier.wait()
    began = time.perf_counter()
    gathered = [results.get() for _ in workers]
    seconds = time.perf_counter() - began
    for process in workers:
        process.join()
    return (
        seconds,
        sum(cpu for cpu, _, _ in gathered),
        sum(db for _, db, _ in gathered),
        [e for _, _, errors in gathered for e in errors],
    )


def report(label: str, count: int, measured: tuple, extra: str) -> None:
    seconds, cpu, database_cpu, errors = measured
    print(
        f"{label}: {count} bookings in {seconds:.2f}s = {count / seconds:.0f} bookings/s; "
        f"CPU a booking: client {cpu / count * 1000:.1f} ms, database "
        f"{database_cpu / count * 1000:.1f} ms; {extra}; {len(errors)} errors"
    )
    for error in errors[:3]:
        print("  error:", error)


def over_capacity(session_ids: list[int]) -> list[int]:
    """Sessions whose confirmed places exceed their capacity, or disagree with places_taken."""
    from django.db.models import Q, Sum

    from bookings.models import Booking, SessionOccurrence

    sessions = SessionOccurrence.objects.filter(pk__in=session_ids).annotate(
        confirmed=Sum("bookings__places", filter=Q(bookings__status=Booking.Status.CONFIRMED))
    )
    return [
        s.pk
        for s in sessions
        if s.places_taken > s.capacity or (s.confirmed or 0) != s.places_taken
    ]


def queries_per_booking() -> int:
    """Queries one booking makes (BEGIN and COMMIT included), on a session of its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bookings import services
    from bookings.tests.factories import bookable_schedule, next_friday_at_ten

    session = services.occurrence_for(bookable_schedule(capacity=CAPACITY), next_friday_at_ten())
    [family] = make_families(1)
    children, by = list(family.children.all()), family.adults.all()[0].user
    with CaptureQueriesContext(connection) as captured:
        services.book(family, session.pk, children, by=by)
    return len(captured)


def prepare_statements_on_the_server() -> None:
    """Bind parameters on the server and prepare every statement the first time it runs."""
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    options = settings.DATABASES["default"].setdefault("OPTIONS", {})
    options.update(server_side_binding=True, prepare_threshold=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--families", type=int, default=400)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--database", default=DATABASE, help="made for the run, then dropped")
    parser.add_argument("--server-side-binding", action="store_true")
    args = parser.parse_args()
    with bench_database(args.database):
        if args.server_side_binding:
            prepare_statements_on_the_server()
        from bookings import services
        from bookings.models import Booking
        from bookings.tests.factories import bookable_schedule, next_friday_at_ten

        print(
            f"{args.processes} processes x {args.threads} threads"
            f"{' (server-side binding)' if args.server_side_binding else ''}; "
            f"load average {os.getloadavg()[0]:.1f} at the start; "
            f"{queries_per_booking()} queries a booking"
        )
        schedule = bookable_schedule(capacity=CAPACITY)
        popular = services.occurrence_for(schedule, next_friday_at_ten()).pk
        families = make_families(args.families)
        measured = run(families, lambda f: popular, args.processes, args.threads)
        confirmed = Booking.objects.filter(
            occurrence_id=popular, status=Booking.Status.CONFIRMED
        ).count()
        over = over_capacity([popular])
        report(
            "One popular session",
            args.families,
            measured,
            f"{confirmed} confirmed (capacity {CAPACITY}), {args.families - confirmed} waiting, "
            f"{len(over)} over capacity",
        )

        sessions = [
            services.occurrence_for(bookable_schedule(capacity=CAPACITY), next_friday_at_ten()).pk
            for _ in range(args.sessions)
        ]
        rng = random.Random(42)
        families = make_families(args.families)
        choice = {family.pk: rng.choice(sessions) for family in families}
        measured = run(families, lambda f: choice[f.pk], args.processes, args.threads)
        over = over_capacity(sessions)
        booked = Booking.objects.filter(occurrence_id__in=sessions).count()
        report(
            f"Spread over {args.sessions} sessions",
            args.families,
            measured,
            f"{booked} bookings recorded, {len(over)} sessions over capacity",
        )
        print(
            f"load average {os.getloadavg()[0]:.1f} at the end; "
            f"parent peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB"
        )


if __name__ == "__main__":
    main()
