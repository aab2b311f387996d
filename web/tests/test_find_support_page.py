"""The 'find support near you' pages: results, and bad input answered with GOV.UK errors."""

import html as html_text
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from web.selectors import RESULTS_PER_PAGE
from web.tests.factories import (
    PostcodeFactory,
    TaxonomyTermFactory,
    unscheduled_service,
    weekly_group,
)

pytestmark = pytest.mark.django_db
FIND = reverse("web:find")


@pytest.fixture(autouse=True)
def tilbury_postcode():
    return PostcodeFactory()


def error_summary(response) -> list[str]:
    html = response.content.decode()
    summary = re.search(r'class="govuk-list govuk-error-summary__list">(.*?)</ul>', html, re.S)
    found = re.findall(r'<a href="#[^"]+">([^<]+)</a>', summary.group(1)) if summary else []
    return [html_text.unescape(message) for message in found]


def inline_errors(response) -> list[str]:
    found = re.findall(
        r'<p id="[^"]+-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ([^<]+)</p>',
        response.content.decode(),
    )
    return [html_text.unescape(message) for message in found]


def input_value(response, name: str) -> str:
    match = re.search(rf'<input[^>]* name="{name}"[^>]* value="([^"]*)"', response.content.decode())
    return match.group(1) if match else ""


def test_home_page_has_the_search_form_sent_by_get_so_results_can_be_shared(client):
    response = client.get(reverse("web:home"))

    assert response.status_code == 200
    assert f'<form action="{FIND}" method="get"' in response.content.decode()


def test_results_show_who_it_is_for_cost_next_session_and_how_to_join(client):
    weekly_group("Time for you and baby too")
    unscheduled_service(
        "Together with Baby", join_method="referral", fees_description="No charge to families"
    )

    response = client.get(FIND, {"where": "RM18 7AA", "child": "expecting"})
    html = response.content.decode()

    assert response.status_code == 200
    assert error_summary(response) == []
    assert "2 results within 20 miles" in html
    assert "Time for you and baby too" in html
    assert "Expectant parents and children up to 2 years old" in html
    assert "Free" in html and "No charge to families" in html
    assert "Just come along" in html
    assert "Ask your midwife or health visitor for a referral" in html
    assert re.search(r"Next session</dt>\s*<dd[^>]*>Friday \d+ \w+ at 10am", html)


def test_a_town_name_finds_services_there(client):
    weekly_group("Time for you and baby too")  # its hub's address is in Tilbury

    response = client.get(FIND, {"where": "tilbury"})

    assert error_summary(response) == []
    assert "Time for you and baby too" in response.content.decode()


def test_parent_of_a_three_year_old_is_not_shown_the_group_for_under_twos(client):
    weekly_group("Time for you and baby too", maximum_age=Decimal("2"))
    three = timezone.localdate() - relativedelta(years=3)

    response = client.get(
        FIND,
        {"where": "RM18 7AA", "child": "born", "dob_day": three.day, "dob_month": three.month,
         "dob_year": three.year},
    )  # fmt: skip

    assert "Time for you and baby too" not in response.content.decode()
    assert "We found no support" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"where": ""}, "Enter a postcode or town, like RM18 7AA or Tilbury"),
        ({"where": "SW1A 1AA"}, "We could not find the postcode SW1A 1AA"),
        ({"where": "Narnia"}, "We could not find 'Narnia'"),
        ({"topic": "knitting"}, "Select a topic from the list"),
        ({"page": "two"}, "Page must be a number, like 2"),
        ({"page": "0"}, "Page must be 1 or more"),
        ({"child": "maybe"}, "Select yes if your child is born, or no if you are expecting"),
        ({"day": "XX"}, "Select a day from the list"),
        ({"time": "night"}, "Select a time of day from the list"),
        ({"distance": "7"}, "Select a distance from the list"),
        ({"q": "x" * 101}, "Search words must be 100 characters or fewer"),
        ({"q": "baby\x00"}, "Remove the unusual characters from your answer"),
        ({"child": "born"}, "Enter your child's date of birth"),
        ({"child": "born", "dob_day": "31", "dob_month": "2", "dob_year": "2024"},
         "Date of birth must be a real date"),
        ({"child": "born", "dob_month": "2", "dob_year": "2024"},
         "Date of birth must include a day"),
        ({"child": "born", "dob_day": "1", "dob_month": "2", "dob_year": "24"},
         "Year must include 4 numbers"),
    ],
)  # fmt: skip
def test_bad_input_gets_the_error_summary_and_an_inline_error(client, query, message):
    query = {"where": "RM18 7AA", **query}

    response = client.get(FIND, query)

    assert response.status_code == 200
    assert any(found.startswith(message) for found in error_summary(response)), error_summary(
        response
    )
    assert any(found.startswith(message) for found in inline_errors(response)) or "page" in query
    assert "<title>Error: " in response.content.decode()


