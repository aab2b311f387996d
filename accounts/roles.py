"""Who may see what: the staff groups and the hubs a member of staff works at."""

from django.db.models import QuerySet

from directory.models import Location

HUB_STAFF = "Hub staff"
DIRECTORY_EDITORS = "Directory editors"
COMMISSIONERS = "Commissioners"


def is_hub_staff(user) -> bool:
    """Active, signed in, in the Hub staff group. (Their hubs come from HubMembership.)"""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.groups.filter(name=HUB_STAFF).exists()


def staff_hubs(user) -> QuerySet[Location]:
    """The hubs this member of staff works at; none for anyone else (superusers included:
    seeing family data is tied to a hub, not to being an administrator)."""
    if not is_hub_staff(user):
        return Location.objects.none()
    return Location.objects.filter(hub_memberships__user=user)
