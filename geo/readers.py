"""Reading the ONS's published files (CSV, or Excel as ONS publishes many of them) row by row.

ONS spreadsheets start with a few lines of title and notes before the header row, and their
headings change with the year ("LSOA 2021 Code", "LAD 2023 Code"), so each column is found by
patterns rather than by position. Rows are read lazily: a 2.7 million row file never sits in
memory. A file without the columns asked for raises WrongFile before anything is read.
"""

import csv
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

# ONS spreadsheets put the header row within the first few rows, after the title and notes.
HEADER_SEARCH_ROWS = 20


class WrongFile(ValueError):
    """The file is not the one the command reads. Nothing has been loaded from it."""


@dataclass(frozen=True)
class Heading:
    key: str
    label: str  # how the error message names it, as the real file spells it
    patterns: tuple[str, ...]  # regular expressions for the whole heading, best first
    required: bool = True


def read_rows(
    path: Path, headings: Sequence[Heading], what: str, *, sheet: str | None = None
) -> Iterator[dict[str, str]]:
    """Each data row as {heading key: text}, from a CSV or .xlsx file. Blank rows are skipped.
    An .xlsx file is searched sheet by sheet (or only `sheet`) for the header row."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            yield from _rows(csv.reader(handle), headings, what, path)
        return
    if suffix != ".xlsx":
        raise WrongFile(f"{path.name} is not a CSV or Excel (.xlsx) file. Save it as CSV.")
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        names = [sheet] if sheet else workbook.sheetnames
        if sheet and sheet not in workbook.sheetnames:
            raise WrongFile(f"{path.name} has no sheet called '{sheet}'.")
        for index, name in enumerate(names):
            cells = (_texts(row) for row in workbook[name].iter_rows(values_only=True))
            try:
                yield from _rows(cells, headings, what, path)
                return
            except _NoHeader:
                if index == len(names) - 1:
                    raise _wrong_file(path, headings, what) from None
    finally:
        workbook.close()


class _NoHeader(Exception):
    pass


def _rows(
    rows: Iterator[list[str]], headings: Sequence[Heading], what: str, path: Path
) -> Iterator[dict[str, str]]:
    positions = None
    for _, row in zip(range(HEADER_SEARCH_ROWS), rows, strict=False):
        positions = _positions(row, headings)
        if positions is not None:
            break
    if positions is None:
        if path.suffix.lower() == ".xlsx":
            raise _NoHeader
        raise _wrong_file(path, headings, what)
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        yield {key: row[i].strip() if i < len(row) else "" for key, i in positions.items()}


def _positions(row: list[str], headings: Sequence[Heading]) -> dict[str, int] | None:
    """Where each heading is in this row, or None if a required one is missing."""
    found = {}
    cleaned = [cell.strip() for cell in row]
    for heading in headings:
        index = next(
            (
                cleaned.index(cell)
                for pattern in heading.patterns
                for cell in cleaned
                if re.fullmatch(pattern, cell, re.IGNORECASE)
            ),
            None,
        )
        if index is not None:
            found[heading.key] = index
        elif heading.required:
            return None
    return found


def _wrong_file(path: Path, headings: Sequence[Heading], what: str) -> WrongFile:
    needed = ", ".join(f'"{h.label}"' for h in headings if h.required)
    return WrongFile(
        f"{path.name} does not look like {what}: no header row with the columns {needed} "
        "was found. Nothing was loaded."
    )


def _texts(row: tuple) -> list[str]:
    return ["" if cell is None else str(cell) for cell in row]


def whole_number(text: str, what: str, line: int) -> int:
    """'1,234' or '1234.0' (as Excel gives numbers) -> 1234."""
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise WrongFile(f"Row {line}: {what} should be a number, not '{text}'.") from None
    if value < 0 or value != int(value):
        raise WrongFile(f"Row {line}: {what} should be a whole number, not '{text}'.")
    return int(value)
