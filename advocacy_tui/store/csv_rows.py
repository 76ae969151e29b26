"""Reading one CSV file: bytes to checked values, one record at a time.

The reader never holds more than one record: it decodes the file line by line (so a line
that is not UTF-8 can be named), hands the lines to `csv.reader` (quoted commas, quotes and
newlines; CRLF or LF; a BOM), maps the header onto the entity's columns and turns each
record into a dict of model values with prebuilt per-column parsers. Problems are reported
with the physical line the record starts on (the header is line 1).
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from advocacy_tui.program.cohort.gate import enrollment_gate
from advocacy_tui.store.csv_columns import (
    ASSET,
    CHOICE,
    COUNT,
    DATE,
    EMAIL,
    EMPLOYEE,
    FLAG,
    ID,
    MARK,
    MAX_ID,
    NUMBER,
    REFERENCES,
    REQUISITION,
    STAMP,
    TEXT,
    TOKEN,
    MAX_INT,
    CellError,
    CsvColumn,
    EntitySpec,
    is_email,
    parse_choice,
    parse_count,
    parse_date,
    parse_flag,
    parse_mark,
    parse_number,
    parse_stamp,
    unneutralise,
)
from advocacy_tui.store.errors import StoreError

MAX_DETAILS = 20
MAX_TOKEN = 16  # the model's String(16)
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass
class Problem:
    file: str
    line: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return one_line(f"{where}: {self.reason}")


UNSAFE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def one_line(text: str) -> str:
    """`text` with line breaks, control and format characters (a terminal's escapes, bidi
    overrides) written as escapes: a problem quotes what the file holds, and must still be
    one line on the terminal that shows it."""
    if text.isprintable():
        return text
    return "".join(
        ascii(character)[1:-1] if unicodedata.category(character) in UNSAFE else character for character in text
    )


class ImportRejected(StoreError):
    """Nothing was imported. `problems` holds the first 20 (by file, then line); `total`
    counts them all."""

    def __init__(self, problems: list[Problem], total: int | None = None):
        self.problems = list(problems)
        self.total = len(self.problems) if total is None else total
        lines = [str(problem) for problem in self.problems[:MAX_DETAILS]]
        if self.total > len(lines):
            lines.append(f"... and {self.total - len(lines)} more")
        super().__init__("\n".join(lines))


class ProblemLog:
    """Every problem is counted; only the first MAX_DETAILS are kept."""

    def __init__(self) -> None:
        self.kept: list[Problem] = []
        self.total = 0

    def add(self, problem: Problem) -> None:
        self.total += 1
        if len(self.kept) < MAX_DETAILS:
            self.kept.append(problem)

    def __bool__(self) -> bool:
        return self.total > 0

    def rejected(self) -> ImportRejected:
        return ImportRejected(self.kept, self.total)


Report = Callable[[int | None, str | None, str], None]  # (line, column, reason)


def decoded_lines(handle: BinaryIO, report: Report) -> Iterator[str]:
    """The file's lines as text; a line that is not UTF-8 is reported (and read with
    replacement characters so the rest of the file is still checked)."""
    first = handle.readline()
    if first.startswith(UTF16_BOMS):
        report(None, None, "the file is UTF-16 text; save it as CSV UTF-8")
        return
    if first.startswith(UTF8_BOM):
        first = first[len(UTF8_BOM):]
    number = 1
    for raw in _chain_first(first, handle):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            report(number, None, "this line is not UTF-8 text; save the file as CSV UTF-8")
            line = raw.decode("utf-8", "replace")
        if "\x00" in line:  # no spreadsheet holds one, and SQLite's text functions stop at it
            report(number, None, "this line holds a NUL character (a binary file?)")
            line = line.replace("\x00", "")
        yield line
        number += 1


def _chain_first(first: bytes, handle: BinaryIO) -> Iterator[bytes]:
    if first:
        yield first
    yield from handle


class RowReader:
    """One file's records as `(line, values, ok)`; `values` maps model attrs to parsed values
    (absent columns filled with their defaults). Rows with problems come out with ok=False
    and whatever could be parsed, so keys and emails still count for later checks."""

    def __init__(
        self,
        spec: EntitySpec,
        handle: BinaryIO,
        report: Report,
        *,
        emails: dict[str, str],
        now_stamp: str,
        warnings: list[str],
    ) -> None:
        self.spec = spec
        self.report = report
        self.emails = emails
        self.now_stamp = now_stamp
        self.reader = csv.reader(decoded_lines(handle, report))
        self.present: list[CsvColumn] = []
        self.usable = self._read_header(warnings)

    # ----------------------------------------------------------------- header

    def _read_header(self, warnings: list[str]) -> bool:
        try:
            header = next(self.reader, None)
        except csv.Error as error:
            self.report(1, None, f"the header row cannot be read: {_explained(error)}")
            return False
        if not header or not any(cell.strip() for cell in header):
            self.report(1, None, "the file has no header row (the first line names the columns)")
            return False
        names = [cell.replace("\ufeff", "").strip().lower() for cell in header]
        known = {column.name: column for column in self.spec.columns}
        seen: set[str] = set()
        plan: list[tuple[int, CsvColumn]] = []
        for index, name in enumerate(names):
            if name in seen:
                self.report(1, name, "this column appears twice in the header")
                continue
            seen.add(name)
            if name in known:
                plan.append((index, known[name]))
            elif name:
                warnings.append(f"column {header[index].strip()!r} is not one of this file's columns; it was ignored")
        missing = [column for column in self.spec.columns if column.required and column.name not in seen]
        for column in missing:
            self.report(1, column.name, "this required column is missing from the header")
        if missing:
            return False  # its rows cannot be read without it: the header's problems say it all
        self.width = len(names)
        self.present = [column for _, column in plan]
        self.careful = [(index, column.attr, column.name, self._careful(column)) for index, column in plan]
        self.defaults = self._defaults({column.name for column in self.present})
        self.fast_row = self._fast_row()
        return True

    def _defaults(self, present: set[str]) -> dict[str, object]:
        defaults: dict[str, object] = {}
        for column in self.spec.columns:
            if column.name in present:
                continue
            if column.kind == STAMP:
                defaults[column.attr] = self.now_stamp if column.attr == "updated_at" else None
            else:
                defaults[column.attr] = column.default  # None for id: a fresh one is given
        return defaults

    # ----------------------------------------------------------------- parsers
    # Each column has a careful parser (every case, CellError with the reason) and a fast
    # one for the common, well-formed cell that hands anything else to the careful one.
    # A row whose fast parse raises anything is parsed again carefully, cell by cell.

    def _careful(self, column: CsvColumn) -> Callable[[str], object]:
        kind, required = column.kind, column.required
        if kind in (ID, TOKEN, EMAIL, EMPLOYEE) or kind in REFERENCES:
            return self._key_parser(column)
        if kind == TEXT:
            empty = None if column.nullable else ""

            def text(cell: str) -> object:
                if cell[:1] == "'":
                    cell = unneutralise(cell)
                if not cell or (required and cell.isspace()):
                    if required:
                        raise CellError("a value is required here")
                    return empty
                return cell

            return text
        if kind == CHOICE:
            choices, default = column.choices, column.default

            def choice(cell: str) -> object:
                if not cell or cell.isspace():
                    if required:
                        raise CellError(f"a value is required here (one of {', '.join(choices)})")
                    return default
                return parse_choice(cell, choices)

            return choice
        if kind == COUNT:
            if column.default == 0:
                return parse_count
            when_empty = column.default

            def count(cell: str) -> object:
                return parse_count(cell) if cell.strip() else when_empty

            return count
        if kind == MARK:
            return parse_mark
        if kind == FLAG:
            return parse_flag
        parse = {DATE: parse_date, NUMBER: parse_number, STAMP: parse_stamp}[kind]
        empty = self.now_stamp if column.attr == "updated_at" else None
        required = required and not column.empty_ok
        needed = {DATE: "a date is required here (YYYY-MM-DD)"}.get(kind, "a value is required here")

        def value(cell: str) -> object:
            if not cell or cell.isspace():
                if required:
                    raise CellError(needed)
                return empty
            try:
                return parse(cell)
            except OverflowError:  # a timestamp whose UTC offset takes it past year 1 or 9999
                raise CellError(f"{cell.strip()!r} is out of range") from None

        return value

    def _fast_row(self) -> Callable[[list[str]], dict]:
        """One function for the whole row, written for this file's header: a dict display
        whose entries are the fast paths inlined, each falling back to the careful parser.

        Generated (like `dataclasses` does) because per-cell calls and `dict(zip(...))` cost
        more than the checks themselves at a million rows. Nothing from the file goes into
        the source: attr names come from the spec, values through the namespace.
        """
        namespace: dict[str, object] = {
            "E": self.emails.get,
            "D": date.fromisoformat,
            "T": datetime.fromisoformat,
            "M": MARKS,
            "MAX": MAX_INT,
        }
        cells = [f"c{index}" for index in range(self.width)]
        entries = []
        for number, (index, attr, _, careful) in enumerate(self.careful):
            column = self.present[number]
            c, f = f"c{index}", f"F{number}"
            namespace[f] = careful
            kind = column.kind
            if (kind == ID or kind in REFERENCES) and not column.required:
                fast = f"({c} if {c} and len({c}) <= {MAX_ID} and {c}[0] != \"'\" and {c}.strip() == {c} else {f}({c}))"
            elif kind == EMPLOYEE:
                fast = f"(E({c}.lower()) or {f}({c}))"
            elif kind == CHOICE:
                namespace[f"A{number}"] = frozenset(column.choices)
                fast = f"({c} if {c} in A{number} else {f}({c}))"
            elif kind == COUNT:
                fast = f"(v{number} if 0 <= (v{number} := int({c})) <= MAX else {f}({c}))"
            elif kind == MARK:
                fast = f"M[{c}]"
            elif kind == DATE:
                fast = f"({c} if len({c}) == 10 and {c}[4] == '-' and {c}[7] == '-' and D({c}) else {f}({c}))"
            elif kind == STAMP:
                fast = (
                    f"({c}[:10] + ' ' + {c}[11:26] if len({c}) == 27 and {c}[26] == 'Z' and {c}[10] == 'T' "
                    f"and {c}[19] == '.' and T({c}[:26]) else {f}({c}))"
                )
            elif kind == TEXT and not column.required:
                fast = f"({c} if {c} and {c}[0] != \"'\" else {f}({c}))"
            else:
                fast = f"{f}({c})"
            entries.append(f"{attr!r}: {fast}")
        for number, (attr, value) in enumerate(self.defaults.items()):
            namespace[f"K{number}"] = value
            entries.append(f"{attr!r}: K{number}")
        unpack = f"    {', '.join(cells)}, = row\n" if cells else ""
        source = f"def fast_row(row):\n{unpack}    return {{{', '.join(entries)}}}\n"
        exec(compile(source, f"<csv row: {self.spec.file}>", "exec"), namespace)
        return namespace["fast_row"]  # type: ignore[return-value]

    def _key_parser(self, column: CsvColumn) -> Callable[[str], object]:
        """Ids, tokens, emails: surrounding spaces are not part of the value."""
        kind, required = column.kind, column.required
        emails = self.emails
        limit = MAX_TOKEN if kind == TOKEN else MAX_ID

        def key(cell: str) -> object:
            if cell[:1] == "'":
                cell = unneutralise(cell)
            cell = cell.strip()
            if not cell:
                if required:
                    raise CellError("a value is required here")
                return None
            if kind == EMPLOYEE:
                found = emails.get(cell.lower())
                if found is None:
                    raise CellError(f"no employee has the email {cell}")
                return found
            if kind == EMAIL:
                if not is_email(cell):
                    raise CellError(f"{cell!r} is not an email address")
                return cell
            if len(cell) > limit:
                raise CellError(f"{cell[:40]!r} is too long (at most {limit} characters)")
            return cell

        return key

    # ----------------------------------------------------------------- rows

    def rows(self) -> Iterator[tuple[int, dict, bool]]:
        """(line the record starts on, values, ok) for every record that is not blank."""
        if not self.usable:
            return
        reader, report, defaults, width = self.reader, self.report, self.defaults, self.width
        fast_row = self.fast_row
        last_end = reader.line_num
        try:
            for row in reader:
                line, last_end = last_end + 1, reader.line_num
                if len(row) != width:
                    if not any(row):
                        continue  # a blank line
                    if len(row) > width and any(row[width:]):
                        report(line, None, f"this row has {len(row)} values but the header names {width} columns")
                        continue
                    row = row[:width] if len(row) > width else row + [""] * (width - len(row))
                try:
                    values = fast_row(row)
                except Exception:
                    if not any(row):
                        continue  # a spreadsheet's empty row
                    values, ok = self._carefully(row, line)
                    if defaults:
                        values = {**defaults, **values}
                else:
                    ok = True
                yield line, values, ok
        except csv.Error as error:
            report(last_end + 1, None, f"the file cannot be read from here on: {_explained(error)}")

    def _carefully(self, row: list[str], line: int) -> tuple[dict, bool]:
        values: dict[str, object] = {}
        ok = True
        for index, attr, name, parse in self.careful:
            try:
                values[attr] = parse(row[index])
            except CellError as error:
                self.report(line, name, str(error))
                values[attr] = None  # every attr is there, so later checks can look at the row
                ok = False
        return values, ok


MARKS = {str(mark): mark for mark in range(1, 6)}


class SeenIds:
    """The ids a file has shown so far, to catch one shown twice, in memory that does not
    grow with the file in the usual case: an export is sorted by id, so while the ids keep
    rising only the last one is kept. At the first id out of order, the ids of the records
    before it are read again from the file (ids only) into a set, used from then on."""

    def __init__(self, spec: EntitySpec, path: Path) -> None:
        self.spec = spec
        self.path = path
        self.last: str | None = None
        self.ids: set[str] | None = None

    def add(self, ident: str, line: int) -> bool:
        """False if `ident` was shown before (on a record before `line`)."""
        if self.ids is None:
            if self.last is None or ident > self.last:
                self.last = ident
                return True
            self.ids = self._ids_before(line)
        if ident in self.ids:
            return False
        self.ids.add(ident)
        return True

    def _ids_before(self, line: int) -> set[str]:
        ids: set[str] = set()
        with self.path.open("rb") as handle:
            reader = csv.reader(decoded_lines(handle, lambda *_: None))
            header = [cell.replace("\ufeff", "").strip().lower() for cell in next(reader, [])]
            if "id" not in header:
                return ids
            at, last_end = header.index("id"), reader.line_num
            for row in reader:
                if last_end + 1 >= line:
                    break
                last_end = reader.line_num
                if len(row) > at:
                    cell = row[at]
                    ident = (unneutralise(cell) if cell[:1] == "'" else cell).strip()
                    if ident:
                        ids.add(ident)
        return ids


def _explained(error: csv.Error) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return f"a value runs on for more than {csv.field_size_limit():,} characters (is a closing quote missing?)"
    if "new-line character seen in unquoted field" in text:
        return "a line break that is neither in quotes nor at the end of a line (old Mac line endings? save the file as CSV UTF-8)"
    return text


def natural_key_getter(spec: EntitySpec) -> Callable[[dict], tuple] | None:
    if not spec.natural_key:
        return None
    getter = itemgetter(*spec.natural_key)
    if len(spec.natural_key) == 1:
        return lambda values: (getter(values),)
    return getter


def enrollment_problems(values: dict) -> list[tuple[str, str]]:
    """Step 3's gate (program.cohort.gate), the same one the app's writers pass: enrolled
    needs orientation, a policy acknowledgement and an opt-in, none after the opt-in."""
    days = {
        attr: date.fromisoformat(values[attr]) if values.get(attr) else None
        for attr in ("orientation_on", "policy_ack_on", "opted_in_on")
    }
    return enrollment_gate(values.get("status"), **days)
