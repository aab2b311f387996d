"""Who may see which reports: commissioners everything, a hub manager the hubs they manage, a
service team member (a service lead) the services whose requests they receive. Reports are
aggregates with small numbers suppressed; nobody sees a family here."""

from dataclasses import dataclass

from django.db.models import Q

from accounts.models import HubMembership
from accounts.roles import COMMISSIONERS, group_names
from directory.models import Location, Service
from referrals.selectors import is_team_member, services_for_team


@dataclass(frozen=True)
class ReportScope:
    hubs: tuple[Location, ...]
    services: tuple[Service, ...]  # services that take requests for support
    everything: bool

    def at_hubs(self, location: str) -> Q:
        """Rows whose `location` (a path to a Location) is a hub in scope. Everything is a join
        to the family hubs: a list of hundreds of ids is checked against each row."""
        if self.everything:
            return Q(**{f"{location}__is_family_hub": True})
        return Q(**{f"{location}__in": self.hubs})

    @property
    def description(self) -> str:
        if self.everything:
            return "All family hubs and services"
        return ", ".join(place.name for place in (*self.hubs, *self.services))


def _all_hubs():
    return Location.objects.filter(is_family_hub=True).only("id", "name").order_by("name")


def _services_taking_requests():
    return Service.objects.filter(intake__isnull=False).only("id", "name").order_by("name")


def may_see_reports(user) -> bool:
    """Cheap enough for the navigation on every staff page."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return (
        COMMISSIONERS in group_names(user)
        or is_team_member(user)
        or HubMembership.objects.filter(user=user, role=HubMembership.Role.MANAGER).exists()
    )


def report_scope(user) -> ReportScope | None:
    """What this person's reports cover, or None if they may not see reports at all."""
    if not may_see_reports(user):
        return None
    if COMMISSIONERS in group_names(user):
        return command_line_scope()
    managed = _all_hubs().filter(
        hub_memberships__user=user, hub_memberships__role=HubMembership.Role.MANAGER
    )
    led = _services_taking_requests().filter(pk__in=services_for_team(user).values("pk"))
    scope = ReportScope(tuple(managed), tuple(led), everything=False)
    return scope if scope.hubs or scope.services else None


def command_line_scope() -> ReportScope:
    """Commissioners, and `manage.py export_report` (the server's own rights): everything."""
    return ReportScope(tuple(_all_hubs()), tuple(_services_taking_requests()), everything=True)
