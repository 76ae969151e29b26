"""Step 1 queries: the ranked audit (Candidates tab), one employee's signals, and paging.

The ranking aggregates 90 days of signals per employee. That is one SQL statement, but over
a million signals it takes a few seconds, so its result is kept in `audit_rank` and
rebuilt only when the day, the candidate count or the underlying rows change. Paging and
filtering then read `audit_rank` by its rank index.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Iterator

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


def ranked_top_n(session) -> int | None:
    """The candidate count the stored ranking was built for, from its stamp (None when
    the file has no stamp). Every row flagged `candidate` ranks within it, so the flagged
    rows can be read from the top of the rank index instead of from every ranked row."""
    current = session.execute(select(StoreMeta.value).where(StoreMeta.key == STAMP_KEY)).scalar()
    if current is None:
        return None
    parts = current.split("|")
    try:
        return int(parts[1])
    except (IndexError, ValueError):
        return None


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


FRESH_KEY = "audit_rank_fresh"
"""Where a SQLite connection remembers that it found the ranking fresh (its `info`)."""


def _untouched(session) -> tuple[int, int] | None:
    """What says, on SQLite, that nobody has written since: `PRAGMA data_version` (changes
    when another connection, of this process or another, commits) and the connection's
    own `total_changes` (its own writes). None on other databases."""
    connection = session.connection().connection
    dbapi = connection.dbapi_connection
    if not isinstance(dbapi, sqlite3.Connection):
        return None
    version = dbapi.execute("PRAGMA data_version").fetchone()[0]
    return version, dbapi.total_changes


def _refresh(store: Store, today: date, top_n: int, force: bool) -> bool:
    with store.reading() as session:
        # Computing the stamp counts every signal (10 ms at a million). A connection that
        # found the ranking fresh, and has seen no write by anyone since, need not again:
        # the Candidates and Scoring tabs both ask each time they load.
        untouched = _untouched(session)
        info = session.connection().connection.info
        if not force and untouched is not None and info.get(FRESH_KEY) == (untouched, today, top_n):
            return False
        stamp = _stamp(session, today, top_n)
        current = session.get(StoreMeta, STAMP_KEY)
        if not force and current is not None and current.value == stamp:
            if untouched is not None:
                info[FRESH_KEY] = (untouched, today, top_n)
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


class Interrupt:
    """Stops the queries a caller runs with it while they are running (`cancel()`): the
    Candidates filter's query for a text the user has typed past. On SQLite it is
    `sqlite3_interrupt` on the connections reading for it (the query fails with
    "interrupted", and nothing waits for it); elsewhere `cancel()` does nothing and the
    query runs to its end. It never stops a later query: a connection is watched only
    while it reads for this caller, and an interrupt with no statement running is a no-op.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: list = []

    @contextmanager
    def watching(self, session) -> Iterator[None]:
        connection = session.connection().connection.dbapi_connection
        if not isinstance(connection, sqlite3.Connection):
            yield
            return
        with self._lock:
            self._running.append(connection)
        try:
            yield
        finally:
            with self._lock:
                self._running.remove(connection)

    def cancel(self) -> None:
        """Stop what runs now (later calls run as usual: a reloaded table asks again)."""
        with self._lock:
            for connection in self._running:
                connection.interrupt()


@contextmanager
def _watched(session, interrupt: Interrupt | None) -> Iterator[None]:
    if interrupt is None:
        yield
    else:
        with interrupt.watching(session):
            yield


def count_audit(
    store: Store, text: str = "", *, at_most: int | None = None, interrupt: Interrupt | None = None
) -> int | None:
    """How many employees the Candidates table lists for this filter.

    With `at_most`, None when there are more than that many: the count of a common word
    ("s": 88,000 of 100,000 employees) costs a look-up per match, while "more than 1,000"
    costs 1,001 at most. Without a filter the count is exact whatever `at_most` says (the
    ranking's row count is cheap).
    """
    query = select(func.count()).select_from(AuditRank)
    with store.reading() as session, _watched(session, interrupt):
        words = _Filter(session, text)
        if not words:
            return session.execute(query).scalar_one()
        if at_most is None:
            query = words.indexed(query.join(Employee, Employee.id == AuditRank.employee_id))
            return session.execute(query).scalar_one()
        # The first at_most + 1 matches in whatever order the database finds them.
        found = words.indexed(
            select(AuditRank.employee_id).join(Employee, Employee.id == AuditRank.employee_id)
        ).limit(at_most + 1)
        count = session.execute(select(func.count()).select_from(found.subquery())).scalar_one()
        return count if count <= at_most else None


