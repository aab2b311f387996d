"""Middleware for every response: the request id and access log line, and the Permissions-Policy."""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

from core.logging import current_request_id

access_log = logging.getLogger("familyhubs.access")

# A proxy's id is kept only if it is hex and dashes (a UUID, nginx's $request_id), so that nothing
# else (an email address, a name) can ride into the logs on it.
SAFE_REQUEST_ID = re.compile(r"[0-9A-Fa-f-]{8,64}")


def request_id_for(request: HttpRequest) -> str:
    offered = request.headers.get("X-Request-ID", "")
    return offered if SAFE_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex


def route_of(request: HttpRequest) -> str:
    """The URL pattern that answered (ids and slugs left as placeholders), or the path for a
    request no pattern matched. Never the query string: a search may hold a date of birth."""
    match = getattr(request, "resolver_match", None)
    return f"/{match.route}" if match is not None and match.route else request.path


def user_id_of(request: HttpRequest) -> int | None:
    """The signed-in user's id if the request already looked them up (never the email); the
    log line does not load the session itself, so it adds no query to any page."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    """Gives each request an id (sent back as X-Request-ID, stamped on every log line written
    while it is served) and writes one access log line when it is answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_for(request)
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            access_log.info(
                "%s %s %s",
                request.method,
                route_of(request),
                response.status_code,
                extra={
                    "method": request.method,
                    "route": route_of(request),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user_id_of(request),
                },
            )
            return response
        finally:
            current_request_id.reset(token)


class PermissionsPolicyMiddleware:
    """Turns off browser features no page here uses (camera, geolocation, payment...)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=()" for feature in settings.FAMILYHUBS_PERMISSIONS_POLICY_DENIED
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
