"""A table's columns and rows as text: what `PagedTable` draws each row from.

`Column` and `RowSource` are what a table is given; `row_text` lays a row's cells out in
its columns, and `spans_as_segments` draws that text (a quicker way than rich's for the
rows of ours). Kept apart from the widget, which is about fetching and scrolling.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence, runtime_checkable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text

__all__ = ["Column", "RowSource", "fit_cell", "row_text", "spans_as_segments"]

_JUSTIFY = ("left", "right", "center")


@dataclass(frozen=True)
class Column:
    """One column: `key` names it, `label` heads it, `width` in terminal cells."""

    key: str
    label: str
    width: int
    justify: str = "left"  # "left" | "right" | "center"

    def __post_init__(self) -> None:
        if self.justify not in _JUSTIFY:
            raise ValueError(f"justify must be one of {_JUSTIFY}, not {self.justify!r}")
        if self.width < 0:
            raise ValueError("width must not be negative")


@runtime_checkable
class RowSource(Protocol):
    """Where the rows come from. Called from a worker thread, never on the UI loop."""

    def count(self) -> int: ...

    def rows(self, offset: int, limit: int) -> list[tuple[str, tuple]]:
        """(row_key, cells) for rows offset..offset+limit-1; a cell is str or rich.text.Text."""
        ...


# Optional, looked up on the source (not part of the protocol a source must meet):
#
#   count_at_most(limit: int) -> int | None
#       the count when it is at most `limit` (or whenever it is cheap to know), else None:
#       "more than `limit`". The table asks it with its page size, and shows limit + 1
#       rows until it needs the exact count (the view comes within a screen of the end).
#   cancel() -> None
#       stop what runs for the table now (its answers will be ignored); the source may be
#       asked again afterwards (a reload keeps the source).


_NULL_STYLE = Style.null()


def spans_as_segments(text: Text, console) -> list[Segment] | None:
    """What `text.render(console)` gives when no two of its spans overlap and it has no
    style of its own, which is every row of ours (a cell's style covers that cell): the
    text cut at the spans' ends, each piece in its span's style. A quarter of a table's
    drawing went to Text.render's general way (a stack of styles at every boundary).
    None when the text is not like that: then Text.render itself."""
    if text.style:
        return None
    plain = text.plain
    if not text.spans:
        return [Segment(plain)]
    length = len(plain)
    spans = sorted(text.spans, key=_span_start)
    get_style = console.get_style
    segments: list[Segment] = []
    position = 0
    for start, end, style in spans:
        if start < position or end > length:
            return None  # overlapping, or past the end: rich's own rules apply
        if start > position:
            segments.append(Segment(plain[position:start], _NULL_STYLE))
        if start < end:  # an empty span draws nothing, but rich cuts the text where it is
            segments.append(
                Segment(plain[start:end], get_style(style, default=_NULL_STYLE) if isinstance(style, str) else style)
            )
        position = end
    if position < length:
        segments.append(Segment(plain[position:], _NULL_STYLE))
    return segments


def _span_start(span: Span) -> int:
    return span.start


def fit_cell(value: str, width: int, justify: str) -> str:
    """A plain cell as Text.truncate(width, overflow="ellipsis") then Text.align(justify,
    width) make it, without building a Text (most cells are plain, and a screen of rows
    is built at every change of data)."""
    if "\n" in value or "\t" in value:
        value = value.replace("\n", " ").replace("\t", " ")
    length = len(value) if value.isascii() else cell_len(value)
    if length > width:
        value = set_cell_size(value, width - 1) + "…"
        length = cell_len(value)
    excess = width - length
    if excess <= 0:
        return value
    if justify == "left":
        return value + " " * excess
    if justify == "center":
        left = excess // 2
        return " " * left + value + " " * (excess - left)
    return " " * excess + value


def row_text(columns: Sequence[Column], cells: Sequence) -> Text:
    """The row as one Text: each cell cropped (with an ellipsis) or padded to its
    column's width, one space between columns. Plain cells (most of them) are fitted
    as strings; only styled ones (`rich.text.Text`) go through Text's own cropping."""
    pieces: list[str] = []
    spans: list[Span] = []
    position = 0
    for index, column in enumerate(columns):
        if index:
            pieces.append(" ")
            position += 1
        if column.width == 0:
            continue
        cell = cells[index] if index < len(cells) else ""
        if isinstance(cell, Text):
            text = cell.copy()
            plain = text.plain
            if "\n" in plain or "\t" in plain:
                text.plain = plain.replace("\n", " ").replace("\t", " ")
            text.truncate(column.width, overflow="ellipsis")
            text.align(column.justify, column.width)  # type: ignore[arg-type]
            fitted = text.plain
            if text.style:
                spans.append(Span(position, position + len(fitted), text.style))
            spans.extend(Span(position + span.start, position + span.end, span.style) for span in text.spans)
        else:
            fitted = fit_cell("" if cell is None else str(cell), column.width, column.justify)
        pieces.append(fitted)
        position += len(fitted)
    return Text("".join(pieces), spans=spans, end="")
