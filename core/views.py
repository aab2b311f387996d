import sys

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from core.unavailable import database_unavailable, unavailable_response


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request: HttpRequest, exception: Exception) -> object:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> object:
    # Django calls this inside its exception handler, so the error is still at hand: a database
    # that is down, read-only or full gets the "unavailable" page (503), anything else the 500 page.
    if database_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    # Rendered without the request context on purpose: nothing about the request leaks here.
    return render(None, "500.html", status=500)
