import time

import ijson
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from oruk import hsds
from oruk.importer import ImportRejected, ImportReport, import_feed
from timetable.upcoming import rebuild as rebuild_whats_on

# A dry run lists each change; past this many of a kind it gives the number left.
CHANGES_LISTED = 200


class Command(BaseCommand):
    help = (
        "Load an Open Referral UK / HSDS 3.0 feed in one transaction: a JSON file, a directory "
        "of HSDS CSV files, or the base URL of an ORUK API. Records are upserted by id. If any "
        "record is invalid nothing is saved (unless --skip-invalid) and each is reported; any "
        "failure (the feed cannot be read, a page is missing) saves nothing and exits non-zero. "
        "Each organisation, service and location remembers its feed. A complete pull (a base "
        "URL, read page by page to the end, or a file given with --complete) retires the "
        "feed's services it no longer lists: they are made inactive, never deleted, and come "
        "back if the feed lists them again. A file is otherwise taken as part of a feed and "
        "retires nothing. Services entered by hand are never retired."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="JSON file, CSV directory, or http(s) base URL")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="save the valid records and report the invalid ones instead of saving nothing",
        )
        parser.add_argument(
            "--table",
            choices=sorted(hsds.MODELS),
            help="the HSDS table of the JSON file's records, when it cannot be told from them",
        )
        parser.add_argument(
            "--complete",
            action="store_true",
            help="the file holds the whole feed: retire this feed's services it does not list",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="print what would be created, changed (which fields) and retired; save nothing",
        )

    def handle(
        self,
        *args,
        source: str,
        skip_invalid: bool,
        table: str | None,
        complete: bool,
        dry_run: bool,
        **options,
    ):
        started = time.perf_counter()
        try:
            report = import_feed(
                source,
                skip_invalid=skip_invalid,
                table_name=table,
                complete=complete or None,
                dry_run=dry_run,
            )
        except ImportRejected as rejected:
            for rejection in rejected.report.rejected:
                self.stderr.write(f"Rejected {rejection}")
            raise CommandError(
                f"{len(rejected.report.rejected)} invalid record(s); nothing was imported. "
                "Fix them, or use --skip-invalid to import the rest."
            ) from None
        except (OSError, ValueError, ijson.JSONError) as problem:
            raise CommandError(f"Could not read {source}: {problem}") from None
        for rejection in report.rejected:
            self.stderr.write(f"Skipped {rejection}")
        if dry_run:
            self._print_dry_run(report, source)
            return
        self.stdout.write(report.summary())
        for service_id, name in report.retired:
            self.stdout.write(f"Retired service {service_id} ({name}): no longer in the feed")
        # The import writes in bulk, which sends no signals: what's on is rebuilt from it here.
        upcoming = rebuild_whats_on(timezone.localdate())
        self.stdout.write(f"What's on now lists {upcoming} upcoming sessions.")
        skipped = f", skipped {len(report.rejected)} invalid" if report.rejected else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report.records_read} records from {source}{skipped} "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )

    def _print_dry_run(self, report: ImportReport, source: str) -> None:
        self.stdout.write(f"Dry run of {source}: nothing was saved.")
        self.stdout.write(report.summary())
        lines = [
            f"Would create {c.table} {c.id} ({c.name})"
            if c.action == "create"
            else f"Would change {c.table} {c.id} ({c.name}): {', '.join(c.fields)}"
            for c in report.changes or []
        ]
        lines += [
            f"Would retire service {i} ({name}): no longer in the feed"
            for i, name in report.retired
        ]
        lines += [f"Would bring back service {i} ({name})" for i, name in report.reactivated]
        for line in lines[:CHANGES_LISTED]:
            self.stdout.write(line)
        if len(lines) > CHANGES_LISTED:
            self.stdout.write(f"and {len(lines) - CHANGES_LISTED} more")
