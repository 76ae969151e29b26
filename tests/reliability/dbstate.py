"""What a database holds, as one comparable value, and the command line as a process.

`digest` is exact: every row of every table. `content_digest` leaves out what differs
from run to run when the same work is done twice (ids, created_at, updated_at): a row's
references stand for the content of the row they point at, so two runs of a tick that
made the same deliveries (with fresh random ids) compare equal.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

VOLATILE = {"id", "created_at", "updated_at"}


def _connect(path: Path) -> sqlite3.Connection:
    # Read-write on purpose: after a kill, the first connection recovers the WAL.
    return sqlite3.connect(path)


def _tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [row[0] for row in rows]


def digest(path: Path) -> dict[str, str]:
    """Table -> hash of its rows (all columns, in a stable order)."""
    connection = _connect(path)
    try:
        result = {}
        for table in _tables(connection):
            rows = sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{table}"'))
            result[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        return result
    finally:
        connection.close()


def content_digest(path: Path) -> dict[str, str]:
    """Table -> hash of its rows without ids and timestamps (references by content)."""
    connection = _connect(path)
    try:
        tables = _tables(connection)
        parents = {
            table: {row[3]: row[2] for row in connection.execute(f'PRAGMA foreign_key_list("{table}")')}
            for table in tables
        }
        row_hash: dict[str, dict[object, str]] = {}
        result: dict[str, str] = {}
        pending = list(tables)
        while pending:
            ready = [t for t in pending if all(p in row_hash or p == t for p in parents[t].values())]
            assert ready, f"circular references among {pending}"
            for table in ready:
                pending.remove(table)
                cursor = connection.execute(f'SELECT * FROM "{table}"')
                columns = [d[0] for d in cursor.description]
                hashes: dict[object, str] = {}
                rows = []
                for row in cursor:
                    values = dict(zip(columns, row))
                    kept = []
                    for column in columns:
                        value = values[column]
                        parent = parents[table].get(column)
                        if parent is not None and value is not None:
                            value = row_hash[parent].get(value, f"missing {value}")
                        if column not in VOLATILE or parent is not None:
                            kept.append((column, value))
                    hashed = hashlib.sha256(repr(kept).encode()).hexdigest()
                    hashes[values.get("id")] = hashed
                    rows.append(hashed)
                row_hash[table] = hashes
                result[table] = hashlib.sha256("\n".join(sorted(rows)).encode()).hexdigest()
        return result
    finally:
        connection.close()


def integrity(path: Path) -> list[str]:
    """PRAGMA integrity_check's answer: ["ok"] for a sound file."""
    connection = _connect(path)
    try:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")]
    finally:
        connection.close()


def copy_database(source: Path, target: Path) -> Path:
    """A fresh copy of a closed database file (no -wal or -shm of an earlier run)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    target.write_bytes(source.read_bytes())
    target.chmod(0o600)
    return target


def advocacy(*args: str, env: dict[str, str], **options) -> subprocess.Popen:
    """Start `python -m advocacy_tui ARGS` as a user would, output captured."""
    return subprocess.Popen(
        [sys.executable, "-m", "advocacy_tui", *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **options,
    )


def run_advocacy(*args: str, env: dict[str, str], timeout: float = 120, **options) -> subprocess.CompletedProcess:
    process = advocacy(*args, env=env, **options)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)
