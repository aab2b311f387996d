"""Search pages say what a parent needs to know in plain words, and their examples never go
stale."""

import re
from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from web.tests.factories import PostcodeFactory, weekly_group

pytestmark = pytest.mark.django_db
FIND = reverse("web:find")


def note_on(client, where: str) -> str:
    page = client.get(FIND, {"where": where, "child": "any"}).content.decode()
    notes = re.findall(r'<div class="govuk-inset-text">(.*?)</div>', page, re.S)
    return " ".join(notes)


def test_a_full_postcode_we_hold_needs_no_note(client):
    PostcodeFactory(postcode="RM18 7AA")
    assert note_on(client, "RM18 7AA") == ""


def test_a_postcode_found_only_by_its_area_says_distances_are_a_guide(client):
    PostcodeFactory(postcode="RM18 7")
    note = note_on(client, "RM18 7ZZ")
    assert note == (
        "Distances are a guide: we measured them from the middle of the RM18 7 area, "
        "not from your street."
    )
    assert "full postcode is not in our list" not in note


def test_a_district_and_a_town_say_where_distances_are_from(client):
    PostcodeFactory(postcode="RM18")
    weekly_group("Stay and Play")
    assert "middle of the RM18 area" in note_on(client, "RM18")
    assert note_on(client, "Tilbury") == (
        "Distances are a guide: we measured them from the middle of Tilbury."
    )


def test_the_due_date_example_is_in_the_future_and_the_birth_date_in_the_past(client, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 2, 9, tzinfo=UTC))
    page = client.get(reverse("web:home")).content.decode()
    hints = dict(re.findall(r'<div id="(dob|due)-hint" class="govuk-hint">(.*?)</div>', page))
    assert hints == {"dob": "For example, 5 2 2026", "due": "For example, 1 4 2027"}


def test_example_dates_move_with_today(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2030, 6, 1, 9, tzinfo=UTC))
    rendered = Template("{% load plain_words %}{% example_date 120 %}").render(Context())
    assert rendered == "For example, 29 9 2030"
