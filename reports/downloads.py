"""Report tables as CSV and Excel, with the same suppression as the pages ("<5", "[c]")."""

from collections.abc import Iterator
from typing import IO

from openpyxl import Workbook

from core.csv_safety import safe_cell, writer
from reports.tables import Table


def table_rows(table: Table) -> Iterator[list[str]]:
    yield [table.row_heading, *(column.heading for column in table.columns)]
    for row in (*table.rows, table.total):
        yield [row.label, *(figure.in_download() for figure in row.figures)]


class _Line:
    """A file-like object that hands back what the CSV writer writes, one line at a time."""

    def write(self, text: str) -> str:
        return text


def csv_lines(table: Table) -> Iterator[str]:
    """CSV text line by line, so a response can stream it."""
    csv_writer = writer(_Line())
    for row in table_rows(table):
        yield csv_writer.writerow(row)


def write_xlsx(table: Table, title: str, stream: IO[bytes]) -> None:
    """An Excel workbook of one sheet; write-only mode keeps memory flat however long the
    table. Cells go through the CSV formula check too: openpyxl stores '=...' as a formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in table_rows(table):
        sheet.append([_number_or_text(value) for value in row])
    workbook.save(stream)


def _number_or_text(value: str) -> int | str:
    return int(value) if value.isascii() and value.isdigit() else safe_cell(value)
