"""Fast loading: chunked Core inserts, and indexes rebuilt once after the load."""

from __future__ import annotations

from typing import Iterable

from sqlalchemy import exists, insert, select

CHUNK = 5000


def clean(rows: Iterable[dict]) -> list[dict]:
    """Drop the generators' private keys (those starting with '_')."""
    return [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]


def empty_indexes(connection, model) -> list:
    """Drop the secondary indexes of an empty table and return them, to create after the load.

    Building an index once over the loaded rows is several times faster than keeping it up
    to date row by row. DDL is transactional on SQLite and PostgreSQL alike, so a failed
    load puts the indexes back with everything else. A table that already holds rows keeps
    its indexes (and the caller gets an empty list).
    """
    if connection.execute(select(exists().select_from(model))).scalar():
        return []
    indexes = sorted(model.__table__.indexes, key=lambda index: index.name)
    for index in indexes:  # IF EXISTS: reflection cannot see expression indexes
        connection.exec_driver_sql(f'DROP INDEX IF EXISTS "{index.name}"')
    if model.__tablename__ == "employee":  # the Candidates filter's search index, too
        from advocacy_tui.store.search import pause_for_bulk_load

        return [*indexes, *pause_for_bulk_load(connection)]
    return indexes


def bulk(connection, model, rows: Iterable[dict]) -> int:
    """Core executemany inserts in chunks of CHUNK rows; returns how many were written."""
    written = 0
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            connection.execute(insert(model), chunk)
            written += len(chunk)
            chunk = []
    if chunk:
        connection.execute(insert(model), chunk)
        written += len(chunk)
    return written
