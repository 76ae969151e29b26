"""Opening the database: SQLite by default (a local file), PostgreSQL by URL.

SQLite is opened with WAL (readers never wait for the writer), foreign keys on and a busy
timeout; a new file is created with mode 0600 because it holds people's data. Schema
versions are upgraded in place by `migrations`, after a backup copy.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.files import check_sqlite_file, is_url, probe_sqlite

BUSY_TIMEOUT_MS = 5000


def _create_private_file(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"Cannot create the folder {path.parent}: {error.strerror}.") from None
    if path.exists():
        return
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise StoreError(f"Cannot create {path}: {error.strerror}.") from None
    os.close(descriptor)


def _sqlite_engine(path: Path, read_only: bool) -> Engine:
    if read_only:
        url = f"sqlite:///file:{path}?mode=ro&uri=true"
    else:
        url = f"sqlite:///{path}"
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
            # WAL + NORMAL is durable across application crashes; only an OS crash can
            # lose the last transactions, never corrupt the file.
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    return engine


class Store:
    """The open database: an engine, a session factory and what kind of file it is."""

    def __init__(self, engine: Engine, target: str, path: Path | None, read_only: bool):
        self.engine = engine
        self.target = target
        self.path = path
        self.read_only = read_only
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries; errors come out as StoreError."""
        session = self._sessions()
        try:
            yield session
        except SQLAlchemyError as error:
            raise StoreError(describe(error, self)) from None
        finally:
            session.close()

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction: committed if the block succeeds, rolled back whole if not."""
        if self.read_only:
            raise StoreError(f"{self.target} is read-only: nothing was saved.")
        session = self._sessions()
        try:
            yield session
            session.commit()
        except SQLAlchemyError as error:
            session.rollback()
            raise StoreError(describe(error, self)) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def describe(error: SQLAlchemyError, store: Store | None = None) -> str:
    """Turn a driver error into words a coordinator understands."""
    where = store.target if store else "the database"
    original = getattr(error, "orig", None)
    text = str(original or error).lower()
    if "readonly" in text or "read-only" in text or "attempt to write" in text:
        return f"{where} is read-only: nothing was saved."
    if "locked" in text or "busy" in text:
        return f"{where} is busy (another program is writing); nothing was saved. Try again."
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"{where} is damaged or not an advocacy database."
    if "unique" in text:
        return "That would duplicate an existing record; nothing was saved."
    if "foreign key" in text:
        return "That refers to a record that does not exist; nothing was saved."
    if "no such table" in text or "no such column" in text:
        return f"{where} is not an advocacy database (its tables are missing)."
    if isinstance(error, OperationalError) and "unable to open" in text:
        return f"{where} cannot be opened."
    if isinstance(error, DBAPIError):
        return f"{where}: {original}"
    return f"{where}: {error}"


def open_store(
    target: str | os.PathLike[str], *, upgrade: bool = True, read_only: bool | None = None
) -> Store:
    """Open (creating if needed) the database at a path or URL, upgraded to this version.

    `read_only` None means: read-only if the file cannot be written by this user.
    """
    from advocacy_tui.store import migrations

    target = os.fspath(target)
    if is_url(target):
        try:
            engine = create_engine(target, pool_pre_ping=True)
        except (SQLAlchemyError, ImportError) as error:
            raise StoreError(f"Cannot use {target}: {error}") from None
        store = Store(engine, target, None, read_only=False)
    else:
        path = Path(target).expanduser()
        check_sqlite_file(path)
        probe_sqlite(path)
        if read_only is None:
            read_only = path.exists() and not os.access(path, os.W_OK)
        if read_only and (not path.exists() or path.stat().st_size == 0):
            raise StoreError(f"{path} is empty and read-only: there is no database to open.")
        if not read_only:
            _create_private_file(path)
        store = Store(_sqlite_engine(path, read_only), str(path), path, read_only)
    try:
        migrations.prepare(store, upgrade=upgrade)
    except StoreError:
        store.close()
        raise
    except SQLAlchemyError as error:
        store.close()
        raise StoreError(describe(error, store)) from None
    return store
