"""Load bank holidays from GOV.UK's list (https://www.gov.uk/bank-holidays.json, saved to a file).

    manage.py load_bank_holidays bank-holidays.json [--division england-and-wales]

Every hub is closed on a bank holiday. Loading again updates names and adds new dates.
"""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from timetable.models import BankHoliday


class Command(BaseCommand):
    help = "Load bank holidays from a copy of GOV.UK's bank-holidays.json."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--division",
            default="england-and-wales",
            help="england-and-wales (default), scotland or northern-ireland",
        )

    def handle(self, *args, file: Path, division: str, **options) -> None:
        try:
            events = json.loads(file.read_text(encoding="utf-8"))[division]["events"]
            holidays = {date.fromisoformat(e["date"]): e["title"][:100] for e in events}
        except FileNotFoundError as error:
            raise CommandError(f"There is no file at {file}.") from error
        except (ValueError, KeyError, TypeError) as error:
            raise CommandError(
                f"{file} is not GOV.UK's bank holidays list with a '{division}' division."
            ) from error
        with transaction.atomic():
            for day, name in sorted(holidays.items()):
                BankHoliday.objects.update_or_create(date=day, defaults={"name": name})
        self.stdout.write(f"Loaded {len(holidays)} bank holidays for {division}.")
