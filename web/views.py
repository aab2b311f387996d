from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from directory.eligibility import who_it_is_for
from web.selectors import active_services, next_session


def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    services = [
        {"service": s, "who_for": who_it_is_for(s), "next": next_session(s, now)}
        for s in active_services()
    ]
    return render(request, "web/home.html", {"services": services})
