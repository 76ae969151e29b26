"""Hostile input (issue 9, point 5): whatever bytes a CSV import or a config.toml holds,
the app answers with its own one-line messages, never a traceback, and never writes half.

CSV sync import (`import_files`), every one of the sixteen entity files:
- random bytes (bare, or behind the file's real header or a BOM), and
- random mutations of valid files exported from a small seeded program: odd cells (empty,
  huge, negative, bad dates, formulas, NUL, stray quotes...), rows duplicated, dropped,
  swapped, widened or cut short, header columns dropped, doubled, renamed or swapped, and
  then bytes flipped, inserted or deleted, BOMs, CR/LF mixes and invalid UTF-8;
- calls of several valid files whose rows really change the database plus one broken file,
  so a rejection has writes of its own to undo.

For every example: the only exception is ImportRejected; when it is raised the database is
exactly as before (a digest of every table's rows and of the schema); every problem names
one of the files and either a line inside the file or is one of the file-level reasons, and
is one line of printable text; when the import succeeds the file was valid, and SQLite's
integrity and foreign-key checks pass. A dry run never changes anything.

config.toml (`load_settings`): random bytes and mutations of a valid file; the only
exception is ConfigError, and its message starts with the file's path.

The examples run on copies of one template database made once per module (`shutil`), so
the 2,450 examples take about a minute on two cores. ADVOCACY_FUZZ_SCALE=10 runs ten times as many.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, event, given, settings
from hypothesis.control import currently_in_test_context
from hypothesis import strategies as st
from sqlalchemy import select

from advocacy_tui.config import Settings, load_settings
from advocacy_tui.errors import ConfigError
from advocacy_tui.store.csv_columns import ENTITY_FILES, SPEC_BY_FILE
from advocacy_tui.store.csv_export import export_all
from advocacy_tui.store.csv_import import ImportRejected, import_files
from advocacy_tui.store.csv_rows import MAX_DETAILS
from advocacy_tui.store.database import open_store
from advocacy_tui.store.demo import write_demo
from advocacy_tui.store.models import Alias, CompanyPost, Employee, Post, ReferralVisit

TODAY = date(2026, 11, 23)
SCALE = float(os.environ.get("ADVOCACY_FUZZ_SCALE", "1"))

# One profile for every fuzz test here: no deadline (a shared CI core stalls now and then),
# the examples' files and databases live in module-scoped folders, so the function-scoped
# fixture check does not apply, and a failure prints the blob that reproduces it.
settings.register_profile(
    "hostile-input",
    deadline=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
)
HOSTILE = settings.get_profile("hostile-input")


def examples(count: int) -> settings:
    return settings(HOSTILE, max_examples=max(1, round(count * SCALE)))


# The counts CI runs (2,450 examples in all; 1,750 of them CSV imports).
CSV_MUTATIONS = 1200
CSV_RANDOM_BYTES = 400
CSV_BROKEN_CALLS = 150
CONFIG_MUTATIONS = 450
CONFIG_RANDOM_BYTES = 250

# What a problem without a line may say: the file as a whole cannot be read.
FILE_LEVEL_REASONS = ("the file is UTF-16 text", "cannot be read")
# Characters that would break "one problem, one line" or play tricks on a terminal.
UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
FUTURE_STAMP = "2099-01-01T00:00:00.000000Z"


# --------------------------------------------------------------------------- the world


@dataclass(repr=False)
class World:
    seeded: Path  # the small program every mutation starts from
    empty: Path  # the schema and nothing else
    valid: dict[str, tuple[list[str], list[list[str]]]]  # file -> (header, records)
    ids: list[str]  # ids of rows of every file: odd cells for other files' id columns
    emails: list[str]
    scratch: Path

    def __repr__(self) -> str:
        return f"World({self.seeded.name})"

    def _repr_pretty_(self, printer, cycle) -> None:  # what Hypothesis prints for a failing example
        printer.text(repr(self))


def unchanged(path: Path, template: Path) -> bool:
    """Whether the database at `path` holds what `template` holds: the same bytes (the quick
    answer, once the store is closed and its WAL folded in), else the same digest."""
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    if path.read_bytes() == template.read_bytes():
        return True
    return digest(path) == digest(template)


def digest(path: Path) -> str:
    """Every row of every table, and the schema itself (a dropped index is a change)."""
    connection = sqlite3.connect(path)
    try:
        hashed = hashlib.sha256()
        for row in connection.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name"):
            hashed.update(repr(row).encode())
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            hashed.update(table.encode())
            # Sorted here, not by rowid: the search index's shadow tables have none.
            for line in sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{table}"')):
                hashed.update(line.encode())
        return hashed.hexdigest()
    finally:
        connection.close()


def checks_pass(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()


def seed_the_rest(store) -> None:
    """The demo has no company posts, aliases or referral visits: a few of each, so every
    one of the sixteen files has rows to mutate."""
    with store.writing() as session:
        people = session.scalars(select(Employee.id).order_by(Employee.id).limit(3)).all()
        posts = session.scalars(select(Post.id).order_by(Post.id).limit(3)).all()
        for number in range(3):
            day = TODAY - timedelta(days=7 * (number + 1))
            session.add(
                CompanyPost(
                    url=f"https://www.linkedin.com/feed/update/urn:li:activity:{number}", title=f"Company news {number}",
                    created_on=day, post_type="image", campaign="launch", impressions=1000 * number, clicks=number,
                    reactions=2 * number, comments=number, reposts=number, follows=number,
                )
            )
            session.add(Alias(alias=f"Sam P{number}.", source="slack", employee_id=people[number]))
            session.add(
                ReferralVisit(
                    post_id=posts[number], tracking_value=f"tok{number}-asset", first_day=day, last_day=day,
                    sessions=3 * number, engaged_sessions=number, key_events=number,
                )
            )


def read_records(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> World:
    folder = tmp_path_factory.mktemp("hostile")
    seeded, empty = folder / "seeded.sqlite", folder / "empty.sqlite"
    store = open_store(seeded)
    try:
        write_demo(store, today=TODAY, employees=12)
        seed_the_rest(store)
        export_all(store, folder / "valid")
    finally:
        store.close()
    open_store(empty).close()
    valid = {name: read_records(folder / "valid" / name) for name in ENTITY_FILES}
    assert all(records for _, records in valid.values()), "every file needs rows to mutate"
    ids = sorted({records[0] for _, rows in valid.values() for records in rows})
    emails = [row[1] for row in valid["employees.csv"][1]]
    scratch = folder / "examples"
    scratch.mkdir()
    return World(seeded, empty, valid, ids, emails, scratch)


# --------------------------------------------------------------------------- one import


def write_csv(header: list[str], rows: list[list[str]]) -> bytes:
    """The export's own dialect: csv.writer's defaults (CRLF, minimal quoting)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


