"""Any input at all: `read_export` returns a batch or raises ExportError, nothing else.

Random bytes (some dressed with a workbook's magic), random mutations of the valid CSV
fixtures (the inputs that get deepest into the readers), byte flips in the workbooks, and
cells of every type openpyxl and xlrd hand over (numbers, bools, datetimes, times...)
placed in the valid fixtures' sheets and given to the readers directly.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advocacy_tui.program.exports import SOURCES, ExportBatch, ExportError, read_export
from advocacy_tui.program.exports.read import READERS
from advocacy_tui.program.exports.reading import Request
from advocacy_tui.program.exports.recognise import recognise
from advocacy_tui.program.exports.workbook import Sheet, Workbook, open_workbook

from . import fixtures

CSV_BUILDERS = (
    fixtures.slack_csv,
    fixtures.teams_csv,
    fixtures.teams_older_csv,
    fixtures.ga4_csv,
    fixtures.ga4_daily_csv,
    fixtures.lever_csv,
    fixtures.greenhouse_csv,
)
WORKBOOK_BUILDERS = (fixtures.creator_xlsx, fixtures.page_xlsx, fixtures.page_old_xls)
# Pieces that matter to the readers: separators, quotes, dates, numbers, markers.
TOKENS = [
    b",", b'"', b"\n", b"\r\n", b"#", b"%", b"< 1%", b"1,234", b"-", b"/", b":", b"\xef\xbb\xbf",
    b"Grand total", b"Total", b"20260231", b"2026-02-31", b"0001-01-01", b"9" * 30, b"Mar 99, 2025",
    b"# Start date: 20260501", b"# End date: 20250101", fixtures.CONCEALED.encode(), b"\x00", b"\xff",
    b"Sessions", b"Post URL", b"", b"12/31/9999", b"0", b"-7",
]
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def originals(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("originals")
    built = {}
    for build in CSV_BUILDERS + WORKBOOK_BUILDERS:
        path = build(folder)
        built[path.name] = path.read_bytes()
    return built


def read_or_refuse(path: Path, source: str, with_period: bool) -> str:
    """'read' or 'refused': anything else (a traceback) fails the test that calls it.
    A refusal names the file; a reading says which source it is."""
    period = {"period_end": date(2026, 5, 31), "period_days": 30} if with_period else {}
    try:
        batch = read_export(path, source, **period)
    except ExportError as error:
        return "refused" if str(error).startswith(path.name) else f"unnamed refusal: {error}"
    return "read" if isinstance(batch, ExportBatch) and batch.source in SOURCES else f"odd batch: {batch!r}"


sources = st.sampled_from(("auto",) + SOURCES)


@st.composite
def mutated(draw, data: bytes) -> bytes:
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(("insert", "delete", "replace", "duplicate")))
        if kind == "insert":
            piece = draw(st.one_of(st.sampled_from(TOKENS), st.binary(max_size=6)))
            data = data[:at] + piece + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 40)):]
        elif kind == "replace":
            piece = draw(st.sampled_from(TOKENS))
            data = data[:at] + piece + data[at + len(piece):]
        else:
            line_end = data.find(b"\n", at)
            line_start = data.rfind(b"\n", 0, at) + 1
            if line_end != -1:
                data = data[:line_end + 1] + data[line_start:line_end + 1] + data[line_end + 1:]
    return data


@SETTINGS
@given(data=st.data(), source=sources, with_period=st.booleans())
def test_mutated_csv_exports(tmp_path, originals, data, source, with_period):
    name = data.draw(st.sampled_from(sorted(name for name in originals if name.endswith(".csv"))))
    path = tmp_path / name
    path.write_bytes(data.draw(mutated(originals[name])))
    assert read_or_refuse(path, source, with_period) in ("read", "refused")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    raw=st.binary(max_size=300),
    magic=st.sampled_from((b"", b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf")),
    suffix=st.sampled_from((".csv", ".xlsx", ".xls", ".txt")),
    source=sources,
    with_period=st.booleans(),
)
def test_random_bytes(tmp_path, raw, magic, suffix, source, with_period):
    path = tmp_path / f"export{suffix}"
    path.write_bytes(magic + raw)
    assert read_or_refuse(path, source, with_period) in ("read", "refused")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), source=sources)
def test_damaged_workbooks(tmp_path, originals, data, source):
    name = data.draw(st.sampled_from(sorted(name for name in originals if not name.endswith(".csv"))))
    raw = bytearray(originals[name])
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(8, len(raw)))]
    path = tmp_path / name
    path.write_bytes(bytes(raw))
    assert read_or_refuse(path, source, True) in ("read", "refused")


CELLS = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(-(10**20), 10**20),
    st.floats(),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.timedeltas(),
    st.sampled_from(["< 1%", "2%", "1,234", "Grand total", "# x", "Post URL", "20260231", fixtures.CONCEALED]),
)


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> list[Workbook]:
    folder = tmp_path_factory.mktemp("books")
    return [open_workbook(build(folder)) for build in CSV_BUILDERS + WORKBOOK_BUILDERS]


@SETTINGS
@given(data=st.data())
def test_cells_of_any_type_in_valid_sheets(books, data):
    book = data.draw(st.sampled_from(books))
    sheets = []
    for sheet in book.sheets:
        rows = [list(row) for row in sheet.rows]
        for _ in range(data.draw(st.integers(0, 3))):
            row = data.draw(st.integers(0, len(rows) - 1)) if rows else None
            if row is None or not rows[row]:
                continue
            rows[row][data.draw(st.integers(0, len(rows[row]) - 1))] = data.draw(CELLS)
        sheets.append(Sheet(sheet.name, tuple(tuple(row) for row in rows)))
    changed = Workbook(book.file, book.kind, tuple(sheets))
    try:
        source, _ = recognise(changed)
        records = READERS[source](changed, Request(date(2026, 5, 31), 30))
    except ExportError as error:
        assert str(error)  # a refusal always says why
    else:
        assert records is not None
