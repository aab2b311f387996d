"""Attempts made at the same moment are each counted: proven on PostgreSQL, where they overlap."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections

from core.ratelimit import count_attempt

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ATTEMPTS = 30


@pytest.fixture(autouse=True)
def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: SQLite runs one write at a time, so nothing here would overlap. "
            "Run with DATABASE_URL=postgres://..."
        )


def test_attempts_at_the_same_moment_each_get_their_own_count():
    start = threading.Barrier(ATTEMPTS)
    counts: list[int] = []

    def attempt() -> None:
        try:
            start.wait()
            counts.append(count_attempt("ratelimit:sign_in:address:same", timedelta(minutes=15)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # No two attempts saw the same count, so none slipped past a limit unseen.
    assert sorted(counts) == list(range(1, ATTEMPTS + 1))
