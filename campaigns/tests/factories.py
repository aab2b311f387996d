"""Factories for campaigns, events and news; places come from the directory's factories."""

from datetime import date, datetime

import factory

from campaigns.models import Campaign, Event, NewsPost
from directory.tests.factories import LocationFactory
from timetable.selectors import LONDON


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Awareness week {n}")
    slug = factory.Sequence(lambda n: f"awareness-week-{n}")
    starts_on = date(2025, 6, 9)
    ends_on = date(2025, 6, 15)
    summary = "A week of support for babies' emotional wellbeing."
    description = "First paragraph.\n\nSecond paragraph."


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Meet the team {n}")
    slug = factory.Sequence(lambda n: f"meet-the-team-{n}")
    campaign = factory.SubFactory(CampaignFactory)
    location = factory.SubFactory(LocationFactory, name="Ockendon Family Hub")
    starts_at = datetime(2025, 6, 9, 10, 0, tzinfo=LONDON)
    ends_at = datetime(2025, 6, 9, 13, 0, tzinfo=LONDON)
    description = "Parents met health professionals."


class NewsPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsPost

    title = factory.Sequence(lambda n: f"News story {n}")
    slug = factory.Sequence(lambda n: f"news-story-{n}")
    published_on = date(2025, 6, 12)
    summary = "Free support for parents."
    body = "First paragraph.\n\nSecond paragraph."