def one_line_of_printable_text(text: str) -> bool:
    return not any(unicodedata.category(character) in UNSAFE_CATEGORIES for character in text)


def check_problems(rejected: ImportRejected, files: dict[str, bytes]) -> None:
    problems = rejected.problems
    assert problems, "a rejection names at least one problem"
    assert len(problems) <= MAX_DETAILS and rejected.total >= len(problems)
    for problem in problems:
        assert problem.file in files, problem
        assert problem.reason.strip(), problem
        if problem.line is None:
            assert problem.column is None and problem.reason.startswith(FILE_LEVEL_REASONS), problem
        else:
            assert 1 <= problem.line <= files[problem.file].count(b"\n") + 1, problem
        if problem.column is not None:
            assert problem.column in {column.name for column in SPEC_BY_FILE[problem.file].columns} or (
                problem.reason == "this column appears twice in the header"
            ), problem
        assert one_line_of_printable_text(str(problem)), str(problem)
    lines = str(rejected).split("\n")
    assert len(lines) == len(problems) + (rejected.total > len(problems))
    assert "Traceback" not in str(rejected)


def run_import(world: World, target: Path, files: dict[str, bytes], dry_run: bool = False) -> ImportRejected | None:
    """Import `files` into a fresh copy of `target`; check everything that must hold."""
    db = world.scratch / "program.sqlite"
    for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(target, db)
    folder = world.scratch / "files"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    paths = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    rejected = None
    store = open_store(db)
    try:
        import_files(store, paths, dry_run=dry_run)  # anything but ImportRejected fails the test
    except ImportRejected as error:
        rejected = error
    finally:
        store.close()
    if rejected is not None or dry_run:
        assert unchanged(db, target), "a rejected import or a dry run changed the database"
    if rejected is not None:
        check_problems(rejected, files)
    else:
        checks_pass(db)
    if currently_in_test_context():  # --hypothesis-show-statistics tells how the examples ended
        wrote = rejected is None and not dry_run and not unchanged(db, target)
        event("refused" if rejected is not None else "imported, wrote rows" if wrote else "imported, wrote nothing")
    return rejected


