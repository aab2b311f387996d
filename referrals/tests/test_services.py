import pytest

from notifications.models import Notification
from referrals import services
from referrals.models import ConsentRecord, IntakeQuestion, RequestEvent, RequestForSupport
from referrals.states import Actor, IllegalTransition, Status
from referrals.tests.factories import (
    IntakeFactory,
    ProfessionalFactory,
    RoutingTeamMemberFactory,
    TeamMemberFactory,
    person_details,
    sent_referral,
)

pytestmark = pytest.mark.django_db


def test_sending_records_the_request_consent_answers_and_first_event_and_tells_the_team_once():
    member = TeamMemberFactory()
    question = IntakeQuestion.objects.create(
        intake=member.intake, label="Is the baby born yet?", kind=IntakeQuestion.Kind.YES_NO
    )
    midwife = ProfessionalFactory()

    request = sent_referral(member.intake, referrer=midwife, answers={question.pk: "No"})

    request = RequestForSupport.objects.get(pk=request.pk)
    assert request.status == Status.SENT
    assert request.person_name == "Amira Example"
    assert request.answers == [{"question": "Is the baby born yet?", "answer": "No"}]
    assert ConsentRecord.objects.get(request=request).recorded_by == midwife
    [event] = RequestEvent.objects.filter(request=request)
    assert (event.from_status, event.to_status, event.actor, event.by) == (
        "",
        Status.SENT,
        Actor.REFERRER,
        midwife,
    )
    [note] = Notification.objects.filter(kind="request_new")
    assert note.recipient == member.user
    assert request.reference in note.body
    assert "Amira" not in note.body and "Low mood" not in note.body


def test_reference_is_the_service_initials_and_eight_unambiguous_characters():
    intake = IntakeFactory(service__name="Together with Baby")
    reference = sent_referral(intake).reference
    prefix, first, second = reference.split("-")
    assert prefix == "TWB"
    assert len(first + second) == 8
    assert not set(first + second) & set("01OIL")


def test_a_service_that_takes_no_self_referrals_refuses_one():
    intake = IntakeFactory(accepts_self_referrals=False)
    with pytest.raises(services.RequestNotAccepted):
        services.send_request(
            service=intake.service,
            kind=RequestForSupport.Kind.SELF,
            details=person_details(),
            reason="I feel low",
        )


def test_a_professional_referral_without_consent_is_refused():
    intake = IntakeFactory()
    with pytest.raises(services.RequestNotAccepted):
        sent_referral(intake, consent=None)


def test_a_service_without_an_active_team_sends_its_requests_to_the_routing_team():
    router = RoutingTeamMemberFactory()
    TeamMemberFactory(active=False)
    intake = IntakeFactory()
    TeamMemberFactory(intake=intake, active=False)

    sent_referral(intake)

    assert list(
        Notification.objects.filter(kind="request_new").values_list("recipient", flat=True)
    ) == [router.user.pk]


def test_accepting_moves_on_the_version_and_a_stale_second_action_is_told_what_it_says_now():
    member = TeamMemberFactory()
    request = services.open_request(sent_referral(member.intake), by=member.user)
    seen_version = request.version

    services.accept(request, by=member.user, version=seen_version)
    stale = RequestForSupport.objects.get(pk=request.pk)
    with pytest.raises(services.RequestChanged) as changed:
        services.decline(
            stale, by=member.user, version=seen_version, category="no_capacity", reason="Full up"
        )

    assert changed.value.current.status == Status.ACCEPTED
    assert RequestForSupport.objects.get(pk=request.pk).status == Status.ACCEPTED


def test_a_request_not_yet_opened_cannot_be_accepted():
    member = TeamMemberFactory()
    request = sent_referral(member.intake)
    with pytest.raises(IllegalTransition):
        services.accept(request, by=member.user, version=request.version)
    assert RequestForSupport.objects.get(pk=request.pk).status == Status.SENT


def test_transfer_makes_a_linked_request_to_the_other_service_and_keeps_the_history():
    member = TeamMemberFactory()
    other = TeamMemberFactory()
    request = services.open_request(sent_referral(member.intake), by=member.user)

    new = services.transfer(
        request, by=member.user, version=request.version, to_service=other.intake.service
    )

    old = RequestForSupport.objects.get(pk=request.pk)
    assert old.status == Status.TRANSFERRED and old.transferred_to == new
    assert new.status == Status.SENT and new.service == other.intake.service
    assert new.reason == old.reason and new.consent.given_by == "Amira Example"
    assert [e.to_status for e in old.events.all()] == [
        Status.SENT,
        Status.RECEIVED,
        Status.TRANSFERRED,
    ]
    assert Notification.objects.filter(kind="request_new", recipient=other.user).count() == 1
