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
from advocacy_tui.store import search
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


class _Filter:
    """The filter's words as SQL: every word a case-insensitive substring of the name,
    department or title. `%` and `_` in a word are LIKE's wildcards, as they always were.

    On SQLite a plain LIKE is already case-insensitive for ASCII and for nothing else, as
    `lower()` is, so `column LIKE '%word%'` keeps ILIKE's meaning there at a third of its
    cost; other databases get ILIKE. Where the file has the employee search index
    (store/search.py), `indexed()` adds a look-up in it that narrows the employees before
    the LIKEs decide: the rows are the same with the index and without it.
    """

    def __init__(self, session, text: str) -> None:
        self.words = text.split()
        dialect = session.get_bind().dialect.name
        self.sqlite = dialect == "sqlite"
        indexed = bool(self.words) and self.sqlite and search.sqlite_index_ready(session)
        self.match = search.match_query(self.words) if indexed else None

    def __bool__(self) -> bool:
        return bool(self.words)

    def apply(self, query: Select) -> Select:
        for word in self.words:
            pattern = f"%{word}%"
            columns = (Employee.name, Employee.department, Employee.title)
            if self.sqlite:
                query = query.where(or_(*(column.like(pattern) for column in columns)))
            else:
                query = query.where(or_(*(column.ilike(pattern) for column in columns)))
        return query

    def indexed(self, query: Select) -> Select:
        """The same, reading only the employees the search index offers (when it can)."""
        if self.match is not None:
            query = query.where(search.employee_rowids_matching(self.match))
        return self.apply(query)


def count_audit(store: Store, text: str = "") -> int:
    """How many employees the Candidates table lists for this filter."""
    query = select(func.count()).select_from(AuditRank)
    with store.reading() as session:
        words = _Filter(session, text)
        if words:
            query = words.indexed(query.join(Employee, Employee.id == AuditRank.employee_id))
        return session.execute(query).scalar_one()


def audit_page(
    store: Store, offset: int, limit: int, text: str = "", *, matches: int | None = None
) -> list[AuditRow]:
    """Rows offset..offset+limit-1 of the ranked audit, optionally filtered by name,
    department or title (every word must match one of them).

    `matches`, when the caller has just counted the filter's rows (`count_audit`), only
    helps choose how to read them; the rows are the same without it.
    """
    columns = select(
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
    ).select_from(AuditRank)
    query = columns.join(Employee, Employee.id == AuditRank.employee_id)
    with store.reading() as session:
        words = _Filter(session, text)
        if not words:
            # Ranks are 1..N without gaps, so an unfiltered page is a range on the rank
            # index: the last page of 100,000 costs what the first does.
            query = query.where(AuditRank.rank > offset, AuditRank.rank <= offset + limit)
            query = query.order_by(AuditRank.rank)
        else:
            few = words.sqlite and _few(session, words, offset + limit, matches)
            if few and words.match is not None:
                # The index lists the matches; only they are looked up and sorted.
                query = words.indexed(query)
            elif few and words.sqlite:
                # No index for these words: every employee is read anyway, so read each
                # once and sort the few matches, rather than look employees up in rank
                # order (`|| ''`: SQLite may not look employees up by id for this join).
                query = words.apply(columns.join(Employee, Employee.id.concat("") == AuditRank.employee_id))
            else:
                # Many matches: reading the ranking from the top fills the page soon.
                query = words.apply(query)
            query = query.order_by(AuditRank.rank).offset(offset).limit(limit)
        return [AuditRow(*row) for row in session.execute(query)]


# Reading the employees in rank order costs a look-up each; reading them all in storage
# order costs about a tenth of that per employee (bench: 12 and 0.8 microseconds).
LOOKUP_PER_SCAN = 10


def _few(session, words: _Filter, needed: int, matches: int | None) -> bool:
    """Whether the filter's matches are too few to read the ranking from the top until
    `needed` of them are found: about needed * ranked / matches look-ups. Through the index
    the matches cost a look-up each, so it wins while matches² < needed * ranked; without
    it, reading every employee once costs `ranked` tenths of a look-up, and wins while
    matches < needed * LOOKUP_PER_SCAN.

    `matches` is the caller's count; without it, the index's count of its candidates (an
    upper bound) stands in, and without the index SQLite chooses as it always has (False).
    """
    if matches is None:
        if words.match is None:
            return False
        matches = search.count_matching(session, words.match)
    if words.match is None:
        return matches < needed * LOOKUP_PER_SCAN
    ranked = session.execute(select(func.max(AuditRank.rank))).scalar() or 0
    return matches * matches < needed * ranked


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
