"""A team on one server: what is particular to PostgreSQL. The first open creates the
schema (once, however many coordinators open it at the same moment), an old schema is
upgraded in place, a newer or foreign one is refused, coordinators writing at the same
time keep each other's writes, and a server that cannot be reached is one line of words.

Everything else the store does is tested on PostgreSQL by the other store tests (their
`[postgresql]` runs). The tests here that need a server are skipped without
ADVOCACY_TEST_PG; those about a server that is not there run always.
"""

from __future__ import annotations

import base64
import multiprocessing
import os
import socket
import struct
import subprocess
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import DateTime, MetaData, create_engine, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SAWarning

from advocacy_tui.config import Settings
from advocacy_tui.store import cohort, database
from advocacy_tui.store.content.tick import run_tick
from advocacy_tui.store.database import open_store
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.files import SCHEMA_VERSION
from advocacy_tui.store.models import Delivery, Employee, Score, Signal
from advocacy_tui.store.scoring import save_score
from tests.backends import Targets
from tests.conftest import TODAY

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def targets(pg_server, tmp_path):
    made = Targets("postgresql", tmp_path, pg_server, lambda: None)
    yield made
    made.close()


def version_of(store) -> int:
    with store.reading() as session:
        return int(session.execute(text("SELECT value FROM store_meta WHERE key = 'schema_version'")).scalar())


# ------------------------------------------------------------------ creating and upgrading


@pytest.mark.postgresql
def test_the_first_open_of_an_empty_database_creates_the_schema(targets):
    store = open_store(targets("blank", blank=True))
    try:
        assert version_of(store) == SCHEMA_VERSION
        with store.writing() as session:
            session.add(Employee(email="ada@example.com", name="Ada"))
    finally:
        store.close()
    again = open_store(store.engine.url.render_as_string(hide_password=False))
    try:
        with again.reading() as session:
            assert session.scalars(select(Employee.email)).all() == ["ada@example.com"]
    finally:
        again.close()


@pytest.mark.postgresql
def test_coordinators_opening_a_new_database_at_once_create_the_schema_once(targets):
    url = targets("blank", blank=True)
    with ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(lambda _: open_store(url), range(4)))
    try:
        assert [version_of(store) for store in stores] == [SCHEMA_VERSION] * 4
    finally:
        for store in stores:
            store.close()


@pytest.mark.postgresql
def test_a_newer_schema_on_the_server_is_refused_and_left_alone(targets):
    url = targets("newer")
    store = open_store(url)
    with store.writing() as session:
        session.execute(text("UPDATE store_meta SET value = '99' WHERE key = 'schema_version'"))
    store.close()
    with pytest.raises(StoreError, match="newer version") as raised:
        open_store(url)
    assert "***" in str(raised.value) and make_url(url).password not in str(raised.value)
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT value FROM store_meta")).scalar() == "99"
    engine.dispose()


@pytest.mark.postgresql
def test_a_database_holding_other_tables_is_refused_untouched(targets):
    url = targets("foreign", blank=True)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE recipes (name TEXT)"))
    with pytest.raises(StoreError, match="not written by advocacy"):
        open_store(url)
    with engine.connect() as connection:
        tables = connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
    engine.dispose()
    assert tables == ["recipes"]


def _copy_v1_fixture(url: str) -> None:
    """The schema v1 file's tables, indexes and rows, put on the server as an old install
    would have them (SQLite's DATETIME is PostgreSQL's TIMESTAMP)."""
    source = create_engine(f"sqlite:///{FIXTURES / 'schema_v1.sqlite'}")
    old = MetaData()
    with warnings.catch_warnings():  # an index on lower(email) is not reflected: made below
        warnings.simplefilter("ignore", SAWarning)
        old.reflect(source)
    with source.connect() as reading:
        indexes = reading.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")).all()
    reflected = {index.name for table in old.tables.values() for index in table.indexes}
    for table in old.tables.values():
        for column in table.columns:
            if isinstance(column.type, DateTime):
                column.type = DateTime()
    server = create_engine(url)
    with source.connect() as reading, server.begin() as writing:
        old.create_all(writing)
        for name, statement in indexes:
            if name not in reflected:
                writing.exec_driver_sql(statement)
        for table in old.sorted_tables:
            rows = [dict(row._mapping) for row in reading.execute(select(table))]
            if rows:
                writing.execute(insert(table), rows)
    source.dispose()
    server.dispose()