def test_the_form_keeps_what_was_typed_after_an_error(client):
    response = client.get(
        FIND,
        {"where": "SW1A 1AA", "child": "born", "dob_day": "3", "dob_month": "4",
         "dob_year": "2024", "q": "baby massage"},
    )  # fmt: skip

    assert error_summary(response)
    assert input_value(response, "where") == "SW1A 1AA"
    assert (input_value(response, "dob_day"), input_value(response, "dob_year")) == ("3", "2024")
    assert input_value(response, "q") == "baby massage"
    assert 'value="born" checked' in response.content.decode()


def test_date_of_birth_in_the_future_is_refused(client):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client.get(
        FIND,
        {"where": "RM18 7AA", "child": "born", "dob_day": tomorrow.day,
         "dob_month": tomorrow.month, "dob_year": tomorrow.year},
    )  # fmt: skip

    assert error_summary(response) == ["Date of birth must be today or in the past"]
    assert input_value(response, "dob_day") == str(tomorrow.day)


def due_date_query(due) -> dict:
    return {"where": "RM18 7AA", "child": "expecting", "due_day": due.day,
            "due_month": due.month, "due_year": due.year}  # fmt: skip


def test_due_date_more_than_ten_months_ahead_is_refused(client):
    too_far = timezone.localdate() + relativedelta(months=10, days=1)

    response = client.get(FIND, due_date_query(too_far))

    assert error_summary(response) == ["Due date must be within the next 10 months"]


def test_due_date_ten_months_ahead_is_accepted(client):
    response = client.get(FIND, due_date_query(timezone.localdate() + relativedelta(months=10)))

    assert error_summary(response) == []


def test_due_date_in_the_past_is_refused(client):
    response = client.get(FIND, due_date_query(timezone.localdate() - timedelta(days=1)))

    assert error_summary(response)[0].startswith("Due date must be today or in the future")


def test_page_past_the_end_says_how_many_pages_there_are(client):
    weekly_group("Time for you and baby too")

    response = client.get(FIND, {"where": "RM18 7AA", "page": "5"})

    assert error_summary(response) == ["There is no page 5. There is 1 page of results"]
    assert "Go to page 1 of the results" in response.content.decode()


def test_known_topic_is_accepted_and_kept_selected(client):
    TaxonomyTermFactory(code="parent-groups", name="Parent groups")

    response = client.get(FIND, {"where": "RM18 7AA", "topic": "parent-groups"})

    assert error_summary(response) == []
    assert '<option value="parent-groups" selected>' in response.content.decode()


def test_pagination_links_keep_the_search(client):
    for number in range(RESULTS_PER_PAGE + 1):
        weekly_group(f"Group {number}")

    response = client.get(FIND, {"where": "RM18 7AA", "child": "expecting"})

    assert "?where=RM18+7AA&amp;child=expecting&amp;page=2" in response.content.decode()


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(FIND, {"where": "RM18 7AA", "child": "expecting", "distance": 20})
    assert response.status_code == 200
    return len(captured)


def test_queries_per_results_page_do_not_grow_with_the_number_of_results(client):
    weekly_group("Only one")
    with_one = count_queries(client)
    for number in range(RESULTS_PER_PAGE * 2):
        weekly_group(f"Group {number}")
        unscheduled_service(f"Referral {number}")

    assert count_queries(client) == with_one
    # 12, plus the language and SEND choices of the filters and the results' languages and areas.
    assert with_one <= 16


def test_no_results_offers_to_search_further_away(client):
    response = client.get(FIND, {"where": "RM18 7AA", "distance": "3"})

    assert "We found no support within 3 miles" in response.content.decode()
    assert "?where=RM18+7AA&amp;distance=20" in response.content.decode()


def test_a_later_page_of_no_results_says_there_are_none(client):
    response = client.get(FIND, {"where": "RM18 7AA", "page": "2"})

    assert error_summary(response) == []
    assert "We found no support" in response.content.decode()