# --------------------------------------------------------------------------- mutations

ODD_CELLS = [
    "", " ", "  \t ", "0", "-0", "-1", "-999999999999", "1.5", "1e309", "-1e309", "nan", "inf", "1_000", "0x1F",
    "٣", "６", "²", str(2**63), str(2**63 - 1), str(2**64), "9" * 40, "9" * 5000,
    "2026-02-30", "2026-13-01", "2026-00-10", "0000-01-01", "0001-01-01", "9999-12-31", "26/11/2026", "2026-11-23 ",
    "2026-11-23T25:00:00Z", "2026-11-23T10:00:00+25:00", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00",
    "2026-11-23T10:00:00.000000Z", "2026-11-23T10:00:00+05:30", "2026-W48-1", "20261123", "2026-11", "yesterday",
    "=1+1", "=HYPERLINK(\"http://evil.example\",\"x\")", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "'=1", "''+1", "'",
    "''", "'-", "\x00", "a\x00b", "\ufeff", "\ufeffid", "\u2028", "\u202e", "\x1b[2J\x1b[31mred", '"', 'a"b', '""',
    "\r", "\n", "\r\n", "a\nb", "x" * 300, "x" * 140_000, "nobody@example.com", "a@b@c", "@", "a @b.c", "  A@B.C  ",
    "TRUE", "yes", "No", "2", "ENROLLED", "Enrolled", "linkedin", "shared", "approved", "ic", "NULL", "None",
    "' OR 1=1 --", "%", "é", "😀", "id", "-".join(["0"] * 9),
]
BYTE_TOKENS = [
    b'"', b",", b"\r", b"\n", b"\r\n", b"\x00", b"\xff", b"\xc3", b"\xc3(", b"\xed\xa0\x80", b"\xef\xbb\xbf",
    b"\xff\xfe", b"\xfe\xff", b"'", b"=", b'""', b"\xe2\x80\xa8", b",,,,,,,,,,,,,,,,,,,,", b'"\r\n"', b"\t",
]
ROW_OPS = ("cell", "cell", "cell", "bump", "clear_id", "tombstone", "revive", "duplicate", "drop", "swap", "blank",
           "widen", "narrow", "foreign_row")
HEADER_OPS = ("drop_column", "double_name", "rename", "swap_columns", "extra_column", "shout", "empty_name")
BYTE_OPS = ("flip", "insert", "delete", "bom", "newlines", "truncate", "quote")


def odd_cells(world: World) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(ODD_CELLS),
        st.sampled_from(world.ids),
        st.sampled_from(world.emails),
        st.text(max_size=24),
        st.integers(-(2**70), 2**70).map(str),
    )


