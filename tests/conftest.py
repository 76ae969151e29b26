"""Shared fixtures: a real SQLite file per test, a fixed date, and seeded data."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from advocacy_tui.config import Settings
from advocacy_tui.store.database import open_store

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
    from advocacy_tui.store.demo import write_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    opened = open_store(path)
    write_demo(opened, today=TODAY)
    from advocacy_tui.store.audit import refresh_ranking

    refresh_ranking(opened, TODAY, Settings().scoring.candidates)
    opened.close()
    return path


@pytest.fixture
def demo_db(demo_file, tmp_path) -> Path:
    """A private copy of the demo database for one test to change."""
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_file, path)
    return path


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)
