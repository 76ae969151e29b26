"""Step 5 in the store: milestones found in the data, confirmed awards, the spotlight by
outcomes, and the outcome message each advocate receives."""

from __future__ import annotations

import email
import email.policy
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocacy_tui.config import Settings
from advocacy_tui.program.milestones import milestones, milestones_of_days
from advocacy_tui.store import cohort
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import Application, Employee, Post
from advocacy_tui.store.recognition import (
    awards,
    confirm_award,
    pending_awards,
    recognition_tab,
    spotlight_candidates,
    write_outcome_messages,
)
from tests.conftest import TODAY

BY = "coordinator"


def enrolled(store, name: str) -> tuple[str, str]:
    with store.writing() as session:
        person = Employee(email=f"{name.lower()}@example.com", name=name, department="Sales", title="AE",
                          manager_email="boss@example.com", network_size=500)
        session.add(person)
        session.flush()
        employee_id, token = person.id, person.advocate_token
    day = TODAY - timedelta(days=80)
    cohort.nominate(store, employee_id, "manager", "boss@example.com", day, BY)
    cohort.invite(store, employee_id, day, BY)
    cohort.record_orientation(store, employee_id, day, BY)
    cohort.record_policy_ack(store, employee_id, day, BY)
    cohort.opt_in(store, employee_id, day, BY)
    return employee_id, token


def post(store, advocate_id: str, days_ago: int, impressions=1000, engaged=20, visits=0) -> None:
    with store.writing() as session:
        session.add(Post(advocate_id=advocate_id, platform="linkedin", posted_on=TODAY - timedelta(days=days_ago),
                         impressions=impressions, reactions=engaged, referral_visits=visits))


def application(store, token: str, days_ago: int) -> None:
    with store.writing() as session:
        session.add(Application(applied_on=TODAY - timedelta(days=days_ago), source="employee post",
                                utm_content=f"{token}-abcdefgh"))


def test_milestones_become_pending_awards_until_confirmed(store):
    ada, token = enrolled(store, "Ada")
    for days_ago in (40, 33, 26, 19, 12, 5):  # weekly: a run spanning 36 days
        post(store, ada, days_ago)
    application(store, token, 10)
    pending = {item.milestone.name: item for item in pending_awards(store, TODAY, (5, 10))}
    assert set(pending) == {"first post", "30-day streak", "attributed application", "5 posts"}
    assert pending["first post"].milestone.reached_on == TODAY - timedelta(days=40)

    confirm_award(store, ada, "first post", "Gift card", TODAY, "Welcome!")
    assert "first post" not in {item.milestone.name for item in pending_awards(store, TODAY, (5, 10))}
    (given,) = awards(store)
    assert (given.advocate, given.milestone, given.reward, given.note) == ("Ada", "first post", "Gift card", "Welcome!")
    with pytest.raises(StoreError, match="already has the award"):
        confirm_award(store, ada, "first post", "Gift card", TODAY)
    with pytest.raises(StoreError, match="needs its reward"):
        confirm_award(store, ada, "5 posts", "  ", TODAY)
    assert len(awards(store)) == 1


def test_a_withdrawn_advocate_has_no_pending_awards(store):
    ada, _ = enrolled(store, "Ada")
    post(store, ada, 3)
    cohort.withdraw(store, ada, "Moved on", TODAY, BY)
    assert pending_awards(store, TODAY, (10,)) == []


def test_the_spotlight_ranks_by_applications_then_engagement_not_post_count(store):
    busy, _ = enrolled(store, "Busy")
    sharp, _ = enrolled(store, "Sharp")
    closer, closer_token = enrolled(store, "Closer")
    for days_ago in range(1, 21):
        post(store, busy, days_ago, impressions=1000, engaged=10)  # 20 posts at 1%
    post(store, sharp, 2, impressions=1000, engaged=90)  # 1 post at 9%
    post(store, closer, 3, impressions=1000, engaged=30)  # 3%, and an application
    application(store, closer_token, 1)
    ranked = spotlight_candidates(store, TODAY)
    assert [row.advocate for row in ranked] == ["Closer", "Sharp", "Busy"]
    assert ranked[0].applications == 1 and ranked[1].engagement_rate == pytest.approx(0.09)
    # Only this quarter counts: a post from last quarter is not in it.
    assert all(row.posts <= 20 for row in ranked)


