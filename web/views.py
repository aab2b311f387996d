from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from accounts.destinations import requested
from accounts.emails import absolute_url, send_email
from core.ratelimit import rate_limited
from directory.eligibility import who_it_is_for
from directory.models import Service
from families.services import retention_period_days
from reports.searches import record_search
from timetable.selectors import LONDON
from web import shortlist
from web.forms import EmailShortlistForm, FindSupportForm
from web.pagination import page_numbers
from web.selectors import (
    describe_cost,
    find_support,
    service_for_page,
    topic_terms,
    upcoming_sessions,
)

SESSIONS_ON_SERVICE_PAGE = 6


def home(request: HttpRequest) -> HttpResponse:
    form = FindSupportForm(None, terms=topic_terms(), today=timezone.localdate())
    return render(request, "web/home.html", {"form": form})


# The query can hold a child's date of birth: keep it out of shared caches.
@cache_control(private=True)
@rate_limited("search", methods=("GET",))
def find(request: HttpRequest) -> HttpResponse:
    """Results of 'find support near you'; bad input shows the form again with its errors."""
    now = timezone.now()
    form = FindSupportForm(request.GET, terms=topic_terms(), today=now.astimezone(LONDON).date())
    page = None
    if form.is_valid():
        search = form.search()
        page = find_support(search, now)
        if page.number == 1:  # each search counted once, not again for each page
            record_search(
                search.place,
                search.child,
                search.topic.name if search.topic else "",
                page.within_miles,
                found=page.total > 0,
                today=now.astimezone(LONDON).date(),
            )
        if page.is_past_the_end and page.total:
            form.add_error(
                "page",
                f"There is no page {page.number}. There "
                f"{'is 1 page' if page.page_count == 1 else f'are {page.page_count} pages'} "
                "of results",
            )
    return render(
        request,
        "web/results.html",
        {
            "form": form,
            "page": page,
            "page_numbers": page_numbers(page.number, page.page_count) if page else [],
        },
    )


def service_detail(request: HttpRequest, service_id: UUID) -> HttpResponse:
    service = service_for_page(service_id)
    locations = [at.location for at in service.service_at_locations.all()]
    sessions = upcoming_sessions(service, timezone.now(), SESSIONS_ON_SERVICE_PAGE)
    illustrative = (
        service.illustrative
        or any(location.illustrative for location in locations)
        or any(address.illustrative for loc in locations for address in loc.addresses.all())
        or any(session.occurrence.schedule.illustrative for session in sessions)
    )
    return render(
        request,
        "web/service.html",
        {
            "service": service,
            "who_for": who_it_is_for(service),
            "cost": describe_cost(service),
            "locations": locations,
            "sessions": sessions,
            "illustrative": illustrative,
        },
    )


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/privacy.html",
        {"retention_years": round(retention_period_days() / 365)},
    )


def shortlist_page(request: HttpRequest) -> HttpResponse:
    return _shortlist(request, EmailShortlistForm())


def _shortlist(request: HttpRequest, form: EmailShortlistForm, status: int = 200) -> HttpResponse:
    services = shortlist.shortlisted_services(request.session)
    return render(
        request,
        "web/shortlist.html",
        {
            "services": [(service, describe_cost(service)) for service in services],
            "form": form,
            "errors": [("email", message) for message in form.errors.get("email", [])],
        },
        status=status,
    )


@require_POST
def shortlist_add(request: HttpRequest, service_id: UUID) -> HttpResponse:
    service = get_object_or_404(Service, pk=service_id, status=Service.Status.ACTIVE)
    try:
        shortlist.add(request.session, service)
    except shortlist.ShortlistFull:
        messages.warning(
            request,
            f"Your list is full ({shortlist.MOST_SERVICES} services). Remove one to add another.",
        )
    else:
        messages.success(request, f"{service.name} is on your list")
    return redirect(requested(request) or "web:shortlist")


@require_POST
def shortlist_remove(request: HttpRequest, service_id: UUID) -> HttpResponse:
    shortlist.remove(request.session, service_id)
    return redirect(requested(request) or "web:shortlist")


@require_POST
@rate_limited("shortlist_email", account_field="email")
def shortlist_email(request: HttpRequest) -> HttpResponse:
    form = EmailShortlistForm(request.POST)
    services = shortlist.shortlisted_services(request.session)
    if not services:
        return redirect("web:shortlist")
    if not form.is_valid():
        return _shortlist(request, form, status=400)
    address = form.cleaned_data["email"]
    send_email(
        address,
        "Your list of support from Family Hubs",
        "web/email/shortlist.txt",
        {
            "services": [
                (s, describe_cost(s), absolute_url(reverse("web:service", args=[s.pk])))
                for s in services
            ],
        },
        forget_address=True,
    )
    messages.success(request, f"We have sent your list to {address}")
    return redirect("web:shortlist")
