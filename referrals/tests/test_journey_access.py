"""Who may open which page of the journeys: a professional sees only the requests they sent, a
family only its own; everyone else gets 404 for every URL and every id (or the sign-in page when
not signed in). Every read is audited."""

import pytest
from django.urls import reverse

from accounts.tests.factories import (
    DirectoryEditorFactory,
    HubStaffFactory,
    UserFactory,
    sign_in_with_two_factor,
)
from audit.models import AuditEvent
from families.tests.factories import FamilyFactory, parent_of
from referrals.tests.factories import (
    IntakeFactory,
    ProfessionalFactory,
    TeamMemberFactory,
    sent_referral,
)

pytestmark = pytest.mark.django_db

PROFESSIONAL_PAGES = ["refer_start", "refer_check", "no_consent", "refer_sent", "sent"]


def request_pages(reference: str, *, prefix: str) -> list[str]:
    return [
        reverse(f"referrals:{prefix}_detail", args=[reference]),
        reverse(f"referrals:{prefix}_withdraw", args=[reference]),
    ]


@pytest.fixture
def referral():
    family = FamilyFactory()
    return sent_referral(family=family)


def signed_in(client, user, two_factor: bool = True):
    if two_factor:
        sign_in_with_two_factor(client, user)
    else:
        client.force_login(user)
    return user


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: UserFactory(),
        lambda: HubStaffFactory(),
        lambda: DirectoryEditorFactory(),
        lambda: TeamMemberFactory().user,
    ],
    ids=["parent", "hub staff", "editor", "service team"],
)
def test_only_professionals_open_the_referral_pages(client, make_user):
    user = make_user()
    signed_in(client, user, two_factor=user.groups.exists())
    intake = IntakeFactory()
    urls = [reverse(f"referrals:{name}") for name in PROFESSIONAL_PAGES]
    urls += [
        reverse("referrals:refer", args=["service"]),
        reverse("referrals:refer_from_service", args=[intake.service.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url


def test_someone_not_signed_in_is_asked_to_sign_in(client, referral):
    urls = [reverse(f"referrals:{name}") for name in [*PROFESSIONAL_PAGES, "yours"]]
    urls += request_pages(referral.reference, prefix="sent")
    urls += request_pages(referral.reference, prefix="yours")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:sign_in")), url


def test_a_professional_sees_only_the_requests_they_sent(client, referral):
    other = signed_in(client, ProfessionalFactory())
    mine = sent_referral(referrer=other)
    listing = client.get(reverse("referrals:sent")).content.decode()
    assert mine.reference in listing
    assert referral.reference not in listing
    for url in request_pages(referral.reference, prefix="sent"):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"version": referral.version}).status_code == 404, url
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_a_professional_sees_their_referral_with_its_consent_and_history(client):
    midwife = signed_in(client, ProfessionalFactory())
    referral = sent_referral(referrer=midwife)
    html = client.get(reverse("referrals:sent_detail", args=[referral.reference])).content.decode()
    assert referral.reference in html
    assert "Given by Amira Example" in html
    assert "privacy notice version 2026-11" in html
    assert "Sent</strong> on" in html
    assert AuditEvent.objects.filter(
        actor=midwife, action="view", object_id=str(referral.pk)
    ).exists()


def test_the_referrer_withdraws_and_the_history_says_so(client):
    midwife = signed_in(client, ProfessionalFactory())
    referral = sent_referral(referrer=midwife)
    url = reverse("referrals:sent_withdraw", args=[referral.reference])
    client.post(url, {"version": referral.version})
    referral.refresh_from_db()
    assert referral.status == "withdrawn"
    page = client.get(reverse("referrals:sent_detail", args=[referral.reference])).content.decode()
    assert "Withdrawn</strong> on" in page
    assert "Withdraw this request" not in page
    # A second try is refused by the state machine, and says so.
    response = client.post(url, {"version": referral.version}, follow=True)
    assert "This request has ended, so it cannot be withdrawn" in response.content.decode()


def test_a_family_sees_only_its_own_requests(client, referral):
    other_family = FamilyFactory()
    signed_in(client, parent_of(other_family), two_factor=False)
    assert referral.reference not in client.get(reverse("referrals:yours")).content.decode()
    for url in request_pages(referral.reference, prefix="yours"):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"version": referral.version}).status_code == 404, url


def test_a_family_sees_a_referral_made_for_it_but_not_the_referrers_notes(client, referral):
    parent = signed_in(client, parent_of(referral.family), two_factor=False)
    html = client.get(reverse("referrals:yours_detail", args=[referral.reference])).content.decode()
    assert referral.reference in html
    assert "Low mood" not in html  # the referrer's reason is for the team
    assert AuditEvent.objects.filter(actor=parent, object_id=str(referral.pk)).exists()


def test_an_unknown_reference_is_not_found_for_everyone(client):
    signed_in(client, ProfessionalFactory())
    assert client.get(reverse("referrals:sent_detail", args=["NOPE-0000"])).status_code == 404


def test_a_professionals_work_page_and_navigation_lead_to_referrals(client):
    signed_in(client, ProfessionalFactory())
    html = client.get(reverse("accounts:staff_home")).content.decode()
    assert reverse("referrals:refer_start") in html
    assert reverse("referrals:sent") in html
    assert "There are no staff pages for your role yet" not in html
    assert ">Referrals</a>" in html
