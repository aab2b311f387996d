import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from timetable.models import BankHoliday

pytestmark = pytest.mark.django_db

GOVUK_SAMPLE = {
    "england-and-wales": {
        "division": "england-and-wales",
        "events": [
            {"title": "Christmas Day", "date": "2025-12-25", "notes": "", "bunting": True},
            {"title": "Boxing Day", "date": "2025-12-26", "notes": "", "bunting": True},
        ],
    },
    "scotland": {
        "division": "scotland",
        "events": [
            {"title": "St Andrew's Day", "date": "2025-12-01", "notes": "", "bunting": True}
        ],
    },
}


def test_bank_holidays_load_from_the_govuk_list_and_reload_without_copies(tmp_path):
    source = tmp_path / "bank-holidays.json"
    source.write_text(json.dumps(GOVUK_SAMPLE))
    call_command("load_bank_holidays", str(source))
    call_command("load_bank_holidays", str(source))
    assert list(BankHoliday.objects.values_list("date", "name")) == [
        (date(2025, 12, 25), "Christmas Day"),
        (date(2025, 12, 26), "Boxing Day"),
    ]


@pytest.mark.parametrize(
    ("content", "division"),
    [("not json", "england-and-wales"), (json.dumps(GOVUK_SAMPLE), "wales"), ("[]", "scotland")],
)
def test_a_file_that_is_not_the_govuk_list_changes_nothing(tmp_path, content, division):
    source = tmp_path / "bank-holidays.json"
    source.write_text(content)
    with pytest.raises(CommandError, match=r"is not GOV\.UK's bank holidays list"):
        call_command("load_bank_holidays", str(source), division=division)
    assert not BankHoliday.objects.exists()


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(CommandError, match="There is no file"):
        call_command("load_bank_holidays", str(tmp_path / "missing.json"))
