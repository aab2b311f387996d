from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from campaigns.feeds import news_atom
from campaigns.selectors import (
    campaign_for_page,
    campaigns_by_time,
    event_for_page,
    news_post_for_page,
    paragraphs,
    published_news,
)
from core.context_processors import council
from core.paging import positive_page_number
from web.pagination import page_numbers

NEWS_PER_PAGE = 10
NEWS_IN_FEED = 50


def campaign_list(request: HttpRequest) -> HttpResponse:
    current, past = campaigns_by_time(timezone.localdate())
    return render(request, "campaigns/campaign_list.html", {"current": current, "past": past})


def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = campaign_for_page(slug)
    return render(
        request,
        "campaigns/campaign_detail.html",
        {"campaign": campaign, "paragraphs": paragraphs(campaign.description)},
    )


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for_page(slug)
    return render(
        request,
        "campaigns/event_detail.html",
        {"event": event, "paragraphs": paragraphs(event.description)},
    )


def news_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(
        published_news().only("title", "slug", "summary", "published_on"), NEWS_PER_PAGE
    )
    number = positive_page_number(request.GET.get("page", "1"))
    if number is None or number > paginator.num_pages:
        raise Http404("No such page of news")
    page = paginator.page(number)
    return render(
        request,
        "campaigns/news_list.html",
        {
            "page": page,
            "page_numbers": page_numbers(page.number, paginator.num_pages),
        },
    )


def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = news_post_for_page(slug)
    return render(
        request, "campaigns/news_detail.html", {"post": post, "paragraphs": paragraphs(post.body)}
    )


def news_feed(request: HttpRequest) -> HttpResponse:
    names = council(request)
    document = news_atom(
        published_news()[:NEWS_IN_FEED],
        title=f"{names['service_name']} news - {names['council_name']}",
        author=names["council_name"],
        feed_url=request.build_absolute_uri(reverse("campaigns:news_feed")),
        absolute=request.build_absolute_uri,
    )
    return HttpResponse(document, content_type="application/atom+xml; charset=utf-8")
