"""Opening the database: SQLite by default (a local file), PostgreSQL by URL.

SQLite is opened with WAL (readers never wait for the writer), foreign keys on and a busy
timeout; a new file is created with mode 0600 because it holds people's data. Schema
versions are upgraded in place by `migrations`, after a backup copy.

PostgreSQL (a team's coordinators sharing one server) keeps SQLite's rule of one writer at
a time: every write transaction first takes one transaction-level advisory lock, so a
transaction that reads, decides and writes (a tick's drop, an import's "newer wins") sees
every write committed before it and no other writer can slip in between; readers never
wait. A writer waits at most the busy timeout for the lock, then is told to try again,
as on SQLite.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from advocacy_tui.store import postgresql  # noqa: F401 - the column types on a server
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.files import (
    check_sqlite_file,
    disk_nearly_full,
    display_target,
    is_url,
    probe_sqlite,
    sidecars_blocked,
)

BUSY_TIMEOUT_MS = 5000
# Pauses (seconds, before jitter) between attempts at the write lock, each attempt itself
# waiting up to the busy timeout: a writer gives up after about half a minute.
WRITE_LOCK_RETRIES = (0.1, 0.3, 1.0, 2.0)
# The advisory lock every PostgreSQL write transaction holds (any fixed number; "advo").
WRITER_LOCK = 0x6164766F


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


def _writable_sidecars(path: Path) -> None:
    """A read-only session (a file that was read-only then) leaves its -wal and -shm
    behind with the file's mode of the time, and SQLite cannot write through a read-only
    -shm: once the file is writable again, make ours writable too (never another user's)."""
    for suffix in ("-wal", "-shm"):
        sidecar = Path(f"{path}{suffix}")
        try:
            if not os.access(sidecar, os.W_OK) and sidecar.stat().st_uid == os.geteuid():
                sidecar.chmod(0o600)
        except OSError:
            continue


def _read_only_reason(path: Path) -> str:
    """Why a file we could not write is read-only, when its mode does not say it."""
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return " (it is on a read-only file system)"
    except OSError:
        pass
    if os.access(path, os.W_OK):
        return f" (its folder {path.parent} cannot be written)"
    return ""


def _sqlite_engine(path: Path, read_only: bool) -> Engine:
    if read_only and sidecars_blocked(path):
        # A read-only folder or file system: nobody can write the file, and SQLite cannot
        # create the -shm it reads a WAL file through, so it reads the file as it stands.
        url = f"sqlite:///file:{path}?mode=ro&immutable=1&uri=true"
    elif read_only:
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


def _url_engine(target: str) -> Engine:
    """An engine for a server URL. A bare `postgresql://` means the driver we ship
    (psycopg 3), not SQLAlchemy's default psycopg2, which is not installed."""
    url = make_url(target)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "postgresql":

        @event.listens_for(engine, "connect")
        def _session(dbapi_connection, _record: object) -> None:
            # Waiting for a lock (the writer lock, a row) gives up like SQLite's busy timeout.
            # The setting is committed at once, so a pool reset cannot roll it back.
            cursor = dbapi_connection.cursor()
            cursor.execute(f"SET lock_timeout = {BUSY_TIMEOUT_MS}")
            cursor.close()
            dbapi_connection.commit()
            postgresql.load_whole_numbers_as_int(getattr(dbapi_connection, "driver_connection", dbapi_connection))

    return engine


def lock_writers(connection: Connection | Session) -> None:
    """Make this transaction the only writer until it ends (PostgreSQL; SQLite has a single
    writer already). Take it before the transaction reads what it will decide on."""
    bind = connection.get_bind() if isinstance(connection, Session) else connection
    if bind.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK})


