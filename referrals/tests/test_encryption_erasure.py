"""Requests for support in the family's data download, removed by erasure (the anonymous trail
kept for reporting), and anonymised once the retention period after closing has passed."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from families.data_download import readable_sections
from families.selectors import family_export
from families.services import erase_family
from families.tests.factories import FamilyFactory
from referrals import services
from referrals.models import ConsentRecord, RequestEvent, RequestForSupport, RequestNote
from referrals.states import Status
from referrals.tests.factories import TeamMemberFactory, sent_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return TeamMemberFactory()


def test_the_data_download_holds_the_familys_requests_in_words(member):
    family = FamilyFactory()
    request = sent_referral(member.intake, family=family)

    export = family_export(family)

    [row] = export["requests_for_support"]
    assert row["reference"] == request.reference
    assert row["reason"] == "Low mood since the scan; finds it hard to sleep"
    assert row["consent_given_by"] == "Amira Example"
    section = next(s for s in readable_sections(export) if s.key == "requests_for_support")
    assert section.title == "Requests for support"
    items = {item.label: item.value for item in section.records[0]}
    assert items["Service"] == member.intake.service.name
    assert items["Status"] == "Sent" and items["Urgency"] == "Soon"


def assert_anonymised(request_id) -> RequestForSupport:
    stored = RequestForSupport.objects.get(pk=request_id)
    assert stored.anonymised_at is not None
    assert (stored.person_name, stored.email, stored.phone, stored.reason) == ("", "", "", "")
    assert stored.child_date is None and stored.answers == [] and stored.family is None
    assert not RequestNote.objects.filter(request=stored).exists()
    assert ConsentRecord.objects.get(request=stored).given_by == ""
    return stored


def test_erasing_a_family_removes_the_personal_details_and_keeps_the_trail(member):
    family = FamilyFactory()
    request = services.open_request(sent_referral(member.intake, family=family), by=member.user)
    services.add_note(request, by=member.user, text="Partner answered the phone")

    erase_family(family, by=None, reason="asked by the family")

    stored = assert_anonymised(request.pk)
    assert stored.status == Status.RECEIVED and stored.service == member.intake.service
    assert RequestEvent.objects.filter(request=stored).count() == 2


def test_closed_requests_are_anonymised_after_the_retention_period_and_not_before(member):
    old = services.open_request(sent_referral(member.intake), by=member.user)
    old = services.accept(old, by=member.user, version=old.version)
    recent = services.open_request(sent_referral(member.intake), by=member.user)
    recent = services.accept(recent, by=member.user, version=recent.version)
    still_open = sent_referral(member.intake)
    nine_years_ago = timezone.now() - datetime.timedelta(days=9 * 366)
    with mock.patch("django.utils.timezone.now", return_value=nine_years_ago):
        services.close(old, by=member.user, version=old.version, outcome="seen")
    services.close(recent, by=member.user, version=recent.version, outcome="seen")

    call_command("anonymise_closed_requests", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert assert_anonymised(old.pk).outcome == "seen"
    assert RequestForSupport.objects.get(pk=recent.pk).anonymised_at is None
    assert RequestForSupport.objects.get(pk=still_open.pk).anonymised_at is None

    with override_settings(REFERRALS_RETENTION_YEARS=0):
        call_command("anonymise_closed_requests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert_anonymised(recent.pk)
    assert RequestForSupport.objects.get(pk=still_open.pk).anonymised_at is None
