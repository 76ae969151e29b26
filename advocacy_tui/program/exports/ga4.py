"""Google Analytics 4 report CSV -> `CampaignVisits`, one per row of a campaign table.

A GA4 download starts with `#` comment lines, among them `# Start date: 20260501` and
`# End date: 20260531`: that is the window of the rows that follow (a later pair, as a
comparison export writes, applies to the blocks after it). Then come one or more blocks,
each a header row and its rows, separated by blank lines. Rows may carry a `Date`
(YYYYMMDD) of their own; numbers may have thousands separators; a `Grand total` row is
skipped and reported.

Blocks (the choice the issue left open): every block whose header has the columns this
reader needs (`Session manual ad content` and `Sessions`) is read, whatever else it has, so
a second table of campaign rows is imported too; a block without them (GA4 puts a chart's
"Nth day" series in the same file) is skipped and named in a warning. A file where no block
has them is refused, naming the missing column on the closest header.

Without a window and without a Date column, the caller's period is used; without that too
the reader refuses, because the store attributes visits to the post shared on or before a
day.
"""

from __future__ import annotations

import re
from datetime import date

from advocacy_tui.program.exports.cells import COMPACT, ISO, CellError, cell_text, parse_date, window
from advocacy_tui.program.exports.errors import ExportError
from advocacy_tui.program.exports.reading import Reading, Request, plural
from advocacy_tui.program.exports.records import CampaignVisits
from advocacy_tui.program.exports.tables import (
    Column,
    Header,
    Row,
    Table,
    is_blank_row,
    is_comment_row,
    match_columns,
)
from advocacy_tui.program.exports.tracking import tracking_value
from advocacy_tui.program.exports.workbook import Sheet, Workbook

WHAT = "a Google Analytics 4 campaign report"
DATES = (COMPACT, ISO)

COLUMNS = (
    Column("date", ("Date",)),
    Column("source_medium", ("Session source / medium", "Session manual source / medium")),
    Column("source", ("Session manual source", "Session source")),
    Column("medium", ("Session manual medium", "Session medium")),
    Column("campaign", ("Session campaign", "Session manual campaign name", "Session campaign name")),
    Column("content", ("Session manual ad content",), required=True),
    Column("sessions", ("Sessions",), required=True),
    Column("engaged", ("Engaged sessions",)),
    Column("key_events", ("Key events", "Conversions")),
)
# `auto`: a header with Sessions and one of the session dimensions, or the dated preamble.
SIGNATURE = (
    ("Sessions",),
    ("Session manual ad content", "Session source / medium", "Session manual source", "Session campaign"),
)

_PREAMBLE_RE = re.compile(r"#\s*(start|end)\s+date\s*:\s*(.*)", re.IGNORECASE)


def has_preamble(sheet: Sheet, rows: int = 40) -> bool:
    """Whether the sheet opens with GA4's dated `#` lines."""
    return any(
        is_comment_row(cells) and _PREAMBLE_RE.match(cell_text(cells[0])) for cells in sheet.rows[:rows]
    )


class _Window:
    """The `# Start date` / `# End date` in force while the rows are read."""

    def __init__(self) -> None:
        self.start: date | None = None
        self.end: date | None = None

    def read(self, book: Workbook, sheet: Sheet, number: int, line: str) -> None:
        match = _PREAMBLE_RE.match(line)
        if match is None:
            return
        try:
            day = parse_date(match[2], DATES)
        except CellError as error:
            raise ExportError(book.file, number, None, f"the {match[1].lower()} date: {error}", sheet=sheet.name) from None
        if day is None:
            raise ExportError(book.file, number, None, f"the {match[1].lower()} date is empty", sheet=sheet.name)
        if match[1].lower() == "start":
            self.start = day
        else:
            self.end = day
        if self.start and self.end and self.start > self.end:
            raise ExportError(
                book.file, number, None, f"the window ends ({self.end}) before it starts ({self.start})", sheet=sheet.name
            )


def read(book: Workbook, request: Request) -> Reading:
    first_error: ExportError | None = None
    for sheet in book.sheets:
        try:
            return _read_sheet(book, sheet, request)
        except ExportError as error:
            if len(book.sheets) == 1:
                raise
            first_error = first_error or error
    assert first_error is not None
    raise first_error


