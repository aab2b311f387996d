"""Small-number suppression for every table of counts about families, children or people.

Primary suppression: a count from 1 to 4 is shown as "fewer than 5". Secondary suppression: more
cells are hidden until no hidden small count can be worked out from the totals and the other
cells of its table by adding and subtracting.

The check is exact. Write the table with its margins as an (n+1) x (m+1) grid in which each row
and each column is a sum. The hidden cells are the unknowns: make each row and each column a
node and each hidden cell an edge between its row and its column. A hidden cell's value follows
from the published figures exactly when its edge is a bridge of that graph (lies on no cycle):
along a cycle one can add 1 and subtract 1 alternately without changing any sum. So we hide
cells until every hidden small count lies on a cycle. Margins a report does not publish are
unknowns from the start (hidden, but never drawn).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import count


def is_small(count: int) -> bool:
    return 1 <= count <= 4


class Hidden(StrEnum):
    SMALL = "small"  # a count from 1 to 4
    COMPLEMENT = "complement"  # hidden so that a small count cannot be worked out
    UNPUBLISHED = "unpublished"  # a total the table does not show
    NONE = "none"  # nothing to measure (a median of no waits)


@dataclass(frozen=True)
class Figure:
    value: int
    hidden: Hidden | None = None

    @property
    def is_hidden(self) -> bool:
        return self.hidden is not None

    def on_page(self) -> str:
        if self.hidden is Hidden.SMALL:
            return "fewer than 5"
        if self.hidden is Hidden.NONE:
            return "none"
        if self.hidden is not None:
            return "not shown"
        return f"{self.value:,}"

    def in_download(self) -> str:
        if self.hidden is Hidden.SMALL:
            return "<5"
        if self.hidden is Hidden.NONE:
            return ""
        if self.hidden is not None:
            return "[c]"
        return str(self.value)


@dataclass(frozen=True)
class ProtectedTable:
    cells: tuple[tuple[Figure, ...], ...]
    row_totals: tuple[Figure, ...] | None
    column_totals: tuple[Figure, ...] | None
    grand_total: Figure | None


def protect(
    counts: Sequence[Sequence[int]], *, row_totals: bool = True, column_totals: bool = True
) -> ProtectedTable:
    """Suppress a table of counts (rows of equal length) and, if asked, its margins."""
    if counts and len(counts[0]) == 1 and column_totals and not row_totals:
        return protect_column([row[0] for row in counts])
    return _protect_by_graph(counts, row_totals=row_totals, column_totals=column_totals)


def protect_column(values: Sequence[int]) -> ProtectedTable:
    """`protect` of one column with its total (how report tables protect each count), worked
    out directly: there the hidden-cell graph is one chain between the column and the unpublished
    row totals for each hidden count (the total's too), so a hidden count is a bridge only when
    it is the only one, and the cell `_complement_for` would then add is the cheapest other cell
    of the column. Equal to the graph's answer (a property test says so) in one pass, not a
    graph walk per column of a 2,000-row table."""
    total = sum(values)
    cells = [*values, total]  # the last is the column's total
    hidden = {index: Hidden.SMALL for index, value in enumerate(cells) if is_small(value)}
    if len(hidden) == 1:
        last = len(values)
        candidates = [index for index in range(len(cells)) if index not in hidden]
        if candidates:
            # As `_complement_for` ranks cells: inner ones first, then non-zero, then smallest.
            cheapest = min(candidates, key=lambda i: (i == last, cells[i] == 0, cells[i]))
            hidden[cheapest] = Hidden.COMPLEMENT
    figures = [Figure(value, hidden.get(index)) for index, value in enumerate(cells)]
    return ProtectedTable(
        cells=tuple((figure,) for figure in figures[:-1]),
        row_totals=None,
        column_totals=(figures[-1],),
        # The sum of the unpublished row totals: the same count, hidden only when small.
        grand_total=Figure(total, Hidden.SMALL if is_small(total) else None),
    )


def _protect_by_graph(
    counts: Sequence[Sequence[int]], *, row_totals: bool, column_totals: bool
) -> ProtectedTable:
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    if rows == 0 or columns == 0:
        return ProtectedTable((), () if row_totals else None, () if column_totals else None, None)
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(counts[r][c] for r in range(rows)) for c in range(columns)])
    grid[rows].append(sum(grid[rows]))

    def published(r: int, c: int) -> bool:
        if r < rows and c < columns:
            return True
        if r == rows and c == columns:
            return row_totals or column_totals
        return row_totals if c == columns else column_totals

    hidden: dict[tuple[int, int], Hidden] = {}
    for r in range(rows + 1):
        for c in range(columns + 1):
            if not published(r, c):
                hidden[(r, c)] = Hidden.UNPUBLISHED
            elif is_small(grid[r][c]):
                hidden[(r, c)] = Hidden.SMALL
    _hide_complements(grid, hidden)

    def figure(r: int, c: int) -> Figure:
        return Figure(grid[r][c], hidden.get((r, c)))

    return ProtectedTable(
        cells=tuple(tuple(figure(r, c) for c in range(columns)) for r in range(rows)),
        row_totals=tuple(figure(r, columns) for r in range(rows)) if row_totals else None,
        column_totals=tuple(figure(rows, c) for c in range(columns)) if column_totals else None,
        grand_total=figure(rows, columns) if published(rows, columns) else None,
    )


def protect_rate(numerator: Figure, denominator: Figure) -> float | None:
    """A rate built on a hidden count is hidden too (None); so is one over nothing."""
    if numerator.is_hidden or denominator.is_hidden or denominator.value == 0:
        return None
    return numerator.value / denominator.value


Cell = tuple[int, int]


def _hide_complements(grid: list[list[int]], hidden: dict[Cell, Hidden]) -> None:
    """Hide further cells until no hidden small count is a bridge of the hidden-cell graph."""
    while True:
        bridge = next((cell for cell in _bridges(hidden) if hidden[cell] is Hidden.SMALL), None)
        if bridge is None:
            return
        hidden[_complement_for(bridge, grid, hidden)] = Hidden.COMPLEMENT


def _complement_for(bridge: Cell, grid: list[list[int]], hidden: dict[Cell, Hidden]) -> Cell:
    """The cheapest cell that puts the bridge on a cycle: one joining the two sides the bridge
    separates. If none exists, the cheapest cell beside it, which grows one side."""
    rows_a, columns_a = _side(bridge[0], None, bridge, hidden)
    rows_b, columns_b = _side(None, bridge[1], bridge, hidden)
    joining = [(r, c) for r in rows_a for c in columns_b] + [
        (r, c) for r in rows_b for c in columns_a
    ]
    candidates = [cell for cell in joining if cell not in hidden]
    if not candidates:
        r, c = bridge
        candidates = [(r, k) for k in range(len(grid[0])) if (r, k) not in hidden] + [
            (k, c) for k in range(len(grid)) if (k, c) not in hidden
        ]
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1

    def cost(cell: Cell) -> tuple[bool, bool, int]:
        value = grid[cell[0]][cell[1]]
        is_total = cell[0] == last_row or cell[1] == last_column
        # Prefer inner cells, then non-zero ones (a hidden zero says little), then the smallest.
        return (is_total, value == 0, value)

    return min(candidates, key=cost)


def _side(
    row: int | None, column: int | None, bridge: Cell, hidden: dict[Cell, Hidden]
) -> tuple[set[int], set[int]]:
    """Rows and columns reachable from a row or a column through hidden cells, not crossing
    the bridge."""
    by_row: dict[int, list[int]] = {}
    by_column: dict[int, list[int]] = {}
    for r, c in hidden:
        if (r, c) != bridge:
            by_row.setdefault(r, []).append(c)
            by_column.setdefault(c, []).append(r)
    rows = {row} if row is not None else set()
    columns = {column} if column is not None else set()
    todo: list[tuple[str, int]] = [("r", row)] if row is not None else [("c", column)]
    while todo:
        kind, index = todo.pop()
        if kind == "r":
            for c in by_row.get(index, []):
                if c not in columns:
                    columns.add(c)
                    todo.append(("c", c))
        else:
            for r in by_column.get(index, []):
                if r not in rows:
                    rows.add(r)
                    todo.append(("r", r))
    return rows, columns


Node = tuple[str, int]  # ("r", row) or ("c", column)


def _bridges(hidden: dict[Cell, Hidden]) -> list[Cell]:
    """The hidden cells that are bridges of the row-column graph (each cell an edge between its
    row and its column). The graph is first reduced: a leaf's edge is a bridge and is taken
    away; a row or column with two edges is replaced by one edge carrying both cells (both
    bridges or neither). Most rows of a long table hide only their unpublished total, or that
    and one small count, so Tarjan's search (iterative) then walks a handful of edges, not one
    or two a row."""
    ends: dict[int, list[Node]] = {}
    carried: dict[int, list[Cell]] = {}
    edges_at: dict[Node, set[int]] = {}
    for number, (r, c) in enumerate(hidden):
        ends[number], carried[number] = [("r", r), ("c", c)], [(r, c)]
        edges_at.setdefault(("r", r), set()).add(number)
        edges_at.setdefault(("c", c), set()).add(number)
    bridges: list[Cell] = []
    new_numbers = count(len(hidden))

    def drop(edge: int) -> list[Node]:
        for node in ends[edge]:
            edges_at[node].discard(edge)
        carried.pop(edge)
        return ends.pop(edge)

    todo = list(edges_at)
    while todo:
        node = todo.pop()
        edges = edges_at.get(node)
        if edges is None or len(edges) > 2:
            continue
        if len(edges) == 1:
            (edge,) = edges
            bridges.extend(carried[edge])
            todo += drop(edge)
        elif len(edges) == 2:
            first, second = edges
            cells = carried[first] + carried[second]
            ends_first, ends_second = drop(first), drop(second)
            a = next(end for end in ends_first if end != node)
            b = next(end for end in ends_second if end != node)
            if a == b:  # the two edges make a cycle: no bridge among them
                todo.append(a)
            else:
                number = next(new_numbers)
                ends[number], carried[number] = [a, b], cells
                edges_at[a].add(number)
                edges_at[b].add(number)
        del edges_at[node]
    order: dict[Node, int] = {}
    low: dict[Node, int] = {}
    for start in edges_at:
        if start in order:
            continue
        order[start] = low[start] = len(order)
        stack = [(start, None, iter(edges_at[start]))]
        while stack:
            node, via, edges = stack[-1]
            advanced = False
            for edge in edges:
                if edge == via:
                    continue
                neighbour = next((end for end in ends[edge] if end != node), node)
                if neighbour in order:
                    low[node] = min(low[node], order[neighbour])
                else:
                    order[neighbour] = low[neighbour] = len(order)
                    stack.append((neighbour, edge, iter(edges_at[neighbour])))
                    advanced = True
                    break
            if not advanced:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        bridges.extend(carried[via])
    return bridges
