"""Every form on the parents' side has limits on free text and messages written for people:
no Django default ("This field is required.", "Ensure this value has at most ...") gets through."""

from datetime import date

import pytest
from django import forms
from django.urls import reverse

from accounts.forms import NewPasswordForm, ResetPasswordForm, SignInForm, SignUpForm
from bookings.forms import BookingForm
from core.forms import django_default_messages
from families.forms import (
    AdultForm,
    BirthForm,
    ChildForm,
    ConsentForm,
    FamilySearchForm,
    HouseholdForm,
)
from families.tests.factories import AdultFactory, ChildFactory
from web.forms import FindSupportForm

pytestmark = pytest.mark.django_db


def parents_forms() -> list[forms.BaseForm]:
    family = AdultFactory().family
    return [
        SignInForm(),
        NewPasswordForm(family.adults.get().user),
        SignUpForm(),
        ResetPasswordForm(),
        AdultForm(),
        ChildForm(),
        BirthForm(child=ChildFactory(family=family)),
        HouseholdForm(),
        ConsentForm(),
        FamilySearchForm(),
        BookingForm(family=family, offered=[]),
        FindSupportForm({}, terms=[], today=date.today()),
    ]


def every_field(form: forms.BaseForm):
    for name, field in form.fields.items():
        yield f"{type(form).__name__}.{name}", field
        for part in getattr(field, "fields", ()):
            yield f"{type(form).__name__}.{name} (part)", part


def test_no_field_keeps_a_django_default_message():
    leaks = [
        (where, code, str(message))
        for form in parents_forms()
        for where, field in every_field(form)
        for code, message in field.error_messages.items()
        if message is django_default_messages(field).get(code)
    ]
    assert leaks == []


def test_every_free_text_field_has_a_limit_and_a_message_naming_it():
    for form in parents_forms():
        for where, field in every_field(form):
            if isinstance(field, forms.CharField):
                assert field.max_length, where
                message = field.error_messages["max_length"]
                assert "Ensure" not in message and "This answer" not in message, where


def test_too_long_accessibility_needs_get_a_message_that_names_the_field(client):
    adult = AdultFactory()
    client.force_login(adult.user)
    response = client.post(
        reverse("families:change_household"),
        {
            "home_postcode": "RM18 7AA",
            "hub": str(adult.family.hub.pk),
            "accessibility_needs": "x" * 2001,
            "languages": "y" * 256,
        },
    )
    assert "Accessibility needs must be 2000 characters or fewer" in response.text
    assert "Languages spoken at home must be 255 characters or fewer" in response.text
    assert "Ensure this value" not in response.text


def test_a_very_long_password_is_refused_in_plain_words(client):
    response = client.post(
        reverse("accounts:sign_up"),
        {"email": "a@example.org", "password": "p" * 300, "password_again": "p" * 300},
    )
    assert "Your password must be 128 characters or fewer" in response.text
    assert "Create a password must be" not in response.text
