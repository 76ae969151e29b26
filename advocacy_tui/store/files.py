"""Checks on a database path that need no SQLAlchemy, so the command line can refuse a bad
file in milliseconds, before the TUI starts (and before SQLAlchemy is imported)."""

from __future__ import annotations

from pathlib import Path

from advocacy_tui.store.errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"


def is_url(target: str) -> bool:
    return "://" in target


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
