import time

import ijson
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from oruk import hsds
from oruk.importer import ImportRejected, import_feed
from timetable.upcoming import rebuild as rebuild_whats_on


class Command(BaseCommand):
    help = (
        "Load an Open Referral UK / HSDS 3.0 feed in one transaction: a JSON file, a directory "
        "of HSDS CSV files, or the base URL of an ORUK API. Records are upserted by id. If any "
        "record is invalid nothing is saved (unless --skip-invalid) and each is reported."
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

    def handle(self, *args, source: str, skip_invalid: bool, table: str | None, **options):
        started = time.perf_counter()
        try:
            report = import_feed(source, skip_invalid=skip_invalid, table_name=table)
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
        self.stdout.write(report.summary())
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
