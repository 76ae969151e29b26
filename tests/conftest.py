"""Shared fixtures: a real SQLite file per test, a fixed date, and seeded data; and the
backends a store test runs on (SQLite, and PostgreSQL when ADVOCACY_TEST_PG is set)."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from advocacy_tui.store.database import open_store
from tests.backends import BACKENDS, Targets, build_demo, pg_server_or_skip

# A Monday, so weekly figures line up with the default delivery weekday.
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """Never read or write the real user's data or config folder from a test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("ADVOCACY_DB", raising=False)
    monkeypatch.delenv("ADVOCACY_CONFIG", raising=False)
    monkeypatch.delenv("ADVOCACY_TODAY", raising=False)


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def store(tmp_path):
    opened = open_store(tmp_path / "program.sqlite")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The demo program, written once per test run and copied by `demo_db`."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    build_demo(path)
    return path


@pytest.fixture
def demo_db(demo_file, tmp_path) -> Path:
    """A private copy of the demo database for one test to change."""
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_file, path)
    return path


@pytest.fixture(scope="session")
def pg_server():
    """The PostgreSQL server named by ADVOCACY_TEST_PG; the test is skipped without one."""
    server = pg_server_or_skip()
    yield server
    server.close()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """"sqlite" or "postgresql": the test runs once on each (the second only with a server)."""
    if request.param == "postgresql":
        request.getfixturevalue("pg_server")
    return request.param


@pytest.fixture
def new_target(backend, tmp_path, request) -> Targets:
    """Make fresh databases on this test's backend: `new_target("office")` is a path or URL."""
    server = request.getfixturevalue("pg_server") if backend == "postgresql" else None
    targets = Targets(backend, tmp_path, server, lambda: request.getfixturevalue("demo_file"))
    yield targets
    targets.close()


@pytest.fixture
def demo_target(new_target) -> str:
    """A private copy of the demo program on this test's backend (a path or a URL)."""
    return new_target("demo_target", demo=True)


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)
