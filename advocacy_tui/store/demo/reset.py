"""Whether a store already holds a program, and wiping it for a fresh demo."""

from __future__ import annotations

from sqlalchemy import delete, exists, select

from advocacy_tui.store.database import Store
from advocacy_tui.store.models import ENTITIES, Base, StoreMeta
from advocacy_tui.store.search import pause_for_bulk_load


def is_empty(store: Store) -> bool:
    """True when no entity table holds a live (not tombstoned) row."""
    with store.reading() as session:
        for model in ENTITIES:
            live = select(exists().where(model.deleted_at.is_(None)))  # type: ignore[attr-defined]
            if session.execute(live).scalar():
                return False
    return True


def clear(store: Store) -> None:
    """Delete every row of every table, children before parents, in one transaction.

    Derived tables (`audit_rank`) and every `store_meta` key but the schema version go too,
    so nothing cached about the old program survives into the new one.
    """
    with store.writing() as session:
        # The employee search index is emptied once at the end, not row by row.
        paused = pause_for_bulk_load(session.connection())
        for table in reversed(Base.metadata.sorted_tables):
            if table.name == StoreMeta.__tablename__:
                session.execute(delete(table).where(table.c.key != "schema_version"))
            else:
                session.execute(delete(table))
        for search in paused:
            search.create(session.connection())
