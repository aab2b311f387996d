"""A professional refers a family: question pages, consent kept as data, the "no consent" path,
finding a registered family by an exact search (audited), check answers and its change links."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import sign_in_with_two_factor
from audit.models import AuditEvent
from families.tests.factories import AdultFactory, ChildFactory, FamilyFactory
from referrals.models import ConsentRecord, IntakeQuestion, RequestEvent, RequestForSupport
from referrals.tests.factories import IntakeFactory, ProfessionalFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DUE = TODAY + timedelta(days=60)


def date_parts(name: str, day) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def midwife(client):
    user = ProfessionalFactory()
    sign_in_with_two_factor(client, user)
    return user


@pytest.fixture
def intake():
    intake = IntakeFactory(service__name="Together with Baby")
    IntakeQuestion.objects.create(
        intake=intake, label="Is this the first baby?", kind=IntakeQuestion.Kind.YES_NO, order=1
    )
    return intake


def step(client, slug: str, data: dict, change: bool = False):
    url = reverse("referrals:refer", args=[slug]) + ("?change=1" if change else "")
    return client.post(url, data)


def refer_new_family_up_to_consent(client, intake):
    client.get(reverse("referrals:refer_from_service", args=[intake.service.pk]))
    step(client, "registered", {"registered": "no"})
    step(client, "parent", {"person_name": "Amira Example"})
    step(client, "child", {"born": "no", **date_parts("due_date", DUE)})


def consent_and_the_rest(client):
    step(client, "consent", {"given": "yes"})
    step(
        client,
        "consent-details",
        {
            "given_by": "Amira Example",
            "relationship": "Mother",
            "method": "in_person",
            **date_parts("given_on", TODAY),
            "what_may_be_shared": "Everything in this request, with the service's team",
            "privacy_notice": "on",
        },
    )
    step(client, "reason", {"reason": "Low mood since the scan", "urgency": "2"})
    step(
        client,
        "contact",
        {"phone": "07700 900123", "email": "", "safe_contact": "Text first, after 6pm"},
    )
    step(client, "interpreter", {"needs_interpreter": "yes", "language": "Polish"})
    return step(client, "service-questions", {f"question_{IntakeQuestion.objects.get().pk}": "yes"})


def test_a_referral_with_consent_is_sent_with_the_consent_kept_as_data(client, midwife, intake):
    refer_new_family_up_to_consent(client, intake)
    last = consent_and_the_rest(client)
    assert last["Location"] == reverse("referrals:refer_check")

    check = client.get(reverse("referrals:refer_check")).content.decode()
    assert "Amira Example" in check
    assert "Low mood since the scan" in check
    assert "Polish" in check
    assert "Is this the first baby?" in check

    response = client.post(reverse("referrals:refer_check"))
    assert response["Location"] == reverse("referrals:refer_sent")
    sent = RequestForSupport.objects.get()
    assert (sent.service, sent.referrer, sent.kind) == (
        intake.service,
        midwife,
        RequestForSupport.Kind.PROFESSIONAL,
    )
    assert sent.person_name == "Amira Example"
    assert (sent.child_date, sent.child_date_kind) == (DUE, "expected")
    assert sent.interpreter_language == "Polish"
    assert sent.urgency == RequestForSupport.Urgency.SOON
    assert sent.answers == [{"question": "Is this the first baby?", "answer": "Yes"}]
    consent = ConsentRecord.objects.get(request=sent)
    assert (consent.given_by, consent.relationship, consent.method) == (
        "Amira Example",
        "Mother",
        ConsentRecord.Method.IN_PERSON,
    )
    assert consent.privacy_notice_version == "2026-11"
    assert consent.what_may_be_shared == "Everything in this request, with the service's team"
    assert consent.recorded_by == midwife

    confirmation = client.get(response["Location"]).content.decode()
    assert sent.reference in confirmation
    # The answers are gone from the session once sent.
    assert client.get(reverse("referrals:refer_check"))["Location"] == reverse(
        "referrals:refer", args=["service"]
    )


def test_no_consent_leads_to_what_to_do_instead_and_nothing_is_sent(client, midwife, intake):
    refer_new_family_up_to_consent(client, intake)
    response = step(client, "consent", {"given": "no"})
    assert response["Location"] == reverse("referrals:no_consent")

    page = client.get(response["Location"]).content.decode()
    self_referral = reverse("referrals:ask_start", args=[intake.service.pk])
    assert self_referral in page
    assert reverse("referrals:ask_card", args=[intake.service.pk]) in page
    assert "safeguarding procedures" in page
    assert not RequestForSupport.objects.exists()
    # Check answers will not send it either.
    assert client.post(reverse("referrals:refer_check"))["Location"] == reverse(
        "referrals:no_consent"
    )
    assert not RequestForSupport.objects.exists()


def test_no_consent_for_a_service_without_self_referrals_points_to_its_page(client, midwife):
    intake = IntakeFactory(accepts_self_referrals=False)
    refer_new_family_up_to_consent(client, intake)
    step(client, "consent", {"given": "no"})
    page = client.get(reverse("referrals:no_consent")).content.decode()
    assert reverse("web:service", args=[intake.service.pk]) in page
    assert reverse("referrals:ask_start", args=[intake.service.pk]) not in page


def test_an_answer_with_errors_is_shown_again_with_everything_typed(client, midwife, intake):
    refer_new_family_up_to_consent(client, intake)
    step(client, "consent", {"given": "yes"})
    response = step(
        client,
        "consent-details",
        {
            "given_by": "Amira Example",
            "relationship": "",
            "method": "phone",
            **date_parts("given_on", TODAY + timedelta(days=3)),
            "what_may_be_shared": "Contact details only",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The date consent was given must be today or in the past" in html
    assert "Confirm you told them what the privacy notice says" in html
    assert 'value="Amira Example"' in html
    assert "Contact details only" in html
    assert 'value="phone" checked' in html


def test_a_change_link_returns_to_check_answers(client, midwife, intake):
    refer_new_family_up_to_consent(client, intake)
    consent_and_the_rest(client)
    check = client.get(reverse("referrals:refer_check")).content.decode()
    change_reason = reverse("referrals:refer", args=["reason"]) + "?change=1"
    assert change_reason in check

    page = client.get(change_reason).content.decode()
    assert "Low mood since the scan" in page
    assert f'href="{reverse("referrals:refer_check")}" class="govuk-back-link"' in page
    response = step(client, "reason", {"reason": "Anxious and not sleeping", "urgency": "3"}, True)
    assert response["Location"] == reverse("referrals:refer_check")
    assert "Anxious and not sleeping" in client.get(response["Location"]).content.decode()


def test_starting_a_new_referral_forgets_the_last_one(client, midwife, intake):
    refer_new_family_up_to_consent(client, intake)
    client.get(reverse("referrals:refer_start"))
    response = client.get(reverse("referrals:refer", args=["parent"]))
    assert response["Location"] == reverse("referrals:refer", args=["service"])


def registered_family():
    family = FamilyFactory(with_members=False, home_postcode="RM18 7AA")
    AdultFactory(family=family, first_name="Grace", last_name="Okafor")
    ChildFactory(family=family, date_of_birth=TODAY - timedelta(days=100))
    return family


def test_a_registered_family_is_found_only_by_an_exact_match_and_every_search_is_audited(
    client, midwife, intake
):
    family = registered_family()
    client.get(reverse("referrals:refer_from_service", args=[intake.service.pk]))
    step(client, "registered", {"registered": "yes"})

    step(
        client, "find-family", {"first_name": "Grace", "last_name": "Okafo", "postcode": "RM18 7AA"}
    )
    near_miss = client.get(reverse("referrals:refer", args=["choose-family"])).content.decode()
    assert "Grace Okafor" not in near_miss
    assert "No registered family matches those details" in near_miss
    assert AuditEvent.objects.filter(actor=midwife, action="searched families to refer").exists()

    step(
        client, "find-family", {"first_name": "grace", "last_name": "OKAFOR", "postcode": "rm187aa"}
    )
    exact = client.get(reverse("referrals:refer", args=["choose-family"])).content.decode()
    assert "Grace Okafor" in exact
    assert AuditEvent.objects.filter(
        actor=midwife, action="found in referral search", object_id=str(family.pk)
    ).exists()

    response = step(client, "choose-family", {"family": str(family.pk)})
    assert response["Location"] == reverse("referrals:refer", args=["consent"])
    consent_and_the_rest(client)
    client.post(reverse("referrals:refer_check"))
    sent = RequestForSupport.objects.get()
    assert sent.family == family
    assert sent.person_name == "Grace Okafor"


def test_a_family_id_that_the_search_did_not_find_cannot_be_chosen(client, midwife, intake):
    registered_family()
    other = FamilyFactory()
    client.get(reverse("referrals:refer_from_service", args=[intake.service.pk]))
    step(client, "registered", {"registered": "yes"})
    step(
        client,
        "find-family",
        {"first_name": "Grace", "last_name": "Okafor", "postcode": "RM18 7AA"},
    )
    response = step(client, "choose-family", {"family": str(other.pk)})
    assert response.status_code == 200
    assert "Select" in response.content.decode()


def test_the_referral_is_sent_once_with_its_history(client, midwife, intake):
    refer_new_family_up_to_consent(client, intake)
    consent_and_the_rest(client)
    client.post(reverse("referrals:refer_check"))
    client.post(reverse("referrals:refer_check"))
    sent = RequestForSupport.objects.get()
    assert list(RequestEvent.objects.filter(request=sent).values_list("to_status", "by")) == [
        ("sent", midwife.pk)
    ]
