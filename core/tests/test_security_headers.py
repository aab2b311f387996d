"""Every page, public, parents' and staff (found by walking the URL patterns, so a new page is
covered without touching this file), carries the security headers, and its HTML runs no script
or style the content security policy would block."""

import os
import re
import secrets
import subprocess
import sys
import uuid
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.tests.factories import UserFactory, sign_in_with_two_factor
from bookings import services as bookings_services
from bookings.selectors import start_for_url
from bookings.tests.factories import (
    bookable_schedule,
    hub_staff,
    next_friday_at_ten,
    parent_with_child,
)
from campaigns.tests.factories import CampaignFactory, EventFactory, NewsPostFactory
from core.middleware import SAFE_REQUEST_ID
from timetable.selectors import LONDON

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'{nonce}; style-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
INLINE_HANDLER = re.compile(r"on[a-z]+")


def url_names(patterns=None, namespace: str = ""):
    """(namespaced name, pattern) for every named URL pattern, the admin's included."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


@pytest.fixture
def world(db):
    """One of everything a URL can name: a hub and its bookable session, a parent's family with
    a booking, hub staff, a campaign with an event and news."""
    schedule = bookable_schedule(name="Stay and Play")
    hub = schedule.location
    starts = next_friday_at_ten()
    occurrence = bookings_services.occurrence_for(schedule, starts)
    adult, child = parent_with_child(hub=hub)
    booking = bookings_services.book(adult.family, occurrence.pk, [child])
    campaign = CampaignFactory()
    event = EventFactory(campaign=campaign)
    post = NewsPostFactory()
    return {
        "parent": adult.user,
        "staff": hub_staff(hub),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
        "values": {
            "id": str(schedule.service.pk),
            "service_id": schedule.service.pk,
            "schedule_id": schedule.pk,
            "start": start_for_url(starts),
            "starts": starts.astimezone(LONDON).strftime("%Y-%m-%dT%H%M"),
            "occurrence_id": occurrence.pk,
            "booking_id": booking.pk,
            "family_id": adult.family.pk,
            "adult_id": adult.pk,
            "child_id": child.pk,
            "step": "about-you",
            "uidb64": "MQ",
            "token": "not-a-real-token",
            "object_id": "1",
            "content_type_id": "1",
            "app_label": "auth",
            # Management, requests for support and reports.
            "section": "details",
            "question": "name",
            "organisation_id": hub.organization_id,
            "location_id": hub.pk,
            "hub_id": hub.pk,
            "closure_id": uuid.UUID(int=1),
            "user_id": adult.user.pk,
            "name": "reach",
            "change_id": "1",
            "number": "1",
            "report_id": "1",
            "reference": "TWB-0000-0000",
            "action": "accept",
            "question_id": "1",
            "campaign_id": campaign.pk,
            "event_id": event.pk,
            "post_id": post.pk,
        },
        "slugs": {
            "timetable:hub": hub.slug,
            "timetable:hub_feed": hub.slug,
            "campaigns:campaign": campaign.slug,
            "campaigns:event": event.slug,
            "campaigns:news_post": post.slug,
            "referrals:refer": "service",
            "referrals:ask": "about-you",
        },
    }


def every_url(world) -> list[str]:
    urls = []
    for name, pattern in url_names():
        kwargs = {
            key: world["slugs"][name] if key == "slug" else world["values"][key]
            for key in pattern.pattern.regex.groupindex
        }
        urls.append(reverse(name, kwargs=kwargs))
    return urls


class InlineCodeFinder(HTMLParser):
    """Notes each <script>, <style>, style="" and on...="" a page holds."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
        if tag == "style":
            self.problems.append("an inline <style>")
        if "style" in attributes:
            self.problems.append(f'style="" on <{tag}>')
        self.problems.extend(
            f"{name}= on <{tag}>" for name in attributes if INLINE_HANDLER.fullmatch(name)
        )
        for name in ("src", "href"):
            address = attributes.get(name) or ""
            if tag in {"script", "link", "img", "iframe"} and re.match(r"(https?:)?//", address):
                self.problems.append(f"<{tag}> from another site: {address}")


def assert_safe_page(url: str, response) -> None:
    header = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", header)
    assert header == EXPECTED_CSP.format(nonce=f" 'nonce-{nonce[1]}'" if nonce else ""), url
    assert response["Permissions-Policy"].startswith("accelerometer=(), camera=()"), url
    assert "geolocation=()" in response["Permissions-Policy"], url
    assert response["Referrer-Policy"] == "same-origin", url
    assert response["X-Frame-Options"] == "DENY", url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert SAFE_REQUEST_ID.fullmatch(response["X-Request-ID"]), url
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    finder = InlineCodeFinder()
    finder.feed(response.content.decode())
    assert finder.problems == [], url
    for script in finder.scripts:
        if not script.get("src"):
            assert nonce and script.get("nonce") == nonce[1], f"{url}: inline script, no nonce"


@pytest.mark.parametrize("who", ["anonymous", "parent", "staff", "superuser"])
def test_every_page_has_the_security_headers_and_no_inline_code(world, who):
    client = Client()
    if who == "parent":
        client.force_login(world[who])
    elif who != "anonymous":
        sign_in_with_two_factor(client, world[who])
    urls = every_url(world)
    assert "/bookings/staff/" in urls and "/find/" in urls and "/admin/" in urls
    shown = 0
    for url in urls:
        response = client.get(url)
        assert_safe_page(url, response)
        shown += response.status_code == 200
    # Most pages answer for real, not with a redirect or a "not found".
    assert shown > 20


def test_not_found_and_method_not_allowed_pages_have_the_headers_too(client, db):
    assert_safe_page("404", client.get("/no-such-page/"))
    assert_safe_page("405", client.get(reverse("accounts:sign_out")))


def test_the_brand_colours_come_from_a_stylesheet_not_an_inline_style(client, settings):
    settings.FAMILYHUBS_BRAND_COLOUR = "#00703c"
    response = client.get(reverse("brand_css"))
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert "--fh-brand-colour: #00703c;" in response.content.decode()
    assert "public" in response["Cache-Control"]


PRODUCTION_REQUESTS = """
from django.test import Client
secure = Client().get("/healthz", secure=True, headers={"host": "familyhubs.example.gov.uk"})
plain = Client().get("/healthz", headers={"host": "familyhubs.example.gov.uk"})
print(secure["Strict-Transport-Security"])
print(plain.status_code, plain["Location"])
from django.conf import settings
print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)
"""


def test_with_debug_off_https_is_required_and_remembered():
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PRODUCTION_REQUESTS],
        cwd=Path(__file__).resolve().parents[2],
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}},
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "familyhubs.example.gov.uk",
        },
        capture_output=True,
        text=True,
    )
    assert result.stdout.splitlines() == [
        "max-age=31536000; includeSubDomains; preload",
        "301 https://familyhubs.example.gov.uk/healthz",
        "True True",
    ], result.stderr
