"""Who may manage which sessions, hubs and booking settings: the one place the timetable's
management pages ask, built on the directory's scopes (`directory.scopes`).

- Council editors: every service, place and hub, and the school holidays.
- Provider users: the sessions of their organisations' services (changes go through review).
- Hub staff: the sessions at their hubs, their hubs' closures and the booking places there.
Views fetch records through these querysets, so any other id is simply not found (404).
"""

from django.db.models import Q, QuerySet

from accounts.roles import is_hub_staff, staff_hubs
from directory.models import Location, Schedule, Service
from directory.scopes import (
    is_directory_editor,
    locations_for,
    may_manage_directory,
    timetable_services_for,
)
from timetable.schedules import service_schedules
from timetable.selectors import at_locations


def services_for(user) -> QuerySet[Service]:
    """The services whose sessions this person may add, change or remove."""
    return timetable_services_for(user)


def hubs_for(user) -> QuerySet[Location]:
    """The hubs whose timetable pages this person may use."""
    if is_directory_editor(user):
        return Location.objects.filter(is_family_hub=True)
    return staff_hubs(user)


def only_at_their_hubs(user) -> bool:
    """Hub staff (who keep no listings) change sessions at their own hubs only."""
    return is_hub_staff(user) and not may_manage_directory(user)


def places_for(user, service: Service) -> QuerySet[Location]:
    """Where this person may say a session of this service runs: the service's own places and
    the family hubs, as far as their scope reaches."""
    places = locations_for(user).filter(
        Q(service_at_locations__service=service) | Q(is_family_hub=True)
    )
    if only_at_their_hubs(user):
        places = places.filter(pk__in=staff_hubs(user).values("pk"))
    return Location.objects.filter(pk__in=places.values("pk")).order_by("name")


def schedules_for(user, service: Service) -> QuerySet[Schedule]:
    """The service's sessions this person may change (hub staff: those at their hubs)."""
    schedules = service_schedules(service)
    if only_at_their_hubs(user):
        schedules = at_locations(schedules, staff_hubs(user))
    return schedules


def may_see_booking_settings(user) -> bool:
    return is_directory_editor(user) or is_hub_staff(user)


def booking_services_for(user) -> QuerySet[Service]:
    """The services whose booking places this person may change: editors every one, hub staff
    those at their hubs."""
    if is_directory_editor(user):
        return Service.objects.all()
    if is_hub_staff(user):
        return Service.objects.filter(
            pk__in=Service.objects.filter(
                service_at_locations__location__in=staff_hubs(user)
            ).values("pk")
        )
    return Service.objects.none()
