"""No query string, however odd, makes the search pages fail: the answer is a page, never a 500."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from web.tests.factories import PostcodeFactory, weekly_group

pytestmark = pytest.mark.django_db

FIELDS = ["where", "child", "dob_day", "dob_month", "dob_year", "due_day", "due_month",
          "due_year", "day", "time", "topic", "q", "page"]  # fmt: skip
PLAUSIBLE = st.sampled_from(
    ["RM18 7AA", "rm18", "Tilbury", "born", "expecting", "any", "FR", "morning", "0", "-1",
     "31", "2", "2024", "99999999999999999999", "1e5", "", " ", "%00", "<script>"]
)  # fmt: skip
ANY_TEXT = st.text(max_size=120)
QUERIES = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(max_size=12)),
    st.one_of(PLAUSIBLE, ANY_TEXT),
    max_size=14,
)


@pytest.fixture
def directory(searches_unlimited):
    PostcodeFactory()
    weekly_group("Time for you and baby too")


@given(query=QUERIES)
def test_any_mix_of_fields_and_values_gets_a_page_not_an_error(client, directory, query):
    for path in (reverse("web:find"), reverse("web:home")):
        response = client.get(path, query)
        assert response.status_code == 200, (path, query)
        assert b"govuk-template" in response.content


@given(raw=st.binary(max_size=200))
def test_any_raw_query_string_gets_a_page_not_an_error(client, directory, raw):
    # A WSGI server hands over the query string's bytes as latin-1 text (PEP 3333).
    response = client.get(reverse("web:find"), QUERY_STRING=raw.decode("latin-1"))

    assert response.status_code == 200


@given(page=st.one_of(st.integers(), st.text(max_size=30)))
@example(page="²")  # found by this test: isdigit() accepts it, int() does not
@example(page="①")
@example(page="\u0661")  # Arabic-Indic one: int() takes it, people never mean it
def test_any_news_page_number_gets_a_page_or_not_found(client, directory, page):
    response = client.get(reverse("campaigns:news") + "?" + urlencode({"page": page}))

    assert response.status_code in (200, 404)
