"""Checks on a database path that need no SQLAlchemy, so the command line can refuse a bad
file in milliseconds, before the TUI starts (and before SQLAlchemy is imported)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from advocacy_tui.store.errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"
# The schema this version of advocacy writes; `migrations` carries older files up to it.
SCHEMA_VERSION = 6
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


def sidecars_blocked(path: Path) -> bool:
    """True when SQLite could not create the `-wal` and `-shm` files it keeps beside a
    WAL database (its folder cannot be written: a read-only folder or file system) and
    they are not there. Nobody can be writing the file then (a writer needs them), so it
    can only be read as it stands: opened `immutable`."""
    folder = path.parent
    return (
        not os.access(folder, os.W_OK | os.X_OK)
        and not Path(f"{path}-wal").exists()
        and not Path(f"{path}-shm").exists()
    )


def disk_nearly_full(folder: Path) -> bool:
    """Less free space than SQLite needs to open a file (its 32 KiB -shm and a page or two):
    an I/O error there is a full disk."""
    try:
        return shutil.disk_usage(folder).free < 256 * 1024
    except OSError:
        return False


def _read_meta(path: Path, immutable: bool) -> tuple[set[str], int | None]:
    flags = "mode=ro&immutable=1" if immutable else "mode=ro"
    connection = sqlite3.connect(f"file:{path}?{flags}", uri=True)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = None
        if "store_meta" in tables:
            row = connection.execute("SELECT value FROM store_meta WHERE key = 'schema_version'").fetchone()
            version = int(row[0]) if row else None
    finally:
        connection.close()
    return tables, version


def unreadable(path: Path, error: sqlite3.Error) -> str:
    """Why SQLite could not read `path`, in words: a damaged file is not a full disk."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if name == "SQLITE_FULL":
        return f"{path} cannot be opened: the disk is full. Free some space and try again."
    if name.startswith("SQLITE_IOERR") and disk_nearly_full(path.parent):
        return f"{path} cannot be opened: the disk is full. Free some space and try again."
    if name.startswith("SQLITE_IOERR"):
        return f"{path} cannot be read: disk I/O error (the disk may be failing, full or gone)."
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return f"{path} is busy (another program is writing); try again."
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_READONLY", "SQLITE_AUTH")):
        if not os.access(path.parent, os.W_OK | os.X_OK):
            return f"{path} cannot be opened: its folder {path.parent} cannot be written."
        return f"{path} cannot be opened ({error})."
    return f"{path} is damaged or not an advocacy database."


def probe_sqlite(path: Path) -> None:
    """Refuse a foreign, damaged or newer file before anything (even WAL mode) touches it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        tables, version = _read_meta(path, immutable=False)
    except sqlite3.OperationalError as error:
        # A WAL file in a read-only folder: SQLite cannot make the -shm it reads through.
        if not sidecars_blocked(path):
            raise StoreError(unreadable(path, error)) from None
        try:
            tables, version = _read_meta(path, immutable=True)
        except sqlite3.Error as again:
            raise StoreError(unreadable(path, again)) from None
        except ValueError:
            raise StoreError(f"{path} is damaged or not an advocacy database.") from None
    except sqlite3.Error as error:
        raise StoreError(unreadable(path, error)) from None
    except ValueError:
        raise StoreError(f"{path} is damaged or not an advocacy database.") from None
    if tables and "store_meta" not in tables:
        raise StoreError(f"{path} was not written by advocacy (it has other tables).")
    if version is not None and version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer version of advocacy (schema {version}; this one "
            f"knows up to {SCHEMA_VERSION}). Upgrade advocacy to open it; the file was not touched."
        )
