"""A family asks a service for help: crisis help first on every page, no reply time the service
has not set, an email address confirmed by link before anything is sent (held until then, the
link expiring), rate-limited; a signed-in parent's request goes straight to the team."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from families.tests.factories import FamilyFactory, parent_of
from notifications.models import Notification
from notifications.tests.smtp import run_task_worker, smtp_server
from referrals.models import HeldSelfReferral, IntakeQuestion, RequestForSupport
from referrals.tests.factories import IntakeFactory

pytestmark = pytest.mark.django_db

CRISIS = "If you or your baby are in danger now, call"
SAMARITANS = "116 123"
TODAY = timezone.localdate()
DUE = TODAY + timedelta(days=60)


def ask_url(service, slug: str = "") -> str:
    if slug == "check":
        return reverse("referrals:ask_check", args=[service.pk])
    if slug:
        return reverse("referrals:ask", args=[service.pk, slug])
    return reverse("referrals:ask_start", args=[service.pk])


@pytest.fixture
def intake():
    intake = IntakeFactory(service__name="Together with Baby", response_target_working_days=5)
    IntakeQuestion.objects.create(
        intake=intake,
        label="Who is your midwife?",
        kind=IntakeQuestion.Kind.TEXT,
        required=False,
        order=1,
    )
    return intake


def due_date_parts() -> dict:
    return {"due_date_0": DUE.day, "due_date_1": DUE.month, "due_date_2": DUE.year}


def answer_everything(client, service, email: str = "amira@example.org") -> list:
    """Every question page's response, in order."""
    responses = [client.post(ask_url(service))]
    for slug, data in [
        ("about-you", {"person_name": "Amira Example"}),
        (
            "baby",
            {"born": "no", "due_date_0": DUE.day, "due_date_1": DUE.month, "due_date_2": DUE.year},
        ),
        ("contact", {"phone": "07700 900123", "email": email, "safe_contact": "Text first"}),
        ("interpreter", {"needs_interpreter": "no", "language": ""}),
        ("service-questions", {f"question_{IntakeQuestion.objects.get().pk}": "Jo at Orsett"}),
        ("help", {"reason": "I feel low and cannot sleep"}),
    ]:
        responses.append(client.post(ask_url(service, slug), data))
    return responses


def confirmation_link(server) -> str:
    body = server.messages[-1].get_body(("plain",)).get_content()
    return re.search(r"https?://[^/\s]+(/requests/confirm/[^\s]+/)", body).group(1)


def test_crisis_help_comes_first_on_every_page_of_the_journey(client, intake):
    service = intake.service
    pages = [ask_url(service)]
    pages += [r["Location"] for r in answer_everything(client, service)]
    for url in pages:
        html = client.get(url).content.decode()
        assert CRISIS in html, url
        assert SAMARITANS in html and "NHS <a" in html, url
        # Before any heading or form on the page.
        assert html.index(CRISIS) < html.index("<h1"), url


def test_the_reply_time_is_shown_only_when_the_service_set_one(client, intake):
    service = intake.service
    assert "They reply within 5 working days" in client.get(ask_url(service)).content.decode()
    intake.response_target_working_days = None
    intake.save()
    html = client.get(ask_url(service)).content.decode()
    assert "reply within" not in html
    assert "working day" not in html


@pytest.mark.django_db(transaction=True)
def test_a_request_is_held_until_the_emailed_link_is_used_then_sent_once(client, intake):
    service = intake.service
    with smtp_server() as server:
        answer_everything(client, service)
        check = client.get(ask_url(service, "check")).content.decode()
        assert "I feel low and cannot sleep" in check
        assert "Jo at Orsett" in check

        response = client.post(ask_url(service, "check"))
        assert "Check your email" in response.content.decode()
        assert not RequestForSupport.objects.exists()
        held = HeldSelfReferral.objects.get()
        assert held.email == "amira@example.org"

        run_task_worker()
        message = server.messages[-1]
        assert message["To"] == "amira@example.org"
        body = message.get_body(("plain",)).get_content()
        # No health details in the email.
        assert "cannot sleep" not in body and "Amira" not in body
        link = confirmation_link(server)

    # Opening the link (a mail scanner does too) sends nothing; the button sends it.
    page = client.get(link).content.decode()
    assert "Send your request" in page
    assert not RequestForSupport.objects.exists()

    sent_page = client.post(link).content.decode()
    sent = RequestForSupport.objects.get()
    assert sent.reference in sent_page
    assert (sent.kind, sent.service) == (RequestForSupport.Kind.SELF, service)
    assert sent.email == "amira@example.org"
    assert sent.reason == "I feel low and cannot sleep"
    assert sent.answers == [{"question": "Who is your midwife?", "answer": "Jo at Orsett"}]
    assert not HeldSelfReferral.objects.exists()

    # The link works once.
    again = client.post(link)
    assert again.status_code == 400
    assert RequestForSupport.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_link_expires(client, intake):
    service = intake.service
    with smtp_server() as server:
        answer_everything(client, service)
        client.post(ask_url(service, "check"))
        run_task_worker()
        link = confirmation_link(server)
    later = timezone.now() + timedelta(hours=49)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.post(link)
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert not RequestForSupport.objects.exists()


