"""The demo program: seeded and repeatable, shaped like the guide's story, and never in the future."""

from __future__ import annotations

import re
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Date, DateTime, select, text

from advocacy_tui.program import vocabulary as v
from advocacy_tui.program.audit import audit_window
from advocacy_tui.program.cohort import STEPS, check_step
from advocacy_tui.program.tokens import asset_token
from advocacy_tui.store.audit import refresh_ranking
from advocacy_tui.store.cohort import cohort_rows
from advocacy_tui.store.cohort.history import live_histories
from advocacy_tui.store.database import open_store
from advocacy_tui.store.demo import DemoSummary, clear, is_empty, write_demo
from advocacy_tui.store.models import Base, StoreMeta

TODAY = date(2026, 11, 23)  # a Monday, like the suite's fixed date
TOKEN = re.compile(r"^[a-z2-7]{8}$")


def _write(path: Path, **options) -> DemoSummary:
    store = open_store(path)
    try:
        return write_demo(store, today=options.pop("today", TODAY), **options)
    finally:
        store.close()


def _dump(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, as SQLite stores them."""
    connection = sqlite3.connect(path)
    try:
        return {
            table.name: sorted(
                connection.execute(f'SELECT * FROM "{table.name}"').fetchall(), key=repr
            )
            for table in Base.metadata.sorted_tables
        }
    finally:
        connection.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, DemoSummary]:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    return path, _write(path)


@pytest.fixture(scope="module")
def db(demo) -> sqlite3.Connection:
    connection = sqlite3.connect(demo[0])
    yield connection
    connection.close()


def _rows(db: sqlite3.Connection, sql: str, *params) -> list[tuple]:
    return db.execute(sql, params).fetchall()


def _one(db: sqlite3.Connection, sql: str, *params):
    return db.execute(sql, params).fetchone()[0]


# --------------------------------------------------------------------------- repeatable


def test_the_same_seed_and_day_give_the_same_rows(demo, tmp_path):
    again = tmp_path / "again.sqlite"
    assert _write(again) == demo[1]
    assert _dump(again) == _dump(demo[0])


def test_another_seed_gives_another_program(demo, tmp_path):
    other = tmp_path / "other.sqlite"
    _write(other, seed=7)
    first, second = _dump(demo[0]), _dump(other)
    assert len(second["employee"]) == len(first["employee"])  # the size does not depend on it
    for table in ("employee", "signal", "score", "enrollment", "asset", "post", "application"):
        assert first[table] != second[table], table


def test_the_summary_counts_what_was_written(demo, db):
    summary = demo[1]
    tables = {
        "employees": "employee", "signals": "signal", "scores": "score",
        "enrollments": "enrollment", "assets": "asset", "deliveries": "delivery",
        "posts": "post", "applications": "application", "requisitions": "requisition",
        "surveys": "survey", "awards": "award", "feedback": "feedback",
    }
    for field, table in tables.items():
        assert getattr(summary, field) == _one(db, f"SELECT count(*) FROM {table}"), field


def test_counts_are_in_the_expected_ranges(demo):
    summary = demo[1]
    assert summary.employees == 300
    assert 4000 <= summary.signals <= 6000
    assert 50 <= summary.scores <= 70
    assert 25 <= summary.enrollments <= 35
    assert 80 <= summary.assets <= 130
    assert 250 <= summary.deliveries <= 400
    assert 150 <= summary.posts <= 320
    assert 130 <= summary.applications <= 170
    assert 10 <= summary.requisitions <= 14
    assert 40 <= summary.surveys <= 70
    assert 5 <= summary.awards <= 25
    assert 8 <= summary.feedback <= 12


# --------------------------------------------------------------------------- consistent


def test_nothing_is_dated_after_today(db):
    last_day, last_moment = TODAY.isoformat(), f"{TODAY.isoformat()} 23:59:59.999999"
    # Due dates look ahead by nature: this week's drop is due a week after it went out.
    ahead = {("delivery", "due_on"): (TODAY + timedelta(days=7)).isoformat()}
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if (table.name, column.name) in ahead:
                latest = _one(db, f'SELECT max("{column.name}") FROM "{table.name}"')
                assert latest <= ahead[(table.name, column.name)]
            elif isinstance(column.type, (Date, DateTime)):
                latest = _one(db, f'SELECT max("{column.name}") FROM "{table.name}"')
                limit = last_moment if isinstance(column.type, DateTime) else last_day
                assert latest is None or latest <= limit, f"{table.name}.{column.name} = {latest}"


def test_enumerated_values_and_tokens_are_valid(db):
    # Every enumerated value comes from program.vocabulary.
    for sql, allowed in (
        ("SELECT DISTINCT seniority FROM employee", v.SENIORITIES),
        ("SELECT DISTINCT source FROM signal", v.SOURCES),
        ("SELECT DISTINCT kind FROM signal", v.SIGNAL_KINDS),
        ("SELECT DISTINCT channel FROM enrollment", v.CHANNELS),
        ("SELECT DISTINCT status FROM enrollment", v.ENROLLMENT_STATUSES),
        ("SELECT DISTINCT status FROM asset", v.ASSET_STATUSES),
        ("SELECT DISTINCT status FROM delivery", v.DELIVERY_STATUSES),
        ("SELECT DISTINCT kind FROM feedback", v.FEEDBACK_KINDS),
        ("SELECT DISTINCT status FROM feedback", v.FEEDBACK_STATUSES),
    ):
        assert {row[0] for row in _rows(db, sql)} <= set(allowed), sql
    for dim in v.DIMENSIONS:
        assert _one(db, f"SELECT count(*) FROM score WHERE {dim} NOT BETWEEN 1 AND 5") == 0
    assert _one(db, "SELECT count(*) FROM employee WHERE network_size < 0") == 0
    tokens = [row[0] for row in _rows(db, "SELECT advocate_token FROM employee UNION ALL SELECT token FROM asset")]
    assert all(TOKEN.match(token) for token in tokens)
    assert len(set(tokens)) == len(tokens)
    emails = [row[0] for row in _rows(db, "SELECT lower(email) FROM employee")]
    assert len(set(emails)) == len(emails)
    assert all(email.endswith("@northwind.example") for email in emails)
    assert _rows(db, "PRAGMA foreign_key_check") == []


def test_managers_are_real_people_in_the_same_department(db):
    orphans = _one(
        db,
        """SELECT count(*) FROM employee e WHERE e.manager_email IS NOT NULL AND NOT EXISTS (
             SELECT 1 FROM employee m WHERE lower(m.email) = lower(e.manager_email)
             AND m.department = e.department AND m.seniority != 'ic')""",
    )
    assert orphans == 0
    assert len(_rows(db, "SELECT DISTINCT department FROM employee")) >= 8
    executives = _one(db, "SELECT count(*) FROM employee WHERE seniority = 'executive'")
    assert 9 <= executives <= 21  # about 5%
    assert 1 <= _one(db, "SELECT count(*) FROM employee WHERE network_size = 0") <= 15


# --------------------------------------------------------------------------- the guide's story


def _qualities(db) -> list[tuple[str, str, int, float]]:
    start, end = audit_window(TODAY)
    return _rows(
        db,
        """SELECT e.id, e.seniority, e.network_size,
                  sum(s.reactions + s.comments + s.shares) * 1.0 / e.network_size AS quality
           FROM employee e JOIN signal s ON s.employee_id = e.id
           WHERE e.network_size > 0 AND s.occurred_on BETWEEN ? AND ?
           GROUP BY e.id ORDER BY quality DESC""",
        start.isoformat(),
        end.isoformat(),
    )


def test_mid_level_experts_top_the_ranking_and_executives_do_not(db):
    ranked = _qualities(db)
    top = ranked[:10]
    assert all(seniority in ("ic", "manager") for _, seniority, _, _ in top)
    assert all(300 <= network <= 2000 for _, _, network, _ in top)
    tenth = top[-1][3]
    executives = [row for row in ranked if row[1] == "executive"]
    assert any(network >= 5000 and quality < tenth / 10 for _, _, network, quality in executives)
    assert all(network >= 5000 for _, _, network, _ in executives)


def test_many_employees_are_silent(db):
    silent = _one(db, "SELECT count(*) FROM employee e WHERE NOT EXISTS (SELECT 1 FROM signal s WHERE s.employee_id = e.id)")
    assert 45 <= silent <= 120
    assert _one(db, "SELECT count(*) FROM signal WHERE source != 'internal' AND url IS NULL") == 0


def test_scores_leave_work_for_the_scoring_tab(demo):
    store = open_store(demo[0])
    try:
        refresh_ranking(store, TODAY, 40)
    finally:
        store.close()
    connection = sqlite3.connect(demo[0])
    try:
        unscored = _one(
            connection,
            """SELECT count(*) FROM audit_rank a WHERE a.candidate = 1
               AND NOT EXISTS (SELECT 1 FROM score s WHERE s.employee_id = a.employee_id)""",
        )
        scorers = {row[0] for row in _rows(connection, "SELECT DISTINCT scorer FROM score")}
        singles = _one(
            connection,
            "SELECT count(*) FROM (SELECT employee_id FROM score GROUP BY employee_id HAVING count(*) = 1)",
        )
        lopsided = _one(
            connection,
            """SELECT count(DISTINCT employee_id) FROM score
               WHERE max(network_relevance, engagement_quality, subject_depth, cultural_alignment) = 5
                 AND min(network_relevance, engagement_quality, subject_depth, cultural_alignment) = 1""",
        )
        oldest = _one(connection, "SELECT min(scored_on) FROM score")
    finally:
        connection.close()
    assert 8 <= unscored <= 12
    assert scorers == {"coordinator", "hr-partner"}
    assert singles >= 2
    assert lopsided >= 2
    assert oldest >= (TODAY - timedelta(days=21)).isoformat()


def test_every_enrollment_status_and_channel_is_present(db):
    statuses = {row[0] for row in _rows(db, "SELECT DISTINCT status FROM enrollment")}
    channels = {row[0] for row in _rows(db, "SELECT DISTINCT channel FROM enrollment")}
    assert statuses == set(v.ENROLLMENT_STATUSES)
    assert channels == set(v.CHANNELS)
    assert 12 <= _one(db, "SELECT count(*) FROM enrollment WHERE status = 'enrolled'") <= 16
    assert _one(db, "SELECT count(DISTINCT employee_id) FROM enrollment") == _one(db, "SELECT count(*) FROM enrollment")
    executives = _one(
        db,
        """SELECT count(*) FROM enrollment n JOIN employee e ON e.id = n.employee_id
           WHERE n.status = 'enrolled' AND e.seniority = 'executive'""",
    )
    assert executives == 1
    assert {row[0] for row in _rows(db, "SELECT DISTINCT category FROM enrollment")} == {
        "Engineering voices", "Sales & customers", "Culture & people",
    }


def test_enrolled_advocates_passed_the_gates_in_order(db):
    rows = _rows(db, "SELECT orientation_on, policy_ack_on, opted_in_on FROM enrollment WHERE status = 'enrolled'")
    assert rows
    for oriented, acknowledged, opted_in in rows:
        assert oriented is not None and acknowledged is not None and opted_in is not None
        assert oriented <= acknowledged <= opted_in
    assert _one(db, "SELECT count(*) FROM enrollment WHERE status IN ('nominated', 'invited') AND opted_in_on IS NOT NULL") == 0


def _histories(path: Path) -> tuple[dict[str, list], dict[str, str]]:
    """Every live enrollment's history as the app reads it back, and its status."""
    store = open_store(path)
    try:
        with store.reading() as session:
            history = live_histories(session)
            statuses = dict(session.execute(text("SELECT id, status FROM enrollment WHERE deleted_at IS NULL")).all())
    finally:
        store.close()
    return history, statuses


def test_every_enrollment_has_the_history_that_led_to_its_status(demo, db):
    history, statuses = _histories(demo[0])
    assert statuses and set(history) == set(statuses)
    recorders = {row[0] for row in _rows(db, "SELECT DISTINCT recorded_by FROM enrollment_event")}
    assert recorders == {"coordinator"}
    for enrollment_id, status in statuses.items():
        events = history[enrollment_id]
        assert events[-1].to_status == status, enrollment_id
        days = [event.occurred_on for event in events]
        assert days == sorted(days) and days[-1] <= TODAY, enrollment_id
        closing = {"declined": "decline", "withdrawn": "withdraw"}.get(status)
        if closing:
            assert events[-1].step == closing and events[-1].note, enrollment_id
    # The dates the enrollment row holds are the days those steps were taken.
    for enrollment_id, channel, oriented, acked, opted in _rows(
        db, "SELECT id, channel, orientation_on, policy_ack_on, opted_in_on FROM enrollment"
    ):
        events = history[enrollment_id]
        first = {"manager": "nominate", "volunteer": "sign_up", "outreach": "invite"}[channel]
        assert events[0].step == first and events[0].from_status is None
        on = {event.step: event.occurred_on.isoformat() for event in events}
        assert (on.get("orientation"), on.get("policy_ack"), on.get("opt_in")) == (oriented, acked, opted)


def test_replaying_the_history_with_the_apps_rules_is_legal(demo):
    history, statuses = _histories(demo[0])
    for enrollment_id, events in history.items():
        status = None
        for event in events:
            assert check_step(event.step, status) is None, (enrollment_id, event.step, status)
            assert event.from_status == status
            assert event.to_status == (STEPS[event.step].to_status or status)
            status = event.to_status
        assert status == statuses[enrollment_id]


def test_the_cohort_tab_shows_when_everyone_was_nominated_or_invited(demo):
    store = open_store(demo[0])
    try:
        rows = cohort_rows(store)
    finally:
        store.close()
    assert rows
    for row in rows:
        assert row.nominated_on is not None or row.invited_on is not None, row.name
        if row.channel == "outreach":
            assert row.invited_on is not None and row.nominated_on is None, row.name
        if row.status in ("declined", "withdrawn"):
            assert row.closed_on is not None and row.closed_on <= TODAY, row.name
        if row.status == "withdrawn":
            assert row.reason, row.name
        shown = [d for d in (row.nominated_on, row.invited_on, row.orientation_on, row.opted_in_on) if d]
        assert shown == sorted(shown), row.name


def test_the_queue_goes_to_enrolled_advocates_only(db):
    assert {row[0] for row in _rows(db, "SELECT DISTINCT status FROM delivery")} == set(v.DELIVERY_STATUSES)
    strangers = _one(
        db,
        """SELECT count(*) FROM delivery d WHERE NOT EXISTS (
             SELECT 1 FROM enrollment n WHERE n.employee_id = d.advocate_id AND n.status = 'enrolled'
             AND n.opted_in_on < d.delivered_on)""",
    )
    assert strangers == 0
    for (day,) in _rows(db, "SELECT DISTINCT delivered_on FROM delivery"):
        assert date.fromisoformat(day).weekday() == 0  # the Monday drop
    assert _one(db, "SELECT max(cnt) FROM (SELECT count(*) AS cnt FROM delivery GROUP BY advocate_id, delivered_on)") == 3
    repeats = _one(db, "SELECT count(*) FROM (SELECT 1 FROM delivery GROUP BY advocate_id, asset_id HAVING count(*) > 1)")
    assert repeats == 0
    wrong_category = _one(
        db,
        """SELECT count(*) FROM delivery d JOIN asset a ON a.id = d.asset_id
           JOIN enrollment n ON n.employee_id = d.advocate_id WHERE a.category != n.category""",
    )
    assert wrong_category == 0
    shared = _rows(db, "SELECT delivered_on, shared_on, post_url FROM delivery WHERE status = 'shared'")
    assert all(url and delivered <= on for delivered, on, url in shared)
    unposted = _one(
        db,
        """SELECT count(*) FROM delivery d WHERE d.status = 'shared' AND NOT EXISTS (
             SELECT 1 FROM post p WHERE p.url = d.post_url AND p.asset_id = d.asset_id)""",
    )
    assert unposted == 0
    assert _one(db, "SELECT count(*) FROM post WHERE asset_id IS NULL") > 0  # organic posts too


def test_the_library_is_mostly_approved_and_delivered_assets_were_live(db):
    statuses = dict(_rows(db, "SELECT status, count(*) FROM asset GROUP BY status"))
    assert set(statuses) == set(v.ASSET_STATUSES)
    assert statuses["approved"] > 5 * (statuses["draft"] + statuses["retired"])
    assert _one(db, "SELECT count(*) FROM asset WHERE status = 'approved' AND caption = ''") == 0
    assert {row[0] for row in _rows(db, "SELECT DISTINCT topic FROM asset")} == {
        "job posting", "culture story", "industry insight", "team achievement", "product milestone",
    }
    stale = _one(
        db,
        """SELECT count(*) FROM delivery d JOIN asset a ON a.id = d.asset_id
           WHERE a.available_from > d.delivered_on OR a.expires_on < d.delivered_on""",
    )
    assert stale == 0
    assert _one(db, "SELECT count(*) FROM asset WHERE link NOT LIKE 'https://careers.northwind.example/%'") == 0
    assert all(token == asset_token(asset_id) for asset_id, token in _rows(db, "SELECT id, token FROM asset"))


def test_some_applications_are_attributed_to_enrolled_advocates(db):
    attributed = _rows(
        db,
        """SELECT a.utm_content, a.utm_campaign, e.advocate_token FROM application a
           JOIN employee e ON a.utm_content LIKE e.advocate_token || '-%'
           JOIN enrollment n ON n.employee_id = e.id AND n.status = 'enrolled'""",
    )
    total = _one(db, "SELECT count(*) FROM application")
    assert 0.1 * total <= len(attributed) <= 0.4 * total
    assets = {row[0]: row[1] for row in _rows(db, "SELECT token, campaign FROM asset")}
    for content, campaign, token in attributed:
        asset_token = content.split("-", 1)[1]
        assert assets[asset_token] == campaign
    assert _one(db, "SELECT count(*) FROM application WHERE utm_content IS NULL") >= 0.6 * total


def test_requisitions_compare_promoted_and_control_roles(db):
    rows = _rows(db, "SELECT promoted, opened_on, filled_on FROM requisition")
    filled = [(promoted, date.fromisoformat(f) - date.fromisoformat(o)) for promoted, o, f in rows if f]
    assert any(promoted for promoted, _ in filled) and any(not promoted for promoted, _ in filled)
    assert any(f is None for _, _, f in rows)
    fastest_control = min(days for promoted, days in filled if not promoted)
    slowest_promoted = max(days for promoted, days in filled if promoted)
    assert slowest_promoted < fastest_control


# --------------------------------------------------------------------------- empty and clear


def test_is_empty_and_clear(new_target):
    store = open_store(new_target("x"))
    try:
        assert is_empty(store)
        seen: list[tuple[str, float]] = []
        write_demo(store, today=TODAY, employees=120, progress=lambda label, fraction: seen.append((label, fraction)))
        assert not is_empty(store)
        fractions = [fraction for _, fraction in seen]
        assert fractions == sorted(fractions) and fractions[-1] == 1.0
        refresh_ranking(store, TODAY, 40)  # leaves audit_rank rows and a store_meta stamp
        clear(store)
        assert is_empty(store)
        with store.reading() as session:
            for table in Base.metadata.sorted_tables:
                if table.name != StoreMeta.__tablename__:
                    assert session.execute(select(table)).first() is None, table.name
            keys = session.execute(select(StoreMeta.key)).scalars().all()
        assert keys == ["schema_version"]
    finally:
        store.close()


def test_clear_then_write_matches_a_fresh_file(tmp_path):
    reused, fresh = tmp_path / "reused.sqlite", tmp_path / "fresh.sqlite"
    _write(reused, seed=11, employees=80)
    store = open_store(reused)
    try:
        clear(store)
        write_demo(store, today=TODAY, employees=80)
    finally:
        store.close()
    _write(fresh, employees=80)
    assert _dump(reused) == _dump(fresh)


def test_tombstoned_rows_do_not_count_as_a_program(new_target):
    store = open_store(new_target("x"))
    try:
        write_demo(store, today=TODAY, employees=60)
        with store.writing() as session:
            for table in Base.metadata.sorted_tables:
                if "deleted_at" in table.c:
                    session.execute(table.update().values(deleted_at=text("'2026-11-23 00:00:00.000000'")))
        assert is_empty(store)
    finally:
        store.close()


@pytest.mark.postgresql
def test_the_demo_on_postgresql_holds_the_same_rows_as_on_sqlite(demo_file, pg_server, tmp_path):
    from tests.backends import Targets

    targets = Targets("postgresql", tmp_path, pg_server, lambda: demo_file)
    rows = []
    try:
        for target in (str(demo_file), targets("demo", demo=True)):
            store = open_store(target)
            try:
                with store.reading() as session:
                    rows.append({
                        table.name: session.execute(select(table).order_by(*table.primary_key.columns)).all()
                        for table in Base.metadata.sorted_tables
                    })
            finally:
                store.close()
    finally:
        targets.close()
    assert rows[0].keys() == rows[1].keys()
    for name in rows[0]:
        assert rows[0][name] == rows[1][name], name


@pytest.mark.parametrize("today", [date(2026, 11, 24), date(2026, 11, 27)])
def test_other_weekdays_and_small_companies_work(tmp_path, today):
    summary = _write(tmp_path / "x.sqlite", today=today, employees=60)
    assert summary.employees == 60
    assert summary.deliveries > 0
    connection = sqlite3.connect(tmp_path / "x.sqlite")
    try:
        latest = _one(connection, "SELECT max(max(shared_on), max(delivered_on)) FROM delivery")
        due = _one(connection, "SELECT max(due_on) FROM delivery")
    finally:
        connection.close()
    assert latest <= today.isoformat()
    # The latest drop went out on the Monday of this week, due a week later.
    monday = today - timedelta(days=today.weekday())
    assert due == (monday + timedelta(days=7)).isoformat()
