"""Reading one cell of an export: dates, counts, rates, flags and text.

A cell arrives as the container gave it: text from a CSV, or from a workbook text, a
number, a bool, a datetime (openpyxl and xlrd turn date-formatted cells into datetimes).
The parsers take either and raise `CellError` with the reason a coordinator reads; the table
adds the file, row and column (tables.py).

Dates: every column accepts an ISO date (`2026-05-31`, or a timestamp whose date part is
kept, as Lever's `2026-05-31 14:02:11` GMT) and a real spreadsheet date, because neither can
be misread. The slash form is read as the US month-first `M/D/YYYY` (`MM/DD/YYYY` is the
same with zeros) only in the columns of the tools that write it (LinkedIn, Greenhouse): in a
Teams column "03/04/2026" is refused rather than guessed. `Mar 17, 2025` (Slack) and
`YYYYMMDD` (GA4) likewise where those tools write them. The reason names the column's own
format, so the coordinator sees what the tool normally writes there.

Numbers (the tools and spreadsheets write them many ways): `1,234` and `1234.0` are 1234; a
rate `2%` is 0.02, `0.02` stays 0.02 (a spreadsheet's percent cell holds the fraction), and
LinkedIn's `< 1%` is read as `LESS_THAN_ONE_PERCENT` = 0.005, the middle of [0, 1%), flagged
approximate by the caller (any `< X%` is half of X%).
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta

Cell = str | int | float | bool | datetime | date | time | timedelta | None

LESS_THAN_ONE_PERCENT = 0.005
MAX_DIGITS = 15  # a count longer than this is no count any of these tools writes


class CellError(ValueError):
    """A cell that cannot be read; str(error) is the reason, in the coordinator's words."""


# --------------------------------------------------------------------------- text


def cell_text(cell: Cell) -> str:
    """The cell as text, stripped: what a header or an id is compared by. A whole float is
    written without its `.0` (Excel keeps ids like 12345 as floats)."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime) and cell.time() == time():
        return cell.date().isoformat()
    if isinstance(cell, (date, time)):
        return cell.isoformat()
    return str(cell).strip()


def shown(cell: Cell) -> str:
    """A cell quoted in a reason: text in double quotes (cut when long), else as it prints."""
    if not isinstance(cell, str):
        return cell_text(cell)
    text = cell.strip()
    if len(text) > 40:
        text = text[:37] + "..."
    return '"' + text.replace("\n", " ") + '"'


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


# --------------------------------------------------------------------------- dates

# Each format: what the reason calls it, and a pattern whose groups make (year, month, day).
# Patterns are ASCII-only: `\d` would otherwise take other scripts' digits for ours.
ISO = "YYYY-MM-DD"
ISO_TIME = "YYYY-MM-DD HH:MM:SS"
MONTH_NAME = "Mar 17, 2025"
US = "M/D/YYYY"
US_PADDED = "MM/DD/YYYY"
COMPACT = "YYYYMMDD"

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp][Mm])?)?"
_ZONE = r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT))?"
_ISO_RE = re.compile(rf"(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}{_ZONE}", re.ASCII)
_US_RE = re.compile(rf"(\d{{1,2}})/(\d{{1,2}})/(\d{{4}}){_TIME}{_ZONE}", re.ASCII)
_MONTH_NAME_RE = re.compile(rf"([A-Za-z]{{3,9}})\.? (\d{{1,2}}),? (\d{{4}})(?:,?{_TIME}){_ZONE}", re.ASCII)
_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


def parse_date(cell: Cell, formats: tuple[str, ...] = (ISO,)) -> date | None:
    """A date, or None for an empty cell. `formats` are the column's own (see the module)."""
    if is_blank(cell):
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    expected = " or ".join(formats)
    if isinstance(cell, bool) or not isinstance(cell, (str, int, float)):
        raise CellError(f"{shown(cell)} is not a date ({expected})")
    if not isinstance(cell, str):
        # A number is a date only as GA4's YYYYMMDD that a spreadsheet took for a number;
        # a bare serial number could be any day, depending on the workbook's epoch.
        whole = isinstance(cell, int) or (math.isfinite(cell) and cell.is_integer())
        if COMPACT in formats and whole:
            cell = str(int(cell))
        else:
            raise CellError(f"{shown(cell)} is a number, not a date ({expected})")
    text = cell.strip()
    parts = _date_parts(text, formats)
    if parts is not None:
        try:
            return date(*parts)
        except ValueError:
            pass
    raise CellError(f"{shown(text)} is not a date ({expected})")


