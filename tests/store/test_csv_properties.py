"""Property tests: any program (random rows of every entity, awkward text included) survives
export -> import into an empty database -> export, byte for byte and value for value; and
the database-written lines equal csv.writer's."""

from __future__ import annotations

import shutil
import string
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select

from advocacy_tui.program import vocabulary as v
from advocacy_tui.program.tokens import asset_token
from advocacy_tui.store.csv_columns import (
    ENTITY_FILES,
    SPEC_BY_FILE,
    TEXT,
    CellError,
    format_stamp,
    neutralise,
    parse_count,
    parse_stamp,
    stamp_of,
    unneutralise,
)
from advocacy_tui.store.csv_export import export_all, export_file
from advocacy_tui.store.csv_import import import_files
from advocacy_tui.store.database import open_store
from advocacy_tui.store.models import (
    Application,
    Asset,
    Award,
    Baseline,
    Delivery,
    Employee,
    Enrollment,
    Feedback,
    Post,
    Requisition,
    Score,
    Signal,
    Survey,
)
from tests.backends import Targets

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Any text a person could type, plus the starts that matter: formula characters, quotes,
# CSV's own delimiters and line breaks. NUL is left out: no spreadsheet can hold it.
LETTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
AWKWARD_STARTS = ["=", "+", "-", "@", "\t", "\r", "'", "'=", "''+", "'x", ",", '"', "\n", "\r\n", " ", "é", "—"]
plain_text = st.text(LETTERS, max_size=12)
text = st.one_of(plain_text, st.builds(lambda start, rest: start + rest, st.sampled_from(AWKWARD_STARTS), plain_text))
filled = text.filter(lambda value: value.strip() != "")
maybe_text = st.one_of(st.none(), text)
key_chars = string.ascii_letters + string.digits + "-=+@'_.é"
keys = st.text(key_chars, min_size=1, max_size=36)
days = st.dates(date(1900, 1, 1), date(2199, 12, 31))
moments = st.datetimes(datetime(1970, 1, 1), datetime(2100, 12, 31))
counts = st.integers(0, 2**63 - 1)
marks = st.integers(1, 5)
numbers = st.floats(allow_nan=False, allow_infinity=False)


def tracked(draw) -> dict:
    updated = draw(moments)
    deleted = draw(st.one_of(st.none(), moments))
    return {"updated_at": updated, "created_at": updated, "deleted_at": deleted}


