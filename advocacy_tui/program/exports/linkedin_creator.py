"""LinkedIn personal creator analytics XLSX -> the owner's `CreatorPost`s, from TOP POSTS.

The workbook has DISCOVERY, ENGAGEMENT, TOP POSTS, FOLLOWERS and DEMOGRAPHICS sheets; the
posts are on TOP POSTS, laid out side by side: a banner row, a blank row, then on row 3
`Post URL, Post publish date, Engagements` in A-C, D empty, `Post URL, Post publish date,
Impressions` in E-G. The two halves are two top-50 lists, so a post may be on one or both:
they are merged by URL (case and a trailing `/` ignored), and a figure the post lacks stays
None rather than 0. The halves are found by their headers, not by letter, so a file whose
columns moved is still read.

The file is one person's and names them only in its file name: `Content_<start>_<end>_
<Name>.xlsx` or `AggregateAnalytics_<Name>_<start>_<end>.xlsx` (a browser's " (1)" for a
second download is dropped; a file renamed otherwise names no one, rather than a guess).
The name is `owner.handle` as written and `owner.name` with a run-together name spaced
(`JaneDoe` -> `Jane Doe`); the dates, when there, are the period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from advocacy_tui.program.exports.cells import COMPACT, ISO, US, CellError, parse_date
from advocacy_tui.program.exports.errors import ExportError
from advocacy_tui.program.exports.reading import Reading, Request, plural
from advocacy_tui.program.exports.records import CreatorPost, PersonRef
from advocacy_tui.program.exports.tables import (
    SCAN_ROWS,
    Column,
    Header,
    Table,
    is_blank_row,
    is_comment_row,
    normal,
)
from advocacy_tui.program.exports.workbook import Workbook

WHAT = "a LinkedIn creator analytics export"
SHEET = "TOP POSTS"
DATES = (US, ISO)
METRICS = ("engagements", "impressions")
COLUMNS = (
    Column("url", ("Post URL",), required=True),
    Column("published", ("Post publish date",), required=True),
    Column("value", ("Engagements", "Impressions"), required=True),
)
FILE_PREFIXES = ("content", "aggregateanalytics")


@dataclass(frozen=True)
class Half:
    """One side of TOP POSTS: which figure it lists, and its columns' indexes."""

    metric: str  # "engagements" or "impressions"
    url: int

    def header(self, row: int, cells: tuple) -> Header:
        at = {"url": self.url, "published": self.url + 1, "value": self.url + 2}
        return Header(row, at, {key: str(cells[index]).strip() for key, index in at.items()})


def halves_of(cells: tuple) -> list[Half]:
    """Each `Post URL, Post publish date, <metric>` run in a header row."""
    names = [normal(cell) for cell in cells]
    found = []
    for index, name in enumerate(names[:-2]):
        if name == "post url" and names[index + 1] == "post publish date" and names[index + 2] in METRICS:
            found.append(Half(names[index + 2], index))
    return found


def read(book: Workbook, request: Request) -> Reading:
    sheet = book.sheet(SHEET)
    if sheet is None:
        raise ExportError(
            book.file, reason=f"the workbook has no sheet named {SHEET} (it has {book.sheet_names or 'none'}); "
            f"{WHAT} has one",
        )
    header_index, halves = _header(book, sheet)
    tables = [
        (half, Table(book, sheet, half.header(header_index + 1, sheet.rows[header_index]), COLUMNS))
        for half in halves
    ]
    merged: dict[str, dict] = {}
    warnings: list[str] = []
    no_url = 0
    for half, table in tables:
        for row in table.rows():
            url = row.text("url")
            if url is None:
                no_url += row.text("published") is not None or row.text("value") is not None
                continue
            published = row.required_date("published", DATES)
            value = row.optional_count("value")
            entry = merged.setdefault(
                url.rstrip("/").lower(),
                {"url": url, "published": published, "row": row.number, "engagements": None, "impressions": None},
            )
            if entry["published"] != published:
                warnings.append(
                    f"Row {row.number}: {url} is dated {published.isoformat()} beside its "
                    f"{half.metric} but {entry['published'].isoformat()} on the other side; the first date is kept."
                )
            if entry[half.metric] is None:
                entry[half.metric] = value
            entry["row"] = min(entry["row"], row.number)
        warnings.extend(table.warnings())
    if no_url:
        warnings.append(f"{plural(no_url, 'row half', 'row halves')} without a Post URL were skipped.")
    records = tuple(
        CreatorPost(entry["url"], entry["published"], entry["impressions"], entry["engagements"], entry["row"])
        for entry in sorted(merged.values(), key=lambda entry: entry["row"])
    )
    owner, start, end = owner_from_file_name(book.file)
    if owner is None:
        warnings.append(
            "The file name does not name its owner (LinkedIn names it Content_<dates>_<Name>.xlsx); "
            "say whose posts these are (--advocate EMAIL)."
        )
    return Reading(records, tuple(warnings), start, end, owner)


def _header(book: Workbook, sheet) -> tuple[int, list[Half]]:
    """(row index of the header, its halves); an ExportError when there is none."""
    for index in range(min(len(sheet.rows), SCAN_ROWS)):
        cells = sheet.rows[index]
        if is_blank_row(cells) or is_comment_row(cells):
            continue
        halves = halves_of(cells)
        if halves:
            return index, halves
        names = [normal(cell) for cell in cells]
        if "post url" in names:
            # The header is there but a half is not whole: name what is missing beside it.
            at = names.index("post url")
            missing = "Post publish date" if names[at + 1 : at + 2] != ["post publish date"] else "Engagements"
            raise ExportError(
                book.file, index + 1, missing,
                f"the column is missing beside Post URL; reading {WHAT} needs Post URL, "
                "Post publish date, then Engagements or Impressions", sheet=sheet.name,
            )
    raise ExportError(
        book.file, reason=f"no header row with Post URL, Post publish date and Engagements or "
        f"Impressions in the first {SCAN_ROWS} rows; this is not {WHAT}", sheet=sheet.name,
    )


_COPY_SUFFIX = re.compile(r"\s*\(\d+\)$")
_RUN_TOGETHER = re.compile(r"(?<=[a-z])(?=[A-Z])")


def owner_from_file_name(file: str) -> tuple[PersonRef | None, date | None, date | None]:
    """(owner, first day, last day) as the file name gives them; None where it does not."""
    stem = _COPY_SUFFIX.sub("", PurePath(file).stem)
    pieces = [piece.strip() for piece in stem.split("_") if piece.strip()]
    if not pieces or pieces[0].lower() not in FILE_PREFIXES:
        # Renamed by someone: whatever is left is no longer LinkedIn's naming, so no guess.
        return None, None, None
    pieces = pieces[1:]
    dates: list[date] = []
    words: list[str] = []
    for piece in pieces:
        try:
            day = parse_date(piece, (ISO, COMPACT))
        except CellError:
            day = None
        if day is None:
            words.append(piece)
        else:
            dates.append(day)
    start, end = (min(dates), max(dates)) if len(dates) >= 2 else (None, None)
    raw = " ".join(words)
    if not raw or not any(char.isalpha() for char in raw):
        return None, start, end
    name = " ".join(_RUN_TOGETHER.sub(" ", raw).split())
    return PersonRef(name=name, handle=raw), start, end
