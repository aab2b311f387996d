"""Who is told how: a text message when the parent chose it and Notify is set up, else email."""

import pytest
from django.test import override_settings

from accounts.tests.factories import UserFactory
from families.models import Adult
from families.tests.factories import AdultFactory
from notifications.services import Contact, contact_for

pytestmark = pytest.mark.django_db


def test_parent_who_chose_texts_gets_texts_through_notify():
    adult = AdultFactory(preferred_contact=Adult.ContactMethod.SMS, phone="07700900123")
    with override_settings(GOVUK_NOTIFY_API_KEY="key"):
        assert contact_for(adult.user) == Contact("sms", "07700900123")


def test_without_notify_texts_fall_back_to_email():
    adult = AdultFactory(preferred_contact=Adult.ContactMethod.SMS, phone="07700900123")
    with override_settings(GOVUK_NOTIFY_API_KEY=""):
        assert contact_for(adult.user) == Contact("email", adult.email)


def test_a_login_without_a_family_record_is_emailed():
    user = UserFactory(email="solo@example.com")
    assert contact_for(user) == Contact("email", "solo@example.com")


def test_nobody_to_reach_means_no_message():
    user = UserFactory(email="")
    assert contact_for(user) is None
