"""A database that is read-only, full or gone gives people a clear 503 page, never a stack trace;
an error that means a bug is still a 500."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import DatabaseError, connection
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from core.unavailable import RETRY_AFTER_SECONDS, database_unavailable

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign_in")


@contextmanager
def read_only_database():
    """The test database refuses writes the way a read-only file or a standby server does (needs
    a transactional test: the setting is on the connection, outside any transaction)."""
    sqlite = connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        if sqlite:
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if sqlite:
                cursor.execute("PRAGMA query_only = OFF")
            else:
                cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE")


def sqlite_file(path, mode: str = "rwc") -> SQLiteWrapper:
    """A Django connection to an SQLite file, so its errors are Django's, as the views see them."""
    return SQLiteWrapper(
        {
            **connection.settings_dict,
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": f"file:{path}?mode={mode}",
            "OPTIONS": {},
        }
    )


def error_from(database: SQLiteWrapper, sql: str, params=()) -> DatabaseError:
    try:
        with database.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as error:
        return error
    finally:
        database.close()
    raise AssertionError(f"{sql} did not fail")


@pytest.fixture
def browser_client():
    """A client that shows what a browser gets, instead of raising the view's exception."""
    return Client(raise_request_exception=False)


def assert_unavailable_page(response) -> None:
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "<title>Sorry, the service is unavailable - " in page
    assert '<h1 class="govuk-heading-l">Sorry, the service is unavailable</h1>' in page
    assert "You will be able to use the service again in a few minutes." in page
    assert "Traceback" not in page
    assert "readonly" not in page
    assert "disk is full" not in page


@pytest.mark.django_db(transaction=True)
def test_reading_works_and_signing_in_gets_the_unavailable_page_when_the_database_is_read_only(
    browser_client,
):
    UserFactory(email="amy@example.org")
    with read_only_database():
        home = browser_client.get("/")
        signing_in = browser_client.post(
            SIGN_IN, {"email": "amy@example.org", "password": PASSWORD}
        )
    assert home.status_code == 200
    assert_unavailable_page(signing_in)
    assert "amy@example.org" not in signing_in.content.decode()


def test_a_database_file_opened_read_only_counts_as_unavailable(tmp_path):
    writable = sqlite_file(tmp_path / "db.sqlite3")
    with writable.cursor() as cursor:
        cursor.execute("CREATE TABLE note (text TEXT)")
    writable.close()
    error = error_from(
        sqlite_file(tmp_path / "db.sqlite3", mode="ro"), "INSERT INTO note VALUES ('hello')"
    )
    assert "readonly" in str(error)
    assert database_unavailable(error)


def full_disk_error(tmp_path) -> DatabaseError:
    """SQLite's real "database or disk is full": the file may not grow past its current size."""
    database = sqlite_file(tmp_path / "full.sqlite3")
    with database.cursor() as cursor:
        cursor.execute("CREATE TABLE note (text TEXT)")
        cursor.execute("PRAGMA max_page_count = 2")
    return error_from(database, "INSERT INTO note VALUES (%s)", ["x" * 100_000])


def test_a_full_disk_counts_as_unavailable(tmp_path):
    error = full_disk_error(tmp_path)
    assert "database or disk is full" in str(error)
    assert database_unavailable(error)


def test_a_full_disk_while_saving_the_session_gets_the_unavailable_page(tmp_path, browser_client):
    UserFactory(email="amy@example.org")
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.save",
        side_effect=full_disk_error(tmp_path),
    ):
        response = browser_client.post(SIGN_IN, {"email": "amy@example.org", "password": PASSWORD})
    assert_unavailable_page(response)


def test_a_missing_table_is_a_bug_and_stays_a_500(tmp_path, browser_client):
    error = error_from(sqlite_file(tmp_path / "db.sqlite3"), "SELECT * FROM no_such_table")
    assert not database_unavailable(error)
    with mock.patch("web.views.render", side_effect=error):
        response = browser_client.get("/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert "Retry-After" not in response
    assert "no_such_table" not in page


def test_postgresql_read_only_and_lost_connections_count_as_unavailable():
    from django.db import InterfaceError, InternalError, OperationalError, ProgrammingError
    from psycopg import errors

    read_only = InternalError("cannot execute INSERT in a read-only transaction")
    read_only.__cause__ = errors.ReadOnlySqlTransaction()
    assert database_unavailable(read_only)
    assert database_unavailable(OperationalError("terminating connection"))
    assert database_unavailable(InterfaceError("connection already closed"))
    assert not database_unavailable(ProgrammingError("syntax error"))
    assert not database_unavailable(ValueError("not a database error"))


def test_the_api_says_it_is_unavailable_in_json(tmp_path, browser_client):
    with mock.patch("oruk.views.selectors.services", side_effect=full_disk_error(tmp_path)):
        response = browser_client.get("/api/services")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.json() == {
        "status": 503,
        "message": "The service is unavailable. Try again in a few minutes.",
    }
