"""Council editors' pages for campaigns, their events and news: who may open them, slugs made
from titles, errors that keep what was typed, the audit log, and events reaching every page and
calendar parents look at."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.models import OrganisationMembership
from accounts.roles import PROVIDERS
from accounts.tests.factories import (
    DirectoryEditorFactory,
    HubStaffFactory,
    UserFactory,
    sign_in_with_two_factor,
)
from audit.models import AuditEvent
from campaigns.models import Campaign, Event, NewsPost
from campaigns.tests.factories import CampaignFactory, EventFactory, NewsPostFactory
from directory.models import Service
from directory.tests.factories import OrganizationFactory, ServiceFactory
from timetable.models import UpcomingSession
from timetable.selectors import LONDON
from timetable.tests.factories import HubFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub():
    return HubFactory(name="Tilbury Family Hub", slug="tilbury", is_family_hub=True)


@pytest.fixture
def editor(client):
    user = DirectoryEditorFactory()
    sign_in_with_two_factor(client, user)
    return user


def provider():
    user = UserFactory(email="provider@trust.example")
    user.groups.add(Group.objects.get_or_create(name=PROVIDERS)[0])
    OrganisationMembership.objects.create(user=user, organization=OrganizationFactory())
    return user


def every_url(campaign: Campaign, event: Event, post: NewsPost) -> list[str]:
    return [
        reverse("manage_campaigns:campaigns"),
        reverse("manage_campaigns:add_campaign"),
        reverse("manage_campaigns:campaign", args=[campaign.pk]),
        reverse("manage_campaigns:add_event", args=[campaign.pk]),
        reverse("manage_campaigns:event", args=[campaign.pk, event.pk]),
        reverse("manage_campaigns:news"),
        reverse("manage_campaigns:add_news_post"),
        reverse("manage_campaigns:news_post", args=[post.pk]),
    ]


@pytest.fixture
def urls():
    event = EventFactory()
    return every_url(event.campaign, event, NewsPostFactory())


def blank_date(name: str) -> dict:
    return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}


def date_answer(name: str, day) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def campaign_answers(**changes) -> dict:
    answers = {
        "name": "Infant Mental Health Awareness Week",
        **date_answer("starts_on", timezone.localdate()),
        **date_answer("ends_on", timezone.localdate() + timedelta(days=6)),
        "summary": "A week of support for babies' emotional wellbeing.",
        "description": "First paragraph.\n\nSecond paragraph.",
        "url": "",
    }
    return {**answers, **changes}


def next_week():
    return timezone.localdate() + timedelta(days=7)


def event_answers(hub, **changes) -> dict:
    answers = {
        "title": "Meet the health visitors",
        "location": str(hub.pk),
        **date_answer("starts_on", next_week()),
        "starts_at_time": "10am",
        **blank_date("ends_on"),
        "ends_at_time": "12:30pm",
        "description": "Drop in with your bump or baby.",
        "for_expectant_parents": "on",
    }
    return {**answers, **changes}


def news_answers(**changes) -> dict:
    answers = {
        "title": "Free baby massage this summer",
        **date_answer("published_on", timezone.localdate()),
        "summary": "Book a free place at your family hub.",
        "body": "First paragraph.\n\nSecond paragraph.",
        "is_published": "on",
    }
    return {**answers, **changes}


def text(response) -> str:
    return response.content.decode()


# Who may open the pages


def test_signed_out_people_are_asked_to_sign_in(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:sign_in")), url


@pytest.mark.parametrize("who", ["parent", "provider", "hub staff"])
def test_everyone_but_editors_is_told_the_pages_do_not_exist(client, urls, who):
    user = {"parent": UserFactory, "provider": provider, "hub staff": HubStaffFactory}[who]()
    sign_in_with_two_factor(client, user)
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, campaign_answers()).status_code == 404, url
    assert Campaign.objects.count() == 1


def test_an_editor_without_their_second_step_is_sent_to_give_a_code(client, urls):
    client.force_login(DirectoryEditorFactory())
    response = client.get(urls[0])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_set_up"))


def test_an_editor_opens_every_page(client, editor, urls):
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_an_event_is_changed_only_under_its_own_campaign(client, editor):
    event = EventFactory()
    other = CampaignFactory()
    url = reverse("manage_campaigns:event", args=[other.pk, event.pk])
    assert client.get(url).status_code == 404


def test_editors_find_campaigns_and_news_beside_their_other_pages(client, editor):
    page = text(client.get(reverse("manage_directory:services")))
    assert f'href="{reverse("manage_campaigns:campaigns")}">Campaigns and news<' in page


# Campaigns


def test_campaigns_are_listed_as_running_coming_and_past(client, editor):
    today = timezone.localdate()
    CampaignFactory(name="Now on", starts_on=today - timedelta(days=1), ends_on=today)
    CampaignFactory(name="Ongoing", starts_on=None, ends_on=None)
    CampaignFactory(name="Later", starts_on=today + timedelta(days=30), ends_on=None)
    CampaignFactory(name="Sooner", starts_on=today + timedelta(days=3), ends_on=None)
    CampaignFactory(name="Long ago", starts_on=date_ago(400), ends_on=date_ago(390))
    CampaignFactory(name="Last month", starts_on=date_ago(40), ends_on=date_ago(30))
    phases = client.get(reverse("manage_campaigns:campaigns")).context["phases"]
    names = {phase: [c.name for c in campaigns] for phase, campaigns in phases.items()}
    assert names == {
        "running": ["Now on", "Ongoing"],
        "coming": ["Sooner", "Later"],
        "past": ["Last month", "Long ago"],
    }


def date_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def test_the_campaign_list_takes_the_same_queries_however_many_campaigns(client, editor):
    CampaignFactory()
    url = reverse("manage_campaigns:campaigns")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    CampaignFactory.create_batch(5)
    with CaptureQueriesContext(connection) as six:
        client.get(url)
    assert len(six) == len(one)


def test_an_editor_adds_a_campaign_then_the_services_of_those_taking_part(client, editor):
    council = OrganizationFactory(name="Thurrock Council")
    massage = ServiceFactory(name="Baby massage", organization=council)
    ServiceFactory(name="Closed group", organization=council, status=Service.Status.INACTIVE)
    ServiceFactory(name="Someone else's group")
    answers = campaign_answers(organizations=[council.pk])
    response = client.post(reverse("manage_campaigns:add_campaign"), answers)

    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("manage_campaigns:campaign", args=[campaign.pk])
    assert campaign.slug == "infant-mental-health-awareness-week"
    assert list(campaign.organizations.all()) == [council]
    audit = AuditEvent.objects.get(object_type="campaigns.campaign")
    assert (audit.actor, audit.action, audit.object_id) == (editor, "add", str(campaign.pk))

    url = reverse("manage_campaigns:campaign", args=[campaign.pk])
    offered = client.get(url).context["form"].fields["services"].queryset
    assert list(offered) == [massage]
    client.post(url, {**answers, "services": [massage.pk]})
    assert list(campaign.services.all()) == [massage]
    public = text(client.get(campaign.get_absolute_url()))
    assert "Infant Mental Health Awareness Week" in public and "Baby massage" in public


def test_a_new_campaign_says_how_to_choose_its_services(client, editor):
    page = text(client.get(reverse("manage_campaigns:add_campaign")))
    assert "Tick the organisations taking part and save" in page


def test_a_second_campaign_of_the_same_name_gets_its_own_slug(client, editor):
    CampaignFactory(slug="infant-mental-health-awareness-week")
    client.post(reverse("manage_campaigns:add_campaign"), campaign_answers())
    assert Campaign.objects.filter(slug="infant-mental-health-awareness-week-2").exists()


def test_a_campaign_never_takes_the_address_of_the_news_page(client, editor):
    client.post(reverse("manage_campaigns:add_campaign"), campaign_answers(name="News"))
    assert Campaign.objects.get().slug == "news-2"
    assert client.get(reverse("campaigns:news")).status_code == 200


def test_changing_a_campaign_keeps_its_address_and_audits_what_changed(client, editor):
    campaign = CampaignFactory(slug="old-name")
    url = reverse("manage_campaigns:campaign", args=[campaign.pk])
    client.post(url, campaign_answers(name="A new name"))
    campaign.refresh_from_db()
    assert (campaign.name, campaign.slug) == ("A new name", "old-name")
    audit = AuditEvent.objects.get(object_type="campaigns.campaign")
    assert audit.action == "change"
    assert audit.detail == "changed: name, starts_on, ends_on"


def test_a_campaign_with_empty_answers_says_what_to_enter(client, editor):
    response = client.post(
        reverse("manage_campaigns:add_campaign"),
        campaign_answers(name="", summary="", description=""),
    )
    page = text(response)
    assert response.status_code == 200
    assert "<title>Error: " in page
    for message in ("Enter the campaign&#x27;s name", "Enter a summary", "Enter a description"):
        assert message in page
    assert not Campaign.objects.exists()


def test_a_campaign_that_ends_before_it_starts_keeps_what_was_typed(client, editor):
    answers = campaign_answers(
        **date_answer("starts_on", next_week()), **date_answer("ends_on", timezone.localdate())
    )
    page = text(client.post(reverse("manage_campaigns:add_campaign"), answers))
    assert "The end date must be the same as or after the start date" in page
    assert 'value="Infant Mental Health Awareness Week"' in page
    assert f'value="{next_week().day}"' in page
    assert not Campaign.objects.exists()


def test_a_date_that_does_not_exist_is_refused(client, editor):
    answers = campaign_answers(starts_on_0="31", starts_on_1="2", starts_on_2="2026")
    page = text(client.post(reverse("manage_campaigns:add_campaign"), answers))
    assert "The start date must be a real date, like 27 3 2026" in page
    assert 'value="31"' in page


def test_a_link_that_is_not_a_web_address_is_refused(client, editor):
    page = text(client.post(reverse("manage_campaigns:add_campaign"), campaign_answers(url="nhs")))
    assert "Enter the link in full, like https://www.example.org" in page
    assert 'value="nhs"' in page
    assert not Campaign.objects.exists()


def test_a_bad_answer_on_a_change_keeps_the_saved_name_as_the_heading(client, editor):
    campaign = CampaignFactory(name="Saved name")
    url = reverse("manage_campaigns:campaign", args=[campaign.pk])
    page = text(client.post(url, campaign_answers(name="")))
    assert '<h1 class="govuk-heading-l">Saved name</h1>' in page


# Events


def test_an_event_added_at_a_hub_reaches_every_page_and_calendar_parents_use(client, editor, hub):
    campaign = CampaignFactory(name="Awareness week", slug="awareness-week")
    url = reverse("manage_campaigns:add_event", args=[campaign.pk])
    response = client.post(url, event_answers(hub))
    assert response["Location"] == reverse("manage_campaigns:campaign", args=[campaign.pk])

    event = Event.objects.get()
    assert event.slug == "meet-the-health-visitors"
    assert event.campaign == campaign and event.location == hub
    assert event.starts_at == next_week_at(10)
    assert event.ends_at == next_week_at(12, 30)
    assert AuditEvent.objects.filter(object_type="campaigns.event", action="add").exists()

    row = UpcomingSession.objects.get(event=event)
    assert (row.starts_at, row.cancelled_reason) == (event.starts_at, "")
    client.logout()
    for page in ("/whats-on", "/hubs/tilbury/", campaign.get_absolute_url()):
        assert "Meet the health visitors" in text(client.get(page)), page
    assert calendar_event(client)["STATUS"] == "CONFIRMED"


def next_week_at(hour: int, minute: int = 0):
    return timezone.datetime.combine(
        next_week(), timezone.datetime.min.time().replace(hour=hour, minute=minute), LONDON
    )


def calendar_event(client):
    feed = Calendar.from_ical(client.get("/calendar/hubs/tilbury.ics").content)
    (vevent,) = feed.walk("VEVENT")
    return vevent


def test_an_event_moved_or_cancelled_is_moved_or_cancelled_for_parents(client, editor, hub):
    event = EventFactory(
        title="Meet the health visitors",
        location=hub,
        starts_at=next_week_at(10),
        ends_at=next_week_at(12),
        times_are_illustrative=True,
    )
    url = reverse("manage_campaigns:event", args=[event.campaign.pk, event.pk])
    form = client.get(url).context["form"]
    assert (form["starts_at_time"].value(), form["ends_at_time"].value()) == ("10am", "12pm")

    client.post(url, event_answers(hub, starts_at_time="2pm", ends_at_time="3pm"))
    event.refresh_from_db()
    assert event.starts_at == next_week_at(14) and not event.times_are_illustrative
    assert UpcomingSession.objects.get(event=event).starts_at == next_week_at(14)

    client.post(url, event_answers(hub, starts_at_time="2pm", ends_at_time="3pm", cancelled="on"))
    row = UpcomingSession.objects.get(event=event)
    assert row.is_cancelled
    assert calendar_event(client)["STATUS"] == "CANCELLED"
    audit = AuditEvent.objects.filter(object_type="campaigns.event").latest("at")
    assert (audit.action, audit.detail) == ("change", "changed: cancelled")


def test_an_event_over_two_days_keeps_its_end_date(client, editor, hub):
    campaign = CampaignFactory()
    answers = event_answers(hub, **date_answer("ends_on", next_week() + timedelta(days=1)))
    client.post(reverse("manage_campaigns:add_event", args=[campaign.pk]), answers)
    event = Event.objects.get()
    assert event.ends_at == next_week_at(12, 30) + timedelta(days=1)
    form = client.get(reverse("manage_campaigns:event", args=[campaign.pk, event.pk])).context[
        "form"
    ]
    assert form["ends_on"].value() == next_week() + timedelta(days=1)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"ends_at_time": "9am"}, "The event must end after it starts"),
        ({"ends_at_time": "10am"}, "The event must end after it starts"),
        ({"starts_at_time": ""}, "Enter the start time"),
        ({"starts_at_time": "25 o'clock"}, "Enter the start time like 10am, 1:30pm or 14:00"),
        ({**blank_date("starts_on")}, "Enter the date it starts"),
        ({"title": ""}, "Enter the event&#x27;s title"),
        ({"location": ""}, "Select the family hub it is at"),
    ],
)
def test_an_event_with_a_bad_answer_is_not_saved_and_keeps_what_was_typed(
    client, editor, hub, changes, message
):
    campaign = CampaignFactory()
    url = reverse("manage_campaigns:add_event", args=[campaign.pk])
    page = text(client.post(url, event_answers(hub, **changes)))
    assert message in page
    assert 'value="Meet the health visitors"' in page or changes.get("title") == ""
    assert "Drop in with your bump or baby." in page
    assert not Event.objects.exists()


def test_an_event_ending_before_a_later_end_date_is_refused(client, editor, hub):
    campaign = CampaignFactory()
    answers = event_answers(hub, **date_answer("ends_on", next_week() - timedelta(days=1)))
    page = text(client.post(reverse("manage_campaigns:add_event", args=[campaign.pk]), answers))
    assert "The event must end after it starts" in page
    assert not Event.objects.exists()


# News


def test_news_is_seen_by_parents_only_once_published(client, editor):
    campaign = CampaignFactory(name="Awareness week")
    answers = news_answers(campaigns=[campaign.pk])
    del answers["is_published"]
    client.post(reverse("manage_campaigns:add_news_post"), answers, follow=True)
    post = NewsPost.objects.get()
    assert post.slug == "free-baby-massage-this-summer" and not post.is_published
    assert "Free baby massage" not in text(client.get(reverse("campaigns:news")))
    assert "Free baby massage" in text(client.get(reverse("manage_campaigns:news")))

    url = reverse("manage_campaigns:news_post", args=[post.pk])
    assert client.post(url, news_answers(campaigns=[campaign.pk]))["Location"] == reverse(
        "manage_campaigns:news"
    )
    assert "Free baby massage" in text(client.get(reverse("campaigns:news")))
    assert "Free baby massage" in text(client.get(campaign.get_absolute_url()))
    actions = AuditEvent.objects.filter(object_type="campaigns.newspost").values_list(
        "action", "detail"
    )
    assert sorted(actions) == [("add", ""), ("change", "changed: is_published")]


def test_a_news_post_with_empty_answers_says_what_to_enter(client, editor):
    answers = news_answers(title="", summary="", body="", **blank_date("published_on"))
    page = text(client.post(reverse("manage_campaigns:add_news_post"), answers))
    for message in ("Enter the title", "Enter a summary", "Enter the story", "Enter the date"):
        assert message in page
    assert not NewsPost.objects.exists()


def test_the_news_list_is_paged(client, editor):
    NewsPostFactory.create_batch(26)
    assert client.get(reverse("manage_campaigns:news"), {"page": "2"}).status_code == 200
    assert client.get(reverse("manage_campaigns:news"), {"page": "3"}).status_code == 404


def test_saving_keeps_a_link_to_a_service_that_is_no_longer_listed(client, editor):
    closed = ServiceFactory(name="Closed group", status=Service.Status.INACTIVE)
    post = NewsPostFactory()
    post.services.add(closed)
    url = reverse("manage_campaigns:news_post", args=[post.pk])
    assert "Closed group" in text(client.get(url))
    client.post(url, news_answers(services=[closed.pk]))
    assert list(post.services.all()) == [closed]


def test_news_offers_the_family_hubs_and_its_campaigns_services(client, editor, hub):
    HubFactory(name="Grays Library", is_family_hub=False)
    campaign = CampaignFactory()
    massage = ServiceFactory(name="Baby massage")
    campaign.services.add(massage)
    ServiceFactory(name="Someone else's group")
    post = NewsPostFactory()
    post.campaigns.add(campaign)
    form = client.get(reverse("manage_campaigns:news_post", args=[post.pk])).context["form"]
    assert list(form.fields["locations"].queryset) == [hub]
    assert list(form.fields["services"].queryset) == [massage]


def test_an_event_is_offered_the_family_hubs_and_keeps_a_place_that_is_not_one(client, editor, hub):
    library = HubFactory(name="Grays Library", is_family_hub=False)
    event = EventFactory(location=library)
    url = reverse("manage_campaigns:event", args=[event.campaign.pk, event.pk])
    offered = client.get(url).context["form"].fields["location"].queryset
    assert list(offered) == [library, hub]
    adding = reverse("manage_campaigns:add_event", args=[event.campaign.pk])
    assert list(client.get(adding).context["form"].fields["location"].queryset) == [hub]


def queries_to_open(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_take_the_same_queries_however_many_events_links_and_posts(client, editor, hub):
    council = OrganizationFactory()
    campaign = CampaignFactory()
    campaign.organizations.add(council)
    post = NewsPostFactory()
    post.campaigns.add(campaign)

    def add_more() -> None:
        EventFactory(campaign=campaign, location=hub)
        service = ServiceFactory(organization=council)
        campaign.services.add(service)
        post.services.add(service)
        post.locations.add(HubFactory(is_family_hub=True))
        NewsPostFactory()

    add_more()
    urls = [
        reverse("manage_campaigns:campaign", args=[campaign.pk]),
        reverse("manage_campaigns:news"),
        reverse("manage_campaigns:news_post", args=[post.pk]),
        reverse("manage_campaigns:event", args=[campaign.pk, campaign.events.first().pk]),
    ]
    before = [queries_to_open(client, url) for url in urls]
    for _ in range(4):
        add_more()
    assert [queries_to_open(client, url) for url in urls] == before
