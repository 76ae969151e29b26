"""Storing the exports (issue 10): each fixture imported and checked row by row, aliases
remembered across imports, every source idempotent, the company baseline in health."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text

from advocacy_tui.config import Settings
from advocacy_tui.program.exports import PersonRef, read_export
from advocacy_tui.store.imports import import_exports, remember_alias
from advocacy_tui.store.metrics import program_metrics
from advocacy_tui.store.models import (
    Alias,
    Application,
    Asset,
    CompanyPost,
    Employee,
    Post,
    ReferralVisit,
    Requisition,
    Signal,
)
from tests.program.exports.fixtures import (
    POST_A,
    POST_B,
    POST_C,
    creator_xlsx,
    ga4_csv,
    ga4_daily_csv,
    greenhouse_csv,
    lever_csv,
    page_xlsx,
    slack_csv,
    teams_csv,
)

MAY_END = date(2026, 5, 31)


@pytest.fixture
def program(store):
    """Employees whose tokens the fixtures' tracking values name, two assets with the
    fixtures' asset tokens, posts of them, and two requisitions."""
    with store.writing() as session:
        people = {
            "ann": Employee(email="ann@example.com", name="Ann Archer", advocate_token="annadvoc"),
            "ben": Employee(email="ben@example.com", name="Ben Brook", advocate_token="benadvoc"),
            "cy": Employee(email="cy@example.com", name="Cy Chen", advocate_token="cyadvoca"),
            "jane": Employee(email="jane@example.com", name="Jane Doe", advocate_token="janeadvo"),
        }
        session.add_all(people.values())
        first = Asset(title="Data team", topic="hiring", platform="linkedin", status="approved")
        second = Asset(title="Design team", topic="hiring", platform="linkedin", status="approved")
        session.add_all([first, second])
        session.add(Requisition(title="Data Engineer", opened_on=date(2026, 4, 1)))
        session.add(Requisition(title="Designer", opened_on=date(2026, 4, 1), external_id="gh-designer"))
        session.flush()
        ids = {key: person.id for key, person in people.items()}
        ids["asset1"], ids["asset2"] = first.id, second.id
    with store.writing() as session:
        # The fixtures name assets by fixed tokens; a token is derived from the id on insert.
        session.execute(text("UPDATE asset SET token = 'asset222' WHERE id = :id"), {"id": ids["asset1"]})
        session.execute(text("UPDATE asset SET token = 'asset333' WHERE id = :id"), {"id": ids["asset2"]})
        session.add_all([
            Post(advocate_id=ids["ann"], asset_id=ids["asset1"], platform="linkedin", posted_on=date(2026, 4, 20)),
            Post(advocate_id=ids["ann"], asset_id=ids["asset1"], platform="linkedin", posted_on=date(2026, 5, 1)),
            Post(advocate_id=ids["ann"], asset_id=ids["asset2"], platform="linkedin", posted_on=date(2026, 4, 1)),
            Post(advocate_id=ids["ben"], asset_id=ids["asset2"], platform="linkedin", posted_on=date(2026, 5, 2)),
        ])
    return ids


def rows(store, query):
    with store.reading() as session:
        return session.execute(query).all()


def snapshot(store, *, created=True):
    """Every row of every table an import writes, updated_at included (and created_at,
    which CSV files do not carry, unless `created` is False)."""
    from advocacy_tui.store.models import Base

    found = {}
    with store.reading() as session:
        for name in ("signal", "post", "company_post", "referral_visit", "application", "requisition", "alias"):
            table = Base.metadata.tables[name]
            columns = [column for column in table.columns if created or column.name != "created_at"]
            found[name] = session.execute(select(*columns).order_by(table.c.id)).all()
    return found


def run(store, path, source="auto", **options):
    period = {key: options.pop(key) for key in ("period_end", "period_days") if key in options}
    batch = read_export(path, source, **period)
    [outcome] = import_exports(store, [batch], **options)
    return outcome


