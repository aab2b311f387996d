"""CSV in and out without formula injection (OWASP "CSV injection").

A spreadsheet opening a CSV runs any cell that starts with `=`, `+`, `-` or `@` (and, in some,
a tab or carriage return) as a formula, which can leak data or start programs. Every CSV the
platform writes goes through `writer`, which puts a `'` before such a cell so it shows as text;
every CSV a person uploads goes through `read_upload`, which refuses such cells and names them.

A plain number (`-0.36`, `+44`) is a number, not a formula, so it is written and accepted as it
is: coordinates and amounts stay numbers for whoever reads the file.
"""

import csv
import io
import re
from collections.abc import Iterable
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
CSV_CONTENT_TYPES = {
    "text/csv",
    "text/plain",
    "application/csv",
    "application/vnd.ms-excel",  # what Windows browsers send for .csv files
    "application/octet-stream",
}
MAX_PROBLEMS_LISTED = 10


def is_formula(text: str) -> bool:
    """Whether a spreadsheet would run this cell as a formula."""
    return text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text)


def safe_cell(value) -> str:
    """The cell as text a spreadsheet shows as it is (None is an empty cell).

    A cell that already starts with the escape before a formula gets a second one, so
    `unescape_cell` gives back exactly what was written."""
    text = "" if value is None else str(value)
    if is_formula(text) or (text.startswith(ESCAPE) and is_formula(text[1:].lstrip(ESCAPE))):
        return ESCAPE + text
    return text


def unescape_cell(text: str) -> str:
    """The value `safe_cell` was given: for reading back CSV files the platform wrote."""
    if text.startswith(ESCAPE) and is_formula(text[1:].lstrip(ESCAPE)):
        return text[1:]
    return text


class SafeWriter:
    """`csv.writer` whose every cell goes through `safe_cell`."""

    def __init__(self, stream, **options) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable):
        """Returns what the stream's `write` returned, as `csv.writer` does (for streaming)."""
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream, **options) -> SafeWriter:
    """A CSV writer that neutralises formula injection in every cell: use it for every CSV."""
    return SafeWriter(stream, **options)


def column_letter(index: int) -> str:
    """A spreadsheet column's letters from its 0-based index: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def read_upload(upload: UploadedFile, *, max_bytes: int = MAX_UPLOAD_BYTES) -> list[dict[str, str]]:
    """The rows of an uploaded CSV file, by column heading; ValidationError with a message for
    people if the file is too big, not a CSV, not UTF-8, empty, or has a cell that would run as
    a formula (naming its row and column as a spreadsheet shows them)."""
    limit_mb = max_bytes / (1024 * 1024)
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(f"The selected file must be smaller than {limit_mb:g}MB")
    name = PurePath(upload.name or "").suffix.lower()
    content_type = (upload.content_type or "").split(";")[0].strip().lower()
    if name != ".csv" or (content_type and content_type not in CSV_CONTENT_TYPES):
        raise ValidationError("The selected file must be a CSV")
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(f"The selected file must be smaller than {limit_mb:g}MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            "The selected file must be saved as 'CSV UTF-8'. In your spreadsheet, choose "
            "Save As, then 'CSV UTF-8 (comma delimited)'"
        ) from None
    if "\x00" in text:
        raise ValidationError("The selected file must be a CSV")
    try:
        table = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise ValidationError("The selected file could not be read as a CSV") from None
    if not table or not any(cell.strip() for cell in table[0]):
        raise ValidationError("The selected file is empty")
    headings = table[0]
    _refuse_formulas(table)
    for row_number, row in enumerate(table[1:], start=2):
        if len(row) > len(headings) and any(cell.strip() for cell in row[len(headings) :]):
            raise ValidationError(
                f"Row {row_number} has more cells than there are column headings in row 1. "
                "Add a heading for each column, or remove the extra cells"
            )
    return [
        dict(zip(headings, row + [""] * (len(headings) - len(row)), strict=False))
        for row in table[1:]
        if any(cell.strip() for cell in row)
    ]


class CsvFileField(forms.FileField):
    """A file upload field that gives the CSV's rows (see `read_upload`), with GOV.UK messages."""

    default_error_messages = {
        "required": "Select a CSV file",
        "empty": "The selected file is empty",
        "invalid": "The selected file could not be uploaded - try again",
        "missing": "The selected file could not be uploaded - try again",
    }

    def __init__(self, *, max_bytes: int = MAX_UPLOAD_BYTES, **kwargs) -> None:
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        return read_upload(upload, max_bytes=self.max_bytes) if upload else upload


def _refuse_formulas(table: list[list[str]]) -> None:
    problems = [
        f"row {row_number}, column {column_letter(index)}"
        for row_number, row in enumerate(table, start=1)
        for index, cell in enumerate(row)
        if is_formula(cell)
    ]
    if not problems:
        return
    listed = ", ".join(problems[:MAX_PROBLEMS_LISTED])
    more = len(problems) - MAX_PROBLEMS_LISTED
    raise ValidationError(
        "The selected file has cells that start with =, +, -, @ or a tab, which spreadsheets "
        f"run as formulas: {listed}{f' and {more} more' if more > 0 else ''}. Remove that "
        "character or put a space before it, then upload the file again"
    )
