"""What the public campaign, event and news pages read."""

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from campaigns.models import Campaign, Event, NewsPost
from campaigns.templatetags.campaign_time import campaign_timing
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


def campaigns_for_editors() -> dict[str, list[Campaign]]:
    """Every campaign, as editors see them: running now (with ongoing ones), coming (soonest
    first) and past (latest first)."""
    phases: dict[str, list[Campaign]] = {"running": [], "coming": [], "past": []}
    for campaign in Campaign.objects.only("name", "starts_on", "ends_on", "illustrative").order_by(
        "name", "pk"
    ):
        phase = campaign_timing(campaign)
        phases[phase if phase in ("coming", "past") else "running"].append(campaign)
    phases["coming"].sort(key=lambda c: c.starts_on)
    phases["past"].sort(key=lambda c: c.ends_on, reverse=True)
    return phases


def campaign_events_for_editors(campaign: Campaign) -> QuerySet[Event]:
    return campaign.events.select_related("location").order_by("starts_at", "title")


def news_for_editors() -> QuerySet[NewsPost]:
    """Every news post, published or not, latest first."""
    return NewsPost.objects.only("title", "published_on", "is_published").order_by(
        "-published_on", "title", "pk"
    )
