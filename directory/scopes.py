"""Who may manage which part of the directory: the one place every management page asks.

- Council directory editors (and administrators) manage every organisation, service and place.
- Provider users manage only the services of the organisations they belong to
  (`accounts.OrganisationMembership`), and see the places those organisations own.
- Hub staff manage their hubs' timetables (`accounts.HubMembership`), not directory listings.

Views fetch records through these querysets, so an id from another organisation is simply not
found (404), whatever the URL says.
"""

from django.db.models import Q, QuerySet

from accounts.roles import DIRECTORY_EDITORS, PROVIDERS, group_names, is_hub_staff
from directory.models import Location, Organization, Service


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_directory_editor(user) -> bool:
    """A council editor: everything in the directory. Administrators count as editors."""
    return _signed_in(user) and (user.is_superuser or DIRECTORY_EDITORS in group_names(user))


def is_provider_user(user) -> bool:
    return _signed_in(user) and PROVIDERS in group_names(user)


def may_manage_directory(user) -> bool:
    """Whether the directory's management pages are open to this person at all."""
    return is_directory_editor(user) or is_provider_user(user)


def organisations_for(user) -> QuerySet[Organization]:
    """The organisations whose listings this person manages."""
    if is_directory_editor(user):
        return Organization.objects.all()
    if is_provider_user(user):
        return Organization.objects.filter(memberships__user=user)
    return Organization.objects.none()


def services_for(user) -> QuerySet[Service]:
    """The services whose listings this person may edit."""
    if is_directory_editor(user):
        return Service.objects.all()
    if is_provider_user(user):
        return Service.objects.filter(organization__memberships__user=user)
    return Service.objects.none()


def locations_for(user) -> QuerySet[Location]:
    """The places this person may name as where a service runs, or edit.

    Editors: every place. Providers: their organisations' own places and every family hub (groups
    run at hubs they do not own). Hub staff: their hubs."""
    if is_directory_editor(user):
        return Location.objects.all()
    if is_provider_user(user):
        return Location.objects.filter(
            Q(organization__memberships__user=user) | Q(is_family_hub=True)
        ).distinct()
    if is_hub_staff(user):
        return Location.objects.filter(hub_memberships__user=user)
    return Location.objects.none()


def may_edit_locations(user) -> bool:
    """Adding and changing places (addresses, venue features) is the council's."""
    return is_directory_editor(user)


def timetable_services_for(user) -> QuerySet[Service]:
    """The services whose sessions this person may manage: the listings they edit, and for hub
    staff every service that runs at their hubs."""
    if may_manage_directory(user):
        return services_for(user)
    if is_hub_staff(user):
        return Service.objects.filter(
            service_at_locations__location__hub_memberships__user=user
        ).distinct()
    return Service.objects.none()


def may_edit_service(user, service: Service) -> bool:
    return services_for(user).filter(pk=service.pk).exists()