def _date_parts(text: str, formats: tuple[str, ...]) -> tuple[int, int, int] | None:
    match = _ISO_RE.fullmatch(text)
    if match:
        return int(match[1]), int(match[2]), int(match[3])
    if US in formats or US_PADDED in formats:
        match = _US_RE.fullmatch(text)
        if match:
            return int(match[3]), int(match[1]), int(match[2])
    if MONTH_NAME in formats:
        match = _MONTH_NAME_RE.fullmatch(text)
        if match and match[1].lower() in _MONTHS:
            return int(match[3]), _MONTHS[match[1].lower()], int(match[2])
    if COMPACT in formats:
        match = _COMPACT_RE.fullmatch(text)
        if match:
            return int(match[1]), int(match[2]), int(match[3])
    return None


def window(end: date, days: int) -> tuple[date, date]:
    """(first day, last day) of `days` days ending on `end`, both included."""
    try:
        return end - timedelta(days=days - 1), end
    except OverflowError:
        raise CellError(f"{days} days before {end.isoformat()} is before the year 1") from None


# --------------------------------------------------------------------------- numbers

_GROUPED = re.compile(r"\d{1,3}(?:[,\u00a0\u202f]\d{3})+", re.ASCII)  # 1,234 (also no-break spaces)
_DECIMAL = re.compile(r"\d+(?:\.\d*)?|\.\d+", re.ASCII)
_PERCENT = re.compile(r"(<\s*)?(\d+(?:\.\d*)?|\.\d+)\s*%", re.ASCII)


def parse_count(cell: Cell) -> int | None:
    """A whole number from 0 up, or None for an empty cell. `1,234`, `1234` and `1234.0`
    (a spreadsheet's float) are all 1234."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool) or not isinstance(cell, (str, int, float)):
        raise CellError(f"{shown(cell)} is not a whole number")
    if isinstance(cell, int):
        value = cell
    elif isinstance(cell, float):
        if not math.isfinite(cell) or not cell.is_integer():
            raise CellError(f"{shown(cell)} is not a whole number")
        value = int(cell)
    else:
        text = cell.strip()
        digits = text
        if _GROUPED.fullmatch(text):
            digits = re.sub(r"\D", "", text)
        whole, _, fraction = digits.partition(".")
        if not _DECIMAL.fullmatch(digits) or fraction.strip("0") or not whole:
            raise CellError(f"{shown(text)} is not a whole number")
        if len(whole.lstrip("0")) > MAX_DIGITS:
            raise CellError(f"{shown(text)} is too large to be a count")
        value = int(whole)
    if value < 0:
        raise CellError(f"{value} is negative; a count is 0 or more")
    if value >= 10**MAX_DIGITS:
        raise CellError(f"{value} is too large to be a count")
    return value


def parse_rate(cell: Cell) -> tuple[float, bool] | None:
    """(fraction, approximate) or None for an empty cell: `2%` -> (0.02, False),
    `< 1%` -> (0.005, True), `0.02` -> (0.02, False)."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool) or not isinstance(cell, (str, int, float)):
        raise CellError(f"{shown(cell)} is not a rate (like 2% or 0.02)")
    if isinstance(cell, (int, float)):
        value, approximate = float(cell), False
    else:
        text = cell.strip()
        match = _PERCENT.fullmatch(text)
        if match:
            value = float(match[2]) / 100
            approximate = bool(match[1])
            if approximate:
                value /= 2  # "< X%": the middle of [0, X%)
        elif _DECIMAL.fullmatch(text):
            value, approximate = float(text), False
        else:
            raise CellError(f"{shown(text)} is not a rate (like 2% or 0.02)")
    if not math.isfinite(value) or value < 0:
        raise CellError(f"{shown(cell)} is not a rate (like 2% or 0.02)")
    return value, approximate


_TRUE = frozenset({"true", "yes", "1", "y"})
_FALSE = frozenset({"false", "no", "0", "n", ""})


def parse_flag(cell: Cell) -> bool:
    """true/false, yes/no, 1/0 (any case), a spreadsheet bool; empty is false."""
    if isinstance(cell, bool):
        return cell
    text = cell_text(cell).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"{shown(cell)} is not one of true, false, yes, no, 1, 0")
