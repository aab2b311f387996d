"""A receiving team's inbox with 50,000 requests for support on PostgreSQL: server time (p95)
and queries per page, with the filters, a deep page and a request's own page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fh_bench_referrals \
        .venv/bin/python bench/referrals_inbox.py [--requests 50000] [--runs 40]

The database must be named *bench* (page_bench refuses anything else); it is migrated and
filled once (reruns reuse it). One service holds --requests requests and a second service
a fifth as many (another team's, never shown). Prints the load average, each page's median
and p95, its queries (the same for 1 request as for 50,000), and EXPLAIN ANALYZE of the
list's queries (count, page) for the default list, a filter, a deep page and the overdue count.
"""

import argparse
import datetime
import os
import random
import statistics

from page_bench import analyze, setup_django, time_requests

PAGES = {
    "open requests (default)": "",
    "urgent only": "?urgency=3",
    "waiting for a reply, overdue": "?status=awaiting&waiting=overdue",
    "sent 10+ working days ago": "?waiting=10",
    "all, page 1000": "?status=all&page=1000",
}


def fill(service, prefix: str, count: int, rng: random.Random) -> None:
    """`count` requests spread over two years, in every state, encrypted as real ones are."""
    from django.utils import timezone

    from referrals.models import RequestForSupport
    from referrals.services import REFERENCE_ALPHABET
    from referrals.states import FINAL, Status

    now = timezone.now()
    statuses = list(Status)
    batch = []
    for n in range(count):
        sent = now - datetime.timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        status = rng.choice(statuses)
        code = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(8))
        batch.append(
            RequestForSupport(
                reference=f"{prefix}-{code[:4]}-{code[4:]}-{n}",
                service=service,
                kind=RequestForSupport.Kind.SELF,
                person_name=f"Bench Parent {n}",
                email=f"bench{n}@example.org",
                reason="Illustrative reason for a benchmark",
                urgency=rng.choice(RequestForSupport.Urgency.values),
                status=status,
                sent_at=sent,
                respond_by=(sent + datetime.timedelta(days=7)).date(),
                closed_at=sent + datetime.timedelta(days=20) if status in FINAL else None,
                decline_reason="Illustrative" if status == Status.DECLINED else "",
            )
        )
        if len(batch) == 2000:
            RequestForSupport.objects.bulk_create(batch)
            batch = []
    RequestForSupport.objects.bulk_create(batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.tests.factories import sign_in_with_two_factor
    from referrals.models import RequestForSupport
    from referrals.selectors import filter_inbox, inbox_page, requests_for_team
    from referrals.tests.factories import IntakeFactory, TeamMemberFactory, sent_referral

    call_command("migrate", verbosity=0)
    first = not RequestForSupport.objects.exists()
    if first:
        member = TeamMemberFactory(intake__service__name="Bench Together with Baby")
        sent_referral(member.intake)
    else:
        from referrals.models import ReceivingTeamMember

        member = ReceivingTeamMember.objects.select_related("user").order_by("pk").first()
    client = Client()
    sign_in_with_two_factor(client, member.user)
    if first:
        small = {name: time_requests(client, f"/manage/requests/{q}", 3) for name, q in
                 list(PAGES.items())[:4]}  # fmt: skip
        fill(member.intake.service, "BTB", args.requests, random.Random(1))
        fill(IntakeFactory().service, "BOT", args.requests // 5, random.Random(2))
        analyze()
    else:
        small = {}

    # Autovacuum keeps the visibility map current in production (index-only counts need it).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE referrals_requestforsupport")
    print(f"load average: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    total = RequestForSupport.objects.filter(service=member.intake.service).count()
    print(f"{total} requests in the team's service")
    for name, query in PAGES.items():
        timings = time_requests(client, f"/manage/requests/{query}", args.runs)
        assert timings.statuses == [200], (name, timings.statuses)
        before = f" (with 1 request: {small[name].queries})" if name in small else ""
        print(
            f"{name:32} median {timings.median:6.1f} ms  p95 {timings.p95:6.1f} ms  "
            f"(median SQL {statistics.median(timings.sql_ms):5.1f} ms, "
            f"CPU {statistics.median(timings.cpu_ms):5.1f} ms)  queries {timings.queries}{before}"
        )
    some = RequestForSupport.objects.filter(service=member.intake.service).order_by("?").first()
    timings = time_requests(client, f"/manage/requests/{some.reference}/", args.runs)
    print(f"{'one request':32} median {timings.median:6.1f} ms  p95 {timings.p95:6.1f} ms  "
          f"queries {timings.queries}")  # fmt: skip
    # The list's own queries (its count, its page's ids and rows), as the view makes them.
    team = requests_for_team(member.user)
    for name, (filters, number) in {
        "open requests, page 1": ({}, 1),
        "urgent only, page 1": ({"urgency": 3}, 1),
        "all, page 1000": ({"status": "all"}, 1000),
        "the overdue count": ({"status": "awaiting", "waiting": "overdue"}, None),
    }.items():
        requests = filter_inbox(team, **filters)
        with CaptureQueriesContext(connection) as captured:
            if number is None:
                requests.count()
            else:
                inbox_page(requests, number, 25)
        for query in captured.captured_queries:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, SUMMARY) {query['sql']}")
                plan = [row[0] for row in cursor.fetchall()]
            print(f"EXPLAIN ANALYZE, {name}: {plan[0].strip()} ... {plan[-1].strip()}")


if __name__ == "__main__":
    main()