def mutate_rows(draw, world: World, name: str, header: list[str], rows: list[list[str]]) -> list[str]:
    """Row and cell mutations in place; returns the (maybe changed) header."""
    header = list(header)
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(ROW_OPS + HEADER_OPS))
        width = len(header)
        if op in ("cell", "bump", "clear_id", "tombstone", "revive", "widen", "narrow", "duplicate", "drop") and not rows:
            continue
        at = draw(st.integers(0, len(rows) - 1)) if rows else 0
        column = draw(st.integers(0, max(width - 1, 0)))
        if op == "cell":
            row = rows[at]
            if row:
                row[min(column, len(row) - 1)] = draw(odd_cells(world))
        elif op in ("bump", "tombstone", "revive"):
            names = {"bump": "updated_at", "tombstone": "deleted_at", "revive": "deleted_at"}
            if names[op] in header and header.index(names[op]) < len(rows[at]):
                rows[at][header.index(names[op])] = "" if op == "revive" else FUTURE_STAMP
                if op != "bump" and "updated_at" in header and header.index("updated_at") < len(rows[at]):
                    rows[at][header.index("updated_at")] = FUTURE_STAMP
        elif op == "clear_id":
            if rows[at]:
                rows[at][0] = ""
        elif op == "duplicate":
            rows.insert(draw(st.integers(0, len(rows))), list(rows[at]))
        elif op == "drop":
            del rows[at]
        elif op == "swap" and len(rows) > 1:
            other = draw(st.integers(0, len(rows) - 1))
            rows[at], rows[other] = rows[other], rows[at]
        elif op == "blank":
            rows.insert(at, draw(st.sampled_from([[], [""], [""] * width, [" "] * width])))
        elif op == "widen":
            rows[at].extend(draw(st.lists(odd_cells(world), min_size=1, max_size=3)))
        elif op == "narrow":
            del rows[at][draw(st.integers(0, len(rows[at]))):]
        elif op == "foreign_row":
            other_header, other_rows = world.valid[draw(st.sampled_from(ENTITY_FILES))]
            rows.insert(at, list(draw(st.sampled_from(other_rows))))
        elif op == "drop_column" and width:
            del header[column]
            for row in rows:
                if column < len(row):
                    del row[column]
        elif op == "double_name" and width > 1:
            header[column] = header[draw(st.integers(0, width - 1))]
        elif op == "rename" and width:
            header[column] = draw(odd_cells(world))
        elif op == "swap_columns" and width > 1:
            other = draw(st.integers(0, width - 1))
            for row in [header, *rows]:
                if column < len(row) and other < len(row):
                    row[column], row[other] = row[other], row[column]
        elif op == "extra_column":
            header.append(draw(st.sampled_from(["extra", "notes", "ID", "id ", "Updated_At", ""])))
            for row in rows:
                row.append(draw(odd_cells(world)))
        elif op == "shout" and width:
            header[column] = f"  {header[column].upper()} "
        elif op == "empty_name" and width:
            header[column] = ""
    return header


def mutate_bytes(draw, data: bytes, most: int = 3) -> bytes:
    for _ in range(draw(st.integers(0, most))):
        op = draw(st.sampled_from(BYTE_OPS))
        at = draw(st.integers(0, len(data)))
        if op == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (1 << draw(st.integers(0, 7)))]) + data[at + 1 :]
        elif op == "insert":
            piece = draw(st.one_of(st.sampled_from(BYTE_TOKENS), st.binary(min_size=1, max_size=4)))
            data = data[:at] + piece + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 60)) :]
        elif op == "bom":
            data = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])) + data
        elif op == "newlines":
            old, new = draw(st.sampled_from([(b"\r\n", b"\n"), (b"\r\n", b"\r"), (b"\r\n", b"\n\r"), (b"\n", b"\r\n")]))
            data = data.replace(old, new) if draw(st.booleans()) else data.replace(old, new, 1)
        elif op == "truncate":
            data = data[:at]
        elif op == "quote":
            data = data[:at] + b'"' + data[at:]
    return data


@st.composite
def mutated_files(draw, world: World, name: str) -> bytes:
    header, records = world.valid[name]
    chosen = draw(st.lists(st.integers(0, len(records) - 1), max_size=8, unique=True))
    if draw(st.booleans()):
        chosen.sort()  # an export's order: ids rising
    rows = [list(records[index]) for index in chosen]
    if draw(st.integers(0, 4)) < 2:  # newer than ours: what survives the mutations is written
        for row in rows:
            row[header.index("updated_at")] = FUTURE_STAMP
    header = mutate_rows(draw, world, name, header, rows)
    return mutate_bytes(draw, write_csv(header, rows))


def bumped(world: World, name: str, most: int = 4) -> bytes:
    """A valid file whose rows are newer than ours: importing it really writes."""
    header, records = world.valid[name]
    at = header.index("updated_at")
    rows = [list(row) for row in records[:most]]
    for row in rows:
        row[at] = FUTURE_STAMP
    return write_csv(header, rows)


# --------------------------------------------------------------------------- CSV: tests

files = st.sampled_from(ENTITY_FILES)
targets = st.sampled_from(("seeded", "seeded", "seeded", "empty"))
dry_runs = st.sampled_from((False, False, False, True))


@examples(CSV_MUTATIONS)
@given(data=st.data(), name=files, target=targets, dry_run=dry_runs)
def test_mutated_valid_files_are_imported_whole_or_refused_with_lines(world, data, name, target, dry_run):
    content = data.draw(mutated_files(world, name))
    rejected = run_import(world, getattr(world, target), {name: content}, dry_run)
    assert rejected is None or rejected.total >= 1  # refused only with a problem to show


