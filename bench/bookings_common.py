"""Shared by the bookings benchmarks: a PostgreSQL database of their own, created and dropped,
and families made in bulk (no password hashing, so setup is quick)."""

import itertools
import os
import sys
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DATABASE = "fh_bench_book"  # the default; --database names another so two runs never share one
batches = itertools.count(1)


@contextmanager
def bench_database(database: str = DATABASE):
    """Create `database`, point Django at it, migrate; drop it afterwards."""
    import psycopg

    if not database.isidentifier():
        raise ValueError(f"{database!r} is not a plain database name")
    admin_url = f"{SERVER}/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {database}")
    os.environ["DATABASE_URL"] = f"{SERVER}/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhubs.settings")
    # As production runs: DEBUG off, so Django does not keep a log of every query.
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-key-for-a-throwaway-database")
    # Benchmarks time our code, not the task queue: notifications are recorded, not sent.
    os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.dummy.DummyBackend")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    try:
        yield
    finally:
        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def make_families(count: int, hub=None) -> list:
    """`count` families, each one parent with a login and one child about 6 months old."""
    from datetime import date, timedelta

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from families.models import Adult, Child, Family

    User = get_user_model()
    batch = next(batches)
    users = User.objects.bulk_create(
        User(
            username=f"bench{batch}.{n}@example.com",
            email=f"bench{batch}.{n}@example.com",
            password=make_password(None),  # unusable: bench parents never sign in
        )
        for n in range(count)
    )
    families = Family.objects.bulk_create(Family(hub=hub) for _ in range(count))
    Adult.objects.bulk_create(
        Adult(family=f, user=u, first_name="Bench", last_name=f"Parent{n}", email=u.email)
        for n, (f, u) in enumerate(zip(families, users, strict=True))
    )
    born = date.today() - timedelta(days=180)
    Child.objects.bulk_create(
        Child(family=f, first_name=f"Child{n}", date_of_birth=born) for n, f in enumerate(families)
    )
    return list(
        Family.objects.filter(pk__in=[f.pk for f in families]).prefetch_related(
            "children", "adults__user"
        )
    )
