from fractions import Fraction

from hypothesis import example, given
from hypothesis import strategies as st

from reports.suppression import (
    Figure,
    Hidden,
    _protect_by_graph,
    protect,
    protect_column,
    protect_rate,
)


def _published_grid(table, rows, columns):
    """The table with its margins as one grid; None where a margin is not published."""
    grid = {}
    for r in range(rows):
        for c in range(columns):
            grid[(r, c)] = table.cells[r][c]
        grid[(r, columns)] = table.row_totals[r] if table.row_totals else None
    for c in range(columns):
        grid[(rows, c)] = table.column_totals[c] if table.column_totals else None
    grid[(rows, columns)] = table.grand_total
    return grid


def _determined_small_cells(counts, table) -> list[tuple[int, int]]:
    """An attacker's view, independent of the module: every published figure is known, every
    other one an unknown; which hidden small counts follow from the row and column sums?
    Exact Gaussian elimination over the rationals."""
    rows, columns = len(counts), len(counts[0])
    grid = _published_grid(table, rows, columns)
    unknowns = [cell for cell, figure in grid.items() if figure is None or figure.is_hidden]
    index = {cell: i for i, cell in enumerate(unknowns)}
    equations = []
    lines = [[(r, c) for c in range(columns)] + [(r, columns)] for r in range(rows + 1)] + [
        [(r, c) for r in range(rows)] + [(rows, c)] for c in range(columns + 1)
    ]
    for line in lines:
        # Inner cells (or the margins' own parts) add up to the line's last cell, its total.
        coefficients = [Fraction(0)] * len(unknowns)
        for cell in line[:-1]:
            if cell in index:
                coefficients[index[cell]] += 1
        if line[-1] in index:
            coefficients[index[line[-1]]] -= 1
        equations.append(coefficients)

    def rank(matrix):
        matrix = [list(row) for row in matrix]
        rank_found = 0
        for column in range(len(unknowns)):
            pivot = next((i for i in range(rank_found, len(matrix)) if matrix[i][column]), None)
            if pivot is None:
                continue
            matrix[rank_found], matrix[pivot] = matrix[pivot], matrix[rank_found]
            for i in range(len(matrix)):
                if i != rank_found and matrix[i][column]:
                    factor = matrix[i][column] / matrix[rank_found][column]
                    matrix[i] = [
                        a - factor * b for a, b in zip(matrix[i], matrix[rank_found], strict=True)
                    ]
            rank_found += 1
        return rank_found

    base = rank(equations)
    determined = []
    for cell, i in index.items():
        figure = grid[cell]
        if figure is None or figure.hidden is not Hidden.SMALL:
            continue
        unit = [Fraction(0)] * len(unknowns)
        unit[i] = Fraction(1)
        if rank([*equations, unit]) == base:
            determined.append(cell)
    return determined


counts_tables = st.integers(1, 5).flatmap(
    lambda columns: st.lists(
        st.lists(
            st.one_of(st.integers(0, 6), st.integers(0, 60)), min_size=columns, max_size=columns
        ),
        min_size=1,
        max_size=5,
    )
)


@given(counts=counts_tables, row_totals=st.booleans(), column_totals=st.booleans())
@example(counts=[[3]], row_totals=True, column_totals=True)
@example(counts=[[3], [10], [12]], row_totals=False, column_totals=True)
@example(counts=[[0, 0], [0, 1]], row_totals=True, column_totals=True)
@example(counts=[[2, 9, 9], [9, 9, 9], [9, 9, 9]], row_totals=True, column_totals=False)
def test_no_hidden_small_count_can_be_worked_out_from_the_rest(counts, row_totals, column_totals):
    table = protect(counts, row_totals=row_totals, column_totals=column_totals)
    assert _determined_small_cells(counts, table) == []


@given(counts=counts_tables, row_totals=st.booleans(), column_totals=st.booleans())
def test_every_published_count_from_1_to_4_is_fewer_than_5_and_values_are_kept(
    counts, row_totals, column_totals
):
    table = protect(counts, row_totals=row_totals, column_totals=column_totals)
    shown = [figure for row in table.cells for figure in row]
    shown += list(table.row_totals or ()) + list(table.column_totals or ())
    shown += [table.grand_total] if table.grand_total else []
    for figure in shown:
        assert figure.hidden is not Hidden.UNPUBLISHED
        if 1 <= figure.value <= 4:
            assert figure.on_page() == "fewer than 5"
            assert figure.in_download() == "<5"
        elif not figure.is_hidden:
            assert figure.on_page() == f"{figure.value:,}"
    assert [[figure.value for figure in row] for row in table.cells] == counts


def test_a_list_with_its_total_hides_the_next_smallest_count_beside_a_small_one():
    table = protect([[3], [10], [12]], row_totals=False, column_totals=True)
    assert [row[0].on_page() for row in table.cells] == ["fewer than 5", "not shown", "12"]
    assert [row[0].in_download() for row in table.cells] == ["<5", "[c]", "12"]
    assert table.column_totals[0].on_page() == "25"


def test_a_list_without_a_total_hides_only_the_small_count():
    table = protect([[3], [10], [12]], row_totals=False, column_totals=False)
    assert [row[0].on_page() for row in table.cells] == ["fewer than 5", "10", "12"]
    assert table.grand_total is None


def test_a_small_cell_in_a_table_with_both_margins_hides_a_rectangle_of_four():
    table = protect([[2, 8, 20], [9, 30, 40], [15, 16, 50]])
    hidden = {(r, c) for r, row in enumerate(table.cells) for c, f in enumerate(row) if f.is_hidden}
    assert hidden == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert not any(f.is_hidden for f in table.row_totals + table.column_totals)


def test_zero_is_shown_as_zero():
    table = protect([[0, 12], [7, 30]])
    assert table.cells[0][0].on_page() == "0"


def test_a_rate_built_on_a_hidden_count_is_hidden_too():
    assert protect_rate(Figure(3, Hidden.SMALL), Figure(40)) is None
    assert protect_rate(Figure(30), Figure(12, Hidden.COMPLEMENT)) is None
    assert protect_rate(Figure(30), Figure(0)) is None
    assert protect_rate(Figure(30), Figure(40)) == 0.75


@given(values=st.lists(st.one_of(st.integers(0, 6), st.integers(0, 60)), min_size=1, max_size=40))
@example(values=[3, 10, 12])
@example(values=[0, 0, 2])
def test_a_single_column_is_protected_as_the_graph_would(values):
    graph = _protect_by_graph([[value] for value in values], row_totals=False, column_totals=True)
    assert protect_column(values) == graph
