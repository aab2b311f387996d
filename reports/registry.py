"""Every report, by the name used in URLs and by `manage.py export_report`."""

from collections.abc import Callable
from dataclasses import dataclass

from reports.attendance import attendance_by_hub
from reports.attendance_by import (
    attendance_by_age_band,
    attendance_by_day_and_time,
    attendance_by_service,
)
from reports.campaigns import campaigns_in_period
from reports.periods import Period
from reports.reach import reach_by_deprivation, reach_by_hub, reach_by_small_area, reach_by_ward
from reports.requests import (
    declines_by_reason,
    outcomes_by_service,
    requests_by_service,
    waits_by_service,
)
from reports.scopes import ReportScope
from reports.searches import searches_by_area, searches_by_topic
from reports.tables import Table


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    summary: str
    build: Callable[[Period, ReportScope], Table]
    chart_column: str  # the measure drawn in the chart, beside the comparison period
    # Which part of a person's scope the rows are: "hubs", "services", or "everything" (areas
    # and topics of the whole directory: commissioners only).
    covers: str = "hubs"

    def available_in(self, scope: ReportScope) -> bool:
        """Commissioners see every report, even before there is anything to count."""
        if scope.everything:
            return True
        return self.covers != "everything" and bool(
            scope.hubs if self.covers == "hubs" else scope.services
        )


REPORTS = {
    report.name: report
    for report in (
        Report(
            name="reach",
            title="Families reached",
            summary=(
                "Families registered with each hub, and families seen at its sessions: for the "
                "first time, or again. A period still running is counted each night, to the day "
                "before."
            ),
            build=reach_by_hub,
            chart_column="seen",
        ),
        *(
            Report(
                name=f"reach-by-{name}",
                title=f"Families reached, by {by}",
                summary=(
                    f"Families registered and families seen, by {by} where they live, beside "
                    "the children aged 0, 1 and 2 and the expectant families living there, as "
                    "rates per 100. A period still running is counted each night, to the day "
                    "before."
                ),
                build=build,
                chart_column="seen",
            )
            for name, by, build in (
                ("ward", "ward", reach_by_ward),
                ("small-area", "small area", reach_by_small_area),
                ("deprivation", "deprivation decile", reach_by_deprivation),
            )
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
        *(
            Report(
                name=f"attendance-by-{name}",
                title=f"Sessions and attendance, by {by}",
                summary=summary,
                build=build,
                chart_column="attended",
            )
            for name, by, build, summary in (
                (
                    "service",
                    "service",
                    attendance_by_service,
                    "Each service's sessions at the hubs: held and cancelled, places, bookings, "
                    "children who came, walk-ins, no-shows and people counted.",
                ),
                (
                    "day-and-time",
                    "day and time",
                    attendance_by_day_and_time,
                    "The same figures by the day of the week and the time sessions start.",
                ),
                (
                    "age-band",
                    "child's age",
                    attendance_by_age_band,
                    "Children who came, walked in or did not come, by their age on the day.",
                ),
            )
        ),
        Report(
            name="campaigns",
            title="Campaigns and events",
            summary=(
                "For each campaign in the period: events held, families who registered and "
                "children at its services' sessions, beside as many weeks just before it."
            ),
            build=campaigns_in_period,
            chart_column="registered",
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
        Report(
            name="declines",
            title="Why requests were declined",
            summary="Requests declined in the period, by the kind of reason the service gave.",
            build=declines_by_reason,
            chart_column="declined",
            covers="services",
        ),
        Report(
            name="outcomes",
            title="Outcomes of requests for support",
            summary=(
                "Requests closed in the period: seen by the service, did not engage, not needed "
                "any more, moved away or other."
            ),
            build=outcomes_by_service,
            chart_column="closed",
            covers="services",
        ),
        Report(
            name="searches-by-area",
            title="What parents searched for, by area",
            summary=(
                "Searches on the find support page by postcode district or town, and how many "
                "found nothing nearby: where support may be missing."
            ),
            build=searches_by_area,
            chart_column="nothing",
            covers="everything",
        ),
        Report(
            name="searches-by-topic",
            title="What parents searched for, by topic",
            summary="Searches by topic, and how many found nothing nearby.",
            build=searches_by_topic,
            chart_column="nothing",
            covers="everything",
        ),
    )
}
