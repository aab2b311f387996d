"""Bar charts drawn on the server as SVG: no JavaScript, readable by screen readers through the
chart's title, its text summary and the table of figures beside it.

Plain geometry and a template rather than a charting library: the charts are simple bars, and
this way hidden (suppressed) figures are labelled in words and never drawn to scale."""

from dataclasses import dataclass

from reports.suppression import Figure

BAR_HEIGHT = 18
GAP = 6
GROUP_GAP = 14
WIDTH = 360  # drawn at this size, scaled down on narrower screens: text stays readable
VALUE_SPACE = 100  # room to the right of the longest bar for its figure


@dataclass(frozen=True)
class Bar:
    series: int  # 0: this period, 1: the period compared with
    figure: Figure
    y: int
    width: int


@dataclass(frozen=True)
class Group:
    label: str
    label_y: int
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Chart:
    title: str
    series: tuple[str, ...]
    groups: tuple[Group, ...]
    height: int
    width: int = WIDTH


def bar_chart(title: str, series: tuple[str, ...], rows: list[tuple[str, list[Figure]]]) -> Chart:
    """One group of bars per row, one bar per series; hidden figures get no bar."""
    shown = [f.value for _, figures in rows for f in figures if not f.is_hidden]
    largest = max(shown, default=0) or 1
    scale = (WIDTH - VALUE_SPACE) / largest
    groups, y = [], 0
    for label, figures in rows:
        # Each row's label sits above its bars, so long hub names fit a phone's width.
        label_y = y + 14
        y += 20
        bars = []
        for index, figure in enumerate(figures):
            width = (
                0
                if figure.is_hidden
                else max(round(figure.value * scale), 1 if figure.value else 0)
            )
            bars.append(Bar(index, figure, y, width))
            y += BAR_HEIGHT + GAP
        groups.append(Group(label, label_y, tuple(bars)))
        y += GROUP_GAP
    return Chart(title, series, tuple(groups), height=max(y, 1))