def test_a_wrong_link_shows_nothing(client):
    response = client.get(reverse("referrals:ask_confirm", args=["not-a-real-token"]))
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_someone_not_signed_in_must_give_an_email_address(client, intake):
    service = intake.service
    client.post(ask_url(service))
    client.post(ask_url(service, "about-you"), {"person_name": "Amira"})
    client.post(ask_url(service, "baby"), {"born": "no", **due_date_parts()})
    response = client.post(
        ask_url(service, "contact"), {"phone": "07700 900123", "email": "", "safe_contact": "Any"}
    )
    assert "Enter your email address" in response.content.decode()


def test_sending_is_rate_limited(client, intake, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "self_referral": {"per_address": 2, "per_account": 2, "minutes": 60},
    }
    service = intake.service
    for _ in range(2):
        answer_everything(client, service)
        assert client.post(ask_url(service, "check")).status_code == 200
    answer_everything(client, service)
    assert client.post(ask_url(service, "check")).status_code == 429
    assert HeldSelfReferral.objects.count() == 2
    assert Notification.objects.filter(kind="self_referral_confirm").count() == 2


def test_a_signed_in_parent_sends_straight_away_and_sees_it_in_their_account(client, intake):
    family = FamilyFactory()
    parent = parent_of(family)
    client.force_login(parent)
    service = intake.service
    answer_everything(client, service, email="")
    response = client.post(ask_url(service, "check"))
    sent = RequestForSupport.objects.get()
    assert sent.reference in response.content.decode()
    assert (sent.family, sent.requester) == (family, parent)
    assert not HeldSelfReferral.objects.exists()

    listing = client.get(reverse("referrals:yours")).content.decode()
    assert sent.reference in listing
    detail = client.get(reverse("referrals:yours_detail", args=[sent.reference])).content.decode()
    assert "Sent" in detail and "Withdraw this request" in detail


def test_a_parent_without_a_family_record_still_sees_their_request(client, intake):
    parent = UserFactory()
    client.force_login(parent)
    answer_everything(client, intake.service, email="")
    client.post(ask_url(intake.service, "check"))
    sent = RequestForSupport.objects.get()
    assert sent.requester == parent and sent.family is None
    assert sent.reference in client.get(reverse("referrals:yours")).content.decode()


def test_the_family_withdraws_its_request(client, intake):
    parent = UserFactory()
    client.force_login(parent)
    answer_everything(client, intake.service, email="")
    client.post(ask_url(intake.service, "check"))
    sent = RequestForSupport.objects.get()
    url = reverse("referrals:yours_withdraw", args=[sent.reference])
    assert "Are you sure" in client.get(url).content.decode()
    client.post(url, {"version": sent.version})
    sent.refresh_from_db()
    assert sent.status == "withdrawn"
    assert sent.events.last().actor == "family"


def test_a_service_that_takes_no_self_referrals_has_no_journey(client):
    intake = IntakeFactory(accepts_self_referrals=False)
    assert client.get(ask_url(intake.service)).status_code == 404
    assert client.get(ask_url(intake.service, "about-you")).status_code == 404


def test_a_question_page_opened_without_starting_goes_to_the_start(client, intake):
    response = client.get(ask_url(intake.service, "help"))
    assert response["Location"] == ask_url(intake.service)
