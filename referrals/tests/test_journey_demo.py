"""The demo: Together with Baby takes referrals and families' own requests, with an illustrative
midwife and team member on a local instance only (DEBUG on)."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from directory.models import Service
from referrals.selectors import is_professional, is_team_member, services_for_team

pytestmark = pytest.mark.django_db


def test_together_with_baby_takes_referrals_and_self_referrals(settings):
    settings.DEBUG = False
    call_command("load_demo")
    intake = Service.objects.get(name="Together with Baby").intake
    assert intake.accepts_professional_referrals and intake.accepts_self_referrals
    assert intake.response_target_working_days == 5
    assert [q.label for q in intake.questions.all()] == [
        "Who is your midwife or health visitor?",
        "Is this your first baby?",
    ]
    # No demo accounts outside a local instance.
    assert not User.objects.filter(email__in=["midwife@nhs.example", "team@eput.example"]).exists()


def test_a_local_demo_has_a_midwife_and_a_team_member(settings):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    midwife = User.objects.get(email="midwife@nhs.example")
    member = User.objects.get(email="team@eput.example")
    assert is_professional(midwife)
    assert midwife.professional_profile.get_job_display() == "Midwife"
    assert is_team_member(member)
    assert list(services_for_team(member).values_list("name", flat=True)) == ["Together with Baby"]
