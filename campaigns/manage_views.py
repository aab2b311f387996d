"""Campaigns, their events and news, managed by council editors under /manage/campaigns/
(namespace manage_campaigns). Parents see the result on the campaign, event and news pages, in
what's on, on the hub pages and in the calendars (events reach those through
timetable.signals)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from campaigns.editing import save_with_slug
from campaigns.manage_forms import CampaignForm, EventForm, NewsPostForm
from campaigns.models import Campaign, Event, NewsPost
from campaigns.selectors import (
    campaign_events_for_editors,
    campaigns_for_editors,
    news_for_editors,
)
from directory.manage.access import editor_required
from directory.manage.organisations import paged


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


@editor_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "campaigns/manage/campaign_list.html", {"phases": campaigns_for_editors()}
    )


@editor_required
def campaign_edit(request: HttpRequest, campaign_id=None) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id) if campaign_id else Campaign()
    heading = campaign.name  # as saved: a bad answer must not change the page's title
    form = CampaignForm(_posted(request), instance=campaign)
    if form.is_valid():
        save_with_slug(form, campaign.name, request.user)
        messages.success(request, f"{campaign.name} is saved.")
        return redirect("manage_campaigns:campaign", campaign.pk)
    return render(
        request,
        "campaigns/manage/campaign_form.html",
        {
            "form": form,
            "campaign": campaign,
            "heading": heading,
            "adding": campaign_id is None,
            "events": campaign_events_for_editors(campaign) if campaign_id else [],
        },
    )


@editor_required
def event_edit(request: HttpRequest, campaign_id, event_id=None) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    event = (
        get_object_or_404(Event, pk=event_id, campaign=campaign)
        if event_id
        else Event(campaign=campaign)
    )
    heading = event.title
    form = EventForm(_posted(request), instance=event)
    if form.is_valid():
        save_with_slug(form, event.title, request.user)
        messages.success(request, f"{event.title} is saved.")
        return redirect("manage_campaigns:campaign", campaign.pk)
    return render(
        request,
        "campaigns/manage/event_form.html",
        {"form": form, "campaign": campaign, "heading": heading, "adding": event_id is None},
    )


@editor_required
def news_list(request: HttpRequest) -> HttpResponse:
    page, numbers = paged(request, news_for_editors())
    return render(
        request, "campaigns/manage/news_list.html", {"page": page, "page_numbers": numbers}
    )


@editor_required
def news_edit(request: HttpRequest, post_id=None) -> HttpResponse:
    post = get_object_or_404(NewsPost, pk=post_id) if post_id else NewsPost()
    heading = post.title
    form = NewsPostForm(_posted(request), instance=post)
    if form.is_valid():
        save_with_slug(form, post.title, request.user)
        messages.success(request, f"{post.title} is saved.")
        return redirect("manage_campaigns:news")
    return render(
        request,
        "campaigns/manage/news_form.html",
        {"form": form, "post": post, "heading": heading, "adding": post_id is None},
    )