@examples(CSV_RANDOM_BYTES)
@given(
    name=files,
    prefix=st.sampled_from(("", "header", "bom+header", "utf16")),
    body=st.one_of(st.binary(max_size=800), st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass"))),
    target=targets,
)
def test_random_bytes_are_refused_with_lines(world, name, prefix, body, target):
    header = ",".join(world.valid[name][0]).encode() + b"\r\n"
    start = {"": b"", "header": header, "bom+header": b"\xef\xbb\xbf" + header, "utf16": b"\xff\xfe"}[prefix]
    rejected = run_import(world, getattr(world, target), {name: start + body})
    assert rejected is None or rejected.total >= 1  # refused only with a problem to show


@examples(CSV_BROKEN_CALLS)
@given(data=st.data(), names=st.lists(files, min_size=2, max_size=5, unique=True))
def test_a_broken_file_undoes_the_writes_of_the_files_before_it(world, data, names):
    """Valid files whose rows are newer than ours (so they are written), and one file with
    a row that cannot be read: all of it is refused and nothing stays written."""
    broken = data.draw(st.sampled_from(names))
    content = {}
    for name in names:
        if name != broken:
            content[name] = bumped(world, name)
            continue
        header, records = world.valid[name]
        rows = [list(row) for row in records[:3]]
        header = mutate_rows(data.draw, world, name, header, rows)
        # The poison: a row with more values than the header has names.
        rows.insert(data.draw(st.integers(0, len(rows))), ["x"] * (len(header) + 2))
        content[name] = write_csv(header, rows)
    assert run_import(world, world.seeded, content) is not None


def test_the_newer_files_alone_do_change_the_database(world):
    """The files the test above writes before its broken one really write: otherwise that
    test would prove nothing."""
    for name in ENTITY_FILES:
        assert run_import(world, world.seeded, {name: bumped(world, name)}) is None, name
        assert not unchanged(world.scratch / "program.sqlite", world.seeded), name


# --------------------------------------------------------------------------- what the fuzzing found
# Each of these once ended in a traceback (or a StoreError without a line).


def problems_of(world: World, target: Path, files: dict[str, bytes]) -> list[str]:
    rejected = run_import(world, target, files)
    assert rejected is not None
    return [str(problem) for problem in rejected.problems]


def test_a_row_whose_id_cannot_be_read_is_a_problem_on_its_line(world):
    header, records = world.valid["requisitions.csv"]
    data = write_csv(header, [records[0]]) + b'"' + b"x" * 40 + b",Writer\r\n"  # a quote left open to the end
    assert problems_of(world, world.seeded, {"requisitions.csv": data}) == [
        f"requisitions.csv, line 3, column id: {'x' * 40!r} is too long (at most 36 characters)",
        "requisitions.csv, line 3, column title: a value is required here",
        "requisitions.csv, line 3, column opened_on: a date is required here (YYYY-MM-DD)",
    ]


def test_a_missing_required_column_is_said_once_and_its_rows_are_not_read(world):
    header, records = world.valid["employees.csv"]
    data = write_csv(["id" if name == "id" else name.replace("email", "e-mail") for name in header], records)
    assert problems_of(world, world.seeded, {"employees.csv": data}) == [
        "employees.csv, line 1, column email: this required column is missing from the header"
    ]


def test_a_timestamp_whose_offset_leaves_the_calendar_is_a_problem(world):
    header, records = world.valid["surveys.csv"]
    rows = [list(records[0]), list(records[1])]
    rows[0][header.index("updated_at")] = "0001-01-01T00:00:00+01:00"
    rows[1][header.index("deleted_at")] = "9999-12-31T23:59:59-01:00"
    assert problems_of(world, world.seeded, {"surveys.csv": write_csv(header, rows)}) == [
        "surveys.csv, line 2, column updated_at: '0001-01-01T00:00:00+01:00' is out of range",
        "surveys.csv, line 3, column deleted_at: '9999-12-31T23:59:59-01:00' is out of range",
    ]


def test_deliveries_without_ids_are_matched_to_ours_by_advocate_and_asset(world):
    header, records = world.valid["deliveries.csv"]
    rows = [["", *row[1:]] for row in records[:20]]
    assert run_import(world, world.seeded, {"deliveries.csv": write_csv(header, rows)}) is None
    assert unchanged(world.scratch / "program.sqlite", world.seeded)  # the same rows, no new ones


@pytest.mark.parametrize("name", ["aliases.csv", "referral_visits.csv", "applications.csv", "deliveries.csv"])
def test_a_unique_key_shared_with_our_row_is_a_problem_on_its_line(world, name):
    header, records = world.valid[name]
    row = list(next(row for row in records if not row[header.index("deleted_at")]))
    row[0] = "a-new-id"  # the same key as our row, under another id
    if name == "applications.csv":
        row[header.index("ats")], row[header.index("external_id")] = "lever", "A-1"
        ours = list(row)
        ours[0], ours[header.index("updated_at")] = records[0][0], FUTURE_STAMP
        rows = [ours, row]  # ours takes the key first (written), the new row then collides
    else:
        rows = [row]
    problems = problems_of(world, world.seeded, {name: write_csv(header, rows)})
    assert len(problems) == 1 and problems[0].startswith(f"{name}, line {len(rows) + 1}: another live row already has the same")


def test_a_unique_key_twice_in_one_file_is_a_problem_on_its_line_past_a_chunk_into_an_empty_table(world):
    from advocacy_tui.store.csv_merge import CHUNK

    employees = write_csv(*world.valid["employees.csv"])
    header = ["alias", "source", "employee_email"]
    rows = [[f"Person {number}", "slack", world.emails[number % len(world.emails)]] for number in range(CHUNK + 100)]
    rows.append(["PERSON 10", "slack", world.emails[0]])  # line 12's alias (case aside), written a chunk ago
    problems = problems_of(world, world.empty, {"employees.csv": employees, "aliases.csv": write_csv(header, rows)})
    assert problems == [f"aliases.csv, line {len(rows) + 1}: another live row already has the same source and alias "
                        "(in the database or earlier in this file)"]


HOSTILE_SIGNALS = [
    "id,employee_email,source,kind,occurred_on,impressions,updated_at,deleted_at",
    ",{email},linkedin,share,2026-02-30,5,,",  # no such day
    ",{email},linkedin,share,2026-11-02,-3,,",  # a negative count
    ",\"nobody@example.com\n\x1b[2Jmore\",linkedin,share,2026-11-02,1,,",  # an unknown email with a newline and an escape
    "\x00,{email},linkedin,share,2026-11-02,1,,",  # NUL
    ",{email},LinkedIn,share,2026-11-02,1,,extra,values",  # too many values
]


@pytest.mark.parametrize("kind", ["mutated", "random"])
def test_the_command_line_says_each_problem_on_one_line_and_exits_1(world, tmp_path, kind):
    db = tmp_path / "program.sqlite"
    shutil.copyfile(world.seeded, db)
    path = tmp_path / "signals.csv"
    if kind == "mutated":
        text = "\r\n".join(HOSTILE_SIGNALS).format(email=world.emails[0]) + "\r\n"
        path.write_bytes(text.encode() + b"\xff\xfe broken \xc3(\r\n")
    else:
        path.write_bytes(bytes(range(256)) * 4)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run(
        [sys.executable, "-m", "advocacy_tui", "--db", str(db), "import", str(path)],
        capture_output=True, text=True, timeout=60, env=env,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    first, *problems = result.stderr.splitlines()
    assert first.startswith("advocacy: nothing was imported;")
    count = int(first.split("; ")[1].split()[0])
    assert len(problems) == min(count, MAX_DETAILS) + (count > MAX_DETAILS)
    assert all(line.startswith("signals.csv") for line in problems[:MAX_DETAILS])
    assert all(one_line_of_printable_text(line) for line in problems)
    if kind == "mutated":
        assert [line.split(":")[0] for line in problems] == [
            "signals.csv, line 2, column occurred_on",
            "signals.csv, line 3, column impressions",
            "signals.csv, line 4, column employee_email",
            "signals.csv, line 6",
            "signals.csv, line 7",
            "signals.csv, line 8",  # not UTF-8; and what it holds is no signal:
            "signals.csv, line 8, column employee_email",
            "signals.csv, line 8, column source",
            "signals.csv, line 8, column kind",
            "signals.csv, line 8, column occurred_on",
        ]
        assert "\\x1b[2J" in problems[2] and "\\n" in problems[2]  # shown, not obeyed
    assert unchanged(db, world.seeded)


# --------------------------------------------------------------------------- config.toml


VALID_CONFIG = tomli_w.dumps(Settings().model_dump())
ODD_TOML_VALUES = [
    "0", "-1", "1e999", "-1e999", "nan", "inf", "+inf", "9" * 40, "0x7fffffffffffffff", "0b1", "0o7", "true", "false",
    '""', '"  "', "''", '"\\u0000"', '"\\ud800"', '"\\U0010FFFF"', "[]", "{}", '[1, "a"]', "{ a = 1 }", "[[1], [2]]",
    "1979-05-27T07:32:00Z", "1979-05-27", "07:32:00", '"monday"', '"funday"', '"MONDAY"', "3.14", "0.0", "1.0",
    '"=1+1"', '"a=b@c, d"', '"ada=ada@example.com,bob"', '"10, 0, lots"', '"²"', '"10,25,50"', '" , "', '"lever"',
    "'''multi\nline'''", '"""\n"""', '"unterminated', "[", "{", "= 1", '"\x1b[2J"', '"é😀"',
    "[" * 2000 + "]" * 2000, "{a=" * 800 + "1" + "}" * 800,
]
ODD_TOML_KEYS = ["x", "Scorer", "scoring", "a.b", '""', "weekday", "scoring.candidates", "'scorer'"]
TOML_LINES = [
    "[scoring]", "[[scoring]]", "[scoring.deeper]", "[nope]", "x = 1", "scoring = 3", "scoring.candidates = 5",
    "a.b.c.d = 1", "[delivery]\nweekday = 'sunday'", "scorer = 'maria'", "scorer = 'maria'\nscorer = 'ana'",
    "\ufeff", "\x00", "# a comment", "\r", "[access]\nssh_users = 'ada=ada@example.com'", "[", "]", "= =",
]


def config_outcome(path: Path) -> str:
    try:
        loaded = load_settings(path)  # anything but ConfigError fails the test
    except ConfigError as error:
        message = str(error)
        assert message.startswith(f"{path}: "), message
        assert "Traceback" not in message
        return "refused"
    assert isinstance(loaded, Settings)
    return "read"


@st.composite
def mutated_configs(draw) -> bytes:
    lines = VALID_CONFIG.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(("value", "value", "drop", "duplicate", "swap", "insert", "key")))
        at = draw(st.integers(0, len(lines) - 1))
        if op == "value" and " = " in lines[at]:
            key = lines[at].split(" = ")[0]
            lines[at] = f"{key} = {draw(st.one_of(st.sampled_from(ODD_TOML_VALUES), st.text(max_size=12)))}"
        elif op == "drop":
            del lines[at]
        elif op == "duplicate":
            lines.insert(at, lines[at])
        elif op == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif op == "insert":
            lines.insert(at, draw(st.sampled_from(TOML_LINES)))
        elif op == "key" and " = " in lines[at]:
            lines[at] = f"{draw(st.sampled_from(ODD_TOML_KEYS))} = {lines[at].split(' = ', 1)[1]}"
        if not lines:
            lines = [""]
    newline = draw(st.sampled_from(("\n", "\r\n", "\r")))
    return mutate_bytes(draw, newline.join(lines).encode("utf-8", "surrogatepass"), most=2)


@pytest.fixture(scope="module")
def config_folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("config")


@examples(CONFIG_MUTATIONS)
@given(content=mutated_configs())
def test_a_mutated_config_is_read_or_refused_naming_the_file(config_folder, content):
    path = config_folder / "config.toml"
    path.write_bytes(content)
    assert config_outcome(path) in ("read", "refused")


@examples(CONFIG_RANDOM_BYTES)
@given(
    prefix=st.sampled_from((b"", b"\xef\xbb\xbf", b"\xff\xfe", b"[scoring]\n")),
    body=st.one_of(st.binary(max_size=300), st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass"))),
)
def test_random_bytes_as_config_are_refused_naming_the_file(config_folder, prefix, body):
    path = config_folder / "config.toml"
    path.write_bytes(prefix + body)
    assert config_outcome(path) in ("read", "refused")


def test_the_valid_config_reads_and_odd_files_are_refused(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(VALID_CONFIG, encoding="utf-8")
    assert config_outcome(path) == "read"
    for odd in ("a = " + "[" * 5000 + "]" * 5000, "scorer = '\x00'", "\x00", "[scoring]\ncandidates = 1e999"):
        path.write_bytes(odd.encode())
        assert config_outcome(path) == "refused", odd
    folder = tmp_path / "a folder.toml"
    folder.mkdir()
    assert config_outcome(folder) == "refused"
