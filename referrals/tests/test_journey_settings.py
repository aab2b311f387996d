"""A service's settings for requests for support: who may send them, the reply target, the team,
and the service's own questions (add, change, remove, reorder); for directory editors and the
service's own provider users only."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import OrganisationMembership
from accounts.roles import PROVIDERS
from accounts.tests.factories import DirectoryEditorFactory, UserFactory, sign_in_with_two_factor
from directory.tests.factories import ServiceFactory
from referrals.models import IntakeQuestion, ReceivingTeamMember, ServiceIntake
from referrals.tests.factories import IntakeFactory, ServiceTeamUserFactory

pytestmark = pytest.mark.django_db


def settings_url(service) -> str:
    return reverse("referrals:intake_settings", args=[service.pk])


@pytest.fixture
def editor(client):
    user = DirectoryEditorFactory()
    sign_in_with_two_factor(client, user)
    return user


def test_an_editor_sets_who_may_ask_the_reply_target_and_the_team(client, editor):
    service = ServiceFactory()
    member, leaving = ServiceTeamUserFactory(), ServiceTeamUserFactory()
    page = client.get(settings_url(service)).content.decode()
    assert member.email in page
    assert 'value="none" checked' in page

    client.post(
        settings_url(service),
        {"takes": "both", "response_target": "5", "team": [member.pk, leaving.pk]},
    )
    client.post(
        settings_url(service), {"takes": "families", "response_target": "", "team": [member.pk]}
    )
    intake = ServiceIntake.objects.get(service=service)
    assert (intake.accepts_professional_referrals, intake.accepts_self_referrals) == (False, True)
    assert intake.response_target_working_days is None
    assert set(intake.team_members.values_list("user", "active")) == {
        (member.pk, True),
        (leaving.pk, False),
    }


def test_a_bad_reply_target_is_explained_and_the_answers_kept(client, editor):
    service = ServiceFactory()
    response = client.post(settings_url(service), {"takes": "both", "response_target": "0"})
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The reply time must be at least 1 working day" in html
    assert 'value="both" checked' in html
    assert not ServiceIntake.objects.exists()


def test_only_people_in_service_teams_can_be_chosen_for_the_team(client, editor):
    service = ServiceFactory()
    outsider = UserFactory()
    response = client.post(settings_url(service), {"takes": "both", "team": [outsider.pk]})
    assert "Select" in response.content.decode()
    assert not ReceivingTeamMember.objects.exists()


def test_questions_are_added_changed_reordered_and_removed(client, editor):
    intake = IntakeFactory()
    service = intake.service
    add = reverse("referrals:intake_question_add", args=[service.pk])
    client.post(add, {"label": "Who is your midwife?", "kind": "text", "required": "no"})
    client.post(
        add,
        {
            "label": "How did you hear of us?",
            "kind": "choice",
            "options": "GP\nFriend\n\nGP",
            "required": "yes",
        },
    )
    first, second = IntakeQuestion.objects.order_by("order")
    assert second.choices == ["GP", "Friend"]
    assert first.required is False

    client.post(
        reverse("referrals:intake_question_move", args=[service.pk, second.pk]), {"direction": "up"}
    )
    assert list(intake.questions.values_list("label", flat=True)) == [
        "How did you hear of us?",
        "Who is your midwife?",
    ]

    change = reverse("referrals:intake_question_change", args=[service.pk, first.pk])
    assert "Who is your midwife?" in client.get(change).content.decode()
    client.post(change, {"label": "Your midwife's name", "kind": "text", "required": "yes"})
    first.refresh_from_db()
    assert (first.label, first.required) == ("Your midwife's name", True)

    remove = reverse("referrals:intake_question_remove", args=[service.pk, second.pk])
    assert "Are you sure" in client.get(remove).content.decode()
    client.post(remove)
    assert list(intake.questions.values_list("label", flat=True)) == ["Your midwife's name"]
    assert "Your midwife&#x27;s name" in client.get(settings_url(service)).content.decode()


def test_a_choice_question_needs_two_options(client, editor):
    service = ServiceFactory()
    response = client.post(
        reverse("referrals:intake_question_add", args=[service.pk]),
        {"label": "Which area?", "kind": "choice", "options": "Grays", "required": "yes"},
    )
    assert "Enter at least two options, each on its own line" in response.content.decode()
    assert 'value="Which area?"' in response.content.decode()
    assert not IntakeQuestion.objects.exists()


def test_a_provider_manages_only_their_own_organisations_services(client):
    provider = UserFactory()
    provider.groups.add(Group.objects.get_or_create(name=PROVIDERS)[0])
    own, other = ServiceFactory(), ServiceFactory()
    OrganisationMembership.objects.create(user=provider, organization=own.organization)
    sign_in_with_two_factor(client, provider)
    assert client.get(settings_url(own)).status_code == 200
    assert client.get(settings_url(other)).status_code == 404
    question = IntakeQuestion.objects.create(intake=IntakeFactory(service=other), label="Secret?")
    for name in ("intake_question_change", "intake_question_remove"):
        assert (
            client.get(reverse(f"referrals:{name}", args=[own.pk, question.pk])).status_code == 404
        )
        assert (
            client.get(reverse(f"referrals:{name}", args=[other.pk, question.pk])).status_code
            == 404
        )


def test_the_team_chosen_before_is_shown_ticked(client, editor):
    intake = IntakeFactory()
    member = ServiceTeamUserFactory()
    ReceivingTeamMember.objects.create(intake=intake, user=member)
    html = client.get(settings_url(intake.service)).content.decode()
    assert f'value="{member.pk}" checked' in html
