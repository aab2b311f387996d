"""A parent's shortlist of services: kept in their browser session only, never in an account.

Nothing about the parent is stored on the server beyond the session itself. Emailing the list
goes through the notifications queue like every other message; the address is dropped once the
message is sent (see `notifications`).
"""

from uuid import UUID

from django.contrib.sessions.backends.base import SessionBase
from django.db.models import Prefetch

from directory.models import Address, Service, ServiceAtLocation

SESSION_KEY = "shortlist"
# Enough for any real list; stops a script filling a session without bound.
MOST_SERVICES = 30


class ShortlistFull(Exception):
    """The list already holds MOST_SERVICES services."""


def shortlisted_ids(session: SessionBase) -> list[str]:
    ids = session.get(SESSION_KEY, [])
    return ids if isinstance(ids, list) else []


def is_shortlisted(session: SessionBase, service_id: UUID) -> bool:
    return str(service_id) in shortlisted_ids(session)


def add(session: SessionBase, service: Service) -> None:
    ids = shortlisted_ids(session)
    if str(service.pk) in ids:
        return
    if len(ids) >= MOST_SERVICES:
        raise ShortlistFull
    session[SESSION_KEY] = [*ids, str(service.pk)]


def remove(session: SessionBase, service_id: UUID) -> None:
    session[SESSION_KEY] = [i for i in shortlisted_ids(session) if i != str(service_id)]


def shortlisted_services(session: SessionBase) -> list[Service]:
    """The services on the list, in the order they were added, with where they run.

    A service since removed from the directory quietly leaves the list."""
    ids = shortlisted_ids(session)
    if not ids:
        return []
    services = Service.objects.filter(pk__in=ids, status=Service.Status.ACTIVE).prefetch_related(
        "cost_options",
        "phones",
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                Prefetch("location__addresses", queryset=Address.objects.order_by("address_1"))
            ),
        ),
    )
    by_id = {str(service.pk): service for service in services}
    return [by_id[i] for i in ids if i in by_id]
