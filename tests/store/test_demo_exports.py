"""The demo's sample exports: each file is recognised as its tool's, and importing it finds
the demo's own people, posts and requisitions (the matches a newcomer should see with `T`)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from advocacy_tui.config import Settings
from advocacy_tui.program.exports import read_export
from advocacy_tui.store.database import open_store
from advocacy_tui.store.demo.exports import slack_period, write_demo_exports
from advocacy_tui.store.imports import import_exports
from advocacy_tui.store.metrics import program_metrics
from advocacy_tui.store.models import Application, Employee, Enrollment, Post
from tests.conftest import TODAY

SEED = 2026
SOURCES = {
    "slack-member-analytics.csv": "slack",
    "teams-user-activity.csv": "teams",
    "ga4-traffic-acquisition.csv": "ga4",
    "lever-candidates.csv": "lever",
    "linkedin-page-content.xlsx": "linkedin-page",
}


@pytest.fixture
def demo(demo_db, tmp_path):
    """(store, {source: path}) with the samples written next to a copy of the demo."""
    store = open_store(demo_db)
    paths = write_demo_exports(store, demo_db.parent / "exports", TODAY, SEED)
    yield store, {SOURCES.get(path.name, "linkedin-creator"): path for path in paths}
    store.close()


def read(path):
    end, days = slack_period(TODAY)
    return read_export(path, period_end=end, period_days=days) if path.name.startswith("slack") else read_export(path)


def dry_run(store, path, **options):
    [outcome] = import_exports(store, [read(path)], dry_run=True, **options)
    return outcome


def count(store, query):
    with store.reading() as session:
        return session.execute(query).scalar()


def test_every_sample_is_recognised_as_its_tool_and_named_as_published(demo):
    store, paths = demo
    assert set(paths) == {"slack", "teams", "ga4", "lever", "linkedin-page", "linkedin-creator"}
    for source, path in paths.items():
        assert read(path).source == source  # `auto`: from the sheets and headers
    creator = paths["linkedin-creator"].name
    start, end = TODAY - timedelta(days=90), TODAY - timedelta(days=1)
    assert creator.startswith(f"Content_{start.isoformat()}_{end.isoformat()}_") and creator.endswith(".xlsx")
    assert paths["slack"].read_bytes().startswith(b"\xef\xbb\xbf")  # Slack's BOM
    readme = (paths["slack"].parent / "README.txt").read_text(encoding="utf-8")
    assert "--period-end 2026-11-22 --period-days 30" in readme


def test_slack_matches_by_email_and_lists_the_three_without_one_and_the_guest(demo):
    store, paths = demo
    outcome = dry_run(store, paths["slack"])
    suggested = [person for person in outcome.unmatched if person.suggestion is not None]
    outsiders = [person for person in outcome.unmatched if person.suggestion is None]
    assert len(suggested) == 3 and len(outsiders) == 1
    for person in suggested:
        assert person.person.email is None
        assert person.suggestion.label.startswith(person.person.name + " <")
    assert outsiders[0].person.email.endswith("@brightlane.example")
    assert 50 <= len(read(paths["slack"]).records) <= 62
    assert outcome.count("added") >= 40  # a post signal per matched member who wrote in a channel


def test_teams_matches_everyone_but_the_two_concealed_users(demo):
    store, paths = demo
    batch = read(paths["teams"])
    assert batch.period_end == TODAY - timedelta(days=1) and batch.period_start == TODAY - timedelta(days=30)
    outcome = dry_run(store, paths["teams"])
    assert outcome.concealed == 2
    assert outcome.unmatched == []
    assert len(batch.records) == 42 and outcome.count("added") >= 30


def test_ga4_visits_go_to_the_posts_and_two_tracking_values_match_none(demo):
    store, paths = demo
    first, last = TODAY - timedelta(days=30), TODAY - timedelta(days=1)
    tracked = count(store, select(func.count()).select_from(Post).where(
        Post.asset_id.is_not(None), Post.posted_on.between(first, last), Post.referral_visits > 0,
    ))
    outcome = dry_run(store, paths["ga4"])
    assert tracked > 20 and outcome.count("added") == tracked
    assert outcome.count("no post") == 2
    assert outcome.count("skipped") == 0
    # The other traffic (google / organic, direct...) is read and not stored.
    assert sum(1 for record in read(paths["ga4"]).records if record.tracking_value is None) >= 3


def test_lever_candidates_land_on_the_requisitions_some_through_an_advocate(demo):
    store, paths = demo
    outcome = dry_run(store, paths["lever"])
    assert outcome.count("added") == 25
    assert not any("no requisition matched" in row.what for row in outcome.rows)
    attributed = [row for row in outcome.rows if "not attributed" not in row.what]
    assert 3 <= len(attributed) < 25 and all(row.who for row in attributed)
    referrals = [record for record in read(paths["lever"]).records if record.employee_referral]
    assert len(referrals) == 5


def test_the_page_posts_are_the_companys_with_a_plausible_engagement_rate(demo):
    store, paths = demo
    records = read(paths["linkedin-page"]).records
    assert len(records) == 12
    assert all(TODAY - timedelta(days=60) <= record.created_on < TODAY for record in records)
    rate = sum(record.engagements for record in records) / sum(record.impressions for record in records)
    assert 0.02 <= rate <= 0.04
    assert dry_run(store, paths["linkedin-page"]).count("added") == 12


def test_the_creator_file_is_one_advocates_matched_by_the_same_name_or_their_email(demo):
    store, paths = demo
    [owner] = dry_run(store, paths["linkedin-creator"]).unmatched
    assert owner.suggestion is not None
    email = owner.suggestion.label.split("<")[1].rstrip(">")
    enrolled = count(store, select(func.count()).select_from(Enrollment).join(Employee).where(
        Employee.email == email, Enrollment.status == "enrolled", Enrollment.deleted_at.is_(None),
    ))
    assert enrolled == 1
    outcome = dry_run(store, paths["linkedin-creator"], advocate_email=email)
    assert outcome.count("added") == 2  # posts the program never recorded
    assert outcome.count("updated") >= 3  # the demo's posts, with LinkedIn's later figures
    assert outcome.count("skipped") == 0 and outcome.unmatched == []


def test_importing_them_all_sets_the_company_baseline_and_a_second_import_changes_nothing(demo):
    store, paths = demo
    batches = [read(path) for path in paths.values()]
    [owner] = dry_run(store, paths["linkedin-creator"]).unmatched
    email = owner.suggestion.label.split("<")[1].rstrip(">")
    visits_before = count(store, select(func.sum(Post.referral_visits)))
    assert program_metrics(store, Settings(), TODAY).health.baseline_basis == "configured"
    import_exports(store, batches, advocate_email=email)
    basis = program_metrics(store, Settings(), TODAY).health.baseline_basis
    assert basis.endswith("company Page posts") and int(basis.split()[0]) >= 4
    # GA4's sessions are the demo's referral visits: importing them keeps the figures.
    assert count(store, select(func.sum(Post.referral_visits))) == visits_before
    assert count(store, select(func.count()).select_from(Application).where(
        Application.ats == "lever", Application.utm_content.is_not(None),
    )) >= 3
    again = import_exports(store, batches, advocate_email=email, dry_run=True)
    assert all(outcome.written == 0 for outcome in again)


def test_the_samples_are_the_same_for_the_same_seed(demo, tmp_path):
    store, paths = demo
    other = write_demo_exports(store, tmp_path / "again", TODAY, SEED)
    for path in other:
        if path.suffix == ".csv":
            assert path.read_bytes() == paths[SOURCES[path.name]].read_bytes()
    assert [path.name for path in other] == [path.name for path in paths.values()]
