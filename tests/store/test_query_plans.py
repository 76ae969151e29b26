"""The hot queries use indexes: SQLite's EXPLAIN QUERY PLAN for the SQL the store really
sends (captured with a `before_cursor_execute` listener while the store functions run on
the seeded demo file) must not SCAN any of the large tables, and must reach each large
table it reads through an index.

The large tables are the ones that grow with the company and its years: employee,
signal, post, delivery and application. A SCAN of anything else (the audit_rank cache
read in rank order, a materialized subquery, a small table such as requisition) is
allowed. The file has no ANALYZE statistics, like every file the app writes, so the
plans do not depend on how many rows the demo has.

SQLite only: EXPLAIN QUERY PLAN is its own. No test here measures a time.
"""

from __future__ import annotations

import re
import shutil
from typing import Callable

import pytest
from sqlalchemy import event

from advocacy_tui.config import Settings
from advocacy_tui.store.database import open_store
from tests.conftest import TODAY

LARGE_TABLES = frozenset({"employee", "signal", "post", "delivery", "application"})
FILTER_TEXT = "senior engineer"  # two words, each matching titles of the demo company


@pytest.fixture(scope="module")
def plan_store(demo_file, tmp_path_factory):
    """A private copy of the seeded demo file, opened once for the module (read only here)."""
    path = tmp_path_factory.mktemp("plans") / "demo.sqlite"
    shutil.copyfile(demo_file, path)
    opened = open_store(path)
    yield opened
    opened.close()


def captured_selects(store, call: Callable[[], object]) -> list[tuple[str, tuple]]:
    """The distinct SELECT statements (with their first parameters) `call` sends."""
    statements: dict[str, tuple] = {}

    def capture(_conn, _cursor, statement, parameters, _context, executemany) -> None:
        if not executemany and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.setdefault(statement, tuple(parameters or ()))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        call()
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    return list(statements.items())


def query_plan(store, statement: str, parameters: tuple) -> list[str]:
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    return [row[3] for row in rows]


def plan_problems(statement: str, plan: list[str]) -> list[str]:
    """What is wrong with one statement's plan: full scans of a large table, or a large
    table read without an index."""
    aliases = {alias: table for table, alias in re.findall(r"\b(\w+) AS (\w+)\b", statement)}
    problems = []
    for step in plan:
        match = re.match(r"(SCAN|SEARCH) (\w+)", step)
        if match is None:
            continue
        action, name = match.groups()
        table = aliases.get(name, name)
        if table not in LARGE_TABLES:
            continue
        if action == "SCAN":
            problems.append(f"full scan of {table}: {step}")
        elif "INDEX" not in step and "PRIMARY KEY" not in step:
            problems.append(f"{table} searched without an index: {step}")
    return problems


def assert_indexed(store, call: Callable[[], object]) -> None:
    selects = captured_selects(store, call)
    assert selects, "the store function sent no SELECT"
    report = []
    for statement, parameters in selects:
        plan = query_plan(store, statement, parameters)
        problems = plan_problems(statement, plan)
        if problems:
            report.append("\n".join([" ".join(statement.split()), *(f"  plan: {step}" for step in plan), *problems]))
    assert not report, "\n\n".join(report)


# ------------------------------------------------------------------- the hot queries


def candidates_listing(store) -> None:
    from advocacy_tui.store.audit import audit_page, count_audit

    count_audit(store)
    audit_page(store, 0, 200)
    audit_page(store, 200, 200)  # a later page: a range of ranks, as the last one is


def candidates_filter_rows(store) -> None:
    from advocacy_tui.store.audit import audit_page

    audit_page(store, 0, 200, FILTER_TEXT)


def candidates_filter_count(store) -> None:
    from advocacy_tui.store.audit import count_audit

    count_audit(store, FILTER_TEXT)


def content_queue(store) -> None:
    from advocacy_tui.store.content.queue import queue_rows, queue_totals

    queue_rows(store, TODAY)
    queue_totals(store, TODAY)


def content_tab(store) -> None:
    """What the Content tab reads when it opens, but the queue (above)."""
    from advocacy_tui.store.content.authenticity import near_identical
    from advocacy_tui.store.content.drops import coverage
    from advocacy_tui.store.content.library import asset_rows, library_counts

    library_counts(store)
    coverage(store, TODAY, 3)
    near_identical(store, TODAY, 0.9)
    asset_rows(store)
    asset_rows(store, {"status": "approved"})


def metrics_tiers(store) -> None:
    from advocacy_tui.store.metrics import program_metrics

    program_metrics(store, Settings(), TODAY)


