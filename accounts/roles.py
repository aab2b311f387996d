"""Who may see what: the staff groups, the hubs a member of staff works at, and who must use
two-factor sign-in or may use the back office."""

from django.db.models import QuerySet

from directory.models import Location

HUB_STAFF = "Hub staff"
DIRECTORY_EDITORS = "Directory editors"
COMMISSIONERS = "Commissioners"
PROVIDERS = "Providers"  # keep their own organisations' listings
PROFESSIONALS = "Professionals"  # midwives, health visitors, GPs: refer families
SERVICE_TEAMS = "Service teams"  # triage the requests their services receive


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def group_names(user) -> frozenset[str]:
    """The names of the user's groups, read once per user object (like Django's own
    permission cache), since the navigation and the sign-in rules ask on every page."""
    if not hasattr(user, "_group_names"):
        user._group_names = frozenset(user.groups.values_list("name", flat=True))
    return user._group_names


def is_hub_staff(user) -> bool:
    """Active, signed in, in the Hub staff group. (Their hubs come from HubMembership.)"""
    return _signed_in(user) and HUB_STAFF in group_names(user)


def is_staff_member(user) -> bool:
    """Anyone who is not a parent: in any group, or flagged staff or superuser.

    Every group is a staff role (parents belong to none), so a new role (professionals, service
    teams, providers) needs two-factor sign-in and staff sessions as soon as it is a group."""
    if not _signed_in(user):
        return False
    return user.is_staff or user.is_superuser or bool(group_names(user))


def may_use_back_office(user) -> bool:
    """The Django admin is for administrators and directory editors, never hub staff or
    commissioners (they have their own pages)."""
    if not (_signed_in(user) and user.is_staff):
        return False
    return user.is_superuser or DIRECTORY_EDITORS in group_names(user)


def staff_hubs(user) -> QuerySet[Location]:
    """The hubs this member of staff works at; none for anyone else (superusers included:
    seeing family data is tied to a hub, not to being an administrator)."""
    if not is_hub_staff(user):
        return Location.objects.none()
    return Location.objects.filter(hub_memberships__user=user)
