"""Every report, by the name used in URLs and by `manage.py export_report`."""

from collections.abc import Callable
from dataclasses import dataclass

from reports.attendance import attendance_by_hub
from reports.periods import Period
from reports.reach import reach_by_hub
from reports.requests import requests_by_service, waits_by_service
from reports.scopes import ReportScope
from reports.tables import Table


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    summary: str
    build: Callable[[Period, ReportScope], Table]
    chart_column: str  # the measure drawn in the chart, beside the comparison period
    covers: str = "hubs"  # or "services": which part of a person's scope the rows are

    def available_in(self, scope: ReportScope) -> bool:
        """Commissioners see every report, even before there is anything to count."""
        return scope.everything or bool(scope.hubs if self.covers == "hubs" else scope.services)


REPORTS = {
    report.name: report
    for report in (
        Report(
            name="reach",
            title="Families reached",
            summary=(
                "Families registered with each hub, and families seen at its sessions: for the "
                "first time, or again."
            ),
            build=reach_by_hub,
            chart_column="seen",
        ),
        Report(
            name="attendance",
            title="Sessions and attendance",
            summary=(
                "Sessions held and cancelled, places offered and booked, children who came, "
                "walk-ins, no-shows and people counted without registering."
            ),
            build=attendance_by_hub,
            chart_column="attended",
        ),
        Report(
            name="requests",
            title="Requests for support",
            summary=(
                "Requests sent to each service, by professionals or by families themselves, and "
                "how many were accepted, declined, withdrawn, transferred or are still waiting."
            ),
            build=requests_by_service,
            chart_column="sent",
            covers="services",
        ),
        Report(
            name="waits",
            title="Waiting times for requests for support",
            summary=(
                "Working days families waited for a reply and for first contact, and how many "
                "replies met the service's own target."
            ),
            build=waits_by_service,
            chart_column="replied",
            covers="services",
        ),
    )
}
