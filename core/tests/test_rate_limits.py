"""Rate limits: over a limit a person sees a plain "wait, then try again" page and nothing is
saved or sent; counts are kept per address and per account, in the database or in Redis."""

import io
import os
from datetime import timedelta

import pytest
import redis
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import PASSWORD, UserFactory, sign_in_with_two_factor
from bookings.tests.factories import hub_staff, session_today
from core.models import RateLimitCount
from core.ratelimit import client_address, count_attempt
from families.tests.factories import FamilyFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db

SIGN_UP = reverse("accounts:sign_up")
SIGN_IN = reverse("accounts:sign_in")
RESET = reverse("accounts:password_reset")
FIND = reverse("web:find")
# Tests use a Redis database of their own, cleared before and after each.
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


def redis_is_up() -> bool:
    try:
        return redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture(params=["database", "redis"])
def store(request, settings):
    """Each test runs with counts in the database and again with counts in Redis."""
    if request.param == "redis":
        if not redis_is_up():
            pytest.skip(f"Redis is not running at {REDIS_TEST_URL}")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_TEST_URL,
                "KEY_PREFIX": "familyhubs-tests",
            }
        }
        caches["default"].clear()
    settings.RATE_LIMIT_STORE = request.param
    yield request.param
    if request.param == "redis":
        caches["default"].clear()


def set_limit(settings, name: str, per_address: int, per_account: int, minutes: int) -> None:
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        name: {"per_address": per_address, "per_account": per_account, "minutes": minutes},
    }


def sign_up(client, email: str, address: str = "198.51.100.7"):
    return client.post(
        SIGN_UP,
        {"email": email, "password": PASSWORD, "password_again": PASSWORD},
        REMOTE_ADDR=address,
    )


def assert_wait_page(response, minutes: int) -> None:
    assert response.status_code == 429
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">You have tried too many times</h1>' in page
    assert f"Wait {minutes} minutes, then try again." in page
    assert response["Retry-After"] == str(minutes * 60)


def test_signing_up_again_and_again_for_one_email_stops_and_sends_nothing_more(
    client, settings, store
):
    set_limit(settings, "sign_up", per_address=100, per_account=2, minutes=60)
    assert sign_up(client, "amy@example.org").status_code == 302
    assert sign_up(client, "AMY@example.org ").status_code == 302
    queued = Notification.objects.count()
    response = sign_up(client, "amy@example.org")
    assert_wait_page(response, minutes=60)
    assert Notification.objects.count() == queued
    # Another person's sign-up from the same address is still fine.
    assert sign_up(client, "bea@example.org").status_code == 302


def test_one_address_signing_up_many_emails_stops_and_nothing_is_created(client, settings, store):
    set_limit(settings, "sign_up", per_address=3, per_account=100, minutes=60)
    for n in range(3):
        assert sign_up(client, f"person{n}@example.org").status_code == 302
    assert_wait_page(sign_up(client, "person3@example.org"), minutes=60)
    assert not User.objects.filter(email="person3@example.org").exists()
    assert Notification.objects.filter(to_address="person3@example.org").count() == 0
    # Someone at another address is not held up.
    assert sign_up(client, "person3@example.org", address="203.0.113.50").status_code == 302


def test_password_reset_requests_stop_at_the_limit_and_no_email_is_queued(client, settings, store):
    set_limit(settings, "password_reset", per_address=100, per_account=2, minutes=60)
    UserFactory(email="amy@example.org")
    for _ in range(2):
        assert client.post(RESET, {"email": "amy@example.org"}).status_code == 302
    queued = Notification.objects.count()
    assert_wait_page(client.post(RESET, {"email": "amy@example.org"}), minutes=60)
    assert Notification.objects.count() == queued
    # Looking at the form is not an attempt.
    assert client.get(RESET).status_code == 200


def test_sign_in_attempts_over_the_limit_are_refused_even_with_the_right_password(
    client, settings, store
):
    set_limit(settings, "sign_in", per_address=100, per_account=3, minutes=15)
    UserFactory(email="amy@example.org")
    for _ in range(3):
        client.post(SIGN_IN, {"email": "amy@example.org", "password": "guess"})
    response = client.post(SIGN_IN, {"email": "amy@example.org", "password": PASSWORD})
    assert_wait_page(response, minutes=15)
    assert "_auth_user_id" not in client.session


