"""Step 1 queries: the ranked audit (Candidates tab), one employee's signals, and paging.

The ranking aggregates 90 days of signals per employee. That is one SQL statement, but over
a million signals it takes a few seconds, so its result is kept in `audit_rank` and
rebuilt only when the day, the candidate count or the underlying rows change. Paging and
filtering then read `audit_rank` by its rank index.
"""

from __future__ import annotations

import threading
from datetime import date

from sqlalchemy import Select, and_, case, delete, func, insert, literal, or_, select

from advocacy_tui.program.audit import AuditRow, SignalRow, audit_window
from advocacy_tui.store.database import Store
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import AuditRank, Employee, Signal, StoreMeta

STAMP_KEY = "audit_rank_stamp"


def _stamp(session, today: date, top_n: int) -> str:
    """Everything the ranking depends on: if this string is unchanged, so is the ranking.

    Counts and maxima are asked separately: together in one SELECT they defeat SQLite's
    shortcuts (max from the end of an index, count from the smallest index) and read
    every index entry, 200 ms on a million signals instead of 17.
    """
    parts = [today.isoformat(), str(top_n)]
    for model in (Signal, Employee):
        parts.append(str(session.execute(select(func.count()).select_from(model)).scalar()))
        parts.append(str(session.execute(select(func.max(model.updated_at))).scalar()))
    return "|".join(parts)


def _ranking_select(today: date, top_n: int) -> Select:
    start, end = audit_window(today)
    engagement = Signal.reactions + Signal.comments + Signal.shares

    def count_source(source: str):
        # A signal row may stand for many acts (an imported month of chat: count 42).
        return func.sum(case((Signal.source == source, Signal.count), else_=0))

    window = (
        select(
            Signal.employee_id.label("employee_id"),
            count_source("platform").label("platform"),
            count_source("linkedin").label("linkedin"),
            count_source("internal").label("internal"),
            func.sum(engagement).label("engagement"),
        )
        .where(
            Signal.deleted_at.is_(None),
            Signal.occurred_on >= start,
            Signal.occurred_on <= end,
        )
        .group_by(Signal.employee_id)
        .subquery("window")
    )
    total = func.coalesce(window.c.engagement, 0)
    quality = case(
        (Employee.network_size > 0, total * literal(1.0) / Employee.network_size),
        else_=None,
    )
    summary = (
        select(
            Employee.id.label("employee_id"),
            Employee.name.label("name"),
            func.coalesce(window.c.platform, 0).label("platform"),
            func.coalesce(window.c.linkedin, 0).label("linkedin"),
            func.coalesce(window.c.internal, 0).label("internal"),
            total.label("engagement"),
            quality.label("quality"),
        )
        .select_from(Employee)
        .outerjoin(window, window.c.employee_id == Employee.id)
        .where(Employee.deleted_at.is_(None))
        .subquery("summary")
    )
    # Highest quality first; unknown quality (no network size) last; ties by engagement,
    # then name, then id so the order is total and the same on every database.
    rank = func.row_number().over(
        order_by=(
            case((summary.c.quality.is_(None), 1), else_=0),
            summary.c.quality.desc(),
            summary.c.engagement.desc(),
            summary.c.name,
            summary.c.employee_id,
        )
    )
    ranked = select(
        summary.c.employee_id,
        rank.label("rank"),
        summary.c.platform,
        summary.c.linkedin,
        summary.c.internal,
        summary.c.engagement,
        summary.c.quality,
    ).subquery("ranked")
    return select(
        ranked.c.employee_id,
        ranked.c.rank,
        ranked.c.platform,
        ranked.c.linkedin,
        ranked.c.internal,
        ranked.c.engagement,
        ranked.c.quality,
        and_(
            ranked.c.rank <= top_n,
            ranked.c.quality.is_not(None),
            ranked.c.engagement > 0,
        ),
    )


def refresh_ranking(store: Store, today: date, top_n: int, *, force: bool = False) -> bool:
    """Rebuild `audit_rank` if anything it depends on changed; True if it was rebuilt.

    A read-only file cannot keep the cache; if its ranking is stale the caller gets a
    StoreError saying so (the Candidates tab shows it) rather than an out-of-date list.
    """
    # One rebuild at a time in this process: the Candidates and Scoring tabs both ask for
    # a fresh ranking when the database opens, and the second must reuse the first's work.
    with _REBUILDING:
        return _refresh(store, today, top_n, force)


_REBUILDING = threading.Lock()


def _refresh(store: Store, today: date, top_n: int, force: bool) -> bool:
    with store.reading() as session:
        stamp = _stamp(session, today, top_n)
        current = session.get(StoreMeta, STAMP_KEY)
        if not force and current is not None and current.value == stamp:
            return False
    if store.read_only:
        raise StoreError(
            f"{store.target} is read-only, and the audit ranking for {today} is not in it yet."
        )
    with store.writing() as session:
        session.execute(delete(AuditRank))
        session.execute(
            insert(AuditRank).from_select(
                [
                    AuditRank.employee_id,
                    AuditRank.rank,
                    AuditRank.platform_signals,
                    AuditRank.linkedin_signals,
                    AuditRank.internal_signals,
                    AuditRank.engagement,
                    AuditRank.quality,
                    AuditRank.candidate,
                ],
                _ranking_select(today, top_n),
            )
        )
        session.merge(StoreMeta(key=STAMP_KEY, value=stamp))
    return True


def _filtered(query: Select, text: str) -> Select:
    words = text.split()
    for word in words:
        pattern = f"%{word}%"
        query = query.where(
            or_(
                Employee.name.ilike(pattern),
                Employee.department.ilike(pattern),
                Employee.title.ilike(pattern),
            )
        )
    return query


def count_audit(store: Store, text: str = "") -> int:
    """How many employees the Candidates table lists for this filter."""
    query = select(func.count()).select_from(AuditRank)
    if text.strip():
        query = _filtered(query.join(Employee, Employee.id == AuditRank.employee_id), text)
    with store.reading() as session:
        return session.execute(query).scalar_one()


def audit_page(store: Store, offset: int, limit: int, text: str = "") -> list[AuditRow]:
    """Rows offset..offset+limit-1 of the ranked audit, optionally filtered by name,
    department or title (every word must match one of them)."""
    query = select(
        AuditRank.employee_id,
        AuditRank.rank,
        Employee.name,
        Employee.email,
        Employee.department,
        Employee.title,
        Employee.seniority,
        Employee.network_size,
        AuditRank.platform_signals,
        AuditRank.linkedin_signals,
        AuditRank.internal_signals,
        AuditRank.engagement,
        AuditRank.quality,
        AuditRank.candidate,
    ).join(Employee, Employee.id == AuditRank.employee_id)
    if text.strip():
        query = _filtered(query, text).order_by(AuditRank.rank).offset(offset).limit(limit)
    else:
        # Ranks are 1..N without gaps, so an unfiltered page is a range on the rank index:
        # the last page of 100,000 costs what the first does.
        query = query.where(AuditRank.rank > offset, AuditRank.rank <= offset + limit).order_by(
            AuditRank.rank
        )
    with store.reading() as session:
        return [AuditRow(*row) for row in session.execute(query)]


def employee_signals(store: Store, employee_id: str, limit: int = 500) -> list[SignalRow]:
    """An employee's signals, newest first."""
    query = (
        select(
            Signal.occurred_on,
            Signal.source,
            Signal.kind,
            Signal.impressions,
            Signal.reactions,
            Signal.comments,
            Signal.shares,
            Signal.url,
        )
        .where(Signal.employee_id == employee_id, Signal.deleted_at.is_(None))
        .order_by(Signal.occurred_on.desc(), Signal.id)
        .limit(limit)
    )
    with store.reading() as session:
        return [SignalRow(*row) for row in session.execute(query)]


def find_employee(store: Store, employee_id: str) -> Employee:
    with store.reading() as session:
        employee = session.get(Employee, employee_id)
        if employee is None or employee.deleted_at is not None:
            raise StoreError("No such employee (it may have been deleted).")
        return employee


def audit_summary(store: Store) -> tuple[int, int]:
    """(employees ranked, candidates flagged) in the current ranking."""
    with store.reading() as session:
        total, flagged = session.execute(
            select(func.count(), func.coalesce(func.sum(case((AuditRank.candidate.is_(True), 1), else_=0)), 0))
        ).one()
    return int(total), int(flagged)
