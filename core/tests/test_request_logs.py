"""Request logs are JSON lines: one access line per request, with the URL pattern (never the
query string), status, time taken, request id and user id; the id goes back in X-Request-ID."""

import io
import json
import logging
import sys

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts.tests.factories import UserFactory
from core.logging import JsonFormatter, RequestIdFilter
from directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """The lines the site's log handler would write, as parsed JSON objects."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger(), logging.getLogger("django.request")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger in loggers:
        logger.removeHandler(handler)


def access_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "familyhubs.access"]


def test_each_request_writes_one_access_line_with_the_url_pattern(client, log_lines):
    service = ServiceFactory()
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("web:service", args=[service.pk]))

    [line] = access_lines(log_lines())
    assert line["level"] == "INFO"
    assert line["method"] == "GET"
    assert line["route"] == "/services/<uuid:service_id>/"
    assert str(service.pk) not in json.dumps(line)
    assert line["status"] == 200
    assert line["user_id"] == user.pk
    assert isinstance(line["duration_ms"], float)
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32


def test_the_query_string_is_never_logged(client, log_lines):
    client.get(reverse("web:find"), {"where": "RM18 7AA", "dob_day": "17", "dob_year": "2025"})
    written = json.dumps(log_lines())
    assert "/find/" in written
    assert "RM18" not in written and "dob_" not in written and "where" not in written


def test_an_address_no_pattern_matches_is_logged_by_its_path(client, log_lines):
    client.get("/no-such-page/?email=amy@example.org")
    [line] = access_lines(log_lines())
    assert (line["route"], line["status"], line["user_id"]) == ("/no-such-page/", 404, None)
    assert "amy" not in json.dumps(log_lines())


def test_a_plain_request_id_from_the_proxy_is_kept(client, log_lines):
    response = client.get(
        reverse("healthz"), headers={"X-Request-ID": "4f1c2a9b-0001-4c3e-9d2a-0123456789ab"}
    )
    assert response["X-Request-ID"] == "4f1c2a9b-0001-4c3e-9d2a-0123456789ab"
    assert access_lines(log_lines())[0]["request_id"] == "4f1c2a9b-0001-4c3e-9d2a-0123456789ab"


@pytest.mark.parametrize(
    "offered",
    ["amy@example.org", "AmyExampleSmith", "Amy Example", "abc12", "a" * 65, "id\nforged line"],
)
def test_any_other_request_id_is_replaced(client, log_lines, offered):
    response = client.get(reverse("healthz"), headers={"X-Request-ID": offered})
    assert response["X-Request-ID"] != offered
    assert len(response["X-Request-ID"]) == 32
    assert "amy" not in json.dumps(log_lines()).lower()


def test_lines_written_while_serving_a_request_carry_its_id(client, log_lines, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "search": {"per_address": 0, "per_account": 0, "minutes": 1},
    }
    response = client.get(reverse("web:find"))
    lines = log_lines()
    [warning] = [line for line in lines if line["message"] == "rate limit reached"]
    assert warning["limit"] == "search"
    assert warning["request_id"] == response["X-Request-ID"]
    assert access_lines(lines)[0]["status"] == 429


def test_django_s_request_object_is_not_written_with_an_error():
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Boom: %s", ("/x/",), None
    )
    # Django passes the request itself; its text holds the query string.
    record.request = RequestFactory().get("/find/", {"dob_day": "17"})
    record.status_code = 500
    line = json.loads(JsonFormatter().format(record))
    assert line["status_code"] == 500
    assert "request" not in line
    assert "dob_day" not in json.dumps(line)


def test_an_error_is_logged_with_its_frames_and_types_but_not_its_message():
    email, name = "amy@example.org", "Amy Example"

    def save_parent():
        raise ValueError(f"Key (email)=({email}) already exists.")

    try:
        try:
            save_parent()
        except ValueError as error:
            raise RuntimeError(f"could not register the family of {name}") from error
    except RuntimeError:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/family/register/check/",),
            sys.exc_info(),
        )
    exception = json.loads(JsonFormatter().format(record))["exception"]
    assert "in save_parent" in exception
    assert "builtins.ValueError\nThe above led to:\n" in exception
    assert exception.endswith("builtins.RuntimeError")
    assert "amy" not in exception.lower()
