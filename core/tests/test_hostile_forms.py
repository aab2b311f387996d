"""Hostile input on every form: no server error, whoever posts and whatever they post.

Every URL that takes POST is found by walking the URL resolver (a view whose code, or a helper
in its module it calls, reads POST), so a new form is covered as soon as its URL exists. Each is
posted to signed in as every role, with field names from the forms on its own page plus values
chosen to break things: very long text, NUL bytes, other scripts, HTML and SQL, huge and negative
numbers, Unicode digits, impossible dates, missing fields and repeated fields. Every answer must
be a page (2xx, 3xx or 4xx) with no stack trace. The Django admin (Django's own forms) is left out.
"""

import inspect
import itertools
import uuid
from collections.abc import Callable, Iterator
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts.models import OrganisationMembership
from accounts.roles import COMMISSIONERS, PROVIDERS
from accounts.tests.factories import (
    DirectoryEditorFactory,
    HubStaffFactory,
    UserFactory,
    sign_in_with_two_factor,
)
from bookings import services as booking_services
from bookings.selectors import start_for_url
from bookings.tests.factories import (
    bookable_schedule,
    next_friday_at_ten,
    parent_with_child,
    session_today,
)
from campaigns.tests.factories import CampaignFactory, EventFactory, NewsPostFactory
from directory.tests.factories import LocationFactory
from families.tests.factories import ChildFactory
from families.views import REGISTRATION_STEPS
from referrals.tests.factories import IntakeFactory, ProfessionalFactory, TeamMemberFactory

ROLES = [
    "anonymous",
    "parent",
    "parent_with_family",
    "hub_staff",
    "editor",
    "provider",
    "professional",
    "service_team",
    "commissioner",
    "superuser",
]
STAFF_ROLES = set(ROLES) - {"anonymous", "parent", "parent_with_family"}


