"""The staff register page for a session with 100 bookings: SQL queries and server time.

    .venv/bin/python bench/bookings_register.py [--bookings 100] [--requests 30]

Creates its own PostgreSQL database (fh_bench_book, dropped at the end), books --bookings
families (one child each) into one session, then requests the register page --requests times
in-process with Django's test client as a member of that hub's staff. Prints the queries per
page for 1 booking and for --bookings (they should be equal) and the median and p95 time.
"""

import argparse
import statistics
import time

from bookings_common import bench_database, make_families


def timed_register(client, url: str, requests: int) -> tuple[int, list[float]]:
    from django.db import connection

    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(requests):
        began = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - began) * 1000)
    return len(executed), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bookings", type=int, default=100)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    with bench_database():
        from django.test import Client
        from django.urls import reverse

        from accounts.tests.factories import sign_in_with_two_factor
        from bookings import services
        from bookings.tests.factories import bookable_schedule, hub_staff, next_friday_at_ten

        occurrence = services.occurrence_for(
            bookable_schedule(capacity=args.bookings), next_friday_at_ten()
        )
        client = Client()
        sign_in_with_two_factor(client, hub_staff(occurrence.location))
        url = reverse("bookings:staff_register", args=[occurrence.pk])
        families = make_families(args.bookings, hub=occurrence.location)
        booked = 0
        for wanted in (1, args.bookings):
            for family in families[booked:wanted]:
                services.book(family, occurrence.pk, list(family.children.all()))
            booked = wanted
            queries, times = timed_register(client, url, args.requests)
            p95 = statistics.quantiles(times, n=20)[-1]
            print(
                f"Register with {booked} booking(s): {queries} queries; "
                f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms "
                f"over {args.requests} requests"
            )


if __name__ == "__main__":
    main()
