"""Accessibility statement, privacy notice, cookies, contact, 404 and 500: present, linked, branded from settings."""

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

REQUIRED = ["web:accessibility", "web:privacy", "web:cookies", "web:contact"]
OTHER_COUNCIL = {
    "FAMILYHUBS_COUNCIL_NAME": "Testshire County Council",
    "FAMILYHUBS_SERVICE_NAME": "Testshire Family Hubs",
    "FAMILYHUBS_BRAND_COLOUR": "#12345a",
    "FAMILYHUBS_CONTACT_EMAIL": "hubs@testshire.example",
}


@pytest.mark.parametrize("name", REQUIRED)
def test_required_page_is_linked_from_every_page_footer(client, name):
    home = client.get(reverse("web:home")).content.decode()
    page = client.get(reverse(name))

    assert page.status_code == 200
    assert f'class="govuk-footer__link" href="{reverse(name)}"' in home


@pytest.mark.parametrize("name", REQUIRED)
@override_settings(**OTHER_COUNCIL)
def test_council_name_and_colours_come_from_settings(client, name):
    html = client.get(reverse(name)).content.decode()

    assert "Testshire County Council" in html
    assert '<link rel="stylesheet" href="/brand.css">' in html
    assert "--fh-brand-colour: #12345a" in client.get(reverse("brand_css")).content.decode()
    assert "Thurrock" not in html


@override_settings(**OTHER_COUNCIL)
def test_contact_details_come_from_settings(client):
    for name in ("web:contact", "web:privacy", "web:accessibility", "web:cookies"):
        assert "hubs@testshire.example" in client.get(reverse(name)).content.decode()


def test_privacy_notice_covers_what_uk_gdpr_requires(client):
    html = client.get(reverse("web:privacy")).content.decode()

    for heading in ("What we hold", "lawful basis", "How long we keep it", "Your rights"):
        assert heading in html
    assert "special category" in html
    assert "Information Commissioner" in html


@override_settings(FAMILYHUBS_FAMILY_RETENTION_DAYS=2 * 365)
def test_privacy_notice_states_the_retention_period_from_settings(client):
    assert "for 2 years, we delete it" in client.get(reverse("web:privacy")).content.decode()


def test_cookies_page_lists_essential_cookies_only(client):
    html = client.get(reverse("web:cookies")).content.decode()

    assert "only essential cookies" in html
    assert "sessionid" in html and "csrftoken" in html
    assert "analytics" not in html.lower()


def test_pages_set_no_cookies_for_someone_just_searching(client):
    for path in (reverse("web:home"), reverse("web:find") + "?where=RM18+7AA"):
        assert client.get(path).cookies == {}


def test_not_found_page_is_in_the_design_system_style(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="govuk-heading-l">Page not found</h1>' in html
    assert "govuk-footer" in html


@override_settings(**OTHER_COUNCIL)
def test_server_error_page_is_branded_from_settings_without_a_request():
    html = render_to_string("500.html")

    assert "Sorry, there is a problem with the service" in html
    assert "Testshire County Council" in html and "Testshire Family Hubs" in html
    # The colours come from /brand.css (no inline styles under the content security policy).
    assert '<link rel="stylesheet" href="/brand.css">' in html
    assert "hubs@testshire.example" in html


def test_server_error_handler_answers_500_with_the_page(client):
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF="web.tests.failing_urls"):
        response = client.get("/fail/")

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


@override_settings(FAMILYHUBS_EXAMPLE_POSTCODE="TS1 1AA", FAMILYHUBS_EXAMPLE_TOWN="Testington")
def test_search_examples_come_from_settings(client):
    home = client.get(reverse("web:home")).content.decode()
    empty = client.get(reverse("web:find"), {"where": ""}).content.decode()

    assert "For example, TS1 1AA or Testington" in home
    assert "Enter a postcode or town, like TS1 1AA or Testington" in empty
    assert "RM18" not in home
