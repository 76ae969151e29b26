"""Trends side by side, drawn by one widget: a label over a sparkline in each column.

It draws what three columns of a `Static` label over Textual's `Sparkline` drew (the same
colours, widths and bars: `sparkline_rows` gives the segments Textual's sparkline
renderable gives, tested against it), but as one widget instead of ten: each widget costs
a tab's first frame its layout, styling and drawing, and these ten were about 15 ms of the
Metrics tab's.
"""

from __future__ import annotations

from typing import Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.renderables._blend_colors import blend_colors
from textual.renderables.sparkline import Sparkline
from textual.strip import Strip
from textual.widget import Widget


class TrendPanel(Widget):
    COMPONENT_CLASSES = {"trend-panel--min-color", "trend-panel--max-color"}
    DEFAULT_CSS = """
    TrendPanel {
        height: auto;
    }
    TrendPanel > .trend-panel--max-color {
        color: $primary;
    }
    TrendPanel > .trend-panel--min-color {
        color: $primary 30%;
    }
    """

    BARS = 3  # lines of each sparkline
    GAP = 2  # blank cells to the right of each column

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._trends: list[tuple[str, Sequence[float]]] = []
        self._lines: tuple[int, list[Strip]] | None = None  # (width, lines) as last drawn

    def show(self, trends: Sequence[tuple[str, Sequence[float]]]) -> None:
        """Each trend: its label, and its values (oldest first)."""
        self._trends = list(trends)
        self._lines = None
        self.refresh(layout=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines = None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Measured from the labels alone: the bars are drawn when shown.
        if not self._trends or width <= 0:
            return 1
        console = self.app.console
        labels = max(
            len(Text(label).wrap(console, max(1, column_width - self.GAP)))
            for (label, _values), (_x, column_width) in zip(self._trends, self._columns(width))
        )
        return labels + self.BARS

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines = self._draw(width)
        return lines[y] if y < len(lines) else Strip.blank(width, self.rich_style)

    # Drawing ------------------------------------------------------------------------------

    def _columns(self, width: int) -> list[tuple[int, int]]:
        """(x, width) of each column: equal shares, the extra cells to the later columns,
        as Textual lays out equal fractions."""
        count = len(self._trends)
        edges = [width * index // count for index in range(count + 1)]
        return [(start, end - start) for start, end in zip(edges, edges[1:])]

    def _draw(self, width: int) -> list[Strip]:
        if self._lines is not None and self._lines[0] == width:
            return self._lines[1]
        base = self.rich_style
        blank = Style(bgcolor=base.bgcolor)
        lines: list[list[Segment]] = []
        if self._trends and width > 0:
            console = self.app.console
            _, background = self.background_colors
            min_color = (background + self.get_component_styles("trend-panel--min-color").color).rich_color
            max_color = (background + self.get_component_styles("trend-panel--max-color").color).rich_color
            columns = []
            for (label, values), (_x, column_width) in zip(self._trends, self._columns(width)):
                inner = max(1, column_width - self.GAP)
                labels = Text(label).wrap(console, inner)
                label_lines = []
                for line in labels:
                    line.truncate(inner)
                    label_lines.append([Segment(line.plain, base), Segment(" " * (inner - line.cell_len), blank)])
                bar_lines = sparkline_rows(list(values), inner, self.BARS, min_color, max_color)
                if bar_lines is None:  # one value or none: Textual's own drawing
                    bars = Sparkline(list(values) or [0.0], width=inner, height=self.BARS,
                                     min_color=min_color, max_color=max_color, summary_function=max)
                    bar_lines = console.render_lines(bars, console.options.update(width=inner, height=self.BARS))
                styled: dict = {}
                bar_lines = [
                    [Segment(segment.text, styled.get(segment.style) or styled.setdefault(segment.style, base + segment.style))
                     for segment in line]
                    for line in bar_lines
                ]
                columns.append((label_lines, bar_lines, inner, column_width))
            label_height = max(len(label_lines) for label_lines, _, _, _ in columns)
            for row in range(label_height + self.BARS):
                line: list[Segment] = []
                for label_lines, bar_lines, inner, column_width in columns:
                    # A shorter label leaves its column's bars lower, as a column of a
                    # label over a sparkline did.
                    if row < len(label_lines):
                        cells = label_lines[row]
                    elif len(label_lines) <= row < len(label_lines) + self.BARS:
                        cells = bar_lines[row - len(label_lines)]
                    else:
                        cells = [Segment(" " * inner, blank)]
                    line += cells
                    line.append(Segment(" " * (column_width - inner), blank))
                lines.append(line)
        strips = [Strip(line).adjust_cell_length(width, blank) for line in lines] or [Strip.blank(width, blank)]
        self._lines = (width, strips)
        return strips


def sparkline_rows(values: list[float], width: int, height: int, min_color, max_color) -> list[list[Segment]] | None:
    """The lines Textual's sparkline renderable draws for `values` (summed by `max`), top
    line first, a segment per cell, but each column's bar and colour worked out once, not
    once per line (its colour blend per cell was most of the Metrics tab's trend drawing).
    None for fewer than two values, which it draws another way."""
    if len(values) < 2 or width < 1 or height < 1:
        return None
    parts = len(Sparkline.BARS)
    segments_high = parts * height - 1
    minimum, maximum = min(values), max(values)
    extent = maximum - minimum or 1
    buckets = tuple(Sparkline._buckets(values, num_buckets=width))
    step = len(buckets) / width
    columns: list[tuple[int, Style]] = []
    colours: dict[float, Style] = {}
    bucket_index = 0.0
    for _ in range(width):  # the renderable's own walk over the buckets, float for float
        ratio = (max(buckets[int(bucket_index)]) - minimum) / extent
        style = colours.get(ratio)
        if style is None:
            style = colours[ratio] = Style.from_color(blend_colors(min_color, max_color, ratio))
        columns.append((int(ratio * segments_high), style))
        bucket_index += step
    lines = []
    for row in reversed(range(height)):
        low, high = row * parts, (row + 1) * parts
        line = []
        for bar_index, style in columns:
            if bar_index < low:
                line.append(Segment(" ", None))
            elif bar_index >= high:
                line.append(Segment("█", style))
            else:
                line.append(Segment(Sparkline.BARS[bar_index % parts], style))
        lines.append(line)
    return lines