def test_slack_becomes_post_signals_with_counts_and_lists_who_is_unmatched(store, program, tmp_path):
    outcome = run(store, slack_csv(tmp_path), period_end=MAY_END, period_days=30)
    assert outcome.source == "slack"
    signals = rows(store, select(Signal.employee_id, Signal.source, Signal.kind, Signal.count, Signal.occurred_on,
                                 Signal.origin).order_by(Signal.count))
    assert signals == [
        (program["cy"], "internal", "post", 5, MAY_END, "slack 2026-05-02..2026-05-31"),
        (program["ann"], "internal", "post", 310, MAY_END, "slack 2026-05-02..2026-05-31"),
    ]
    # Ben's email is hidden in the file: listed, with a suggestion, never matched silently.
    [ben] = outcome.unmatched
    assert ben.person.user_id == "U02BEN" and ben.rows == (3,)
    assert ben.suggestion is not None and ben.suggestion.employee_id == program["ben"]
    assert outcome.count("added") == 2 and outcome.count("unmatched") == 1


def test_a_second_import_of_every_source_changes_nothing(store, program, tmp_path):
    files = [
        (slack_csv(tmp_path), {"period_end": MAY_END, "period_days": 30}),
        (teams_csv(tmp_path), {}),
        (creator_xlsx(tmp_path), {"advocate_email": "jane@example.com"}),
        (page_xlsx(tmp_path), {}),
        (ga4_csv(tmp_path), {}),
        (lever_csv(tmp_path), {}),
        (greenhouse_csv(tmp_path), {}),
    ]
    for path, options in files:
        run(store, path, **options)
    before = snapshot(store)
    for path, options in files:
        outcome = run(store, path, **options)
        assert outcome.written == 0, (path.name, outcome.rows)
    assert snapshot(store) == before


def test_a_confirmed_alias_is_remembered_for_the_next_import(store, program, tmp_path):
    path = slack_csv(tmp_path)
    [ben] = run(store, path, period_end=MAY_END, period_days=30).unmatched
    remember_alias(store, "slack", ben.person, program["ben"])
    again = run(store, path, period_end=MAY_END, period_days=30)
    assert again.unmatched == []
    aliases = rows(store, select(Alias.source, Alias.alias, Alias.employee_id).order_by(Alias.alias))
    assert ("slack", "U02BEN", program["ben"]) in aliases
    # Another source does not borrow Slack's alias.
    teams = PersonRef(user_id="U02BEN", name="Ben Brook")
    from advocacy_tui.store.imports.people import People

    with store.reading() as session:
        people = People(session)
    assert people.match(teams, "slack") == program["ben"]
    assert people.match(teams, "teams") is None


def test_teams_posts_and_replies_become_signals_and_concealed_names_are_reported(store, program, tmp_path):
    outcome = run(store, teams_csv(tmp_path))
    signals = rows(store, select(Signal.employee_id, Signal.kind, Signal.count, Signal.occurred_on).order_by(Signal.kind))
    assert signals == [
        (program["ann"], "answer", 5, MAY_END),
        (program["ann"], "post", 9, MAY_END),
    ]
    assert outcome.concealed == 1
    assert outcome.unmatched == []  # Ben@Example.com matches ben@example.com; his zeros store nothing
    assert any("concealed" in line for line in outcome.lines())


def test_a_count_that_falls_to_zero_removes_the_signal(store, program, tmp_path):
    run(store, teams_csv(tmp_path))
    path = tmp_path / "teams-again.csv"
    path.write_bytes((tmp_path / "teams.csv").read_bytes().replace(b'"9","5"', b'"0","5"').replace(b",9,5,", b",0,5,"))
    outcome = run(store, path)
    assert outcome.count("removed") == 1
    live = rows(store, select(Signal.kind, Signal.count).where(Signal.deleted_at.is_(None)))
    assert live == [("answer", 5)]


def test_creator_posts_keep_linkedins_engagement_total_and_merge_both_halves(store, program, tmp_path):
    outcome = run(store, creator_xlsx(tmp_path), advocate_email="jane@example.com")
    posts = rows(store, select(Post.url, Post.posted_on, Post.impressions, Post.engagements, Post.reactions)
                 .where(Post.advocate_id == program["jane"]).order_by(Post.url))
    assert posts == [
        (POST_A, date(2026, 5, 3), 4321, 120, 0),
        (POST_B, date(2026, 5, 10), 9876, 45, 0),
        (POST_C, date(2026, 5, 21), 0, 7, 0),
    ]
    assert outcome.count("added") == 3
    # The engagement rate uses the total: the mean of 120/4321 and 45/9876 (no impressions: out).
    metrics = program_metrics(store, Settings(), date(2026, 5, 31))
    expected = ((120 / 4321) + (45 / 9876)) / 2
    assert metrics.monthly.engagement_rate == pytest.approx(expected)


