"""The receiving team's inbox: who may see it (404 for everyone else, for every URL and every
reference), what each request's page shows, the actions the state machine allows, and a list
whose number of queries does not grow with the page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory, sign_in_with_two_factor
from audit.models import AuditEvent
from families.tests.factories import FamilyFactory
from referrals import services
from referrals.models import RequestForSupport
from referrals.states import Status
from referrals.tests.factories import (
    IntakeFactory,
    ProfessionalFactory,
    RoutingTeamMemberFactory,
    TeamMemberFactory,
    sent_referral,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return TeamMemberFactory()


@pytest.fixture
def referral(member):
    return sent_referral(member.intake)


def urls_for(reference: str) -> list[str]:
    return [
        reverse("referral_inbox:list"),
        reverse("referral_inbox:detail", args=[reference]),
        reverse("referral_inbox:act", args=[reference, "decline"]),
        reverse("referral_inbox:add_note", args=[reference]),
    ]


def signed_in(client, user):
    sign_in_with_two_factor(client, user)
    return client


@pytest.mark.parametrize(
    "who",
    ["parent", "professional", "the referrer", "another service's team", "a former member"],
)
def test_everyone_but_the_team_gets_404_for_every_inbox_url(client, member, referral, who):
    other_team = TeamMemberFactory()
    sent_referral(other_team.intake)
    if who == "parent":
        user = FamilyFactory().adults.first().user
    elif who == "professional":
        user = ProfessionalFactory()
    elif who == "the referrer":
        user = referral.referrer
    elif who == "another service's team":
        user = other_team.user
    else:
        former = TeamMemberFactory(intake=member.intake, active=False)
        user = former.user
    signed_in(client, user)
    urls = urls_for(referral.reference)
    if who in {"another service's team", "a former member"}:
        urls = urls[1:]  # their own inbox is there (still in a team role), without this request
        page = client.get(reverse("referral_inbox:list"))
        assert referral.reference not in page.content.decode()
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"version": 1, "reason": "x", "text": "x"}).status_code == 404
    assert RequestForSupport.objects.get(pk=referral.pk).status == Status.SENT


def test_an_unknown_reference_is_404_like_another_services(client, member):
    signed_in(client, member.user)
    assert client.get(reverse("referral_inbox:detail", args=["TWB-AAAA-BBBB"])).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client, referral):
    for url in urls_for(referral.reference):
        response = client.get(url)
        assert response.status_code == 302 and "/account/sign-in/" in response["Location"]


def test_a_team_member_signed_in_with_a_password_only_is_asked_for_a_code(client, member):
    client.force_login(member.user)
    response = client.get(reverse("referral_inbox:list"))
    assert response.status_code == 302
    assert "/account/two-factor/" in response["Location"]


def test_a_professional_signed_in_with_a_password_only_is_asked_for_a_code(client):
    client.force_login(ProfessionalFactory())
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302
    assert "/account/two-factor/" in response["Location"]


def test_the_list_shows_the_teams_requests_and_audits_each_one_shown(client, member, referral):
    page = signed_in(client, member.user).get(reverse("referral_inbox:list")).content.decode()
    assert referral.reference in page and "Amira Example" in page
    assert AuditEvent.objects.filter(
        actor=member.user, action="view in list", object_id=str(referral.pk)
    ).exists()


def test_the_routing_team_sees_the_requests_of_services_with_no_active_team(client):
    router = RoutingTeamMemberFactory()
    staffed = TeamMemberFactory()
    unstaffed = sent_referral(IntakeFactory())
    elsewhere = sent_referral(staffed.intake)
    page = signed_in(client, router.user).get(reverse("referral_inbox:list")).content.decode()
    assert unstaffed.reference in page
    assert elsewhere.reference not in page


def test_a_team_whose_only_member_left_is_routed_and_the_list_asks_one_query_for_it(client):
    router = RoutingTeamMemberFactory()
    left = TeamMemberFactory(user__is_active=False)
    routed = sent_referral(left.intake)
    signed_in(client, router.user)
    client.get(reverse("referral_inbox:list"))  # sessions, groups: warm
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("referral_inbox:list")).content.decode()
    assert routed.reference in page
    # Who routes and which services: one query, not one for each.
    scope = [
        query
        for query in captured.captured_queries
        if "referrals_routingteammember" in query["sql"]
        or "referrals_serviceintake" in query["sql"]
    ]
    assert len(scope) == 1


def test_filters_by_urgency_and_status(client, member):
    urgent = sent_referral(member.intake, urgency=RequestForSupport.Urgency.URGENT)
    routine = sent_referral(member.intake, urgency=RequestForSupport.Urgency.ROUTINE)
    signed_in(client, member.user)
    page = client.get(reverse("referral_inbox:list"), {"urgency": "3"}).content.decode()
    assert urgent.reference in page and routine.reference not in page
    services.open_request(routine, by=member.user)
    page = client.get(reverse("referral_inbox:list"), {"status": "received"}).content.decode()
    assert routine.reference in page and urgent.reference not in page


def test_nonsense_filters_show_the_open_requests_rather_than_an_error(client, member, referral):
    response = signed_in(client, member.user).get(
        reverse("referral_inbox:list"), {"status": "<script>", "urgency": "9", "page": "1"}
    )
    assert response.status_code == 200 and referral.reference in response.content.decode()


def test_the_list_makes_the_same_number_of_queries_for_1_or_25_requests(client, member):
    signed_in(client, member.user)
    sent_referral(member.intake)
    client.get(reverse("referral_inbox:list"))  # sessions, groups: warm
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("referral_inbox:list"))
    for _ in range(24):
        sent_referral(member.intake)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("referral_inbox:list"))
    assert len(re.findall(r'href="/manage/requests/[A-Z0-9]+-', response.content.decode())) == 25
    assert len(many) == len(one)


def test_pages_follow_the_triage_order_and_past_the_last_is_404(client, member, monkeypatch):
    monkeypatch.setattr("referrals.inbox_views.PER_PAGE", 2)
    urgency = RequestForSupport.Urgency
    # Sent in this order: the list shows the urgent one first, then the oldest of the rest.
    sent = [
        sent_referral(member.intake, urgency=level)
        for level in [urgency.ROUTINE, urgency.SOON, urgency.URGENT, urgency.SOON, urgency.ROUTINE]
    ]
    expected = [sent[2], sent[1], sent[3], sent[0], sent[4]]
    signed_in(client, member.user)
    shown = []
    for number in [1, 2, 3]:
        page = client.get(reverse("referral_inbox:list"), {"page": number}).content.decode()
        assert "Most urgent first, then the longest waiting (5)" in page
        shown += re.findall(r'href="/manage/requests/([A-Z0-9-]+)/"', page)
    assert shown == [request.reference for request in expected]
    assert client.get(reverse("referral_inbox:list"), {"page": 4}).status_code == 404
    assert client.get(reverse("referral_inbox:list"), {"page": 0}).status_code == 404


def test_a_deep_page_makes_as_many_queries_as_the_first(client, member, monkeypatch):
    monkeypatch.setattr("referrals.inbox_views.PER_PAGE", 2)
    for _ in range(6):
        sent_referral(member.intake)
    signed_in(client, member.user)
    client.get(reverse("referral_inbox:list"))  # sessions, groups: warm
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("referral_inbox:list"))
    with CaptureQueriesContext(connection) as last:
        response = client.get(reverse("referral_inbox:list"), {"page": 3})
    assert response.status_code == 200 and 'aria-current="page">3<' in response.content.decode()
    assert len(last) == len(first)


def test_opening_a_request_marks_it_received_audits_it_and_shows_everything(
    client, member, referral
):
    page = signed_in(client, member.user).get(
        reverse("referral_inbox:detail", args=[referral.reference])
    )
    text = page.content.decode()
    for shown in [
        "Amira Example",
        "Low mood since the scan",
        "Text first, weekdays after 6pm",
        "The mother",
        "In person",
        "Midwife",
        "Illustrative NHS Trust",
    ]:
        assert shown in text
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED and referral.received_at is not None
    assert AuditEvent.objects.filter(actor=member.user, action="view", object_id=str(referral.pk))
    # The buttons are the state machine's: accept, decline and transfer, never close.
    assert "/accept/" in text and "/decline/" in text and "/transfer/" in text
    assert "/close/" not in text


def test_a_transferred_request_names_the_one_it_came_from(client, member, referral):
    opened = services.open_request(referral, by=member.user)
    receiving = TeamMemberFactory()
    new = services.transfer(
        opened, by=member.user, version=opened.version, to_service=receiving.intake.service
    )
    signed_in(client, receiving.user)
    page = client.get(reverse("referral_inbox:detail", args=[new.reference])).content.decode()
    assert f"Transferred from request {referral.reference}." in page


def test_accepting_from_the_page(client, member, referral):
    signed_in(client, member.user)
    client.get(reverse("referral_inbox:detail", args=[referral.reference]))
    response = client.post(
        reverse("referral_inbox:act", args=[referral.reference, "accept"]), {"version": 2}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED


def test_an_action_the_state_machine_refuses_is_refused_by_the_server(client, member, referral):
    signed_in(client, member.user)
    response = client.post(
        reverse("referral_inbox:act", args=[referral.reference, "close"]),
        {"version": 1, "outcome": "seen"},
    )
    assert response.status_code == 409
    assert "You cannot close a request that is" in response.content.decode()
    assert RequestForSupport.objects.get(pk=referral.pk).status == Status.SENT


def test_declining_needs_a_reason_and_keeps_nothing_lost(client, member, referral):
    signed_in(client, member.user)
    client.get(reverse("referral_inbox:detail", args=[referral.reference]))
    url = reverse("referral_inbox:act", args=[referral.reference, "decline"])
    response = client.post(url, {"version": 2, "reason": "  "})
    text = response.content.decode()
    assert "govuk-error-summary" in text
    assert "Explain to the family why the service cannot take it" in text
    assert RequestForSupport.objects.get(pk=referral.pk).status == Status.RECEIVED


def test_a_decline_after_someone_else_accepted_is_told_so_and_keeps_what_was_typed(
    client, member, referral
):
    colleague = TeamMemberFactory(intake=member.intake).user
    opened = services.open_request(referral, by=colleague)
    signed_in(client, member.user)
    url = reverse("referral_inbox:act", args=[referral.reference, "decline"])
    services.accept(opened, by=colleague, version=opened.version)

    response = client.post(
        url, {"version": 2, "category": "no_capacity", "reason": "We are full until March"}
    )

    text = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this request" in text
    assert "Accepted" in text and "We are full until March" in text
    assert RequestForSupport.objects.get(pk=referral.pk).status == Status.ACCEPTED


def test_a_stale_close_still_possible_keeps_the_typed_outcome_for_a_second_go(
    client, member, referral
):
    opened = services.open_request(referral, by=member.user)
    accepted = services.accept(opened, by=member.user, version=opened.version)
    colleague = TeamMemberFactory(intake=member.intake).user
    signed_in(client, member.user)
    url = reverse("referral_inbox:act", args=[referral.reference, "close"])
    services.record_first_contact(accepted, by=colleague, version=accepted.version)

    response = client.post(url, {"version": 3, "outcome": "seen", "detail": "Seen at home"})

    text = response.content.decode()
    assert "Someone else changed this request" in text
    assert "Seen at home" in text and 'value="4"' in text
    assert RequestForSupport.objects.get(pk=referral.pk).status == Status.CONTACTED


def test_internal_notes_are_encrypted_shown_to_the_team_and_need_words(client, member, referral):
    signed_in(client, member.user)
    url = reverse("referral_inbox:add_note", args=[referral.reference])
    assert "Enter the note" in client.post(url, {"text": ""}).content.decode()
    client.post(url, {"text": "Called, no answer; try Thursday"})
    page = client.get(reverse("referral_inbox:detail", args=[referral.reference]))
    assert "Called, no answer; try Thursday" in page.content.decode()
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM referrals_requestnote")
        [(raw,)] = cursor.fetchall()
    assert "Thursday" not in raw


def test_a_parent_with_no_role_is_not_a_team_member_even_if_listed(client, member, referral):
    """Team membership without the Service teams group (so without two-factor) shows nothing."""
    outsider = UserFactory()
    TeamMemberFactory(intake=member.intake, user=outsider)
    signed_in(client, outsider)
    assert client.get(reverse("referral_inbox:list")).status_code == 404
