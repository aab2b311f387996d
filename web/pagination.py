"""The page numbers the GOV.UK pagination component shows: first, last, and those around the current one."""


def page_numbers(current: int, count: int) -> list[int | None]:
    """[1, None, 4, 5, 6, None, 12] for page 5 of 12: None is a gap (an ellipsis)."""
    wanted = sorted({1, count, current - 1, current, current + 1} & set(range(1, count + 1)))
    numbers: list[int | None] = []
    for number in wanted:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers
