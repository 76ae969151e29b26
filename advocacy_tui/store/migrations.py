"""Schema versions, and the steps that carry an older file to this one.

A small mechanism of our own rather than Alembic: the schema is one metadata object, every
step is a few lines of DDL that must run on SQLite and PostgreSQL alike, and Alembic would
add a dependency, an ini file and a scripts folder to every install for that. The version
lives in `store_meta`; each step runs in its own transaction, after a backup copy of a
SQLite file, so a failed upgrade leaves the old file intact beside the new one.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Callable

from sqlalchemy import DateTime, bindparam, inspect, text
from sqlalchemy.engine import Connection

from advocacy_tui.store import postgresql
from advocacy_tui.store.database import lock_writers
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.files import FIRST_VERSION, SCHEMA_VERSION
from advocacy_tui.store.models import (
    ENROLLMENT_GATE_SQL,
    Alias,
    AuditRank,
    Base,
    CompanyPost,
    EnrollmentEvent,
    ReferralVisit,
    utcnow,
)


def _v1_to_v2(connection: Connection) -> None:
    """v2: SSH public keys on the employee (the advocates' door) and the audit ranking cache."""
    connection.execute(text("ALTER TABLE employee ADD COLUMN ssh_keys TEXT NOT NULL DEFAULT ''"))
    AuditRank.__table__.create(connection, checkfirst=True)


def _v2_to_v3(connection: Connection) -> None:
    """v3: the enrollment history, the step 3 gate as a CHECK, one live enrollment each.

    Rows that would break the new rules are mended first, never dropped: of several live
    enrollments of one employee the most recently updated stays and the others are
    tombstoned; an `enrolled` row missing a gate date goes back to the stage its dates
    support. Existing enrollments get no history events.
    """
    now = utcnow()
    connection.execute(
        text(
            """UPDATE enrollment SET deleted_at = :now, updated_at = :now
               WHERE deleted_at IS NULL AND EXISTS (
                 SELECT 1 FROM enrollment newer
                 WHERE newer.employee_id = enrollment.employee_id AND newer.deleted_at IS NULL
                   AND (newer.updated_at > enrollment.updated_at
                        OR (newer.updated_at = enrollment.updated_at AND newer.id > enrollment.id)))"""
        ).bindparams(bindparam("now", type_=DateTime())),
        {"now": now},
    )
    connection.execute(
        text(
            """UPDATE enrollment SET updated_at = :now,
                 status = CASE WHEN orientation_on IS NOT NULL THEN 'oriented' ELSE 'invited' END,
                 opted_in_on = NULL
               WHERE NOT (""" + ENROLLMENT_GATE_SQL + ")"
        ).bindparams(bindparam("now", type_=DateTime())),
        {"now": now},
    )
    live_index = (
        "CREATE UNIQUE INDEX uq_enrollment_live_employee ON enrollment (employee_id) "
        "WHERE deleted_at IS NULL"
    )
    if connection.dialect.name == "sqlite":
        _sqlite_add_check(connection, "enrollment", f"CONSTRAINT ck_enrollment_gate CHECK ({ENROLLMENT_GATE_SQL})")
    else:
        connection.execute(
            text(f"ALTER TABLE enrollment ADD CONSTRAINT ck_enrollment_gate CHECK ({ENROLLMENT_GATE_SQL})")
        )
    connection.execute(text(live_index))
    EnrollmentEvent.__table__.create(connection, checkfirst=True)


def _sqlite_add_check(connection: Connection, table: str, constraint: str) -> None:
    """SQLite cannot add a constraint to a table: rebuild it with the constraint added to
    its own CREATE statement, copy the rows, and put its indexes back (SQLite's documented
    procedure; nothing references `enrollment`, so no foreign key needs a second look)."""
    create = connection.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": table}
    ).scalar_one()
    indexes = connection.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t AND sql IS NOT NULL"),
        {"t": table},
    ).scalars().all()
    body = create.rstrip().rstrip(";").rstrip()
    if not body.endswith(")"):
        raise StoreError(f"Cannot upgrade the {table} table: its definition is not one this version knows.")
    old = f"{table}_before_v3"
    run = connection.exec_driver_sql  # DDL as written: no bind parameters to parse
    run(f'ALTER TABLE "{table}" RENAME TO "{old}"')
    run(body[:-1].rstrip() + ",\n\t" + constraint + "\n)")
    run(f'INSERT INTO "{table}" SELECT * FROM "{old}"')
    run(f'DROP TABLE "{old}"')
    for statement in indexes:
        run(statement)


def _v3_to_v4(connection: Connection) -> None:
    """v4: feedback gets its resolution note and date; an asset reaches an advocate once;
    covering indexes for the metrics.

    Repeated deliveries of one asset to one advocate are mended, never dropped: the most
    advanced one stays (shared, then skipped, then delivered, then queued; then the most
    recently updated) and the others are tombstoned.
    """
    now = utcnow()
    connection.execute(text("ALTER TABLE feedback ADD COLUMN resolution TEXT NOT NULL DEFAULT ''"))
    connection.execute(text("ALTER TABLE feedback ADD COLUMN resolved_on DATE"))
    rank = (
        "CASE {t}.status WHEN 'shared' THEN 3 WHEN 'skipped' THEN 2 WHEN 'delivered' THEN 1 ELSE 0 END"
    )
    connection.execute(
        text(
            f"""UPDATE delivery SET deleted_at = :now, updated_at = :now
               WHERE deleted_at IS NULL AND EXISTS (
                 SELECT 1 FROM delivery better
                 WHERE better.advocate_id = delivery.advocate_id
                   AND better.asset_id = delivery.asset_id
                   AND better.deleted_at IS NULL AND better.id <> delivery.id
                   AND ({rank.format(t='better')} > {rank.format(t='delivery')}
                        OR ({rank.format(t='better')} = {rank.format(t='delivery')}
                            AND (better.updated_at > delivery.updated_at
                                 OR (better.updated_at = delivery.updated_at AND better.id > delivery.id)))))"""
        ).bindparams(bindparam("now", type_=DateTime())),
        {"now": now},
    )
    connection.execute(
        text(
            "CREATE UNIQUE INDEX uq_delivery_live_pair ON delivery (advocate_id, asset_id) "
            "WHERE deleted_at IS NULL"
        )
    )
    connection.execute(text("CREATE INDEX ix_delivery_asset ON delivery (asset_id)"))
    connection.execute(text("CREATE INDEX ix_reminder_delivery ON reminder (delivery_id, kind)"))
    # Covering indexes for the metrics' window aggregates (bench/metrics_bench.py).
    for name, table, columns in (
        ("ix_post_posted", "post",
         "posted_on, advocate_id, deleted_at, impressions, reactions, comments, shares, referral_visits"),
        ("ix_post_advocate", "post", "advocate_id, posted_on, deleted_at"),
        ("ix_delivery_delivered", "delivery", "delivered_on, status, deleted_at"),
        ("ix_application_applied", "application", "applied_on, deleted_at, utm_content"),
    ):
        connection.execute(text(f"DROP INDEX IF EXISTS {name}"))
        connection.execute(text(f"CREATE INDEX {name} ON {table} ({columns})"))


def _v4_to_v5(connection: Connection) -> None:
    """v5 (imports from Slack, Teams, LinkedIn, GA4, Lever, Greenhouse): a signal's count
    and origin, a post's engagement total, the ATS ids of applications and requisitions,
    and three new tables (company posts, confirmed aliases, GA4 referral visits).

    Existing rows keep their meaning: every signal stood for one act (count 1), and no
    post had a separate engagement total (None: reactions + comments + shares).
    """
    for statement in (
        "ALTER TABLE signal ADD COLUMN count INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE signal ADD COLUMN origin VARCHAR(80)",
        "ALTER TABLE post ADD COLUMN engagements INTEGER",
        "ALTER TABLE requisition ADD COLUMN external_id VARCHAR(120)",
        "ALTER TABLE application ADD COLUMN ats VARCHAR(16)",
        "ALTER TABLE application ADD COLUMN external_id VARCHAR(200)",
        # The audit's covering index gains the count it now sums.
        "DROP INDEX IF EXISTS ix_signal_audit",
        "CREATE INDEX ix_signal_audit ON signal "
        "(occurred_on, employee_id, source, reactions, comments, shares, deleted_at, count)",
        "CREATE INDEX ix_signal_origin ON signal (origin, employee_id, kind)",
        # The metrics' covering index gains the engagement total the rate now reads.
        "DROP INDEX IF EXISTS ix_post_posted",
        "CREATE INDEX ix_post_posted ON post (posted_on, advocate_id, deleted_at, impressions, "
        "reactions, comments, shares, referral_visits, engagements)",
        "CREATE UNIQUE INDEX uq_application_external ON application (ats, external_id) "
        "WHERE deleted_at IS NULL AND external_id IS NOT NULL",
    ):
        connection.execute(text(statement))
    for model in (CompanyPost, Alias, ReferralVisit):
        model.__table__.create(connection, checkfirst=True)
    _v5_employee_search(connection)
    _v5_content_indexes(connection)


def _v5_employee_search(connection: Connection) -> None:
    """v5: the trigram index behind the Candidates filter (store/search.py), built over the
    employees already there; skipped where the database cannot have it."""
    from advocacy_tui.store.search import create_employee_search

    create_employee_search(connection)


def _v5_content_indexes(connection: Connection) -> None:
    """v5: the Content tab's indexes. Per-asset delivery counts read a covering index (it
    replaces the bare one on asset_id); the overdue count and coverage read each advocate's
    deliveries from another; the authenticity check finds the few deliveries with the
    advocate's own words; the "held for review" check finds an asset's flags by the asset."""
    for statement in (
        "DROP INDEX IF EXISTS ix_delivery_asset",
        "CREATE INDEX ix_delivery_asset_status ON delivery (asset_id, status, deleted_at)",
        "CREATE INDEX ix_delivery_open ON delivery (advocate_id, status, due_on, deleted_at, asset_id)",
        "CREATE INDEX ix_delivery_personalized ON delivery (delivered_on) WHERE personalized_text <> ''",
        "CREATE INDEX ix_feedback_asset ON feedback (asset_id, kind, status)",
    ):
        connection.execute(text(statement))


# Indexes v6 replaces with wider ones of another name (company-size speed, issue 8).
_V6_DROPPED: tuple[str, ...] = ()


def _v5_to_v6(connection: Connection) -> None:
    """v6 (company-size speed): the indexes the tabs' queries need at 100,000 employees.

    No column or table changes: every index the models declare and the file lacks is
    created, so the step reads its list from the models rather than repeating it."""
    for name in _V6_DROPPED:
        connection.execute(text(f"DROP INDEX IF EXISTS {name}"))
    create_missing_indexes(connection)


def create_missing_indexes(connection: Connection) -> None:
    """Create every index declared on the models that the database does not have."""
    have = index_names(connection)
    for table in Base.metadata.sorted_tables:
        for index in table.indexes:
            if index.name not in have:
                index.create(connection)


def index_names(connection: Connection) -> set[str]:
    """The names of the database's own indexes (read from the catalogue: SQLAlchemy's
    reflection skips expression and partial indexes on some versions)."""
    if connection.dialect.name == "postgresql":
        query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'"
    return set(connection.execute(text(query)).scalars())


# STEPS[n] upgrades a file at version n to version n + 1.
STEPS: dict[int, Callable[[Connection], None]] = {
    1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5, 5: _v5_to_v6,
}


def read_version(connection: Connection) -> int | None:
    """The file's schema version; None for an empty file; StoreError for a foreign one."""
    tables = set(inspect(connection).get_table_names())
    if not tables:
        return None
    if "store_meta" not in tables:
        raise StoreError("This database was not written by advocacy (it has other tables).")
    value = connection.execute(
        text("SELECT value FROM store_meta WHERE key = 'schema_version'")
    ).scalar()
    if value is None:
        raise StoreError("This database has no schema version; it was not written by advocacy.")
    return int(value)


def _write_version(connection: Connection, version: int) -> None:
    updated = connection.execute(
        text("UPDATE store_meta SET value = :v WHERE key = 'schema_version'"), {"v": str(version)}
    ).rowcount
    if not updated:
        connection.execute(
            text("INSERT INTO store_meta (key, value) VALUES ('schema_version', :v)"),
            {"v": str(version)},
        )


def backup_path(path: Path, version: int) -> Path:
    return path.with_name(f"{path.name}.v{version}.bak")


def _backup_sqlite(path: Path, version: int) -> Path:
    """A consistent copy through SQLite's backup API (safe even with a live WAL)."""
    destination = backup_path(path, version)
    # Created private before a byte is copied: the copy holds people's data, and a copy
    # cut short by a crash must not be left readable by others either.
    os.close(os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    source = sqlite3.connect(path)
    try:
        target = sqlite3.connect(destination)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    destination.chmod(0o600)
    return destination


def prepare(store, *, upgrade: bool = True) -> int:
    """Create a new file's schema, or upgrade an old one; returns the version it is at now."""
    with store.engine.connect() as connection:
        version = read_version(connection)
    if version is None:
        if store.read_only:
            raise StoreError(f"{store.target} is read-only and empty.")
        with store.engine.begin() as connection:
            # Two coordinators opening a new server database at once: one creates the
            # schema, the other waits for it and then finds it made.
            lock_writers(connection)
            version = read_version(connection)
            if version is None:
                Base.metadata.create_all(connection)
                _write_version(connection, SCHEMA_VERSION)
                version = SCHEMA_VERSION
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{store.target} was written by a newer version of advocacy (schema {version}; "
            f"this one knows up to {SCHEMA_VERSION}). Upgrade advocacy to open it; "
            "the file was not touched."
        )
    if version == SCHEMA_VERSION or not upgrade:
        return version
    if store.read_only:
        raise StoreError(
            f"{store.target} needs an upgrade (schema {version} to {SCHEMA_VERSION}) "
            "but is read-only."
        )
    if store.path is not None:
        _backup_sqlite(store.path, version)
    while version < SCHEMA_VERSION:
        with store.engine.begin() as connection:
            lock_writers(connection)
            if read_version(connection) == version:  # not upgraded meanwhile by another program
                STEPS[version](connection)
                _write_version(connection, version + 1)
            version += 1
    if store.engine.dialect.name == "postgresql":
        with store.engine.begin() as connection:
            lock_writers(connection)
            postgresql.widen_columns(connection)
    return version
