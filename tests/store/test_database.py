"""Opening the file: pragmas, permissions, keys, versions and refusals."""

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text

from advocacy_tui.store.database import open_store
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.migrations import SCHEMA_VERSION, backup_path
from advocacy_tui.store.models import Employee, Score, Signal

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_new_file_is_private_wal_with_foreign_keys_and_busy_timeout(tmp_path):
    path = tmp_path / "nested" / "folder" / "program.sqlite"
    store = open_store(path)
    assert path.exists()
    assert os.stat(path).st_mode & 0o777 == 0o600
    with store.reading() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 1000
    store.close()


def test_email_is_unique_ignoring_case_and_tokens_are_random_and_stable(store):
    with store.writing() as session:
        first = Employee(email="Ada.Lovelace@Example.com", name="Ada")
        second = Employee(email="grace@example.com", name="Grace")
        session.add_all([first, second])
    assert first.advocate_token != second.advocate_token
    assert len(first.advocate_token) == 8
    token = first.advocate_token
    with store.writing() as session:
        session.get(Employee, first.id).title = "Engineer"
    with store.reading() as session:
        assert session.get(Employee, first.id).advocate_token == token
    with pytest.raises(StoreError, match="duplicate"):
        with store.writing() as session:
            session.add(Employee(email="ada.lovelace@example.COM", name="Other Ada"))
    with store.reading() as session:
        assert session.execute(select(Employee.name)).scalars().all().count("Other Ada") == 0


def test_every_entity_has_id_timestamps_and_tombstone(store):
    from advocacy_tui.store.models import ENTITIES

    assert len(ENTITIES) == 17
    for entity in ENTITIES:
        columns = set(entity.__table__.columns.keys())
        assert {"id", "created_at", "updated_at", "deleted_at"} <= columns, entity.__name__


def test_foreign_keys_are_enforced(store):
    with pytest.raises(StoreError, match="does not exist"):
        with store.writing() as session:
            session.add(Signal(employee_id="nobody", source="linkedin", kind="share", occurred_on=__import__("datetime").date(2026, 1, 1)))


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\n")
    with pytest.raises(StoreError, match="not an advocacy database"):
        open_store(path)
    assert path.read_text() == "shopping list\n"


def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE recipes (name TEXT)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not written by advocacy"):
        open_store(path)
    assert path.read_bytes() == before


def test_a_corrupt_file_gives_a_message_not_a_traceback(tmp_path, sqlite_store):
    store = sqlite_store
    with store.writing() as session:
        session.add(Employee(email="a@example.com", name="A"))
    store.close()
    path = Path(store.target)
    data = bytearray(path.read_bytes())
    data[100:4000] = os.urandom(3900)  # the header stays, the schema page is garbage
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(bytes(data))
    with pytest.raises(StoreError) as raised:
        open_store(damaged)
    assert "damaged" in str(raised.value) or "not an advocacy database" in str(raised.value)


def test_a_newer_schema_is_refused_and_left_alone(tmp_path, sqlite_store):
    store = sqlite_store
    store.close()
    path = Path(store.target)
    db = sqlite3.connect(path)
    db.execute("UPDATE store_meta SET value = '99' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version"):
        open_store(path)
    assert path.read_bytes() == before


def test_read_only_file_reads_but_refuses_writes_with_a_message(tmp_path, sqlite_store):
    store = sqlite_store
    with store.writing() as session:
        session.add(Employee(email="a@example.com", name="A"))
    store.close()
    path = Path(store.target)
    # Fold the WAL into the main file so a read-only open sees every row.
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    path.chmod(0o400)
    # root can write a 0400 file, so also ask for read-only explicitly (as CI runs as root)
    read_only = open_store(path, read_only=True if os.access(path, os.W_OK) else None)
    assert read_only.read_only
    with read_only.reading() as session:
        assert session.execute(select(Employee.name)).scalars().all() == ["A"]
    with pytest.raises(StoreError, match="read-only"):
        with read_only.writing() as session:
            session.add(Employee(email="b@example.com", name="B"))
    read_only.close()


def test_an_old_schema_is_upgraded_in_place_after_a_backup_keeping_every_row(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", path)
    store = open_store(path)
    with store.reading() as session:
        version = session.execute(text("SELECT value FROM store_meta WHERE key='schema_version'")).scalar()
        assert int(version) == SCHEMA_VERSION
        employees = session.scalars(select(Employee).order_by(Employee.email)).all()
        assert [e.email for e in employees] == [
            "person1@example.com",
            "person2@example.com",
            "person3@example.com",
        ]
        assert all(e.ssh_keys == "" for e in employees)
        assert session.execute(select(Signal)).scalars().all().__len__() == 5
        score = session.scalars(select(Score)).one()
        assert score.notes == "kept through upgrades"
    store.close()
    backup = backup_path(path, 1)
    assert backup.exists()
    old = sqlite3.connect(backup)
    assert old.execute("SELECT value FROM store_meta").fetchone() == ("1",)
    assert old.execute("SELECT count(*) FROM employee").fetchone() == (3,)
    old.close()
    # Opening again is a no-op: already at the current version.
    again = open_store(path)
    again.close()


def test_a_busy_database_is_retried_then_reported_in_one_line(tmp_path, monkeypatch):
    """Another program holds the write lock longer than the busy timeout: the write waits
    it out with backoff; held past every attempt, the user gets one line and nothing is
    written. (Timeouts shortened so the test takes a second, not half a minute.)"""
    import sqlite3
    import threading
    import time

    from advocacy_tui.store import database
    from advocacy_tui.store.models import Employee

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 150)
    monkeypatch.setattr(database, "WRITE_LOCK_RETRIES", (0.05, 0.1, 0.2))
    path = tmp_path / "busy.sqlite"
    store = open_store(path)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another program is writing

    threading.Timer(0.45, holder.execute, ("COMMIT",)).start()  # ... for longer than the timeout
    started = time.perf_counter()
    with store.writing() as session:
        session.add(Employee(email="waited@example.com", name="Waited"))
    assert time.perf_counter() - started > 0.3  # it did wait, past more than one busy timeout

    holder.execute("BEGIN IMMEDIATE")  # and now it never lets go
    with pytest.raises(StoreError, match=r"is busy \(another program is writing\); nothing was saved\. Try again\."):
        with store.writing() as session:
            session.add(Employee(email="never@example.com", name="Never"))
    holder.execute("ROLLBACK")
    holder.close()
    with store.reading() as session:
        assert sorted(session.execute(select(Employee.email)).scalars()) == ["waited@example.com"]
    store.close()


def test_an_upgraded_file_has_the_same_indexes_as_a_new_one(tmp_path):
    """An old file is as fast as a new one: every index of the current schema is there,
    with the same columns, and none the current schema dropped is left behind."""
    old = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", old)
    open_store(old).close()
    new = tmp_path / "new.sqlite"
    open_store(new).close()

    def indexes(path):
        connection = sqlite3.connect(path)
        try:
            rows = connection.execute(
                "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            ).fetchall()
        finally:
            connection.close()
        # Whitespace and quoting differ between CREATE INDEX written by hand and by SQLAlchemy.
        return {name: (table, " ".join(sql.replace('"', "").split())) for name, table, sql in rows}

    upgraded, fresh = indexes(old), indexes(new)
    assert sorted(upgraded) == sorted(fresh)
    differing = {name: (upgraded[name], fresh[name]) for name in fresh if upgraded[name] != fresh[name]}
    assert differing == {}
