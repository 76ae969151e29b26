"""Tables or texts in equal columns, drawn by one widget.

Draws what a row of `Static`s of equal width (`width: 1fr`, one blank column on the right)
drew, with Textual's own rendering of each, but as one widget instead of one per column
and the row around them: each widget costs a tab's first frame its layout, styling and
drawing (the Metrics tab had seven such, in three rows).
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget


class SideBySide(Widget):
    DEFAULT_CSS = """
    SideBySide {
        height: auto;
    }
    """

    GAP = 1  # blank cells to the right of each column

    def __init__(self, columns: int, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._count = columns
        self._visuals: list[Visual] = []
        self._drawn: tuple[int, list[Strip]] | None = None  # (width, lines) as last drawn

    def show(self, *contents: RenderableType) -> None:
        """One renderable (a rich table, a Text...) per column, left to right."""
        self._visuals = [visualize(self, content) for content in contents]
        self._drawn = None
        self.refresh(layout=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn = None

    def _widths(self, width: int) -> list[int]:
        """Each column's width: equal shares, the extra cells to the later columns, as
        Textual lays out equal fractions."""
        edges = [width * index // self._count for index in range(self._count + 1)]
        return [end - start for start, end in zip(edges, edges[1:])]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self._visuals:
            return 1
        return max(
            visual.get_height(self.styles, max(1, column - self.GAP))
            for visual, column in zip(self._visuals, self._widths(width))
        )

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines = self._draw(width)
        return lines[y] if y < len(lines) else Strip.blank(width, self._background())

    def _background(self) -> Style:
        base, background = self.background_colors
        return Style(bgcolor=(base + background).rich_color)

    def _draw(self, width: int) -> list[Strip]:
        if self._drawn is not None and self._drawn[0] == width:
            return self._drawn[1]
        background = self._background()
        columns: list[tuple[list[Strip], int, int]] = []
        for visual, column in zip(self._visuals, self._widths(width)):
            inner = max(1, column - self.GAP)
            strips = Visual.to_strips(self, visual, inner, None, self.visual_style)
            columns.append((strips, inner, column))
        height = max((len(strips) for strips, _, _ in columns), default=0)
        lines = []
        for row in range(height):
            pieces = []
            for strips, inner, column in columns:
                line = strips[row].adjust_cell_length(inner, background) if row < len(strips) else Strip.blank(inner, background)
                pieces += [line, Strip.blank(column - inner, background)]
            lines.append(Strip.join(pieces))
        self._drawn = (width, lines)
        return lines
