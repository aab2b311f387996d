"""Who may see which reports: commissioners every hub, a hub manager the hubs they manage.
Reports are aggregates with small numbers suppressed; nobody sees a family here."""

from dataclasses import dataclass

from accounts.models import HubMembership
from accounts.roles import COMMISSIONERS, group_names
from directory.models import Location


@dataclass(frozen=True)
class ReportScope:
    hubs: tuple[Location, ...]
    everything: bool

    @property
    def description(self) -> str:
        if self.everything:
            return "All family hubs"
        return ", ".join(hub.name for hub in self.hubs)


def may_see_reports(user) -> bool:
    """Cheap enough for the navigation on every staff page."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return COMMISSIONERS in group_names(user) or (
        HubMembership.objects.filter(user=user, role=HubMembership.Role.MANAGER).exists()
    )


def report_scope(user) -> ReportScope | None:
    """The hubs this person's reports cover, or None if they may not see reports at all."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    hubs = Location.objects.filter(is_family_hub=True).only("id", "name").order_by("name")
    if COMMISSIONERS in group_names(user):
        return ReportScope(tuple(hubs), everything=True)
    managed = hubs.filter(
        hub_memberships__user=user, hub_memberships__role=HubMembership.Role.MANAGER
    )
    if managed:
        return ReportScope(tuple(managed), everything=False)
    return None


def command_line_scope() -> ReportScope:
    """`manage.py export_report` runs with the server's own rights: every hub."""
    hubs = Location.objects.filter(is_family_hub=True).only("id", "name").order_by("name")
    return ReportScope(tuple(hubs), everything=True)