def test_a_creator_file_names_its_owner_who_is_matched_once_confirmed(store, program, tmp_path):
    path = creator_xlsx(tmp_path)
    outcome = run(store, path)
    [owner] = outcome.unmatched
    assert owner.person.name == "Jane Doe" and owner.rows == (4, 6)  # the rows its posts start on
    assert owner.suggestion is not None and owner.suggestion.employee_id == program["jane"]
    assert rows(store, select(func.count()).select_from(Post).where(Post.advocate_id == program["jane"])) == [(0,)]
    remember_alias(store, "linkedin-creator", owner.person, program["jane"])
    again = run(store, path)
    assert again.unmatched == [] and again.count("added") == 3


def test_page_posts_are_the_companys_and_set_the_health_baseline(store, program, tmp_path):
    before = program_metrics(store, Settings(), date(2026, 5, 31)).health
    assert (before.engagement_baseline, before.baseline_basis) == (0.02, "configured")
    outcome = run(store, page_xlsx(tmp_path))
    assert outcome.count("added") == 2
    stored = rows(store, select(CompanyPost.title, CompanyPost.impressions, CompanyPost.clicks, CompanyPost.reactions,
                                CompanyPost.comments, CompanyPost.reposts, CompanyPost.follows).order_by(CompanyPost.created_on))
    assert stored == [
        ("We're hiring data engineers", 10000, 250, 180, 12, 8, 5),
        ("Meet the design team", 3000, 20, 15, 1, 0, 2),
    ]
    # None of them is an advocate's post.
    assert rows(store, select(func.count()).select_from(Post).where(Post.url.like("%73000000000000001%"))) == [(0,)]
    health = program_metrics(store, Settings(), date(2026, 5, 31)).health
    assert health.engagement_baseline == pytest.approx(((250 + 180 + 12 + 8 + 5) / 10000 + (20 + 15 + 1 + 0 + 2) / 3000) / 2)
    assert health.baseline_basis == "2 company Page posts"
    # A window without company posts falls back to the configured rate.
    assert program_metrics(store, Settings(), date(2026, 9, 30)).health.baseline_basis == "configured"


def test_ga4_sets_referral_visits_of_the_latest_post_of_that_asset(store, program, tmp_path):
    outcome = run(store, ga4_csv(tmp_path))
    visits = dict(rows(store, select(Post.posted_on, Post.referral_visits).where(Post.advocate_id == program["ann"])))
    # annadvoc-asset222: the latest of Ann's two posts of it on or before 31 May.
    assert visits == {date(2026, 4, 20): 0, date(2026, 5, 1): 1204, date(2026, 4, 1): 30}
    ben = rows(store, select(Post.referral_visits).where(Post.advocate_id == program["ben"]))
    assert ben == [(96,)]
    assert outcome.count("added") == 3
    assert rows(store, select(func.count()).select_from(ReferralVisit)) == [(3,)]


def test_ga4_rows_that_match_no_post_are_reported(store, program, tmp_path):
    path = tmp_path / "ga4-other.csv"
    path.write_text(
        "# Start date: 20260501\n# End date: 20260531\n\n"
        "Session source / medium,Session campaign,Session manual ad content,Sessions,Engaged sessions,Key events\n"
        "linkedin / employee_advocacy,spring,cyadvoca-asset222,12,3,0\n"
        "linkedin / employee_advocacy,spring,zzzzzzzz-asset222,4,1,0\n",
        encoding="utf-8",
    )
    outcome = run(store, path, "ga4")
    assert [row.row for row in outcome.rows if row.outcome == "no post"] == [5, 6]
    assert any(line.startswith("  row 5: cyadvoca-asset222") for line in outcome.lines())
    assert rows(store, select(func.sum(Post.referral_visits))) == [(0,)]


