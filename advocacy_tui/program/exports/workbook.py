"""Opening an export: a CSV, an XLSX or a legacy XLS becomes sheets of rows of cells.

The container is told by the file's first bytes, not its name: a ZIP is an XLSX (openpyxl),
an OLE2 compound document an XLS (xlrd), anything else text that must be CSV in UTF-8 (with
or without a BOM). Browsers and coordinators rename files; the bytes do not lie. A file named
.xls/.xlsx that is neither workbook is refused rather than read as text.

Rows keep their spreadsheet numbers: `sheet.rows[i]` is row i + 1 (for a CSV, the i + 1-th
record, which is what a spreadsheet opening it shows as row i + 1 even when a quoted cell
spans lines).

Whatever goes wrong inside openpyxl or xlrd on a damaged file (they raise zipfile, XML,
struct, KeyError, AssertionError... depending on where the damage is) becomes one
file-level `ExportError`: the coordinator can only re-download the file either way.
"""

from __future__ import annotations

import csv
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from advocacy_tui.program.exports.cells import Cell
from advocacy_tui.program.exports.errors import ExportError

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
MAX_BYTES = 200 * 1024 * 1024  # far beyond any export; past it we refuse instead of swapping


@dataclass(frozen=True)
class Sheet:
    name: str | None  # None for a CSV file
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Workbook:
    file: str  # the file's name, as messages name it
    kind: str  # "csv", "xlsx" or "xls"
    sheets: tuple[Sheet, ...]

    def sheet(self, name: str) -> Sheet | None:
        """The sheet of that name, ignoring case and surrounding spaces."""
        wanted = " ".join(name.split()).lower()
        for sheet in self.sheets:
            if sheet.name is not None and " ".join(sheet.name.split()).lower() == wanted:
                return sheet
        return None

    @property
    def sheet_names(self) -> str:
        return ", ".join(f'"{sheet.name}"' for sheet in self.sheets if sheet.name is not None)


def open_workbook(path: Path) -> Workbook:
    """The file's sheets, or an ExportError naming the file and what is wrong with it."""
    file = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ExportError(file, reason=f"the file is {size // 2**20} MB; an export this large is not one of these")
        data = path.read_bytes()
    except OSError as error:
        raise ExportError(file, reason=f"the file cannot be read ({error.strerror or error})") from None
    if not data.removeprefix(UTF8_BOM).strip():
        raise ExportError(file, reason="the file is empty")
    if data.startswith(ZIP_MAGIC):
        return Workbook(file, "xlsx", _xlsx_sheets(file, data))
    if data.startswith(OLE2_MAGIC):
        return Workbook(file, "xls", _xls_sheets(file, data))
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        raise ExportError(
            file,
            reason=f"the file is named {path.suffix} but is not an Excel workbook; download it again, "
            "or save it from the spreadsheet as .xlsx",
        )
    return Workbook(file, "csv", (Sheet(None, _csv_rows(file, data)),))


# --------------------------------------------------------------------------- CSV


def _csv_rows(file: str, data: bytes) -> tuple[tuple[Cell, ...], ...]:
    if data.startswith(UTF16_BOMS):
        raise ExportError(file, reason="the file is UTF-16 text; save it as CSV UTF-8")
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ExportError(
            file, reason=f"the file is not UTF-8 text (line {line} is not); save it as CSV UTF-8"
        ) from None
    if "\x00" in text:
        # No spreadsheet writes one; it is a binary file under a .csv name.
        raise ExportError(file, reason="the file holds NUL characters; it is not a CSV file")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[Cell, ...]] = []
    try:
        for record in reader:
            rows.append(tuple(record))
    except csv.Error as error:
        raise ExportError(file, len(rows) + 1, None, f"the row cannot be read as CSV ({error})") from None
    return tuple(rows)


# --------------------------------------------------------------------------- XLSX


def _xlsx_sheets(file: str, data: bytes) -> tuple[Sheet, ...]:
    import openpyxl  # only when a workbook comes: it takes a while to import

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores; none matter for values.
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheets = []
                for sheet in book.worksheets:
                    # Exporters often write a wrong <dimension>; without it every row is read.
                    sheet.reset_dimensions()
                    rows = tuple(_trimmed(row) for row in sheet.iter_rows(values_only=True))
                    sheets.append(Sheet(str(sheet.title), rows))
            finally:
                book.close()
    except ExportError:
        raise
    except Exception as error:  # noqa: BLE001 - see the module docstring
        raise ExportError(file, reason=f"the file is not a readable XLSX workbook ({_why(error)})") from None
    if not sheets:
        raise ExportError(file, reason="the workbook has no worksheets")
    return tuple(sheets)


# --------------------------------------------------------------------------- XLS


def _xls_sheets(file: str, data: bytes) -> tuple[Sheet, ...]:
    import xlrd

    try:
        # xlrd prints its warnings to stdout unless given somewhere else to write them.
        book = xlrd.open_workbook(file_contents=data, logfile=io.StringIO(), verbosity=0)
        sheets = []
        for sheet in book.sheets():
            rows = tuple(
                _trimmed(tuple(_xls_value(book, cell) for cell in sheet.row(index)))
                for index in range(sheet.nrows)
            )
            sheets.append(Sheet(str(sheet.name), rows))
    except Exception as error:  # noqa: BLE001 - see the module docstring
        raise ExportError(
            file, reason=f"the file is not a readable XLS workbook ({_why(error)}); is it password-protected?"
        ) from None
    if not sheets:
        raise ExportError(file, reason="the workbook has no worksheets")
    return tuple(sheets)


def _xls_value(book, cell) -> Cell:
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_TEXT:
        return value
    if kind == xlrd.XL_CELL_NUMBER:
        return int(value) if float(value).is_integer() else value
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR")
    return str(value)


# --------------------------------------------------------------------------- shared


def _trimmed(row: tuple) -> tuple[Cell, ...]:
    """The row without its trailing empty cells (formatted-but-empty columns)."""
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return tuple(row[:end])


def _why(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 80 else text[:77] + "..."
