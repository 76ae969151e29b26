"""`advocacy backup` and `advocacy check`, run as a user runs them."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest

from advocacy_tui.store.database import open_store
from advocacy_tui.store.demo import write_demo
from tests.reliability.dbstate import copy_database, digest, integrity, run_advocacy

DEMO_DAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo_original(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("maintenance") / "demo.sqlite"
    store = open_store(path)
    try:
        write_demo(store, today=DEMO_DAY)
    finally:
        store.close()
    return path


@pytest.fixture
def demo(demo_original, tmp_path) -> Path:
    (tmp_path / "db").mkdir()
    return copy_database(demo_original, tmp_path / "db" / "program.sqlite")


def _env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}


def advocacy(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return run_advocacy(*args, env=_env(tmp_path))


# ----------------------------------------------------------------------------- backup

# Writes pairs that must agree in any consistent copy: each transaction adds one baseline
# row and counts it in store_meta, until the stop file appears.
WRITER = textwrap.dedent(
    """
    import sqlite3, sys, time, uuid
    from pathlib import Path
    database, stop, ready = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    connection = sqlite3.connect(database, timeout=10, isolation_level=None)
    connection.execute("PRAGMA busy_timeout = 10000")
    written = 0
    while not stop.exists():
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(
            "INSERT INTO baseline (id, created_at, updated_at, taken_on, metric, value) "
            "VALUES (?, '2026-11-23 00:00:00', '2026-11-23 00:00:00', '2026-11-23', 'writer', ?)",
            (str(uuid.uuid4()), written),
        )
        connection.execute(
            "INSERT INTO store_meta (key, value) VALUES ('writer_rows', '1') "
            "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )
        connection.execute("COMMIT")
        written += 1
        if written == 50:
            ready.touch()
    print(written)
    """
)


def _writer_pairs(path: Path) -> tuple[int, int]:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT count(*) FROM baseline WHERE metric = 'writer'").fetchone()[0]
        counted = connection.execute("SELECT value FROM store_meta WHERE key = 'writer_rows'").fetchone()
        return rows, int(counted[0]) if counted else 0
    finally:
        connection.close()


def test_a_backup_taken_while_another_program_writes_is_a_consistent_sound_copy(demo, tmp_path):
    stop, ready = tmp_path / "stop", tmp_path / "ready"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(demo), str(stop), str(ready)], stdout=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert writer.poll() is None, "the writer stopped early"
            assert time.monotonic() < deadline, "the writer never got going"
            time.sleep(0.01)
        copies = []
        for number in range(2):
            destination = tmp_path / "backups" / f"copy-{number}.sqlite"
            result = advocacy(tmp_path, "--db", str(demo), "backup", str(destination))
            assert result.returncode == 0, result.stderr
            assert str(destination) in result.stdout
            copies.append(destination)
    finally:
        stop.touch()
        written = int(writer.communicate(timeout=60)[0])
    assert writer.returncode == 0
    for copy in copies:
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        assert integrity(copy) == ["ok"]
        rows, counted = _writer_pairs(copy)
        # One moment's snapshot: every transaction there whole, none half.
        assert rows == counted
        assert 50 <= rows <= written
        assert not Path(f"{copy}-wal").exists()  # one self-contained file
    # The copy is a working database: advocacy checks it clean.
    check = advocacy(tmp_path, "--db", str(copies[-1]), "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_backup_goes_next_to_the_file_by_default_and_never_overwrites(demo, tmp_path):
    before = digest(demo)
    result = advocacy(tmp_path, "--db", str(demo), "backup")
    assert result.returncode == 0, result.stderr
    made = sorted(demo.parent.glob("program.sqlite.backup-*.sqlite"))
    assert len(made) == 1
    assert re.fullmatch(r"program\.sqlite\.backup-\d{8}-\d{4}\.sqlite", made[0].name)
    assert stat.S_IMODE(made[0].stat().st_mode) == 0o600
    assert str(made[0]) in result.stdout
    assert "300 employee" in result.stdout and "signal" in result.stdout  # the row counts
    assert digest(made[0]) == before == digest(demo)
    # An existing destination is refused, untouched.
    again = advocacy(tmp_path, "--db", str(demo), "backup", str(made[0]))
    assert again.returncode == 1
    assert "already exists" in again.stderr and "Traceback" not in again.stderr
    assert digest(made[0]) == before


def test_a_server_database_is_backed_up_with_pg_dump(tmp_path):
    result = advocacy(tmp_path, "--db", "postgresql://coordinator:s3cret@db.example/advocacy", "backup")
    assert result.returncode == 1
    assert "pg_dump" in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "s3cret" not in result.stderr + result.stdout


def test_backing_up_a_missing_database_is_one_line(tmp_path):
    result = advocacy(tmp_path, "--db", str(tmp_path / "none.sqlite"), "backup")
    assert result.returncode == 1
    assert "no database" in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.glob("none.sqlite*"))


# ------------------------------------------------------------------------------ check


def _lines(result: subprocess.CompletedProcess) -> dict[str, str]:
    found = {}
    for line in result.stdout.splitlines():
        name, _, rest = line.partition(":")
        if rest:
            found[name.strip()] = rest.strip()
    return found


def test_check_passes_a_healthy_demo(demo, tmp_path):
    before = digest(demo)
    result = advocacy(tmp_path, "--db", str(demo), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = _lines(result)
    assert set(lines) >= {"integrity", "foreign keys", "orphans", "schema", "config"}
    assert all(words.startswith("ok") for words in lines.values()), result.stdout
    assert digest(demo) == before  # a check writes nothing


def test_check_names_orphaned_rows_written_with_foreign_keys_off(demo, tmp_path):
    connection = sqlite3.connect(demo)
    connection.execute("PRAGMA foreign_keys = OFF")
    delivery = connection.execute("SELECT id FROM delivery ORDER BY id LIMIT 1").fetchone()[0]
    connection.execute("UPDATE delivery SET asset_id = 'gone-asset' WHERE id = ?", (delivery,))
    connection.execute(
        "INSERT INTO alias (id, created_at, updated_at, alias, source, employee_id) "
        "VALUES ('orphan-alias', '2026-11-23 00:00:00', '2026-11-23 00:00:00', 'Sam P.', 'slack', 'gone-employee')"
    )
    connection.commit()
    connection.close()
    result = advocacy(tmp_path, "--db", str(demo), "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = _lines(result)
    assert "delivery.asset_id 1" in lines["orphans"] and delivery in lines["orphans"]
    assert "alias.employee_id 1" in lines["orphans"] and "orphan-alias" in lines["orphans"]
    assert "2 row(s)" in lines["foreign keys"]
    assert lines["integrity"] == "ok" and lines["config"].startswith("ok")
    assert "problem" in result.stdout.splitlines()[-1]


def test_check_reports_a_broken_config_with_its_key(demo, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[scoring]\ncandidates = -4\n")
    result = advocacy(tmp_path, "--db", str(demo), "--config", str(config), "check")
    assert result.returncode == 1
    lines = _lines(result)
    assert "scoring.candidates" in lines["config"]
    assert lines["integrity"] == "ok" and lines["orphans"].startswith("ok")  # the rest still checked


def test_check_reports_an_old_schema_without_upgrading_it(demo, tmp_path):
    connection = sqlite3.connect(demo)
    connection.execute("UPDATE store_meta SET value = '4' WHERE key = 'schema_version'")
    connection.commit()
    connection.close()
    result = advocacy(tmp_path, "--db", str(demo), "check")
    assert result.returncode == 1
    assert "version 4" in _lines(result)["schema"]
    connection = sqlite3.connect(demo)
    assert connection.execute("SELECT value FROM store_meta WHERE key = 'schema_version'").fetchone()[0] == "4"
    connection.close()
    assert not list(demo.parent.glob("*.bak"))  # not upgraded, so no upgrade backup either


def test_check_reports_a_damaged_file(demo, tmp_path):
    data = bytearray(demo.read_bytes())
    page = 4096
    # Scribble over a page in the middle (a table or index page, not the header).
    middle = (len(data) // page // 2) * page
    data[middle : middle + page] = os.urandom(page)
    demo.write_bytes(bytes(data))
    result = advocacy(tmp_path, "--db", str(demo), "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "damaged" in result.stderr or not _lines(result)["integrity"].startswith("ok")