def metrics_trend(store) -> None:
    from advocacy_tui.store.metrics import trend

    trend(store, Settings(), TODAY, periods=12, unit="week")
    trend(store, Settings(), TODAY, periods=12, unit="month")


def metrics_rankings(store) -> None:
    from advocacy_tui.store.metrics import rankings

    rankings(store, TODAY)


def recognition_tab(store) -> None:
    from advocacy_tui.store.recognition import awards, pending_awards, spotlight_candidates

    pending_awards(store, TODAY, (10, 25, 50))  # with detected_milestones and awards
    spotlight_candidates(store, TODAY)
    awards(store)


CASES = [
    pytest.param(candidates_listing, id="candidates-listing"),
    pytest.param(candidates_filter_rows, id="candidates-filter-rows"),
    # An infix match (LIKE '%word%' on name, department and title) cannot use a b-tree
    # index: the count reads the employees the trigram index (store/search.py) offers.
    pytest.param(candidates_filter_count, id="candidates-filter-count"),
    pytest.param(content_queue, id="content-queue"),
    pytest.param(content_tab, id="content-tab"),
    pytest.param(metrics_tiers, id="metrics-tiers"),
    pytest.param(metrics_trend, id="metrics-trend"),
    # The advocates ranking starts from the month's posters and the quarter's attributed
    # applications and looks each advocate up by id: no scan of employee.
    pytest.param(metrics_rankings, id="metrics-rankings"),
    pytest.param(recognition_tab, id="recognition"),
]


@pytest.mark.parametrize("hot_query", CASES)
def test_hot_queries_use_indexes(plan_store, hot_query) -> None:
    assert_indexed(plan_store, lambda: hot_query(plan_store))


def test_a_full_scan_is_caught(plan_store) -> None:
    """The check itself: a plain SELECT over employees is reported as a full scan."""
    from sqlalchemy import select

    from advocacy_tui.store.models import Employee

    def scan_everyone() -> None:
        with plan_store.reading() as session:
            session.execute(select(Employee.name).where(Employee.name.like("%a%"))).all()

    with pytest.raises(AssertionError, match="full scan of employee"):
        assert_indexed(plan_store, scan_everyone)


def test_aliases_are_resolved() -> None:
    """A table read under an alias is still recognised as the large table it is."""
    statement = "SELECT p.id FROM post AS p"
    assert plan_problems(statement, ["SCAN p"]) == ["full scan of post: SCAN p"]
    assert plan_problems(statement, ["SEARCH p USING INDEX ix_post_posted (posted_on>?)"]) == []
    assert plan_problems("SELECT 1 FROM audit_rank", ["SCAN audit_rank USING INDEX ix_audit_rank_rank"]) == []


# ------------------------------------------------ the Scoring and Cohort tabs (their own)


def scoring_tab(store) -> None:
    from advocacy_tui.store.scoring import scoring_candidates

    scoring_candidates(store, "coordinator")


def cohort_tab(store) -> None:
    """What the Cohort tab reads when it opens: the listing, then the first page."""
    from advocacy_tui.program.scoring import Thresholds
    from advocacy_tui.store.cohort import cohort_listing, cohort_page

    listing = cohort_listing(store, Thresholds())
    cohort_page(store, listing.enrollment_ids[:200], Thresholds())


def plans_of(store, call: Callable[[], object]) -> list[str]:
    return [step for statement, parameters in captured_selects(store, call)
            for step in query_plan(store, statement, parameters)]


def test_scoring_tab_starts_from_the_listed_few(plan_store) -> None:
    """Flagged candidates come from the top of the ranking (its rank index, bounded by the
    stamp's top N) and the scored from the scores; employees are looked up by id, never
    scanned, and the ranking is not read whole either."""
    from advocacy_tui.store.audit import refresh_ranking

    refresh_ranking(plan_store, TODAY, Settings().scoring.candidates)
    assert_indexed(plan_store, lambda: scoring_tab(plan_store))
    plan = plans_of(plan_store, lambda: scoring_tab(plan_store))
    assert any(step.startswith("SEARCH audit_rank USING INDEX ix_audit_rank_rank") for step in plan), plan
    assert not any(re.match(r"SCAN audit_rank\b", step) for step in plan), plan
    assert any(re.match(r"SEARCH employee USING (INDEX|PRIMARY KEY|INTEGER PRIMARY KEY|COVERING INDEX)", step) for step in plan), plan


