"""Whether a campaign or an event is past, on now or still to come, as pages show it."""

from django import template
from django.utils import timezone

from campaigns.models import Campaign, Event

register = template.Library()


@register.filter
def campaign_timing(campaign: Campaign) -> str:
    """'past', 'now', 'coming', or '' for an ongoing campaign with no dates."""
    today = timezone.localdate()
    if campaign.ends_on is not None and campaign.ends_on < today:
        return "past"
    if campaign.starts_on is not None and campaign.starts_on > today:
        return "coming"
    return "now" if campaign.starts_on or campaign.ends_on else ""


@register.filter
def event_is_over(event: Event) -> bool:
    return event.ends_at < timezone.now()
