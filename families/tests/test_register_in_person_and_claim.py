import re
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import (
    PASSWORD,
    HubStaffFactory,
    UserFactory,
    sign_in_with_two_factor,
)
from audit.models import AuditEvent
from directory.tests.factories import LocationFactory
from families.models import Consent, Family
from families.services import claim_token
from families.tests.factories import AdultFactory
from notifications.models import Notification
from notifications.tests.smtp import sent_emails

pytestmark = pytest.mark.django_db


def staff_form(hub, **overrides) -> dict:
    born = timezone.localdate() - timedelta(days=40)
    return {
        "adult-first_name": "Grace",
        "adult-last_name": "Mensah",
        "adult-email": "grace@example.org",
        "adult-phone": "",
        "adult-preferred_contact": "email",
        "child-first_name": "Kofi",
        "child-born": "yes",
        "child-date_of_birth_0": born.day,
        "child-date_of_birth_1": born.month,
        "child-date_of_birth_2": born.year,
        "home-home_postcode": "RM18 7AA",
        "home-hub": str(hub.pk),
        "consent-registration": "on",
        **overrides,
    }


@pytest.fixture
def hub():
    return LocationFactory(name="Tilbury Family Hub")


@pytest.fixture
def staff(client, hub):
    user = HubStaffFactory(hub=hub)
    sign_in_with_two_factor(client, user)
    return user


@pytest.mark.django_db(transaction=True)
def test_staff_register_a_family_in_person_and_the_parent_is_emailed_a_claim_link(
    client, staff, hub
):
    response = client.post(reverse("families:staff_register"), staff_form(hub))
    family = Family.objects.get()
    assert response.url == reverse("families:staff_family", args=[family.pk])
    consent = family.consents.get()
    assert (consent.method, consent.recorded_by) == (Consent.Method.IN_PERSON, staff)
    assert family.registered_by == staff
    assert family.adults.get().user is None
    emails = sent_emails()
    assert len(emails) == 1 and emails[0].to == ["grace@example.org"]
    assert emails[0].subject == "Your family is registered with a family hub"
    assert "/family/claim/" in emails[0].body
    assert "Grace" not in emails[0].body.split("/family/claim/")[1]
    # The parent has no account yet: the message is for the address alone.
    assert Notification.objects.get().recipient is None


def test_staff_can_only_register_at_their_own_hubs(client, staff):
    other_hub = LocationFactory()
    response = client.post(reverse("families:staff_register"), staff_form(other_hub))
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Family.objects.exists()


def test_without_the_parents_agreement_staff_cannot_register(client, staff, hub):
    data = staff_form(hub)
    del data["consent-registration"]
    response = client.post(reverse("families:staff_register"), data)
    assert "Confirm that the parent agrees" in response.content.decode()
    assert not Family.objects.exists()
    assert not Notification.objects.exists()


def path_in(body: str) -> str:
    return re.search(r"http://\S+", body).group(0).removeprefix("http://127.0.0.1:8000")


def claim_links() -> list[str]:
    """The links in the claim emails queued so far, oldest first, as paths."""
    queued = Notification.objects.filter(kind="families.claim").order_by("pk")
    return [path_in(notification.body) for notification in queued]


def claim_path() -> str:
    return claim_links()[0]


def test_the_parent_claims_the_record_with_an_account_for_the_same_email(client, staff, hub):
    client.post(reverse("families:staff_register"), staff_form(hub))
    parent = UserFactory(email="grace@example.org")
    client.force_login(parent)
    assert "Add it to my account" in client.get(claim_path()).content.decode()
    response = client.post(claim_path())
    assert response.url == reverse("families:home")
    assert Family.objects.get().adults.get().user == parent
    assert AuditEvent.objects.filter(action="claim").exists()
    # The link works once.
    assert client.post(claim_path()).status_code == 400


def test_someone_else_is_told_plainly_before_any_form_and_cannot_claim(client, staff, hub):
    client.post(reverse("families:staff_register"), staff_form(hub))
    client.force_login(UserFactory(email="someone.else@example.org"))
    page = client.get(claim_path())
    assert page.status_code == 403
    text = page.content.decode()
    assert "This link is for a different account" in text
    assert "You are signed in as someone.else@example.org" in text
    assert "Add it to my account" not in text
    assert "Grace" not in text and "grace@example.org" not in text
    response = client.post(claim_path())
    assert response.status_code == 403
    assert Family.objects.get().adults.get().user is None


def test_an_account_that_already_has_a_family_is_told_so_before_any_form(client, staff, hub):
    client.post(reverse("families:staff_register"), staff_form(hub))
    parent = UserFactory(email="grace@example.org")
    AdultFactory(user=parent)
    client.force_login(parent)
    page = client.get(claim_path())
    assert page.status_code == 403
    assert "Your account already has a family" in page.content.decode()
    assert "Add it to my account" not in page.content.decode()
    client.post(claim_path())
    assert Family.objects.get(adults__first_name="Grace").adults.get().user is None


def test_an_anonymous_visitor_is_asked_to_sign_in_and_shown_nothing(client, staff, hub):
    client.post(reverse("families:staff_register"), staff_form(hub))
    path = claim_path()
    client.logout()
    response = client.get(path)
    assert "Sign in to see your family" in response.content.decode()
    assert "Grace" not in response.content.decode()


def test_a_tampered_claim_link_does_nothing(client, staff, hub):
    client.post(reverse("families:staff_register"), staff_form(hub))
    adult = Family.objects.get().adults.get()
    client.force_login(UserFactory(email="grace@example.org"))
    token = claim_token(adult)
    response = client.post(reverse("families:claim", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert Family.objects.get().adults.get().user is None


def a_minute_later(monkeypatch) -> None:
    """Links made from now on are stamped a minute later, as a link sent again would be."""
    stamp = signing.TimestampSigner.timestamp
    monkeypatch.setattr(
        signing.TimestampSigner,
        "timestamp",
        lambda signer: signing.b62_encode(signing.b62_decode(stamp(signer)) + 60),
    )


def test_staff_can_send_the_claim_link_again_and_a_double_click_sends_it_once(
    client, staff, hub, monkeypatch
):
    client.post(reverse("families:staff_register"), staff_form(hub))
    family = Family.objects.get()
    send_again = reverse("families:staff_send_claim_link", args=[family.pk, family.adults.get().pk])
    a_minute_later(monkeypatch)
    client.post(send_again)
    client.post(send_again)
    first, again = claim_links()
    assert first != again
    assert Notification.objects.filter(to_address="grace@example.org").count() == 2


@pytest.mark.django_db(transaction=True)
def test_each_claim_link_sent_again_is_delivered_once(client, staff, hub, monkeypatch):
    client.post(reverse("families:staff_register"), staff_form(hub))
    family = Family.objects.get()
    a_minute_later(monkeypatch)
    client.post(reverse("families:staff_send_claim_link", args=[family.pk, family.adults.get().pk]))
    emails = sent_emails()
    assert [email.to for email in emails] == [["grace@example.org"]] * 2
    assert {path_in(email.body) for email in emails} == set(claim_links())


def test_signing_in_from_the_claim_page_comes_back_to_it(client, staff, hub):
    client.post(reverse("families:staff_register"), staff_form(hub))
    path = claim_path()
    client.logout()
    UserFactory(email="grace@example.org")
    sign_in_link = client.get(path).context["sign_in_url"]
    response = client.post(
        sign_in_link, {"email": "grace@example.org", "password": PASSWORD, "next": path}
    )
    assert response.url == path
