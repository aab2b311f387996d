"""Booking throughput under concurrency on PostgreSQL: one popular session, and spread over many.

    .venv/bin/python bench/bookings_throughput.py [--families 400] [--threads 16]

Creates its own database (fh_bench_book, dropped at the end), then has --threads workers, each
with its own connection, book --families families through `bookings.services.book` (the function
the booking page calls): first all into one session with 100 places (the rest join the waiting
list), then each into one of 50 sessions chosen at random. Prints bookings per second and checks
that no session holds more than its capacity.
"""

import argparse
import queue
import random
import threading
import time

from bookings_common import bench_database, make_families

CAPACITY = 100
SPREAD_SESSIONS = 50


def run(families: list, session_for, threads: int) -> tuple[float, list[BaseException]]:
    from django.db import connections

    from bookings import services

    work: queue.Queue = queue.Queue()
    for family in families:
        work.put(family)
    errors: list[BaseException] = []
    start = threading.Barrier(threads + 1)

    def worker() -> None:
        start.wait()
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
            except BaseException as error:
                errors.append(error)
        connections.close_all()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in pool:
        thread.join()
    return time.perf_counter() - began, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--families", type=int, default=400)
    parser.add_argument("--threads", type=int, default=16)
    args = parser.parse_args()
    with bench_database():
        from bookings import services
        from bookings.models import Booking, SessionOccurrence
        from bookings.tests.factories import bookable_schedule, next_friday_at_ten

        schedule = bookable_schedule(capacity=CAPACITY)
        popular = services.occurrence_for(schedule, next_friday_at_ten())
        seconds, errors = run(make_families(args.families), lambda f: popular.pk, args.threads)
        popular.refresh_from_db()
        confirmed = popular.bookings.filter(status=Booking.Status.CONFIRMED).count()
        print(
            f"One popular session: {args.families} bookings by {args.threads} threads in "
            f"{seconds:.2f}s = {args.families / seconds:.0f} bookings/s; "
            f"{confirmed} confirmed (capacity {CAPACITY}), "
            f"{args.families - confirmed} waiting, {len(errors)} errors"
        )

        sessions = [
            services.occurrence_for(bookable_schedule(capacity=CAPACITY), next_friday_at_ten()).pk
            for _ in range(SPREAD_SESSIONS)
        ]
        rng = random.Random(42)
        choice = {}

        def spread(family) -> int:
            return choice.setdefault(family.pk, rng.choice(sessions))

        families = make_families(args.families)
        for family in families:
            spread(family)
        seconds, errors = run(families, spread, args.threads)
        over = SessionOccurrence.objects.filter(pk__in=sessions).exclude(places_taken__lte=CAPACITY)
        print(
            f"Spread over {SPREAD_SESSIONS} sessions: {args.families} bookings by {args.threads} "
            f"threads in {seconds:.2f}s = {args.families / seconds:.0f} bookings/s; "
            f"{over.count()} sessions over capacity, {len(errors)} errors"
        )
        for error in errors[:3]:
            print("  error:", type(error).__name__, error)


if __name__ == "__main__":
    main()