# The columns of a Candidates row, in AuditRow's order.
def _row_columns() -> Select:
    return select(
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


@dataclass(frozen=True)
class FirstMatches:
    """A filter's first look: its first matches in rank order, and whether they are all.

    `complete`: `rows` are every match (the count is their number, and any page is a
    slice of them). Otherwise there are more than `len(rows)`, and `dense` says they were
    found among the top of the ranking (reading the ranking from the top fills a page
    soon; no need to count them).
    """

    text: str
    rows: list[AuditRow]
    complete: bool
    dense: bool = False
    # Each row's name, department and title as `narrowed` compares them (made once, then
    # carried along as the user types on).
    folded: list[tuple[str, str, str]] | None = field(default=None, compare=False, repr=False)


# How far down the ranking the first look reads before it turns to the search index: a
# common word ("s", "senior") has a page of matches well within it, in rank order, at a
# look-up per employee read; a rare one costs these look-ups and then the index.
PROBE_RANKS = 2000


def first_matches(
    store: Store,
    text: str,
    *,
    want: int,
    complete_up_to: int,
    interrupt: Interrupt | None = None,
) -> FirstMatches:
    """The filter's first `want` matches, in rank order, with one question to the store in
    most cases (the Candidates filter asks this at each keystroke): every match when there
    are at most `complete_up_to` of them, else the first `want` and "more".

    The rows are those `audit_page` gives for the same text, in the same order.
    """
    want = max(1, want)
    complete_up_to = max(want, complete_up_to)
    columns = _row_columns()
    joined = columns.join(Employee, Employee.id == AuditRank.employee_id)
    with store.reading() as session, _watched(session, interrupt):
        words = _Filter(session, text)
        if not words:
            query = joined.where(AuditRank.rank <= want + 1).order_by(AuditRank.rank)
            rows = [AuditRow(*row) for row in session.execute(query)]
            return FirstMatches(text, rows[:want], complete=len(rows) <= want, dense=True)
        # Dense words: a page of matches within the top ranks, read in rank order.
        top = words.apply(joined.where(AuditRank.rank <= PROBE_RANKS)).order_by(AuditRank.rank).limit(want + 1)
        rows = [AuditRow(*row) for row in session.execute(top)]
        if len(rows) > want:
            return FirstMatches(text, rows[:want], complete=False, dense=True)
        ranked = session.execute(select(func.max(AuditRank.rank))).scalar() or 0
        if ranked <= PROBE_RANKS:
            return FirstMatches(text, rows, complete=True)
        if len(rows) * ranked / PROBE_RANKS > complete_up_to:
            # Thinly spread but many ("senior ro": one employee in eighteen): reading on
            # down the ranking fills the page sooner than the index would list them all.
            rest = words.apply(joined.where(AuditRank.rank > PROBE_RANKS)).order_by(AuditRank.rank)
            rows += [AuditRow(*row) for row in session.execute(rest.limit(want + 1 - len(rows)))]
            if len(rows) > want:
                return FirstMatches(text, rows[:want], complete=False, dense=True)
            return FirstMatches(text, rows, complete=True)
        # Sparse words: every match, up to complete_up_to, through the index when the
        # words allow it, else reading each employee once (see audit_page).
        if words.match is not None:
            query = words.indexed(joined)
        elif words.sqlite:
            query = words.apply(columns.join(Employee, Employee.id.concat("") == AuditRank.employee_id))
        else:
            query = words.apply(joined)
        query = query.order_by(AuditRank.rank).limit(complete_up_to + 1)
        rows = [AuditRow(*row) for row in session.execute(query)]
        if len(rows) <= complete_up_to:
            return FirstMatches(text, rows, complete=True)
        return FirstMatches(text, rows[:want], complete=False)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def narrowed(previous: FirstMatches | None, text: str, *, sqlite: bool = True) -> FirstMatches | None:
    """The filter's matches for `text` taken from `previous` without asking the store, when
    that gives exactly what the store would: `previous` holds every match of its text, and
    each of its words is within a word of `text` (so every match of `text` is among them:
    "robotics" then "robotics e"). None when it cannot tell (then ask `first_matches`).

    Only for SQLite, whose LIKE this repeats: a substring test that folds ASCII letters
    and nothing else. A word with LIKE's wildcards (`%`, `_`) is left to the database.
    """
    if previous is None or not previous.complete or not sqlite:
        return None
    old = previous.text.translate(_ASCII_LOWER).split()
    new = text.translate(_ASCII_LOWER).split()
    if not new or any("%" in word or "_" in word for word in old + new):
        return None
    if not all(any(word in longer for longer in new) for word in old):
        return None

    folded = previous.folded
    if folded is None:
        folded = [(_fold(row.name), _fold(row.department), _fold(row.title)) for row in previous.rows]
    rows, kept = [], []
    for row, fields in zip(previous.rows, folded):
        if all(word in fields[0] or word in fields[1] or word in fields[2] for word in new):
            rows.append(row)
            kept.append(fields)
    return FirstMatches(text, rows, complete=True, folded=kept)


def _fold(value: str | None) -> str:
    """LIKE's case folding on SQLite: ASCII letters only."""
    if not value:
        return ""
    return value.lower() if value.isascii() else value.translate(_ASCII_LOWER)


def audit_page(
    store: Store,
    offset: int,
    limit: int,
    text: str = "",
    *,
    matches: int | None = None,
    dense: bool = False,
    interrupt: Interrupt | None = None,
) -> list[AuditRow]:
    """Rows offset..offset+limit-1 of the ranked audit, optionally filtered by name,
    department or title (every word must match one of them).

    `matches`, when the caller has just counted the filter's rows (`count_audit`), and
    `dense`, when it found them dense among the top ranks (`first_matches`), only help
    choose how to read them; the rows are the same without them.
    """
    columns = _row_columns()
    query = columns.join(Employee, Employee.id == AuditRank.employee_id)
    with store.reading() as session, _watched(session, interrupt):
        words = _Filter(session, text)
        if not words:
            # Ranks are 1..N without gaps, so an unfiltered page is a range on the rank
            # index: the last page of 100,000 costs what the first does.
            query = query.where(AuditRank.rank > offset, AuditRank.rank <= offset + limit)
            query = query.order_by(AuditRank.rank)
        else:
            few = words.sqlite and not dense and _few(session, words, offset + limit, matches)
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
