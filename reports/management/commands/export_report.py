"""Write a report to standard output, for scripting: `export_report NAME --from --to`."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reports.downloads import csv_lines, write_xlsx
from reports.periods import custom
from reports.registry import REPORTS
from reports.scopes import command_line_scope


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"'{text}' is not a date like 2026-04-01") from None


class Command(BaseCommand):
    help = (
        "Write a report (every hub, small numbers suppressed) as CSV or Excel to standard "
        "output. --list names the reports."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="The report's name (see --list).")
        parser.add_argument("--list", action="store_true", help="Name the reports and stop.")
        parser.add_argument("--from", dest="start", help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="end", help="Last day, YYYY-MM-DD (included).")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")

    def handle(self, *args, name=None, list=False, start=None, end=None, **options):
        if list:
            for report in REPORTS.values():
                self.stdout.write(f"{report.name}\t{report.title}")
            return
        if name not in REPORTS:
            raise CommandError(f"There is no report called '{name}'. Reports: {', '.join(REPORTS)}")
        if not (start and end):
            raise CommandError("Give the period with --from YYYY-MM-DD --to YYYY-MM-DD")
        try:
            period = custom(_day(start), _day(end))
        except ValueError as error:
            raise CommandError(str(error)) from None
        report = REPORTS[name]
        table = report.build(period, command_line_scope())
        if options["format"] == "csv":
            for line in csv_lines(table):
                self.stdout.write(line, ending="")
        else:
            # A workbook is bytes: written to the binary stream under standard output.
            write_xlsx(table, report.title, self.stdout.buffer)