@st.composite
def programs(draw) -> dict[type, list[dict]]:
    fresh = iter(draw(st.lists(keys, min_size=32, max_size=32, unique=True)))  # more than the rows drawn
    next_id = fresh.__next__
    rows: dict[type, list[dict]] = {}
    local = st.text(st.characters(whitelist_categories=("Ll", "Lu", "Lo", "Nd")), min_size=1, max_size=6)
    employees = []
    for number in range(draw(st.integers(1, 4))):
        start = draw(st.sampled_from(["", "-", "=", "+", "@", "'="]))
        employees.append(
            {
                "id": next_id(),
                "email": f"{start}{draw(local)}.{number}@{draw(st.sampled_from(['example.com', 'ÉXAMPLE.org']))}",
                "name": draw(filled),
                "department": draw(text),
                "title": draw(text),
                "seniority": draw(st.sampled_from(v.SENIORITIES)),
                "manager_email": draw(maybe_text),
                "network_size": draw(counts),
                "location": draw(text),
                "advocate_token": f"t{number}{draw(st.text(key_chars, max_size=8))}"[:16],
                "ssh_keys": "",
                **tracked(draw),
            }
        )
    rows[Employee] = employees
    people = [row["id"] for row in employees]

    def some(strategy, most: int) -> list:
        return draw(st.lists(strategy, max_size=most))

    rows[Requisition] = [
        {"id": next_id(), "title": draw(filled), "opened_on": draw(days), "filled_on": draw(st.one_of(st.none(), days)),
         "promoted": draw(st.booleans()), **tracked(draw)}
        for _ in some(st.none(), 2)
    ]
    rows[Asset] = []
    for _ in some(st.none(), 2):
        ident = next_id()
        rows[Asset].append(
            {"id": ident, "token": asset_token(ident), "title": draw(filled), "topic": draw(filled), "platform": draw(filled),
             "tone": draw(text), "caption": draw(text), "hashtags": "|".join(some(plain_text, 3)), "format": draw(text),
             "starters": "|".join(some(text, 2)), "link": draw(text), "campaign": draw(text), "category": draw(text),
             "status": draw(st.sampled_from(v.ASSET_STATUSES)), "available_from": draw(st.one_of(st.none(), days)),
             "expires_on": draw(st.one_of(st.none(), days)), **tracked(draw)}
        )
    assets = [row["id"] for row in rows[Asset]]
    maybe_asset = st.one_of(st.none(), st.sampled_from(assets)) if assets else st.none()
    person = st.sampled_from(people)
    rows[Signal] = [
        {"id": next_id(), "employee_id": draw(person), "source": draw(st.sampled_from(v.SOURCES)),
         "kind": draw(st.sampled_from(v.SIGNAL_KINDS)), "occurred_on": draw(days), "impressions": draw(counts),
         "reactions": draw(counts), "comments": draw(counts), "shares": draw(counts), "url": draw(maybe_text), **tracked(draw)}
        for _ in some(st.none(), 3)
    ]
    rows[Baseline] = [
        {"id": next_id(), "taken_on": draw(days), "metric": draw(filled), "value": draw(st.one_of(st.none(), numbers)), **tracked(draw)}
        for _ in some(st.none(), 2)
    ]
    rows[Score] = [
        {"id": next_id(), "employee_id": draw(person), "scorer": draw(filled),
         **{dimension: draw(marks) for dimension in v.DIMENSIONS}, "scored_on": draw(days), "notes": draw(text), **tracked(draw)}
        for _ in some(st.none(), 2)
    ]
    rows[Enrollment] = []
    for employee in draw(st.lists(person, unique=True, max_size=2)):  # one live enrollment each
        status = draw(st.sampled_from(v.ENROLLMENT_STATUSES))
        orientation, policy, opted_in = (draw(st.one_of(st.none(), days)) for _ in range(3))
        if status == "enrolled":  # the step 3 gate: all three, none after the opt-in
            orientation, policy, opted_in = sorted(draw(days) for _ in range(3))
        elif status == "oriented" and orientation is None:
            orientation = draw(days)
        rows[Enrollment].append(
            {"id": next_id(), "employee_id": employee, "channel": draw(st.sampled_from(v.CHANNELS)),
             "nominated_by": draw(maybe_text), "status": status, "category": draw(text), "orientation_on": orientation,
             "policy_ack_on": policy, "opted_in_on": opted_in, **tracked(draw)}
        )
    # An asset reaches an advocate once (schema v4): distinct (advocate, asset) pairs.
    pairs = draw(st.lists(st.tuples(person, st.sampled_from(assets)), unique=True, max_size=2)) if assets else []
    rows[Delivery] = [
        {"id": next_id(), "advocate_id": advocate, "asset_id": asset, "delivered_on": draw(days),
         "due_on": draw(st.one_of(st.none(), days)), "status": draw(st.sampled_from(v.DELIVERY_STATUSES)),
         "shared_on": draw(st.one_of(st.none(), days)), "post_url": draw(maybe_text), "personalized_text": draw(text),
         **tracked(draw)}
        for advocate, asset in pairs
    ]
    rows[Feedback] = [
        {"id": next_id(), "advocate_id": draw(person), "asset_id": draw(maybe_asset), "kind": draw(st.sampled_from(v.FEEDBACK_KINDS)),
         "text": draw(filled), "status": draw(st.sampled_from(v.FEEDBACK_STATUSES)), "created_on": draw(days), **tracked(draw)}
        for _ in some(st.none(), 2)
    ]
    rows[Post] = [
        {"id": next_id(), "advocate_id": draw(person), "asset_id": draw(maybe_asset), "platform": draw(filled),
         "posted_on": draw(days), "url": draw(maybe_text), "impressions": draw(counts), "reactions": draw(counts),
         "comments": draw(counts), "shares": draw(counts), "clicks": draw(counts), "referral_visits": draw(counts),
         **tracked(draw)}
        for _ in some(st.none(), 2)
    ]
    requisitions = [row["id"] for row in rows[Requisition]]
    rows[Application] = [
        {"id": next_id(), "requisition_id": draw(st.one_of(st.none(), st.sampled_from(requisitions)) if requisitions else st.none()),
         "applied_on": draw(days), "source": draw(text), "utm_campaign": draw(maybe_text), "utm_content": draw(maybe_text),
         **tracked(draw)}
        for _ in some(st.none(), 2)
    ]
    rows[Survey] = [
        {"id": next_id(), "survey_on": draw(days), "score": draw(numbers), **tracked(draw)} for _ in some(st.none(), 2)
    ]
    rows[Award] = [
        {"id": next_id(), "advocate_id": draw(person), "milestone": draw(filled), "awarded_on": draw(days),
         "reward": draw(text), "note": draw(text), "spotlight_quarter": draw(maybe_text), **tracked(draw)}
        for _ in some(st.none(), 2)
    ]
    return rows


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """An empty database file, copied for every example (creating the schema is slower)."""
    path = tmp_path_factory.mktemp("template") / "empty.sqlite"
    open_store(path).close()
    return path