def test_outcome_messages_tell_each_advocate_what_their_posts_brought(store, tmp_path):
    from advocacy_tui.program.content.assets import AssetFields
    from advocacy_tui.store.content.library import approve_asset, save_asset
    from advocacy_tui.store.models import Asset

    ada, token = enrolled(store, "Ada")
    enrolled(store, "Quiet")  # no posts: no message
    asset_id = save_asset(store, AssetFields(title="We're hiring", topic="job posting", platform="linkedin",
                                             caption="Join us.", link="https://example.com/jobs"))
    approve_asset(store, asset_id)
    with store.writing() as session:
        asset_token = session.get(Asset, asset_id).token
        session.add(Post(advocate_id=ada, asset_id=asset_id, platform="linkedin", posted_on=TODAY - timedelta(days=4),
                         impressions=3000, reactions=40, referral_visits=200))
        for _ in range(2):
            session.add(Application(applied_on=TODAY - timedelta(days=2), utm_content=f"{token}-{asset_token}"))

    written = write_outcome_messages(store, Settings(), TODAY, tmp_path)
    assert [path.name for path in written] == [f"outcomes-2026-11-{token}.eml"]
    message = email.message_from_bytes(written[0].read_bytes(), policy=email.policy.default)
    body = message.get_body(("plain",)).get_content()
    assert "Ada" in message["To"] and message["Subject"] == "What your posts brought in"
    assert "Your post on \u201cWe're hiring\u201d brought 200 visits and 2 applications." in body
    assert written[0].stat().st_mode & 0o777 == 0o600


def test_the_tab_reads_the_same_pending_awards_spotlight_and_awards(store):
    """`recognition_tab` (the tab's one call: the awards read once, the reads side by side)
    gives what the three functions give."""
    ada, token = enrolled(store, "Ada")
    bob, _ = enrolled(store, "Bob")
    for days_ago in (40, 33, 26, 19, 12, 5):
        post(store, ada, days_ago)
    post(store, bob, 2, impressions=1000, engaged=90)
    application(store, token, 10)
    confirm_award(store, ada, "first post", "Gift card", TODAY)
    pending, spotlight, given = recognition_tab(store, TODAY, (5, 10))
    assert pending == pending_awards(store, TODAY, (5, 10)) and len(pending) == 4
    assert spotlight == spotlight_candidates(store, TODAY) and [row.advocate for row in spotlight] == ["Ada", "Bob"]
    assert given == awards(store) and len(given) == 1
    assert pending_awards(store, TODAY, (5, 10), given=given) == pending


_DAY = st.dates(min_value=date(2025, 6, 1), max_value=date(2026, 12, 31))


@given(st.lists(_DAY, max_size=60), st.one_of(st.none(), _DAY), _DAY,
       st.sampled_from([(10, 25, 50), (), (1,), (3, 7, 200), (50, 10)]))
def test_milestones_from_the_days_as_text_are_those_from_the_dates(days, first_attributed, on, post_counts):
    """The store reads post days as ISO text and makes dates only of those a milestone
    needs (`milestones_of_days`): the same milestones as `milestones` on the dates."""
    expected = milestones(days, [first_attributed] if first_attributed else [], on, post_counts)
    assert milestones_of_days([day.isoformat() for day in days], first_attributed, on, post_counts) == expected


@given(st.lists(st.integers(0, 9), min_size=1, max_size=40), st.integers(0, 400))
def test_milestones_of_days_finds_the_first_streak_of_runs_with_small_gaps(gaps, start):
    """Runs of posts a few days apart (where streaks are found, and later runs ignored)."""
    day = date(2025, 1, 1) + timedelta(days=start)
    days = []
    for gap in gaps:
        day += timedelta(days=gap)
        days.append(day)
    on = date(2026, 12, 31)
    assert milestones_of_days([d.isoformat() for d in days], None, on) == milestones(days, [], on)