def test_scoring_tab_asks_nothing_more_of_a_fresh_ranking(plan_store) -> None:
    """The tab asks for a fresh ranking each time it loads; once a connection found it
    fresh and nobody wrote since, no SELECT runs for it (the stamp counts every signal)."""
    from advocacy_tui.store.audit import refresh_ranking

    top_n = Settings().scoring.candidates
    for _ in range(plan_store.engine.pool.size() + 1):
        refresh_ranking(plan_store, TODAY, top_n)  # every connection the pool holds has seen it
    assert captured_selects(plan_store, lambda: refresh_ranking(plan_store, TODAY, top_n)) == []


def test_cohort_tab_reads_a_page_by_ids(plan_store) -> None:
    """The listing reads each live enrollment once and its employee by id; a page reads
    its enrollments by id and their events through the enrollment index (no scan of the
    events either)."""
    assert_indexed(plan_store, lambda: cohort_tab(plan_store))
    plan = plans_of(plan_store, lambda: cohort_tab(plan_store))
    assert not any(re.match(r"SCAN (enrollment_event|employee)\b", step) for step in plan), plan
    assert any(step.startswith("SEARCH enrollment_event USING INDEX ix_enrollment_event_enrollment") for step in plan), plan


# The Metrics and Recognition tabs read through one call each, its parts side by side on
# connections of their own (the listener is the engine's, so it hears every thread).


def metrics_tab(store) -> None:
    from advocacy_tui.store.metrics import tab_figures

    tab_figures(store, Settings(), TODAY, periods=12, unit="week", limit=6)
    tab_figures(store, Settings(), TODAY, periods=12, unit="month", limit=6)


def recognition_tab_reads(store) -> None:
    from advocacy_tui.store.recognition import recognition_tab

    recognition_tab(store, TODAY, (10, 25, 50))


@pytest.mark.parametrize("tab_reads", [metrics_tab, recognition_tab_reads], ids=["metrics-tab", "recognition-tab"])
def test_the_tabs_reads_use_indexes(plan_store, tab_reads) -> None:
    assert_indexed(plan_store, lambda: tab_reads(plan_store))


def test_the_metrics_tab_reads_in_few_statements(plan_store) -> None:
    """The tiers, a 12-week trend and the rankings: the trend is two statements (not two
    per week), and what the tiers and rankings share is read once."""
    from advocacy_tui.store.metrics import tab_figures

    sent: list[str] = []

    def count(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append(statement)

    event.listen(plan_store.engine, "before_cursor_execute", count)
    try:
        tab_figures(plan_store, Settings(), TODAY, periods=12, unit="week", limit=6)
    finally:
        event.remove(plan_store.engine, "before_cursor_execute", count)
    assert len(sent) <= 16, "\n\n".join(sent)


# ------------------------------------------------- the Content tab's pages and the filter's first look


def content_pages(store) -> None:
    """What the Content tab reads now: a page of the library (its deliveries counted for
    the page's assets), the count, a followed asset's position, the filter bar's values,
    the summary, and the queue a page at a time."""
    from advocacy_tui.store.content.drops import coverage
    from advocacy_tui.store.content.library import asset_count, asset_position, asset_rows, filter_values
    from advocacy_tui.store.content.queue import drop_missed, queue_count, queue_rows

    asset_count(store, {})
    asset_rows(store, {}, 0, 50)
    asset_rows(store, {"status": "approved"}, 50, 50)
    asset_position(store, {}, "no-such-asset")
    filter_values(store)
    coverage(store, TODAY, 3)
    drop_missed(store, TODAY)
    queue_count(store, TODAY)
    queue_rows(store, TODAY, offset=10, limit=50)


def candidates_first_look(store) -> None:
    """The Candidates filter's one question per keystroke, as typed."""
    from advocacy_tui.store.audit import first_matches

    for text in ("sen", "senior", FILTER_TEXT):
        first_matches(store, text, want=200, complete_up_to=2000)


@pytest.mark.parametrize("hot_query", [content_pages, candidates_first_look], ids=["content-pages", "candidates-first-look"])
def test_the_paged_content_tab_and_the_filter_first_look_use_indexes(plan_store, hot_query) -> None:
    assert_indexed(plan_store, lambda: hot_query(plan_store))


def test_the_filter_first_look_reads_past_the_top_ranks_through_indexes(plan_store, monkeypatch) -> None:
    """With fewer ranks read first than the demo has employees, the first look goes on
    down the ranking or to the search index: by indexes still."""
    from advocacy_tui.store import audit

    monkeypatch.setattr(audit, "PROBE_RANKS", 20)
    assert_indexed(plan_store, lambda: candidates_first_look(plan_store))
