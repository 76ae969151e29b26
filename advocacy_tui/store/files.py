"""Checks on a database path that need no SQLAlchemy, so the command line can refuse a bad
file in milliseconds, before the TUI starts (and before SQLAlchemy is imported)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from advocacy_tui.store.errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"
# The schema this version of advocacy writes; `migrations` carries older files up to it.
SCHEMA_VERSION = 5
FIRST_VERSION = 1


def is_url(target: str) -> bool:
    return "://" in target


def display_target(target: str) -> str:
    """A database path or URL as messages show it: a URL's password replaced by ***."""
    if not is_url(target):
        return target
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(target)
        if parts.password is None:
            return target
        login = f"{parts.username}:***" if parts.username else ":***"
        host = parts.netloc.rsplit("@", 1)[-1]
        return urlunsplit(parts._replace(netloc=f"{login}@{host}"))
    except ValueError:
        return target.split("://", 1)[0] + "://***"


def check_sqlite_file(path: Path) -> None:
    """Refuse a path that exists but is not a SQLite database (a missing one is created)."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except PermissionError:
        raise StoreError(f"{path} cannot be read (permission denied).") from None
    if header and header != SQLITE_HEADER:
        raise StoreError(f"{path} is not an advocacy database (not a SQLite file).")


def probe_sqlite(path: Path) -> None:
    """Refuse a foreign, damaged or newer file before anything (even WAL mode) touches it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = None
            if "store_meta" in tables:
                row = connection.execute("SELECT value FROM store_meta WHERE key = 'schema_version'").fetchone()
                version = int(row[0]) if row else None
        finally:
            connection.close()
    except (sqlite3.DatabaseError, ValueError):
        raise StoreError(f"{path} is damaged or not an advocacy database.") from None
    if tables and "store_meta" not in tables:
        raise StoreError(f"{path} was not written by advocacy (it has other tables).")
    if version is not None and version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer version of advocacy (schema {version}; this one "
            f"knows up to {SCHEMA_VERSION}). Upgrade advocacy to open it; the file was not touched."
        )