def _read_sheet(book: Workbook, sheet: Sheet, request: Request) -> Reading:
    rows = sheet.rows
    in_force = _Window()
    records: list[CampaignVisits] = []
    warnings: list[str] = []
    skipped: list[int] = []
    closest: tuple[int, int, dict[str, int]] | None = None  # (columns matched, row, at)
    read_any = False
    index = 0
    while index < len(rows):
        cells = rows[index]
        if is_comment_row(cells):
            in_force.read(book, sheet, index + 1, cell_text(cells[0]))
            index += 1
            continue
        if is_blank_row(cells):
            index += 1
            continue
        stop = index + 1  # a block runs to the next blank or `#` row
        while stop < len(rows) and not is_blank_row(rows[stop]) and not is_comment_row(rows[stop]):
            stop += 1
        at, label = match_columns(cells, COLUMNS)
        if all(column.key in at for column in COLUMNS if column.required):
            table = Table(book, sheet, Header(index + 1, at, label), COLUMNS, end=stop)
            records.extend(_visits(table, in_force, request))
            warnings.extend(table.warnings())
            read_any = True
        else:
            skipped.append(index + 1)
            if closest is None or len(at) > closest[0]:
                closest = (len(at), index + 1, at)
        index = stop
    if not read_any:
        _refuse(book, sheet, closest)
    if skipped:
        rows_named = ", ".join(str(row) for row in skipped[:10])
        warnings.append(
            f"{plural(len(skipped), 'block')} without Session manual ad content and Sessions "
            f"{'was' if len(skipped) == 1 else 'were'} not read (header on row {rows_named})."
        )
    starts = [record.window_start or record.on for record in records]
    ends = [record.window_end or record.on for record in records]
    period_start = min((day for day in starts if day), default=None)
    period_end = max((day for day in ends if day), default=None)
    return Reading(tuple(records), tuple(warnings), period_start, period_end)


def _refuse(book: Workbook, sheet: Sheet, closest: tuple[int, int, dict[str, int]] | None) -> None:
    if closest is not None and closest[0] >= 2:
        _, row, at = closest
        missing = next(column for column in COLUMNS if column.required and column.key not in at)
        raise ExportError(
            book.file, row, missing.names[0], f"the column is missing; reading {WHAT} needs it", sheet=sheet.name
        )
    raise ExportError(
        book.file, reason=f"no block with Session manual ad content and Sessions; this is not {WHAT} "
        "(in GA4, add the dimension Session manual ad content to the report before downloading it)",
        sheet=sheet.name,
    )


def _visits(table: Table, in_force: _Window, request: Request) -> list[CampaignVisits]:
    start, end = in_force.start, in_force.end
    if (start is None or end is None) and not table.has("date"):
        if request.period_end is None or request.period_days is None:
            raise table.error(
                table.header.row, None,
                "the rows have no Date column and the file no # Start date / # End date lines; "
                "give the period it covers (--period-end YYYY-MM-DD --period-days N)",
            )
        try:
            start, end = window(request.period_end, request.period_days)
        except CellError as error:
            raise table.error(None, None, str(error)) from None
    found = []
    for row in table.rows():
        source, medium = _source_medium(row)
        content = row.text("content")
        found.append(
            CampaignVisits(
                source=source,
                medium=medium,
                campaign=row.text("campaign"),
                content=content,
                tracking_value=tracking_value(content),
                on=row.required_date("date", DATES) if table.has("date") else None,
                window_start=start,
                window_end=end,
                sessions=row.count("sessions"),
                engaged_sessions=row.count("engaged"),
                key_events=row.count("key_events"),
                row=row.number,
            )
        )
    return found


def _source_medium(row: Row) -> tuple[str | None, str | None]:
    """Separate columns when the report has them, else GA4's `google / cpc` split."""
    source, medium = row.text("source"), row.text("medium")
    combined = row.text("source_medium")
    if combined and (source is None or medium is None):
        left, slash, right = combined.partition(" / ")
        source = source or left.strip() or None
        medium = medium or (right.strip() if slash else "") or None
    return source, medium
