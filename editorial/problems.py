"""Problems people report with a listing, from the public service page to done.

A report reaches the organisation's provider users and the council's editors by email. It moves
open → in hand → fixed or not a problem (the allowed moves are the table below); each move is kept
with who, when and a note. Whoever left an email address hears the outcome, and the address is
then deleted.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.emails import absolute_url, send_email
from directory.models import Service
from directory.scopes import is_directory_editor, organisations_for
from editorial.changes import editors, provider_users
from editorial.models import ProblemReport, ProblemReportUpdate

Status = ProblemReport.Status

NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    Status.OPEN: (Status.IN_HAND, Status.FIXED, Status.NOT_A_PROBLEM),
    Status.IN_HAND: (Status.FIXED, Status.NOT_A_PROBLEM),
    Status.FIXED: (),
    Status.NOT_A_PROBLEM: (),
}
TO_DO = (Status.OPEN, Status.IN_HAND)
DONE = (Status.FIXED, Status.NOT_A_PROBLEM)


class ReportAlreadyMoved(Exception):
    """Someone else moved the report on since the page was opened."""


def report_problem(
    service: Service, kind: str, details: str, reply_email: str = ""
) -> ProblemReport:
    """Keep a report and tell the people who can put the listing right."""
    with transaction.atomic():
        report = ProblemReport.objects.create(
            service=service, kind=kind, details=details, reply_email=reply_email
        )
        report_url = absolute_url(reverse("editorial:problem", args=[report.pk]))
        people = {user.email for user in provider_users(service.organization)}
        people |= {user.email for user in editors()}
        for address in sorted(filter(None, people)):
            send_email(
                address,
                f"A problem reported with {service.name}",
                "editorial/email/problem_reported.txt",
                {"service": service, "report": report, "report_url": report_url},
            )
    return report


def problems_for(user) -> QuerySet[ProblemReport]:
    """The reports this person may see: editors every one, providers their organisations'."""
    reports = ProblemReport.objects.select_related("service", "service__organization")
    if is_directory_editor(user):
        return reports
    return reports.filter(service__organization__in=organisations_for(user))


def move_problem(report: ProblemReport, to: str, by, note: str = "") -> ProblemReportUpdate:
    """Move a report on (a move `NEXT_STATUSES` allows), keeping who, when and why."""
    if to not in NEXT_STATUSES[report.status]:
        raise ReportAlreadyMoved
    with transaction.atomic():
        moved = ProblemReport.objects.filter(pk=report.pk, status=report.status).update(status=to)
        if not moved:
            raise ReportAlreadyMoved
        report.status = to
        update = ProblemReportUpdate.objects.create(
            report=report, status=to, changed_by=by, changed_at=timezone.now(), note=note
        )
        if to in DONE and report.reply_email:
            send_email(
                report.reply_email,
                f"The listing for {report.service.name}",
                "editorial/email/problem_done.txt",
                {"service": report.service, "report": report},
                forget_address=True,
            )
            ProblemReport.objects.filter(pk=report.pk).update(reply_email="")
            report.reply_email = ""
    return update
