"""Everyone told, once: the team of a new request, the referrer and the family at acceptance,
decline and closing. Emails name the service and the reference, never the family's details,
the reason or why it was declined: those are read after signing in."""

import pytest

from families.tests.factories import FamilyFactory
from notifications.models import Notification
from referrals import messages, services
from referrals.models import RequestForSupport
from referrals.states import Actor
from referrals.tests.factories import (
    IntakeFactory,
    TeamMemberFactory,
    person_details,
    sent_referral,
)

pytestmark = pytest.mark.django_db

PRIVATE = ["Amira", "Low mood", "07700", "after 6pm", "We are full until March"]


@pytest.fixture
def member():
    return TeamMemberFactory()


def opened(request, member):
    return services.open_request(request, by=member.user)


def assert_private(notification: Notification) -> None:
    for words in PRIVATE:
        assert words not in notification.subject and words not in notification.body
    assert "/account/sign-in/" in notification.body or "/manage/requests/" in notification.body


def test_accepting_tells_the_referrer_and_the_familys_parents_once_each(member):
    family = FamilyFactory()
    parent = family.adults.first().user
    request = opened(sent_referral(member.intake, family=family), member)

    services.accept(request, by=member.user, version=request.version)
    messages.told_of(request, "request_accepted")  # a retry after a crash: nothing more

    sent = Notification.objects.filter(kind="request_accepted")
    assert sorted(n.recipient_id for n in sent) == sorted([request.referrer_id, parent.pk])
    assert {n.event_key for n in sent} == {f"request:{request.pk}"}
    for notification in sent:
        assert_private(notification)
        assert request.reference in notification.body


def test_the_decline_reason_is_not_in_the_email_only_behind_sign_in(member):
    request = opened(sent_referral(member.intake), member)
    services.decline(
        request,
        by=member.user,
        version=request.version,
        category="no_capacity",
        reason="We are full until March",
    )
    notifications = list(Notification.objects.filter(kind="request_declined"))
    assert len(notifications) == 2  # the referrer, and the family at the address given
    for notification in notifications:
        assert_private(notification)
        assert "Sign in to read why" in notification.body


def test_a_family_without_an_account_is_told_at_the_address_they_gave(member):
    request = opened(sent_referral(member.intake), member)
    services.accept(request, by=member.user, version=request.version)
    family_message = Notification.objects.get(kind="request_accepted", recipient=None)
    assert family_message.to_address == "amira@example.org"
    assert "accepted your request" in family_message.body


def test_closing_tells_both_once_and_first_contact_and_withdrawal_tell_nobody(member):
    request = opened(sent_referral(member.intake), member)
    request = services.accept(request, by=member.user, version=request.version)
    before = Notification.objects.count()
    request = services.record_first_contact(request, by=member.user, version=request.version)
    assert Notification.objects.count() == before
    services.close(request, by=member.user, version=request.version, outcome="seen")
    assert Notification.objects.filter(kind="request_closed").count() == 2

    other = sent_referral(member.intake)
    before = Notification.objects.count()
    services.withdraw(other, by=other.referrer, version=other.version, actor=Actor.REFERRER)
    assert Notification.objects.count() == before


def test_a_self_referral_tells_the_whole_team_once_each_with_no_details():
    intake = IntakeFactory()
    team = [TeamMemberFactory(intake=intake).user for _ in range(3)]
    request = services.send_request(
        service=intake.service,
        kind=RequestForSupport.Kind.SELF,
        details=person_details(),
        reason="Low mood, crying a lot",
    )
    messages.new_request(request)  # again: nothing more
    sent = Notification.objects.filter(kind="request_new")
    assert sorted(n.recipient_id for n in sent) == sorted(user.pk for user in team)
    for notification in sent:
        assert_private(notification)
