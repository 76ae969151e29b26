"""Finding an export's table inside a sheet, and reading its cells with their place named.

The tools put things above the header: LinkedIn a description banner and a blank row, GA4
`#` comment lines. So the header is the first row, within the first `SCAN_ROWS` rows and past
blank and `#` rows, that carries every column the reader needs (matched by name, ignoring
case, spacing and a BOM; a column may go by several names across the tool's versions).

When no row has them all, the row that came closest (two columns or more) is taken for the
header and the first missing column is named on it; with no such row the file is of an
unknown shape. Both are `ExportError`s.

Under the header, blank and `#` rows are passed over, and a row whose first cell says
`Total`, `Totals` or `Grand total` is skipped and reported (the tools add one; it is not a
person or a campaign).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from advocacy_tui.program.exports.cells import (
    Cell,
    CellError,
    cell_text,
    is_blank,
    parse_count,
    parse_date,
    parse_flag,
    parse_rate,
)
from advocacy_tui.program.exports.errors import ExportError
from advocacy_tui.program.exports.reading import listed
from advocacy_tui.program.exports.workbook import Sheet, Workbook

SCAN_ROWS = 40  # banners and preambles are a few rows; a header further down is no header
TOTAL_LABELS = frozenset({"total", "totals", "grand total"})

T = TypeVar("T")


@dataclass(frozen=True)
class Column:
    """A column a reader uses: its key, and its header names, newest first (the first is
    the one a "missing column" message names)."""

    key: str
    names: tuple[str, ...]
    required: bool = False


def normal(cell: Cell) -> str:
    """A header cell as it is compared: no BOM, spacing collapsed, lower case."""
    return " ".join(cell_text(cell).replace("\ufeff", "").split()).lower()


def is_blank_row(cells: tuple[Cell, ...]) -> bool:
    return all(is_blank(cell) for cell in cells)


def is_comment_row(cells: tuple[Cell, ...]) -> bool:
    return bool(cells) and isinstance(cells[0], str) and cells[0].lstrip().startswith("#")


@dataclass(frozen=True)
class Header:
    row: int  # 1-based
    at: dict[str, int]  # column key -> index in the row
    label: dict[str, str]  # column key -> the header as the file writes it


def match_columns(cells: tuple[Cell, ...], columns: tuple[Column, ...]) -> tuple[dict[str, int], dict[str, str]]:
    """Where each column is in a candidate header row (the first cell of a name wins)."""
    names = [normal(cell) for cell in cells]
    at: dict[str, int] = {}
    label: dict[str, str] = {}
    for column in columns:
        for wanted in column.names:
            name = normal(wanted)
            if name in names:
                index = names.index(name)
                at[column.key] = index
                label[column.key] = cell_text(cells[index])
                break
    return at, label


def find_header(
    book: Workbook,
    sheet: Sheet,
    columns: tuple[Column, ...],
    what: str,
    *,
    start: int = 0,
) -> Header:
    """The header row of `sheet` at or after row index `start` (see the module)."""
    required = [column for column in columns if column.required]
    closest: tuple[int, int, dict[str, int]] | None = None  # (matched, row index, at)
    for index in range(start, min(len(sheet.rows), start + SCAN_ROWS)):
        cells = sheet.rows[index]
        if is_blank_row(cells) or is_comment_row(cells):
            continue
        at, label = match_columns(cells, columns)
        if all(column.key in at for column in required):
            return Header(index + 1, at, label)
        if closest is None or len(at) > closest[0]:
            closest = (len(at), index, at)
    if closest is not None and closest[0] >= 2:
        _, index, at = closest
        missing = next(column for column in required if column.key not in at)
        raise ExportError(
            book.file, index + 1, missing.names[0],
            f"the column is missing; reading {what} needs it", sheet=sheet.name,
        )
    names = listed([column.names[0] for column in required])
    raise ExportError(
        book.file, reason=f"no header row with {names} in the first {SCAN_ROWS} rows; "
        f"this is not {what} (or not the file it exports)", sheet=sheet.name,
    )


def find_table(
    book: Workbook, columns: tuple[Column, ...], what: str, *, sheet_name: str | None = None
) -> Table:
    """The table in the named sheet when there is one, else in the first sheet that has
    the header (a CSV someone saved from Excel as a workbook is still read)."""
    preferred = book.sheet(sheet_name) if sheet_name else None
    sheets = [preferred] if preferred is not None else list(book.sheets)
    first_error: ExportError | None = None
    for sheet in sheets:
        try:
            return Table(book, sheet, find_header(book, sheet, columns, what), columns)
        except ExportError as error:
            first_error = first_error or error
    assert first_error is not None  # a workbook always has a sheet (workbook.py)
    raise first_error


class Table:
    """The rows under one header, up to `end` (a row index, exclusive) or the sheet's end."""

    def __init__(
        self, book: Workbook, sheet: Sheet, header: Header, columns: tuple[Column, ...], end: int | None = None
    ) -> None:
        self.file = book.file
        self.sheet = sheet
        self.header = header
        self.names = {column.key: column.names[0] for column in columns}
        self.end = len(sheet.rows) if end is None else end
        self.totals: list[int] = []  # rows skipped as totals

    def has(self, key: str) -> bool:
        return key in self.header.at

    def rows(self) -> Iterator[Row]:
        for index in range(self.header.row, self.end):
            cells = self.sheet.rows[index]
            if is_blank_row(cells) or is_comment_row(cells):
                continue
            if normal(cells[0]) in TOTAL_LABELS:
                self.totals.append(index + 1)
                continue
            yield Row(self, index + 1, cells)

    def error(self, row: int | None, key: str | None, reason: str) -> ExportError:
        column = None
        if key is not None:
            column = self.header.label.get(key) or self.names.get(key, key)
        return ExportError(self.file, row, column, reason, sheet=self.sheet.name)

    def warnings(self) -> list[str]:
        if not self.totals:
            return []
        rows = ", ".join(str(row) for row in self.totals[:10])
        more = "..." if len(self.totals) > 10 else ""
        where = f' of sheet "{self.sheet.name}"' if self.sheet.name else ""
        noun = "row was" if len(self.totals) == 1 else "rows were"
        return [f"{len(self.totals)} {noun} skipped as totals (row {rows}{more}{where})."]


