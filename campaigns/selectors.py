"""What the public campaign, event and news pages read."""

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from campaigns.models import Campaign, Event, NewsPost
from directory.models import Service


def campaigns_for_list() -> QuerySet[Campaign]:
    return Campaign.objects.only("name", "slug", "summary", "starts_on", "ends_on", "illustrative")


def campaigns_by_time(today: date) -> tuple[list[Campaign], list[Campaign]]:
    """Campaigns on now or still to come (soonest first), and past ones (latest first)."""
    campaigns = list(campaigns_for_list())
    past = [c for c in campaigns if c.ends_on is not None and c.ends_on < today]
    current = sorted(
        (c for c in campaigns if c not in past), key=lambda c: (c.starts_on or date.min, c.name)
    )
    return current, past


def campaign_for_page(slug: str) -> Campaign:
    """A campaign with its events (and their places), services and news, in fixed queries."""
    return get_object_or_404(
        Campaign.objects.prefetch_related(
            Prefetch("events", queryset=Event.objects.select_related("location")),
            Prefetch(
                "services",
                queryset=Service.objects.filter(status=Service.Status.ACTIVE).select_related(
                    "organization"
                ),
            ),
            "organizations",
            Prefetch("news", queryset=published_news()),
        ),
        slug=slug,
    )


def event_for_page(slug: str) -> Event:
    return get_object_or_404(
        Event.objects.select_related("campaign", "location").prefetch_related(
            "location__addresses", "organizations"
        ),
        slug=slug,
    )


def published_news() -> QuerySet[NewsPost]:
    return NewsPost.objects.filter(is_published=True)


def news_post_for_page(slug: str) -> NewsPost:
    return get_object_or_404(
        published_news().prefetch_related(
            "campaigns",
            "locations",
            Prefetch("services", queryset=Service.objects.filter(status=Service.Status.ACTIVE)),
        ),
        slug=slug,
    )


def paragraphs(text: str) -> list[str]:
    """Plain text with blank lines between paragraphs, as a list of paragraphs."""
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
