"""Every report, by the name used in URLs and by `manage.py export_report`."""

from collections.abc import Callable
from dataclasses import dataclass

from reports.attendance import attendance_by_hub
from reports.periods import Period
from reports.reach import reach_by_hub
from reports.scopes import ReportScope
from reports.tables import Table


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    summary: str
    build: Callable[[Period, ReportScope], Table]
    chart_column: str  # the measure drawn in the chart, beside the comparison period


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
    )
}