@pytest.mark.postgresql
def test_a_v1_database_on_the_server_is_upgraded_in_place_keeping_every_row(targets):
    url = targets("old", blank=True)
    _copy_v1_fixture(url)
    store = open_store(url)
    try:
        assert version_of(store) == SCHEMA_VERSION
        with store.reading() as session:
            employees = session.scalars(select(Employee).order_by(Employee.email)).all()
            assert [e.email for e in employees] == ["person1@example.com", "person2@example.com", "person3@example.com"]
            assert all(e.ssh_keys == "" for e in employees)
            assert session.execute(select(func.count()).select_from(Signal)).scalar() == 5
            assert session.scalars(select(Score)).one().notes == "kept through upgrades"
        # The upgraded tables take the writes of this version.
        with store.writing() as session:
            session.add(Signal(employee_id=employees[0].id, source="linkedin", kind="share",
                               occurred_on=TODAY, reactions=2**40, count=3))
    finally:
        store.close()
    open_store(url).close()  # opening again is a no-op


# ------------------------------------------------------------------ writers at the same time


def _fake_key(owner: int, number: int) -> str:
    """An ed25519 public key line of the right shape (the store checks the shape only)."""
    def field(data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + data

    material = bytes([owner, number]) * 16
    blob = field(b"ssh-ed25519") + field(material)
    return f"ssh-ed25519 {base64.b64encode(blob).decode()} coordinator{owner}-{number}"


ROUNDS = 12


def _as_a_coordinator_would(action) -> None:
    """Do it; told the database is busy (the other coordinator held it five seconds, which a
    loaded machine can do), do it again, as the message says."""
    for _ in range(5):
        try:
            return action()
        except StoreError as error:
            if "busy" not in str(error):
                raise
    raise AssertionError("still busy after five tries")


def _coordinator(url: str, owner: int, start, folder: str) -> None:
    """One coordinator's session: read-modify-write on a row the other one also changes
    (the shared employee's SSH keys), a column of their own on that row, scores of their
    own, and the weekly tick, which the other coordinator runs at the same moment."""
    store = open_store(url)
    try:
        with store.reading() as session:
            shared = session.scalars(select(Employee).order_by(Employee.id)).first()
            people = session.scalars(select(Employee.id).order_by(Employee.id).limit(ROUNDS)).all()
        start.wait(30)
        marks = {"network_relevance": 3, "engagement_quality": 4, "subject_depth": 2, "cultural_alignment": 5}

        def edit(number: int) -> None:
            with store.writing() as session:
                employee = session.get(Employee, shared.id)
                if owner == 0:
                    employee.title = f"title {number}"
                else:
                    employee.location = f"location {number}"

        for number in range(ROUNDS):
            _as_a_coordinator_would(lambda: cohort.add_ssh_key(store, shared.email, _fake_key(owner, number)))
            _as_a_coordinator_would(lambda: edit(number))
            _as_a_coordinator_would(lambda: save_score(store, people[number], f"coordinator {owner}", marks, TODAY))
        monday = TODAY + timedelta(days=7)
        _as_a_coordinator_would(lambda: run_tick(
            store, Settings(), monday, outbox=Path(folder) / f"outbox{owner}", reports=Path(folder) / f"reports{owner}"
        ))
    finally:
        store.close()


@pytest.mark.postgresql
def test_two_coordinators_writing_at_the_same_time_keep_each_others_writes(targets, tmp_path):
    url = targets("demo", demo=True)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    workers = [context.Process(target=_coordinator, args=(url, owner, start, str(tmp_path))) for owner in (0, 1)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(180)
    assert [worker.exitcode for worker in workers] == [0, 0]

    store = open_store(url)
    try:
        with store.reading() as session:
            shared = session.scalars(select(Employee).order_by(Employee.id)).first()
            lines = [line for line in shared.ssh_keys.splitlines() if line.strip()]
            assert sorted(line.rsplit(" ", 1)[1] for line in lines) == sorted(
                f"coordinator{owner}-{number}" for owner in (0, 1) for number in range(ROUNDS)
            )
            assert (shared.title, shared.location) == (f"title {ROUNDS - 1}", f"location {ROUNDS - 1}")
            for owner in (0, 1):
                scored = session.execute(
                    select(func.count()).select_from(Score).where(Score.scorer == f"coordinator {owner}")
                ).scalar()
                assert scored == ROUNDS
            monday = TODAY + timedelta(days=7)
            dropped = session.execute(
                select(func.count()).select_from(Delivery).where(Delivery.delivered_on == monday)
            ).scalar()
    finally:
        store.close()
    # The two ticks dropped the week's content once, as one tick does on its own.
    alone = open_store(targets("alone", demo=True))
    try:
        result = run_tick(alone, Settings(), TODAY + timedelta(days=7), outbox=tmp_path / "a", reports=tmp_path / "r")
    finally:
        alone.close()
    assert dropped == sum(len(drop.titles) for drop in result.drops) > 0


@pytest.mark.postgresql
def test_a_writer_waits_for_the_other_then_says_busy_not_a_traceback(targets, monkeypatch):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)
    url = targets("busy")
    first, second = open_store(url), open_store(url)
    try:
        with first.writing() as session:
            session.add(Employee(email="ada@example.com", name="Ada"))
            with pytest.raises(StoreError) as raised:
                with second.writing() as other:
                    other.add(Employee(email="grace@example.com", name="Grace"))
            assert "busy" in str(raised.value) and "Try again" in str(raised.value)
        with second.writing() as other:  # once the first is done, the second goes through
            other.add(Employee(email="grace@example.com", name="Grace"))
        with second.reading() as session:
            assert session.scalars(select(Employee.email).order_by(Employee.email)).all() == [
                "ada@example.com", "grace@example.com"
            ]
    finally:
        first.close()
        second.close()


# ------------------------------------------------------------------ URLs and messages


@pytest.mark.postgresql
def test_a_plain_postgresql_url_uses_the_driver_advocacy_ships(targets):
    url = make_url(targets("plain")).set(drivername="postgresql").render_as_string(hide_password=False)
    store = open_store(url)
    try:
        assert store.engine.dialect.driver == "psycopg"
        assert store.target.startswith("postgresql://") and ":***@" in store.target
    finally:
        store.close()


def _refused_port() -> int:
    """A local port nothing listens on (the kernel's pick, closed again)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_server_that_cannot_be_reached_is_one_line_without_the_password():
    url = f"postgresql+psycopg://coordinator:s3cret@127.0.0.1:{_refused_port()}/advocacy"
    with pytest.raises(StoreError) as raised:
        open_store(url)
    message = str(raised.value)
    assert message.startswith("Cannot connect to postgresql+psycopg://coordinator:***@127.0.0.1:")
    assert "refused" in message.lower() and "\n" not in message and "s3cret" not in message


def test_an_unknown_kind_of_url_is_one_line():
    with pytest.raises(StoreError, match=r"^Cannot use nosuchdb://u:\*\*\*@host/db: ") as raised:
        open_store("nosuchdb://u:pw@host/db")
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("command", [["metrics", "--json"], ["demo", "--no-open"]])
def test_the_command_line_says_so_in_one_line_and_exits_1(command, tmp_path):
    url = f"postgresql+psycopg://coordinator:s3cret@127.0.0.1:{_refused_port()}/advocacy"
    result = subprocess.run(
        [sys.executable, "-m", "advocacy_tui", "--db", url, *command],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
        env={**os.environ, "ADVOCACY_DB": ""},
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("advocacy: Cannot connect to ") and "s3cret" not in lines[0]


@pytest.mark.postgresql
def test_a_row_the_server_refuses_is_named_by_line_with_no_driver_noise(targets, tmp_path):
    """The chunk is refused and written again row by row to find the line: the coordinator
    reads that line's number and reason only, and nothing of the import is kept."""
    url = targets("refused")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "employees.csv").write_text(
        "email,name\n" + "".join(f"p{number}@example.com,Person {number}\n" for number in range(200)), encoding="utf-8"
    )
    aliases = [f"Person {number} S,slack,p{number}@example.com" for number in range(200)]
    aliases.append("PERSON 7 S,slack,p8@example.com")  # line 202: line 9's key, case aside
    (folder / "aliases.csv").write_text("alias,source,employee_email\n" + "\n".join(aliases) + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "advocacy_tui", "--db", url, "import", str(folder)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env={**os.environ, "ADVOCACY_DB": ""},
    )
    assert result.returncode == 1, result.stderr
    assert "aliases.csv, line 202: another live row already has the same source and alias" in result.stderr
    assert "psycopg" not in result.stderr and "Pipeline" not in result.stderr
    store = open_store(url)
    try:
        with store.reading() as session:
            assert session.execute(select(func.count()).select_from(Employee)).scalar() == 0  # nothing kept
    finally:
        store.close()
