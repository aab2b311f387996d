"""Every page of the journeys takes hostile input (NUL bytes, other scripts, huge numbers, odd
digits, very long text) in every field it has, without a server error."""

import pytest
from django.urls import reverse

from accounts.tests.factories import DirectoryEditorFactory, sign_in_with_two_factor
from core.tests.test_hostile_forms import HOSTILE_TEXT
from referrals.journeys import REFERRAL_QUESTIONS, SELF_REFERRAL_QUESTIONS
from referrals.models import IntakeQuestion
from referrals.tests.factories import IntakeFactory, ProfessionalFactory, sent_referral

pytestmark = pytest.mark.django_db

FIELDS = [
    "service",
    "registered",
    "first_name",
    "last_name",
    "child_date_0",
    "child_date_1",
    "child_date_2",
    "postcode",
    "family",
    "person_name",
    "born",
    "date_of_birth_0",
    "date_of_birth_1",
    "date_of_birth_2",
    "due_date_0",
    "due_date_1",
    "due_date_2",
    "given",
    "given_by",
    "relationship",
    "method",
    "given_on_0",
    "given_on_1",
    "given_on_2",
    "what_may_be_shared",
    "privacy_notice",
    "reason",
    "urgency",
    "phone",
    "email",
    "safe_contact",
    "needs_interpreter",
    "language",
    "question_1",
    "takes",
    "response_target",
    "team",
    "label",
    "hint",
    "kind",
    "options",
    "required",
    "direction",
    "version",
]


def hostile_posts():
    for value in HOSTILE_TEXT:
        yield {name: value for name in FIELDS}
    yield {name: [value, value] for name in FIELDS for value in ["1", "yes"]}


def post_everywhere(client, urls: list[str]) -> None:
    for url in urls:
        for data in hostile_posts():
            response = client.post(url, data)
            assert response.status_code < 500, (url, data)


def test_a_professionals_pages_take_hostile_input(client):
    intake = IntakeFactory()
    IntakeQuestion.objects.create(intake=intake, label="First baby?", kind="yes_no")
    midwife = ProfessionalFactory()
    referral = sent_referral(intake=intake, referrer=midwife)
    sign_in_with_two_factor(client, midwife)
    client.get(reverse("referrals:refer_from_service", args=[intake.service.pk]))
    urls = [reverse("referrals:refer", args=[q.slug]) for q in REFERRAL_QUESTIONS]
    urls += [
        reverse("referrals:refer_check"),
        reverse("referrals:sent_withdraw", args=[referral.reference]),
    ]
    post_everywhere(client, urls)


def test_a_familys_pages_take_hostile_input(client):
    intake = IntakeFactory()
    service = intake.service
    client.post(reverse("referrals:ask_start", args=[service.pk]))
    urls = [reverse("referrals:ask", args=[service.pk, q.slug]) for q in SELF_REFERRAL_QUESTIONS]
    urls += [reverse("referrals:ask_confirm", args=[value or "x"]) for value in HOSTILE_TEXT[:6]]
    post_everywhere(client, urls)


def test_the_settings_pages_take_hostile_input(client):
    intake = IntakeFactory()
    question = IntakeQuestion.objects.create(intake=intake, label="First baby?")
    sign_in_with_two_factor(client, DirectoryEditorFactory())
    service = intake.service.pk
    post_everywhere(
        client,
        [
            reverse("referrals:intake_settings", args=[service]),
            reverse("referrals:intake_question_add", args=[service]),
            reverse("referrals:intake_question_change", args=[service, question.pk]),
            reverse("referrals:intake_question_move", args=[service, question.pk]),
        ],
    )