class Row:
    """One data row; its readers raise ExportError naming the file, row and column."""

    __slots__ = ("table", "number", "cells")

    def __init__(self, table: Table, number: int, cells: tuple[Cell, ...]) -> None:
        self.table = table
        self.number = number
        self.cells = cells

    def cell(self, key: str) -> Cell:
        index = self.table.header.at.get(key)
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]

    def text(self, key: str) -> str | None:
        """The cell as stripped text, None when empty or the column is absent."""
        return cell_text(self.cell(key)) or None

    def count(self, key: str, default: int = 0) -> int:
        value = self._parsed(key, parse_count)
        return default if value is None else value

    def optional_count(self, key: str) -> int | None:
        return self._parsed(key, parse_count)

    def date(self, key: str, formats: tuple[str, ...]) -> date | None:
        return self._parsed(key, lambda cell: parse_date(cell, formats))

    def required_date(self, key: str, formats: tuple[str, ...]) -> date:
        value = self.date(key, formats)
        if value is None:
            raise self.error(key, f"the date is empty ({' or '.join(formats)})")
        return value

    def rate(self, key: str) -> tuple[float, bool] | None:
        return self._parsed(key, parse_rate)

    def flag(self, key: str) -> bool:
        return self._parsed(key, parse_flag)

    def error(self, key: str | None, reason: str) -> ExportError:
        return self.table.error(self.number, key, reason)

    def _parsed(self, key: str, parser: Callable[[Cell], T]) -> T:
        try:
            return parser(self.cell(key))
        except CellError as error:
            raise self.error(key, str(error)) from None