def _routes(patterns, prefix: str = "", namespace: str | None = None) -> Iterator[tuple]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith("admin/"):
                continue
            yield from _routes(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern


def _reads_post(view: Callable) -> bool:
    """Whether a view (or a function of its module that it calls) handles POST."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    function = inspect.unwrap(view)
    module = inspect.getmodule(function)
    called = [
        getattr(module, name)
        for name in function.__code__.co_names
        if inspect.isfunction(getattr(module, name, None))
        and getattr(module, name).__module__ == module.__name__
    ]
    return any("POST" in inspect.getsource(f) for f in [function, *called])


POST_ROUTES = sorted(
    name for name, pattern in _routes(get_resolver().url_patterns) if _reads_post(pattern.callback)
)
ROUTE_PARAMETERS = {
    name: list(pattern.pattern.regex.groupindex)
    for name, pattern in _routes(get_resolver().url_patterns)
}

LONG = "Ω" * 5000 + "<b>" * 2000
HOSTILE_TEXT = [
    "",
    " ",
    "\x00",
    "Ada\x00Lovelace",
    LONG,
    "x" * 100_000,
    "²",
    "١٢",
    "\U0001d7d9\U0001d7da",  # mathematical double-struck digits one and two
    "Zoë 😀 Ꙭ",
    "\u202eevil",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "1; DROP TABLE families_family; --",
    "%00",
    "../../etc/passwd",
    "\r\n\r\nSet-Cookie: x=1",
    '=HYPERLINK("http://evil.example")',
    "-1",
    "0",
    "-99999999999999999999",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "31/02/2025",
    "2025-02-31",
    "31",
    "2",
    "2025",
    "0000-00-00",
    "9999-12-31",
    "RM18 7AA",
    "on",
    "true",
    "null",
    "[]",
    "00000000-0000-0000-0000-000000000000",
    "not-a-uuid",
]
hostile_values = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=50),
    st.integers().map(str),
    st.lists(st.sampled_from(HOSTILE_TEXT), min_size=2, max_size=3),
)


class FormFields(HTMLParser):
    """The names (and offered values) of the fields of the POST forms on a page, by action."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, dict[str, list[str]]] = {}
        self._current: dict[str, list[str]] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = self.forms.setdefault(attrs.get("action") or "", {})
        elif self._current is not None and tag in {"input", "select", "textarea", "button"}:
            name = attrs.get("name")
            if name:
                self._current.setdefault(name, [])
                if attrs.get("value") is not None:
                    self._current[name].append(attrs["value"])
            self._select = name if tag == "select" else None
        elif self._current is not None and tag == "option" and self._select:
            self._current[self._select].append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


class World:
    """One of everything the forms need: a hub with sessions, a family with a booking, and a
    user for every role."""

    def __init__(self) -> None:
        hub = LocationFactory(is_family_hub=True)
        schedule = bookable_schedule(location=hub)
        start = next_friday_at_ten()
        self.occurrence = booking_services.occurrence_for(schedule, start)
        self.today = session_today(location=hub)
        self.adult, self.child = parent_with_child(hub=hub)
        self.unborn = ChildFactory(
            family=self.adult.family, date_of_birth=None, due_date=start.date()
        )
        self.booking = booking_services.book(
            self.adult.family, self.occurrence.pk, [self.child], by=self.adult.user
        )
        self.campaign = CampaignFactory()
        self.event = EventFactory(campaign=self.campaign, location=hub)
        self.post = NewsPostFactory()
        self.users = {
            "anonymous": None,
            "parent": UserFactory(),
            "parent_with_family": self.adult.user,
            "hub_staff": HubStaffFactory(hub=hub),
            "editor": DirectoryEditorFactory(),
            "provider": _provider_of(hub.organization),
            "professional": ProfessionalFactory(),
            "service_team": TeamMemberFactory(intake=IntakeFactory(service=schedule.service)).user,
            "commissioner": _in_group(UserFactory(), COMMISSIONERS),
            "superuser": UserFactory(is_superuser=True, is_staff=True),
        }
        self.parameters = {
            "schedule_id": [schedule.pk],
            "start": [start_for_url(start), "20250231T1000", "²"],
            "starts": [f"{start:%Y-%m-%dT%H%M}"],
            "occurrence_id": [self.occurrence.pk, self.today.pk],
            "booking_id": [self.booking.pk],
            "family_id": [self.adult.family_id],
            "child_id": [self.child.pk, self.unborn.pk],
            "adult_id": [self.adult.pk],
            "step": list(REGISTRATION_STEPS),
            "service_id": [schedule.service_id],
            "slug": [hub.slug or "hub"],
            "id": ["x"],
            "uidb64": ["MQ"],
            "token": ["set-password", "abc-123"],
            # Requests for support: a service's own question, and a request's reference.
            "question_id": [1],
            "reference": ["TWB-0000-0000"],
            "action": ["accept", "nonsense"],
            # Management: a hub, a place, an organisation, a user and a listing's parts.
            "hub_id": [hub.pk],
            "location_id": [hub.pk],
            "organisation_id": [hub.organization_id],
            "user_id": [self.adult.user.pk],
            "section": ["details", "who-for"],
            "change_id": [1],
            "closure_id": [uuid.UUID(int=1)],
            "number": [1],
            # Campaigns, their events and news.
            "campaign_id": [self.campaign.pk, uuid.UUID(int=1)],
            "event_id": [self.event.pk],
            "post_id": [self.post.pk],
        }
        self._fields: dict[tuple[str, str], dict[str, list[str]]] = {}

    def urls(self, route: str) -> list[str]:
        names = list(ROUTE_PARAMETERS[route])
        return [
            reverse(route, kwargs=dict(zip(names, values, strict=True)))
            for values in itertools.product(*(self.parameters[name] for name in names))
        ]

    def client(self, role: str) -> Client:
        client = Client()
        user = self.users[role]
        if role in STAFF_ROLES:
            sign_in_with_two_factor(client, user)
        elif user is not None:
            client.force_login(user)
        return client

    def fields(self, client: Client, role: str, url: str) -> dict[str, list[str]]:
        """The fields of the POST forms on the page at `url` (its own form first)."""
        if (role, url) not in self._fields:
            page = client.get(url)
            assert page.status_code < 500, (role, url, page.status_code)
            parser = FormFields()
            parser.feed(page.content.decode(errors="replace"))
            own = {**parser.forms.pop("", {}), **parser.forms.pop(url, {})}
            others = {name: v for form in parser.forms.values() for name, v in form.items()}
            self._fields[role, url] = own or others
        return self._fields[role, url]


def _in_group(user, name: str):
    user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


def _provider_of(organization):
    provider = _in_group(UserFactory(), PROVIDERS)
    OrganisationMembership.objects.create(user=provider, organization=organization)
    return provider


@pytest.fixture
def world(db) -> World:
    return World()


def assert_a_page(response, role: str, url: str, data) -> None:
    """A 2xx, 3xx or 4xx answer, and nothing of the code behind it on the page."""
    assert response.status_code < 500, (role, url, data)
    body = response.content.decode(errors="replace")
    for leak in ("Traceback (most recent call last)", "Exception Value", 'File "/'):
        assert leak not in body, (role, url, data)


def post_hostile(world: World, role: str, route: str, picks, url_index: int) -> None:
    """Post `picks` ((field name, or index into the page's own field names), value) to one of
    the route's URLs as `role`, in a transaction rolled back afterwards."""
    with transaction.atomic():
        client = world.client(role)
        urls = world.urls(route)
        url = urls[url_index % len(urls)]
        names = sorted(world.fields(client, role, url)) or ["name"]
        data: dict[str, object] = {}
        for name, value in picks:
            data[names[name % len(names)] if isinstance(name, int) else name] = value
        assert_a_page(client.post(url, data), role, url, data)
        transaction.set_rollback(True)


def test_the_walk_finds_the_forms_that_take_post():
    assert {
        "accounts:sign_in",
        "accounts:sign_up",
        "bookings:book",
        "bookings:cancel_booking",
        "bookings:staff_walk_in",
        "families:register",
        "families:record_birth",
        "families:delete",
    } <= set(POST_ROUTES)
    assert "web:find" not in POST_ROUTES  # a search: GET only


def test_hostile_values_reach_the_forms_and_get_a_message_for_people(world):
    client = world.client("parent_with_family")
    url = reverse("families:change_adult")
    data = {
        **dict.fromkeys(world.fields(client, "parent_with_family", url), ""),
        "first_name": "Ada\x00",
    }
    page = client.post(url, data)
    assert page.status_code == 200
    assert "There is a problem" in page.content.decode()
    world.adult.refresh_from_db()
    assert "\x00" not in world.adult.first_name


def test_staff_are_signed_in_with_two_factor_and_reach_their_forms(world):
    url = reverse("bookings:staff_walk_in", args=[world.today.pk])
    assert "csrfmiddlewaretoken" in world.fields(world.client("hub_staff"), "hub_staff", url)
    assert world.fields(world.client("parent"), "parent", url) == {}  # out of scope: a 404


@pytest.mark.parametrize("role", ROLES)
def test_every_form_survives_its_own_fields_filled_with_hostile_values(world, role):
    for route in POST_ROUTES:
        for url in world.urls(route):
            with transaction.atomic():
                client = world.client(role)
                fields = world.fields(client, role, url)
                offered = {name: (values[:1] or [""])[0] for name, values in fields.items()}
                for data in (
                    dict.fromkeys(fields, "Ada\x00" + LONG),
                    {name: ["²", "31/02/2025", "-1e309"] for name in fields},
                    {**offered, **dict.fromkeys(list(fields)[::2], "\x00")},
                ):
                    assert_a_page(client.post(url, data), role, url, data)
                transaction.set_rollback(True)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    role=st.sampled_from(ROLES),
    route=st.sampled_from(POST_ROUTES),
    url_index=st.integers(min_value=0, max_value=5),
    picks=st.lists(
        st.tuples(
            st.one_of(st.integers(0, 40), st.sampled_from(["extra", "csrfmiddlewaretoken"])),
            hostile_values,
        ),
        max_size=12,
    ),
)
@example(
    role="parent_with_family",
    route="families:record_birth",
    url_index=1,  # the child not born yet
    picks=[("date_of_birth_0", "31"), ("date_of_birth_1", "2"), ("date_of_birth_2", "2025")],
)
def test_random_hostile_posts_never_give_a_server_error(world, role, route, url_index, picks):
    post_hostile(world, role, route, picks, url_index)
