from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from audit.models import AuditEvent
from directory.tests.factories import LocationFactory
from families.models import Consent, Family

pytestmark = pytest.mark.django_db


def date_parts(prefix: str, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def about_you(**overrides) -> dict:
    return {
        "first_name": "Amira",
        "last_name": "Okafor",
        "email": "amira@example.org",
        "phone": "07700 900982",
        "preferred_contact": "sms",
        **overrides,
    }


def expecting(**overrides) -> dict:
    due = timezone.localdate() + timedelta(days=90)
    return {"first_name": "", "born": "no", **date_parts("due_date", due), **overrides}


def home(hub, **overrides) -> dict:
    return {
        "home_postcode": "rm187aa",
        "hub": str(hub.pk),
        "languages": "English, Yoruba",
        "accessibility_needs": "Step-free access",
        **overrides,
    }


@pytest.fixture
def parent(client):
    user = UserFactory(email="amira@example.org")
    client.force_login(user)
    return user


def answer_everything(client, hub):
    client.post(reverse("families:register", args=["about-you"]), about_you())
    client.post(reverse("families:register", args=["child"]), expecting())
    return client.post(reverse("families:register", args=["home"]), home(hub))


def test_parent_registers_online_and_consent_names_the_privacy_notice(client, parent, settings):
    settings.FAMILYHUBS_PRIVACY_NOTICE_VERSION = "2026-12"
    hub = LocationFactory(name="Tilbury Family Hub")
    assert answer_everything(client, hub).url == reverse("families:register_check")
    check = client.get(reverse("families:register_check"))
    assert "Amira Okafor" in check.content.decode()

    response = client.post(reverse("families:register_check"), {"registration": "on"})

    assert response.url == reverse("families:home")
    family = Family.objects.get()
    adult = family.adults.get()
    child = family.children.get()
    assert (adult.user, adult.first_name, adult.preferred_contact) == (parent, "Amira", "sms")
    assert family.hub == hub and family.home_postcode == "RM18 7AA"
    assert child.date_of_birth is None and child.due_date is not None
    consent = family.consents.get()
    assert consent.purpose == Consent.Purpose.REGISTRATION
    assert consent.privacy_notice_version == "2026-12"
    assert consent.method == Consent.Method.ONLINE
    assert AuditEvent.objects.filter(action="register", object_id=str(family.pk)).exists()


def test_optional_news_consent_is_recorded_only_when_ticked(client, parent):
    answer_everything(client, LocationFactory())
    client.post(reverse("families:register_check"), {"registration": "on", "updates": "on"})
    assert set(Family.objects.get().consents.values_list("purpose", flat=True)) == {
        "registration",
        "updates",
    }


def test_without_agreeing_nothing_is_registered(client, parent):
    answer_everything(client, LocationFactory())
    response = client.post(reverse("families:register_check"), {})
    assert "You must agree for us to hold your details to register" in response.content.decode()
    assert not Family.objects.exists()


def test_check_page_sends_back_to_an_unanswered_question(client, parent):
    client.post(reverse("families:register", args=["about-you"]), about_you())
    response = client.get(reverse("families:register_check"))
    assert response.url == reverse("families:register", args=["child"])


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("about-you", about_you(first_name=""), "Enter the first name"),
        ("about-you", about_you(phone="", preferred_contact="sms"), "Enter a phone number"),
        ("about-you", about_you(phone="12"), "Enter a phone number, like"),
        ("child", expecting(born=""), "Select yes if the baby has been born"),
        ("child", expecting(due_date_1="13"), "The due date must be a real date"),
        ("child", expecting(due_date_0=""), "The due date must include a day, month and year"),
        (
            "child",
            {
                "born": "yes",
                "first_name": "Tobi",
                **date_parts("date_of_birth", timezone.localdate() + timedelta(days=2)),
            },
            "The date of birth must be today or in the past",
        ),
        (
            "child",
            expecting(**date_parts("due_date", timezone.localdate() - timedelta(days=90))),
            "if the baby has been born, choose yes",
        ),
    ],
)
def test_bad_answers_get_a_clear_message_and_are_not_kept(client, parent, step, data, message):
    response = client.post(reverse("families:register", args=[step]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert message in body
    assert step not in client.session.get("family_registration", {})


def test_a_postcode_that_is_not_real_is_refused(client, parent):
    response = client.post(
        reverse("families:register", args=["home"]), home(LocationFactory(), home_postcode="XYZ")
    )
    assert "Enter a real UK postcode" in response.content.decode()


def test_a_location_that_is_not_a_family_hub_cannot_be_chosen(client, parent):
    response = client.post(
        reverse("families:register", args=["home"]), home(LocationFactory(is_family_hub=False))
    )
    assert response.context["form"].errors["hub"]


def test_a_parent_who_already_has_a_family_is_sent_to_it(client, parent):
    answer_everything(client, LocationFactory())
    client.post(reverse("families:register_check"), {"registration": "on"})
    response = client.get(reverse("families:register", args=["about-you"]))
    assert response.url == reverse("families:home")
    assert Family.objects.count() == 1
