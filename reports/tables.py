"""Report tables: rows of counts with a total row, every count about people suppressed.

Columns that add up to another column of the same row (families seen = first-time + returning)
are protected together, so that no hidden count can be worked out across columns either."""

from collections.abc import Sequence
from dataclasses import dataclass

from reports.suppression import Figure, Hidden, protect


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    about_people: bool = True
    # A figure worked out from another column's count (a median, a share): hidden with it.
    based_on: str | None = None


@dataclass(frozen=True)
class Split:
    """Columns `parts` add up to column `total` in every row."""

    parts: tuple[str, ...]
    total: str


@dataclass(frozen=True)
class Row:
    label: str
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Table:
    row_heading: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total: Row

    def column(self, key: str) -> list[tuple[str, Figure]]:
        index = [column.key for column in self.columns].index(key)
        return [(row.label, row.figures[index]) for row in self.rows]

    def total_of(self, key: str) -> Figure:
        return self.total.figures[[column.key for column in self.columns].index(key)]


def protected_table(
    row_heading: str,
    columns: Sequence[Column],
    counts: Sequence[tuple[str, dict[str, int]]],
    *,
    splits: Sequence[Split] = (),
    total_label: str = "Total",
    total_values: dict[str, int | None] | None = None,
) -> Table:
    """Build a table from (row label, {column key: count}) with suppression applied. Columns
    that do not add up (medians, shares) take their total row from `total_values`; a value of
    None means there was nothing to measure."""
    figures: dict[str, list[Figure]] = {}
    totals: dict[str, Figure] = {}
    people = {column.key for column in columns if column.about_people}
    for split in splits:
        parts = [[values[key] for key in split.parts] for _, values in counts]
        protected = protect(parts, row_totals=True, column_totals=True) if parts else None
        for index, key in enumerate(split.parts):
            figures[key] = [row[index] for row in protected.cells] if protected else []
            totals[key] = protected.column_totals[index] if protected else Figure(0)
        figures[split.total] = list(protected.row_totals) if protected else []
        totals[split.total] = protected.grand_total if protected else Figure(0)
    for column in columns:
        if column.key in figures:
            continue
        values = [values[column.key] for _, values in counts]
        if column.key in people and values:
            protected = protect([[value] for value in values], row_totals=False)
            figures[column.key] = [row[0] for row in protected.cells]
            totals[column.key] = protected.column_totals[0]
        elif column.based_on is None:
            figures[column.key] = [Figure(value) for value in values]
            totals[column.key] = Figure(sum(values))
    for column in columns:
        if column.based_on is not None:
            bases = figures[column.based_on]
            values = [values[column.key] for _, values in counts]
            figures[column.key] = [_derived(v, base) for v, base in zip(values, bases, strict=True)]
            total = (total_values or {}).get(column.key)
            totals[column.key] = _derived(total, totals[column.based_on])
    keys = [column.key for column in columns]
    rows = tuple(
        Row(label, tuple(figures[key][index] for key in keys))
        for index, (label, _) in enumerate(counts)
    )
    return Table(
        row_heading, tuple(columns), rows, Row(total_label, tuple(totals[k] for k in keys))
    )


def _derived(value: int | None, base: Figure) -> Figure:
    if value is None:
        return Figure(0, Hidden.NONE)
    return Figure(value, Hidden.COMPLEMENT if base.is_hidden else None)