def test_the_sign_in_lock_out_still_comes_first_with_the_usual_limits(client):
    UserFactory(email="amy@example.org")
    for _ in range(5):
        client.post(SIGN_IN, {"email": "amy@example.org", "password": "guess"})
    response = client.post(SIGN_IN, {"email": "amy@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert "You have tried to sign in too many times" in response.content.decode()


def test_searching_too_fast_from_one_address_is_slowed_down(client, settings, store):
    set_limit(settings, "search", per_address=3, per_account=100, minutes=1)
    for _ in range(3):
        assert client.get(FIND, {"postcode": "RM18 7AA"}).status_code == 200
    response = client.get(FIND, {"postcode": "RM18 7AA"})
    assert response.status_code == 429
    assert "Wait 1 minute, then try again." in response.content.decode()


def test_a_new_window_starts_the_count_again(client, settings):
    set_limit(settings, "search", per_address=1, per_account=100, minutes=1)
    assert client.get(FIND).status_code == 200
    assert client.get(FIND).status_code == 429
    RateLimitCount.objects.update(resets_at=timezone.now() - timedelta(seconds=1))
    assert client.get(FIND).status_code == 200
    assert RateLimitCount.objects.get().count == 1


def test_counts_are_stored_without_the_email_or_the_address(client):
    sign_up(client, "amy@example.org", address="198.51.100.7")
    keys = " ".join(RateLimitCount.objects.values_list("key", flat=True))
    assert keys.count("ratelimit:sign_up:") == 2
    assert "amy" not in keys and "198.51" not in keys


def test_staff_sending_claim_links_again_and_again_are_stopped(client, settings):
    set_limit(settings, "claim_link", per_address=100, per_account=1, minutes=60)
    family = FamilyFactory(with_members=False)
    adult = family.adults.create(first_name="Ada", last_name="Example", email="ada@example.org")
    sign_in_with_two_factor(client, hub_staff(family.hub))
    url = reverse("families:staff_send_claim_link", args=[family.pk, adult.pk])
    assert client.post(url).status_code == 302
    queued = Notification.objects.count()
    assert_wait_page(client.post(url), minutes=60)
    assert Notification.objects.count() == queued


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "remote", "expected"),
    [
        (0, "", "198.51.100.7", "198.51.100.7"),
        # Without a trusted proxy, X-Forwarded-For is the caller's own say-so: ignored.
        (0, "203.0.113.9", "198.51.100.7", "198.51.100.7"),
        # Behind one proxy, the address it saw; what the caller put before it is ignored.
        (1, "10.0.0.1, 203.0.113.9", "192.0.2.1", "203.0.113.9"),
        # An IPv6 caller counts as their /64.
        (0, "", "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
    ],
)
def test_the_address_counted_is_the_one_the_trusted_proxies_saw(
    settings, proxies, forwarded_for, remote, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    assert client_address(request) == expected


def test_purging_deletes_only_counts_whose_window_has_ended(client):
    sign_up(client, "amy@example.org")
    RateLimitCount.objects.filter(key__contains=":address:").update(
        resets_at=timezone.now() - timedelta(seconds=1)
    )
    out = io.StringIO()
    call_command("purge_rate_limits", stdout=out)
    assert out.getvalue() == "Deleted 1 ended rate-limit counts.\n"
    assert list(RateLimitCount.objects.values_list("count", flat=True)) == [1]


def test_each_attempt_is_counted_with_one_query(client, django_assert_num_queries):
    for expected in (1, 2, 3):
        with django_assert_num_queries(1):
            assert count_attempt("ratelimit:test:address:abc", timedelta(minutes=1)) == expected


def test_every_limited_page_answers_with_the_wait_page_once_over_its_limit(client, settings):
    settings.RATE_LIMITS = {
        name: {"per_address": 0, "per_account": 0, "minutes": 5} for name in settings.RATE_LIMITS
    }
    occurrence = session_today()
    family = FamilyFactory(with_members=False, hub=occurrence.location)
    adult = family.adults.create(first_name="Ada", last_name="Example", email="ada@example.org")
    sign_in_with_two_factor(client, hub_staff(occurrence.location))
    attempts = [
        ("post", SIGN_IN, {"email": "amy@example.org", "password": "guess"}),
        ("post", SIGN_UP, {"email": "amy@example.org"}),
        ("post", RESET, {"email": "amy@example.org"}),
        ("get", FIND, {"where": "RM18 7AA"}),
        ("get", reverse("timetable:whats_on"), {}),
        ("post", reverse("bookings:staff_walk_in", args=[occurrence.pk]), {"q": "Ada"}),
        ("post", reverse("families:staff_families"), {"q": "Ada"}),
        ("post", reverse("families:staff_send_claim_link", args=[family.pk, adult.pk]), {}),
    ]
    for method, url, data in attempts:
        response = getattr(client, method)(url, data)
        assert response.status_code == 429, url
        assert "Wait 5 minutes, then try again." in response.content.decode(), url
    assert not Notification.objects.exists()