def fresh_store(template: Path, folder: Path, name: str):
    shutil.copyfile(template, folder / name)
    return open_store(folder / name)


def contents(store) -> dict[str, list[tuple]]:
    """Every synced value, per file, ordered by id; an empty nullable text reads as None."""
    found = {}
    with store.reading() as session:
        for name in ENTITY_FILES:
            spec = SPEC_BY_FILE[name]
            table = spec.table
            query = select(*(table.c[column.attr] for column in spec.columns)).order_by(table.c.id)
            nullable_text = [column.kind == TEXT and column.nullable for column in spec.columns]
            found[name] = [
                tuple(None if (blank and value == "") else value for blank, value in zip(nullable_text, row))
                for row in session.execute(query)
            ]
    return found


@SETTINGS
@given(program=programs())
def test_export_import_export_gives_the_same_bytes_and_values(template, program):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        source = fresh_store(template, folder, "source.sqlite")
        target = fresh_store(template, folder, "target.sqlite")
        try:
            again = round_trip(source, target, program, folder)
            assert all(f.unchanged == f.rows for f in again.files)
        finally:
            source.close()
            target.close()


# Fewer examples on a server: each one creates and drops two databases.
@pytest.mark.postgresql
@settings(SETTINGS, max_examples=6)
@given(program=programs())
def test_export_import_export_gives_the_same_bytes_and_values_on_postgresql(pg_server, program):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        targets = Targets("postgresql", folder, pg_server, lambda: None)
        source, target = open_store(targets("source")), open_store(targets("target"))
        try:
            again = round_trip(source, target, program, folder)
            assert all(f.unchanged == f.rows for f in again.files)
        finally:
            source.close()
            target.close()
            targets.close()


def round_trip(source, target, program, folder: Path):
    """Export the program, import it into the empty target, export again: the same bytes.
    Returns the report of importing the second export again (every row unchanged)."""
    with source.engine.begin() as connection:
        for model, rows in program.items():
            if rows:
                connection.execute(insert(model), rows)
    first = export_all(source, folder / "first")
    (folder / "portable").mkdir()
    with source.engine.connect() as connection:  # csv.writer and SQL write the same bytes
        for name in ENTITY_FILES:
            export_file(connection, SPEC_BY_FILE[name], folder / "portable", fast=False)
            assert (folder / "portable" / name).read_bytes() == (folder / "first" / name).read_bytes(), name
    report = import_files(target, [folder / "first"])
    assert {f.file: f.new + f.deleted for f in report.files} == first
    export_all(target, folder / "second")
    for name in ENTITY_FILES:
        assert (folder / "first" / name).read_bytes() == (folder / "second" / name).read_bytes(), name
    assert contents(target) == contents(source)
    return import_files(target, [folder / "second"])


@given(st.text(LETTERS))
def test_neutralise_is_undone_exactly_and_leaves_nothing_a_spreadsheet_runs(value):
    written = neutralise(value)
    assert unneutralise(written) == value
    assert not written or written[0] not in "=+-@\t\r"


@given(moments)
def test_timestamps_survive_their_written_form(moment):
    written = format_stamp(stamp_of(moment))
    assert written.endswith("Z") and len(written) == 27
    assert parse_stamp(written) == stamp_of(moment)
    assert parse_stamp(written[:-1]) == stamp_of(moment)


@given(st.integers(-(2**70), 2**70))
def test_counts_are_whole_numbers_from_zero_to_the_database_limit(number):
    if 0 <= number < 2**63:
        assert parse_count(str(number)) == number
    else:
        with pytest.raises(CellError):
            parse_count(str(number))
