"""The state machine driven through random sequences of actions, by random people, some with an
out-of-date version: no illegal state is ever reached, every change is in the history, and the
history tells one unbroken story."""

import itertools
import os

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from referrals import services
from referrals.models import RequestEvent, RequestForSupport
from referrals.states import ACTIONS, FINAL, Actor, IllegalTransition, Status, allowed_actions
from referrals.tests.factories import IntakeFactory, TeamMemberFactory, sent_referral

pytestmark = pytest.mark.django_db


def test_every_state_but_the_final_ones_has_a_way_on_and_the_final_ones_none():
    for status in Status:
        ways_on = [a for actor in Actor for a in allowed_actions(status, actor)]
        assert bool(ways_on) == (status not in FINAL), status


def test_the_family_and_the_referrer_may_only_withdraw_and_the_team_never_may():
    for status in Status:
        for actor in (Actor.FAMILY, Actor.REFERRER):
            assert {a.name for a in allowed_actions(status, actor)} <= {"withdraw"}
        assert "withdraw" not in {a.name for a in allowed_actions(status, Actor.TEAM)}


def take(name: str, request: RequestForSupport, actor: Actor, by, version: int, other_service):
    """One action through its service function, as a page would call it. Only withdrawing is
    open to more than one kind of person, so only there does the actor vary."""
    if name == "receive":
        return services._apply(request, "receive", actor=actor, by=by, version=version)
    if name == "withdraw":
        return services.withdraw(request, by=by, version=version, actor=actor)
    if actor != Actor.TEAM:
        raise IllegalTransition(name, request.status, actor)  # the pages never offer it
    if name == "accept":
        return services.accept(request, by=by, version=version)
    if name == "decline":
        return services.decline(
            request, by=by, version=version, category="no_capacity", reason="We are full"
        )
    if name == "record_contact":
        return services.record_first_contact(request, by=by, version=version)
    if name == "close":
        return services.close(request, by=by, version=version, outcome="seen")
    return services.transfer(request, by=by, version=version, to_service=other_service)


class RequestLife(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.member = TeamMemberFactory()
        self.other_service = IntakeFactory().service
        self.request = sent_referral(self.member.intake)
        self.expected_status = Status.SENT
        self.expected_version = 1
        self.changes = 1  # the "sent" event

    @rule(
        name=st.sampled_from(sorted(ACTIONS)),
        actor=st.sampled_from(list(Actor)),
        stale=st.booleans(),
    )
    def act(self, name: str, actor: Actor, stale: bool) -> None:
        current = RequestForSupport.objects.get(pk=self.request.pk)
        version = current.version - 1 if stale else current.version
        action = ACTIONS[name]
        legal = current.status in action.from_statuses and actor in action.actors
        try:
            take(name, current, actor, self.member.user, version, self.other_service)
        except services.RequestChanged as changed:
            assert stale
            assert changed.current.status == self.expected_status
        except IllegalTransition:
            assert not legal
        else:
            assert legal and not stale
            self.expected_status = action.to_status
            self.expected_version += 1
            self.changes += 1

    @invariant()
    def the_stored_state_is_the_expected_one(self) -> None:
        stored = RequestForSupport.objects.get(pk=self.request.pk)
        assert stored.status == self.expected_status
        assert stored.version == self.expected_version
        assert (stored.closed_at is not None) == (stored.status in FINAL)
        if stored.status == Status.TRANSFERRED:
            assert stored.transferred_to.status == Status.SENT

    @invariant()
    def the_history_is_one_unbroken_story_of_allowed_steps(self) -> None:
        events = list(RequestEvent.objects.filter(request=self.request).order_by("at", "id"))
        assert len(events) == self.changes
        assert events[0].from_status == "" and events[0].to_status == Status.SENT
        for before, after in itertools.pairwise(events):
            assert after.from_status == before.to_status
            assert any(
                after.to_status == a.to_status and after.from_status in a.from_statuses
                for a in ACTIONS.values()
            )
        assert events[-1].to_status == self.expected_status


def test_random_sequences_of_actions_reach_no_illegal_state():
    # Each example builds a service, a team and a request in the database: fewer, shorter
    # runs than the profile's default keep this under a minute while covering every path.
    run_state_machine_as_test(
        RequestLife,
        settings=settings(
            max_examples=40 if os.environ.get("CI") else 25,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