def test_a_daily_ga4_report_adds_days_but_never_counts_a_month_twice(store, program, tmp_path):
    run(store, ga4_daily_csv(tmp_path))
    latest = select(Post.referral_visits).where(Post.advocate_id == program["ann"], Post.posted_on == date(2026, 5, 1))
    assert rows(store, latest) == [(17 + 2001,)]
    outcome = run(store, ga4_csv(tmp_path))  # the whole of May overlaps the two days
    assert [row.outcome for row in outcome.rows if "annadvoc-asset222" in row.what] == ["skipped"]
    assert rows(store, latest) == [(17 + 2001,)]


def test_lever_applications_are_attributed_and_requisitions_matched(store, program, tmp_path):
    outcome = run(store, lever_csv(tmp_path))
    data_engineer = rows(store, select(Requisition.id, Requisition.external_id).where(Requisition.title == "Data Engineer"))
    [(requisition, external)] = data_engineer
    assert external == "post-9"  # learnt from the title match
    [(designer,)] = rows(store, select(Requisition.id).where(Requisition.title == "Designer"))
    applications = rows(store, select(Application.external_id, Application.applied_on, Application.utm_content,
                                      Application.requisition_id, Application.source).order_by(Application.external_id))
    assert applications == [
        ("app-1", date(2026, 5, 4), "annadvoc-asset222", requisition, "LinkedIn"),
        ("app-2", date(2026, 5, 6), None, requisition, "Employee Referral"),
        ("app-3", date(2026, 5, 7), None, designer, "sourced"),  # by title; it keeps its own id
    ]
    assert outcome.count("added") == 3


def test_greenhouse_matches_the_advocate_by_referrer_name_or_tracked_source(store, program, tmp_path):
    run(store, greenhouse_csv(tmp_path))
    applications = rows(store, select(Application.external_id, Application.utm_content, Application.ats)
                        .order_by(Application.external_id))
    assert [(key.split("/")[0], content, ats) for key, content, ats in applications] == [
        ("1001", "benadvoc-asset333", "greenhouse"),
        ("1002", "annadvoc", "greenhouse"),  # Ann Archer referred: her token alone
        ("1003", None, "greenhouse"),
    ]
    metrics = program_metrics(store, Settings(), date(2026, 5, 31))
    assert metrics.quarterly.attributed_applications == 2


def test_a_dry_run_reports_the_same_and_writes_nothing(store, program, tmp_path):
    before = snapshot(store)
    batch = read_export(ga4_csv(tmp_path))
    [dry] = import_exports(store, [batch], dry_run=True)
    assert snapshot(store) == before
    [real] = import_exports(store, [batch])
    assert [(row.row, row.outcome) for row in dry.rows] == [(row.row, row.outcome) for row in real.rows]


def test_an_unknown_advocate_email_writes_nothing(store, program, tmp_path):
    from advocacy_tui.store.errors import StoreError

    before = snapshot(store)
    with pytest.raises(StoreError, match="No employee has the email nobody@example.com"):
        run(store, creator_xlsx(tmp_path), advocate_email="nobody@example.com")
    assert snapshot(store) == before


def test_what_the_imports_stored_travels_through_csv_export_and_import(store, program, tmp_path):
    from advocacy_tui.store.csv_export import export_all
    from advocacy_tui.store.csv_import import expand_paths, import_files
    from advocacy_tui.store.database import open_store

    run(store, slack_csv(tmp_path), period_end=MAY_END, period_days=30)
    [ben] = run(store, slack_csv(tmp_path), period_end=MAY_END, period_days=30).unmatched
    remember_alias(store, "slack", ben.person, program["ben"])
    for path in (page_xlsx(tmp_path), ga4_csv(tmp_path), greenhouse_csv(tmp_path)):
        run(store, path)
    run(store, creator_xlsx(tmp_path), advocate_email="jane@example.com")
    folder = tmp_path / "sync"
    written = export_all(store, folder)
    assert written["aliases.csv"] >= 1 and written["company_posts.csv"] == 2 and written["referral_visits.csv"] == 3
    copy = open_store(tmp_path / "copy.sqlite")
    try:
        import_files(copy, expand_paths([folder]))
        assert snapshot(copy, created=False) == snapshot(store, created=False)
        # The copy goes on as the original would: a re-import there changes nothing.
        assert run(copy, ga4_csv(tmp_path)).written == 0
        assert run(copy, slack_csv(tmp_path), period_end=MAY_END, period_days=30).unmatched == []
    finally:
        copy.close()
