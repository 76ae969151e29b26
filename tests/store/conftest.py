"""The store tests run on every backend: `store` is a fresh database on SQLite and, when
ADVOCACY_TEST_PG names a server, on PostgreSQL. A test about the file itself (its mode,
WAL, backups, a damaged or foreign file) takes `sqlite_store` instead."""

from __future__ import annotations

import pytest

from advocacy_tui.store.database import open_store


@pytest.fixture
def store(new_target):
    opened = open_store(new_target())
    yield opened
    opened.close()


@pytest.fixture
def sqlite_store(tmp_path):
    opened = open_store(tmp_path / "program.sqlite")
    yield opened
    opened.close()
