"""Where a test's database lives: a SQLite file always, and a PostgreSQL database too when
ADVOCACY_TEST_PG names a server (`.ci/with-postgres` starts a throwaway one for CI).

A test that takes `backend`, `new_target`, `demo_target` or (under tests/store) `store` runs
once per backend; its PostgreSQL run is marked `postgresql` and skipped without a server.
Each PostgreSQL test gets databases of its own, copied from a template built once per run
(CREATE DATABASE ... TEMPLATE takes a few tens of milliseconds; building the schema or the
demo each time would take far longer), and dropped when the test ends.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import time
import warnings
from pathlib import Path
from typing import Callable

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from advocacy_tui.store.database import open_store

PG_ENV = "ADVOCACY_TEST_PG"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


class PgServer:
    """The test server: databases made and dropped through an autocommit admin connection."""

    def __init__(self, url: str):
        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        # Names of this run only, so two runs against one server never meet.
        self.prefix = f"advtest_{os.getpid()}_{secrets.token_hex(3)}"
        self.templates: dict[str, str] = {}
        self.serial = 0

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None) -> str:
        """A new database (blank, or a copy of a template); its URL."""
        self.serial += 1
        name = f"{self.prefix}_{self.serial}"
        clause = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        return self.url_of(name)

    def drop(self, url: str) -> None:
        """Drop a test's database, closing whatever is still connected to it. An autovacuum
        worker in it cannot be closed by a role that is not a superuser (PostgreSQL 15
        refuses: "must be a member of the role whose process is being terminated"): wait for
        it a little; failing that, the database is left for `close` to sweep up."""
        name = make_url(url).database
        for attempt in range(20):
            try:
                with self.admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                return
            except DBAPIError:
                time.sleep(0.1 * (attempt + 1))
        warnings.warn(f"could not drop the test database {name} yet", stacklevel=2)

    def template(self, kind: str, build: Callable[[str], None]) -> str:
        """The name of a template database, built by `build(url)` the first time it is asked for."""
        if kind not in self.templates:
            url = self.create()
            build(url)
            self.templates[kind] = make_url(url).database
        return self.templates[kind]

    def close(self) -> None:
        with self.admin.connect() as connection:
            left = connection.execute(
                text("SELECT datname FROM pg_database WHERE datname LIKE :prefix"), {"prefix": f"{self.prefix}_%"}
            ).scalars().all()
        for name in left:
            self.drop(self.url_of(name))
        self.admin.dispose()


def pg_server_or_skip() -> PgServer:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server to test against")
    return PgServer(url)


def build_empty(url: str) -> None:
    open_store(url).close()


def build_demo(target: str | Path) -> None:
    """The demo program as the tests know it: written as of TODAY, the audit ranked."""
    from advocacy_tui.config import Settings
    from advocacy_tui.store.audit import refresh_ranking
    from advocacy_tui.store.demo import write_demo
    from tests.conftest import TODAY

    store = open_store(target)
    try:
        write_demo(store, today=TODAY)
        refresh_ranking(store, TODAY, Settings().scoring.candidates)
    finally:
        store.close()


class Targets:
    """Fresh databases for one test: `make("office")` is a new file path (SQLite) or a new
    database's URL (PostgreSQL), holding the current schema unless `blank=True`, or the demo
    program with `demo=True`. Everything made is removed when the test ends."""

    def __init__(self, backend: str, folder: Path, server: PgServer | None, demo_file: Callable[[], Path]):
        self.backend = backend
        self.folder = folder
        self.server = server
        self.demo_file = demo_file
        self.made: list[str] = []

    def __call__(self, name: str = "program", *, blank: bool = False, demo: bool = False) -> str:
        if self.server is None:
            path = self.folder / f"{name}.sqlite"
            if path.exists():
                raise ValueError(f"{path} was made already in this test")
            if demo:
                shutil.copyfile(self.demo_file(), path)
            return str(path)
        if demo:
            template = self.server.template("demo", build_demo)
        elif blank:
            template = None
        else:
            template = self.server.template("empty", build_empty)
        url = self.server.create(template)
        self.made.append(url)
        return url

    def drop(self, target: str) -> None:
        """Remove one database before the test ends (a property test makes many)."""
        if self.server is None:
            Path(target).unlink(missing_ok=True)
        elif target in self.made:
            self.made.remove(target)
            self.server.drop(target)

    def close(self) -> None:
        for url in self.made:
            self.server.drop(url)
        self.made.clear()


def store_hash(store) -> str:
    """Every committed row (and for SQLite the schema too): equal hashes, equal databases."""
    if store.path is not None:
        import sqlite3

        connection = sqlite3.connect(store.path)
        try:
            return hashlib.sha256("\n".join(connection.iterdump()).encode()).hexdigest()
        finally:
            connection.close()
    from advocacy_tui.store.models import Base

    digest = hashlib.sha256()
    with store.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            digest.update(table.name.encode())
            for row in connection.execute(select(table).order_by(*table.columns)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def count_rows(target: str | Path, table: str) -> int:
    """How many rows a table holds, read outside the program (a file path or a URL)."""
    url = target if "://" in str(target) else f"sqlite:///{target}"
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar()
    finally:
        engine.dispose()