def one_snapshot(connection: Connection) -> None:
    """Let every query of the transaction that begins here see the same committed data
    (SQLite's transaction is one snapshot already). Call it before the first query."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


class Store:
    """The open database: an engine, a session factory and what kind of file it is."""

    def __init__(self, engine: Engine, target: str, path: Path | None, read_only: bool):
        self.engine = engine
        self.target = target
        self.path = path
        self.read_only = read_only
        # Said after "is read-only" when the file itself is writable: why it is not.
        self.read_only_reason = ""
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
            raise StoreError(f"{self.target} is read-only{self.read_only_reason}: nothing was saved.")
        session = self._sessions()
        try:
            self._take_write_lock(session)
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

    def _take_write_lock(self, session: Session) -> None:
        """Become the one writer before the block reads what it will decide on.

        SQLite: `BEGIN IMMEDIATE` takes the write lock up front, waiting the busy timeout;
        a deferred transaction that read first could not upgrade once another program had
        written, and would fail at once. Another writer holding the lock longer than that
        (a large import) is waited out with backoff; only when every attempt is busy does
        the caller get the one-line "busy, try again".
        """
        for pause in (*WRITE_LOCK_RETRIES, None):
            try:
                if self.is_sqlite:
                    session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                lock_writers(session)
                return
            except OperationalError as error:
                if pause is None or not is_busy(error):
                    raise
                session.rollback()
                time.sleep(pause * (0.5 + random.random()))  # jitter: writers do not retry in step

    def close(self) -> None:
        self.engine.dispose()


# What PostgreSQL says when the server cannot be reached or refuses this login.
_UNREACHABLE = ("connection to server", "connection failed", "could not translate host name", "timeout expired")
_CONNECTION_LOST = ("server closed the connection", "terminating connection", "connection is lost", "the connection is closed")
# SQLite's SQLITE_FULL, and PostgreSQL's "could not extend file ...: No space left on device".
_DISK_FULL = ("database or disk is full", "disk is full", "no space left on device")
_BUSY = ("locked", "busy", "lock timeout", "deadlock detected", "could not serialize")


def is_busy(error: SQLAlchemyError) -> bool:
    """Another program holds the lock (SQLite's busy, PostgreSQL's lock timeout)."""
    text = str(getattr(error, "orig", None) or error).lower()
    return any(phrase in text for phrase in _BUSY)


def _first_line(message: str) -> str:
    lines = message.strip().splitlines()
    return lines[0].strip() if lines else message


def _server_reason(message: str) -> str:
    """The last clause of a libpq error's first line: 'Connection refused', 'password
    authentication failed for user "x"', 'database "y" does not exist'."""
    reason = _first_line(message).rsplit("failed: ", 1)[-1].strip()
    for prefix in ("FATAL:", "ERROR:"):
        reason = reason.removeprefix(prefix).strip()
    return reason.rstrip(".")


def describe(error: SQLAlchemyError, store: Store | None = None, *, where: str | None = None) -> str:
    """Turn a driver error into words a coordinator understands: one line, no password.
    (A bare `sqlite3.Error` works too; `where` names the file when there is no store.)"""
    where = where or (store.target if store else "the database")
    original = getattr(error, "orig", None)
    text = str(original or error).lower()
    if any(phrase in text for phrase in _DISK_FULL):
        return f"{where}: the disk is full; nothing was saved. Free some space and try again."
    if ("disk i/o error" in text or "input/output error" in text) and store and store.path and disk_nearly_full(store.path.parent):
        return f"{where}: the disk is full; nothing was saved. Free some space and try again."
    if "disk i/o error" in text or "input/output error" in text:
        return f"{where}: disk I/O error (the disk may be failing, full or gone); nothing was saved."
    if isinstance(error, OperationalError) and any(phrase in text for phrase in _UNREACHABLE):
        return f"Cannot connect to {where}: {_server_reason(str(original or error))}."
    if any(phrase in text for phrase in _CONNECTION_LOST):
        return f"The connection to {where} was lost; nothing was saved. Try again."
    if "readonly" in text or "read-only" in text or "attempt to write" in text:
        return f"{where} is read-only: nothing was saved."
    if any(phrase in text for phrase in _BUSY):
        return f"{where} is busy (another program is writing); nothing was saved. Try again."
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"{where} is damaged or not an advocacy database."
    if "unique" in text:
        return "That would duplicate an existing record; nothing was saved."
    if "foreign key" in text:
        return "That refers to a record that does not exist; nothing was saved."
    if "no such table" in text or "no such column" in text or (
        text.startswith(("relation ", "column ")) and "does not exist" in text.splitlines()[0]
    ):
        return f"{where} is not an advocacy database (its tables are missing)."
    if "permission denied" in text:
        return f"{where} refuses this user: {_server_reason(str(original or error))}."
    if isinstance(error, OperationalError) and "unable to open" in text:
        return f"{where} cannot be opened."
    # A server's message goes on with DETAIL, HINT and the statement: its first line says it.
    if isinstance(error, DBAPIError):
        return f"{where}: {_first_line(str(original))}"
    return f"{where}: {_first_line(str(error))}"


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
            engine = _url_engine(target)
        except (ArgumentError, SQLAlchemyError, ImportError, ValueError) as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise StoreError(f"Cannot use {display_target(target)}: {reason}") from None
        store = Store(engine, display_target(target), None, read_only=False)
    else:
        path = Path(target).expanduser()
        check_sqlite_file(path)
        probe_sqlite(path)
        if read_only is None:
            read_only = path.exists() and (not os.access(path, os.W_OK) or sidecars_blocked(path))
        if read_only and (not path.exists() or path.stat().st_size == 0):
            raise StoreError(f"{path} is empty and read-only: there is no database to open.")
        if not read_only:
            _create_private_file(path)
            _writable_sidecars(path)
        store = Store(_sqlite_engine(path, read_only), str(path), path, read_only)
        if read_only and path.exists():
            store.read_only_reason = _read_only_reason(path)
    try:
        migrations.prepare(store, upgrade=upgrade)
    except StoreError:
        store.close()
        raise
    except SQLAlchemyError as error:
        store.close()
        raise StoreError(describe(error, store)) from None
    return store
