"""A service's page offers the right way to ask it for help: "Ask for help" when it takes
families' own requests, "Refer a family" only to professionals when it takes referrals."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory, sign_in_with_two_factor
from directory.tests.factories import ServiceFactory
from referrals.tests.factories import IntakeFactory, ProfessionalFactory

pytestmark = pytest.mark.django_db


def page_of(client, service) -> str:
    return client.get(reverse("web:service", args=[service.pk])).content.decode()


def test_a_service_taking_self_referrals_offers_ask_for_help_to_everyone(client):
    intake = IntakeFactory(response_target_working_days=5)
    html = page_of(client, intake.service)
    assert reverse("referrals:ask_start", args=[intake.service.pk]) in html
    assert "Ask for help yourself, or by referral" in html
    assert "The team replies within 5 working days" in html
    assert reverse("referrals:refer_from_service", args=[intake.service.pk]) not in html


def test_no_reply_time_is_promised_when_the_service_set_none(client):
    intake = IntakeFactory(response_target_working_days=None)
    assert "replies within" not in page_of(client, intake.service)


def test_refer_a_family_is_shown_to_professionals_only(client):
    intake = IntakeFactory(accepts_self_referrals=False)
    refer = reverse("referrals:refer_from_service", args=[intake.service.pk])
    client.force_login(UserFactory())
    parent_view = page_of(client, intake.service)
    assert refer not in parent_view
    assert "Ask your midwife, health visitor or GP to refer you" in parent_view
    assert reverse("referrals:ask_start", args=[intake.service.pk]) not in parent_view

    sign_in_with_two_factor(client, ProfessionalFactory())
    assert refer in page_of(client, intake.service)


def test_a_service_without_settings_keeps_its_own_words(client):
    service = ServiceFactory(join_method="referral")
    html = page_of(client, service)
    assert "Ask your midwife or health visitor for a referral" in html
    assert "ask-for-help" not in html
