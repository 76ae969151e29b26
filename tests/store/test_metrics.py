"""Step 7 from the store: every figure of `program_metrics` on a small program worked out by
hand, the window edges, nulls on an empty store, growth and shift against the window
before, health, the trend and rankings for the Metrics tab, a property test against a
plain Python computation, and `advocacy metrics --json` on the demo."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from statistics import mean, median

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert

from advocacy_tui.config import Settings
from advocacy_tui.program.metrics import (
    ATTRIBUTION_DIAGNOSIS,
    PARTICIPATION_DIAGNOSIS,
    REACH_DIAGNOSIS,
    Window,
)
from advocacy_tui.store.metrics import program_metrics, rankings, tab_figures, trend
from advocacy_tui.store.models import (
    Application,
    Asset,
    Delivery,
    Employee,
    Enrollment,
    Post,
    Requisition,
    Survey,
)
from tests.conftest import TODAY, days_ago

D = TODAY  # Monday 23 November 2026
GONE = datetime(2026, 11, 1)  # a tombstone
DEFAULTS = Settings()

# ---------------------------------------------------------------------------- helpers


def employee(session, name: str, token: str, *, deleted: bool = False) -> str:
    row = Employee(
        email=f"{name.lower()}@example.com", name=name, advocate_token=token, deleted_at=GONE if deleted else None
    )
    session.add(row)
    session.flush()
    return row.id


def enroll(session, employee_id: str, opted_in: date, *, status: str = "enrolled", deleted: bool = False) -> None:
    """Direct rows that pass the enrollment gate: an enrolled row has all three dates."""
    session.add(
        Enrollment(
            employee_id=employee_id, channel="manager", status=status,
            orientation_on=opted_in - timedelta(days=2), policy_ack_on=opted_in - timedelta(days=1),
            opted_in_on=opted_in, deleted_at=GONE if deleted else None,
        )
    )


def asset(session, topic: str, title: str) -> str:
    row = Asset(title=title, topic=topic, platform="linkedin", status="approved")
    session.add(row)
    session.flush()
    return row.id


def post(session, advocate: str, ago: int, impressions: int, engaged: tuple[int, int, int] = (0, 0, 0),
         visits: int = 0, platform: str = "linkedin", asset_id: str | None = None, deleted: bool = False) -> None:
    reactions, comments, shares = engaged
    session.add(
        Post(
            advocate_id=advocate, asset_id=asset_id, platform=platform, posted_on=days_ago(ago),
            impressions=impressions, reactions=reactions, comments=comments, shares=shares,
            referral_visits=visits, deleted_at=GONE if deleted else None,
        )
    )


def delivery(session, advocate: str, asset_id: str, ago: int, status: str, *, deleted: bool = False) -> None:
    session.add(
        Delivery(advocate_id=advocate, asset_id=asset_id, delivered_on=days_ago(ago), status=status,
                 deleted_at=GONE if deleted else None)
    )


def application(session, ago: int, utm_content: str | None, *, deleted: bool = False) -> None:
    session.add(Application(applied_on=days_ago(ago), utm_content=utm_content, source="employee post",
                            deleted_at=GONE if deleted else None))


def requisition(session, opened_ago: int, filled_ago: int | None, promoted: bool, *, deleted: bool = False) -> None:
    session.add(
        Requisition(title="Role", opened_on=days_ago(opened_ago),
                    filled_on=None if filled_ago is None else days_ago(filled_ago), promoted=promoted,
                    deleted_at=GONE if deleted else None)
    )


def survey(session, ago: int, score: float, *, deleted: bool = False) -> None:
    session.add(Survey(survey_on=days_ago(ago), score=score, deleted_at=GONE if deleted else None))


def with_metrics(**values) -> Settings:
    return Settings.model_validate({"metrics": values})


# ----------------------------------------------------------------- the hand program

# Tokens are 8 characters of [a-z2-7], as the program makes them.
ANN, BOB, CAT, EVE, FAY, GUS, HAL, IDA = (
    "annannan", "bobbobbo", "catcatca", "eveeveev", "fayfayfa", "gusgusgu", "halhalha", "idaidaid",
)


@pytest.fixture
def program(store):
    """A small program, every figure of which the tests below work out by hand."""
    with store.writing() as s:
        a = employee(s, "Ann", ANN)
        b = employee(s, "Bob", BOB)
        c = employee(s, "Cat", CAT)
        e = employee(s, "Eve", EVE)
        f = employee(s, "Fay", FAY)
        g = employee(s, "Gus", GUS, deleted=True)
        h = employee(s, "Hal", HAL)
        i = employee(s, "Ida", IDA)
        # Enrolled as of D: Ann, Bob, Hal (opted in D-40) and Cat (D-3, inside the week) = 4.
        for who in (a, b, h):
            enroll(s, who, days_ago(40))
        enroll(s, c, days_ago(3))
        enroll(s, e, days_ago(40), status="withdrawn")  # not enrolled
        enroll(s, f, D + timedelta(days=1))  # opts in after D: not enrolled yet
        enroll(s, g, days_ago(40))  # a deleted employee: not counted
        enroll(s, i, days_ago(40), deleted=True)  # a tombstoned enrollment: not counted

        culture, hiring, product = (asset(s, topic, topic.title()) for topic in ("culture", "hiring", "product"))
        # Posts: (advocate, days ago, impressions, (reactions, comments, shares), visits)
        post(s, a, 0, 1000, (30, 10, 10), 20, "linkedin", culture)  # 50/1000 = 0.05
        post(s, a, 6, 0, (0, 0, 0), 0, "linkedin", product)  # D-6: weekly; no impressions
        post(s, c, 2, 200, (4, 0, 0), 1, "linkedin", hiring)  # 4/200 = 0.02
        post(s, e, 1, 300, (3, 3, 3), 4, "x")  # 9/300 = 0.03; Eve is withdrawn
        post(s, b, 7, 500, (10, 5, 5), 5, "x", hiring)  # D-7: monthly only; 20/500 = 0.04
        post(s, a, 29, 1000, (20, 0, 0), 10, "instagram", culture)  # D-29: monthly edge; 0.02
        post(s, b, 30, 4000, (40, 0, 0), 100, "x")  # D-30: the month before; 0.01
        post(s, a, 59, 1000, (30, 0, 0), 0, "x")  # D-59: the month before's first day; 0.03
        post(s, a, 60, 7777, (1, 1, 1), 0, "x")  # D-60: in neither
        post(s, a, 0, 99999, (999, 0, 0), 999, "x", deleted=True)  # deleted: in nothing

        # Deliveries in the week (D-6..D): 3, of which 2 shared.
        more = [asset(s, "misc", f"Asset {n}") for n in range(5)]
        delivery(s, a, more[0], 0, "shared")
        delivery(s, a, more[1], 6, "shared")
        delivery(s, b, more[0], 6, "delivered")
        delivery(s, b, more[1], 7, "shared")  # D-7: last week
        delivery(s, c, more[2], 0, "shared", deleted=True)

        # Applications in the quarter (D-90..D) attributed to a live advocate: 3.
        application(s, 0, ANN)  # the token alone
        application(s, 90, f"{ANN}-{'q' * 8}")  # token + '-' + asset token, on D-90
        application(s, 5, f"{EVE}-whatever")  # withdrawn, but Eve's post still drew it
        application(s, 91, f"{BOB}-{'q' * 8}")  # D-91: the quarter before
        application(s, 3, f"{BOB}x")  # starts with Bob's token but no '-': not his
        application(s, 3, "zzzzzzzz-qqqqqqqq")  # nobody's token
        application(s, 3, None)  # a job board
        application(s, 3, GUS)  # a deleted employee's token
        application(s, 3, ANN, deleted=True)

        # Requisitions filled in the quarter: promoted 10, 30, 50 days (median 30);
        # control 60, 69 days (median 64.5).
        requisition(s, 40, 10, True)  # 30 days
        requisition(s, 100, 90, True)  # 10 days, filled on D-90
        requisition(s, 50, 0, True)  # 50 days, filled on D
        requisition(s, 200, 91, True)  # filled D-91: not this quarter
        requisition(s, 80, 20, False)  # 60 days
        requisition(s, 70, 1, False)  # 69 days
        requisition(s, 30, None, False)  # still open
        requisition(s, 40, 5, False, deleted=True)

        # Surveys: this quarter 4.0 and 3.0 (D-90) = 3.5; the quarter before (D-181..D-91)
        # 2.0 (D-91) and 3.0 (D-181) = 2.5; shift +1.0.
        survey(s, 0, 4.0)
        survey(s, 90, 3.0)
        survey(s, 91, 2.0)
        survey(s, 181, 3.0)
        survey(s, 182, 5.0)  # before both
        survey(s, 0, 1.0, deleted=True)
    return store


# ------------------------------------------------------------------------------ tests


def test_an_empty_store_gives_zeros_and_nulls_without_error(store):
    figures = program_metrics(store, DEFAULTS, D)
    data = figures.as_json()
    assert data["as_of"] == "2026-11-23"
    counts = {
        "weekly": ("enrolled", "active_advocates", "posts", "deliveries", "shared"),
        "monthly": ("reach", "referral_visits", "posts"),
        "quarterly": ("attributed_applications",),
    }
    for tier, names in counts.items():
        for name, value in data[tier].items():
            assert value == (0 if name in names else None), (tier, name)
    assert data["health"]["diagnosis"] == [PARTICIPATION_DIAGNOSIS, REACH_DIAGNOSIS, ATTRIBUTION_DIAGNOSIS]


def test_every_figure_of_the_hand_program(program):
    f = program_metrics(program, DEFAULTS, D)
    w, m, q = f.weekly, f.monthly, f.quarterly
    # Weekly (D-6..D): enrolled Ann, Bob, Cat, Hal = 4; of them posted: Ann (D, D-6), Cat (D-2)
    # = 2; 2/4 = 0.5. Posts: Ann D, Ann D-6, Cat D-2, Eve D-1 = 4. Deliveries 3, shared 2.
    assert (w.enrolled, w.active_advocates, w.participation_rate) == (4, 2, 0.5)
    assert w.posts == 4
    assert (w.deliveries, w.shared) == (3, 2)
    assert w.queue_utilization == pytest.approx(2 / 3)
    # Monthly (D-29..D): the 4 above plus Bob D-7 and Ann D-29 = 6 posts.
    # Reach 1000 + 0 + 200 + 300 + 500 + 1000 = 3000. Engagement, posts with impressions:
    # (0.05 + 0.02 + 0.03 + 0.04 + 0.02) / 5 = 0.032. Posters Ann, Cat, Eve, Bob = 4, so
    # 3000 / 4 = 750 each. Visits 20 + 0 + 1 + 4 + 5 + 10 = 40.
    # The month before (D-59..D-30): 4000 + 1000 = 5000, growth 3000 / 5000 - 1 = -0.4.
    assert (m.posts, m.reach, m.posters, m.referral_visits) == (6, 3000, 4, 40)
    assert m.engagement_rate == pytest.approx(0.032)
    assert m.reach_per_advocate == 750.0
    assert m.previous_reach == 5000
    assert m.reach_growth == pytest.approx(-0.4)
    # Quarterly (D-90..D): applications Ann D, Ann D-90, Eve D-5 = 3; medians 30 and 64.5;
    # sentiment (4 + 3) / 2 = 3.5 against (2 + 3) / 2 = 2.5: +1.0.
    assert q.attributed_applications == 3
    assert (q.time_to_fill_promoted_days, q.time_to_fill_control_days) == (30.0, 64.5)
    assert (q.sentiment, q.previous_sentiment, q.sentiment_shift) == (3.5, 2.5, 1.0)
    # Health with the defaults: 50% < 60%; reach shrank; 3 applications.
    h = f.health
    assert (h.participation_ok, h.reach_ok, h.attribution_ok) == (False, False, True)
    assert list(h.diagnosis) == [PARTICIPATION_DIAGNOSIS, REACH_DIAGNOSIS]


def test_the_json_of_the_hand_program(program):
    data = json.loads(json.dumps(program_metrics(program, DEFAULTS, D).as_json()))
    assert data["weekly"] == {
        "enrolled": 4, "active_advocates": 2, "participation_rate": 0.5, "posts": 4,
        "deliveries": 3, "shared": 2, "queue_utilization": 0.6667,
    }
    assert data["monthly"] == {
        "reach": 3000, "engagement_rate": 0.032, "reach_per_advocate": 750.0, "referral_visits": 40,
        "reach_growth": -0.4, "posts": 6,
    }
    assert data["quarterly"] == {
        "attributed_applications": 3, "time_to_fill_promoted_days": 30.0, "time_to_fill_control_days": 64.5,
        "sentiment": 3.5, "sentiment_shift": 1.0,
    }


def test_health_follows_the_configured_target_and_baseline(program):
    # Participation 0.5 meets a 50% target; attribution stays ok; reach still shrank.
    health = program_metrics(program, with_metrics(participation_target=0.5), D).health
    assert (health.participation_ok, health.reach_ok, health.attribution_ok) == (True, False, True)
    assert list(health.diagnosis) == [REACH_DIAGNOSIS]
    # Seen from D-30 (the month D-59..D-30 against D-89..D-60): reach 5000 against 7777 at
    # D-60: shrinking still.
    assert not program_metrics(program, DEFAULTS, days_ago(30)).health.reach_ok


def test_reach_ok_needs_growth_and_engagement_above_the_baseline(store):
    with store.writing() as s:
        a = employee(s, "Ann", ANN)
        enroll(s, a, days_ago(40))
        post(s, a, 0, 1000, (30, 0, 0))  # this month: 1000 impressions, 3% engagement
        post(s, a, 30, 500, (0, 0, 0))  # the month before: 500 -> growth +100%
        application(s, 0, ANN)
    f = program_metrics(store, DEFAULTS, D)
    assert f.monthly.reach_growth == 1.0 and f.monthly.engagement_rate == pytest.approx(0.03)
    # Ann posted this week: 1/1 participation.
    assert (f.health.participation_ok, f.health.reach_ok, f.health.attribution_ok) == (True, True, True)
    assert f.health.diagnosis == ()
    # 3% is not above a 3% company channel.
    assert not program_metrics(store, with_metrics(company_engagement_rate=0.03), D).health.reach_ok


@pytest.mark.parametrize(
    ("ago", "weekly", "monthly"),
    [(0, 1, 1), (6, 1, 1), (7, 0, 1), (29, 0, 1), (30, 0, 0), (-1, 0, 0)],
)
def test_post_window_edges(store, ago, weekly, monthly):
    with store.writing() as s:
        a = employee(s, "Ann", ANN)
        enroll(s, a, days_ago(100))
        post(s, a, ago, 10, (1, 0, 0), 1)
    f = program_metrics(store, DEFAULTS, D)
    assert (f.weekly.posts, f.weekly.active_advocates) == (weekly, weekly)
    assert (f.monthly.posts, f.monthly.reach, f.monthly.referral_visits) == (monthly, 10 * monthly, monthly)
    # The post a window misses is the one before's: D-30 is the previous month's last day.
    assert f.monthly.previous_reach == (10 if ago == 30 else 0)


@pytest.mark.parametrize(("ago", "inside"), [(0, True), (90, True), (91, False), (-1, False)])
def test_quarter_window_edges(store, ago, inside):
    with store.writing() as s:
        employee(s, "Ann", ANN)
        application(s, ago, ANN)
        requisition(s, ago + 12, ago, promoted=True)
        requisition(s, ago + 20, ago, promoted=False)
        survey(s, ago, 4.5)
    q = program_metrics(store, DEFAULTS, D).quarterly
    expected = (1, 12.0, 20.0, 4.5) if inside else (0, None, None, None)
    assert (q.attributed_applications, q.time_to_fill_promoted_days, q.time_to_fill_control_days, q.sentiment) == expected
    assert q.previous_sentiment == (4.5 if ago == 91 else None)


@pytest.mark.parametrize(("ago", "counted"), [(0, 1), (6, 1), (7, 0), (-1, 0)])
def test_delivery_window_edges(store, ago, counted):
    with store.writing() as s:
        a = employee(s, "Ann", ANN)
        delivery(s, a, asset(s, "misc", "One"), ago, "shared")
    w = program_metrics(store, DEFAULTS, D).weekly
    assert (w.deliveries, w.shared) == (counted, counted)
    assert w.queue_utilization == (1.0 if counted else None)


def test_growth_and_shift_are_null_without_a_previous_window(store):
    with store.writing() as s:
        a = employee(s, "Ann", ANN)
        post(s, a, 3, 100)
        survey(s, 3, 4.0)
    f = program_metrics(store, DEFAULTS, D)
    assert f.monthly.reach == 100 and f.monthly.reach_growth is None
    assert f.monthly.engagement_rate == 0.0  # 0 engagements over 100 impressions: a real 0
    assert f.quarterly.sentiment == 4.0 and f.quarterly.sentiment_shift is None
    assert f.weekly.participation_rate is None  # Ann is not enrolled: nobody to divide by


def test_a_month_of_posts_without_impressions_has_no_engagement_rate(store):
    with store.writing() as s:
        a = employee(s, "Ann", ANN)
        post(s, a, 3, 0, (2, 0, 0))
        post(s, a, 33, 0)
    m = program_metrics(store, DEFAULTS, D).monthly
    assert (m.posts, m.reach, m.engagement_rate, m.reach_per_advocate, m.reach_growth) == (1, 0, None, 0.0, None)


# ------------------------------------------------------------------- trend, rankings


def test_weekly_trend(program):
    points = trend(program, DEFAULTS, D, periods=3, unit="week")
    assert [(p.start, p.end) for p in points] == [
        (days_ago(20), days_ago(14)), (days_ago(13), days_ago(7)), (days_ago(6), D)
    ]
    oldest, middle, latest = points
    # D-20..D-14: Ann, Bob, Hal enrolled (Cat opts in at D-3), no posts.
    assert (oldest.enrolled, oldest.active_advocates, oldest.reach, oldest.engagement_rate) == (3, 0, 0, None)
    assert oldest.participation_rate == 0.0
    # D-13..D-7: Bob's post of D-7 (500, 0.04): 1 of 3.
    assert (middle.enrolled, middle.active_advocates, middle.reach) == (3, 1, 500)
    assert middle.engagement_rate == pytest.approx(0.04)
    # D-6..D: as the weekly figures; reach 1000 + 0 + 200 + 300; (0.05 + 0.02 + 0.03) / 3.
    assert (latest.enrolled, latest.active_advocates, latest.participation_rate, latest.reach) == (4, 2, 0.5, 1500)
    assert latest.engagement_rate == pytest.approx(0.1 / 3)


def test_monthly_trend(program):
    before, month = trend(program, DEFAULTS, D, periods=2, unit="month")
    assert (month.start, month.end, month.reach) == (days_ago(29), D, 3000)
    assert month.engagement_rate == pytest.approx(0.032)
    # D-59..D-30: Bob D-30 (4000, 0.01) and Ann D-59 (1000, 0.03); Ann, Bob, Hal enrolled.
    assert (before.start, before.end, before.reach, before.enrolled, before.active_advocates) == (
        days_ago(59), days_ago(30), 5000, 3, 2
    )
    assert before.engagement_rate == pytest.approx(0.02)
    with pytest.raises(ValueError):
        trend(program, DEFAULTS, D, unit="year")


def test_rankings(program):
    ranked = rankings(program, D)
    assert ranked.month == Window(days_ago(29), D) and ranked.quarter == Window(days_ago(90), D)
    # Topics (posts with an asset, D-29..D): culture Ann D + Ann D-29 (0.05, 0.02 -> 0.035,
    # reach 2000); hiring Cat D-2 + Bob D-7 (0.02, 0.04 -> 0.03, reach 700); product: Ann
    # D-6 without impressions, no rate, last.
    assert [(t.topic, t.posts, t.reach) for t in ranked.topics] == [
        ("culture", 2, 2000), ("hiring", 2, 700), ("product", 1, 0)
    ]
    assert [t.engagement_rate for t in ranked.topics] == [pytest.approx(0.035), pytest.approx(0.03), None]
    # Advocates by visits (30 days), then applications (91 days): Ann 20 + 0 + 10 = 30 and
    # 2; Bob 5 and 0 (his D-91 application is out); Eve 4 and 1; Cat 1 and 0. Hal: nothing.
    assert [(a.name, a.referral_visits, a.attributed_applications) for a in ranked.advocates] == [
        ("Ann", 30, 2), ("Bob", 5, 0), ("Eve", 4, 1), ("Cat", 1, 0)
    ]
    assert [a.name for a in rankings(program, D, limit=2).advocates] == ["Ann", "Bob"]
    # Platforms by reach: linkedin Ann D, Ann D-6, Cat D-2 (1200; 0.05, 0.02 -> 0.035);
    # instagram Ann D-29 (1000; 0.02); x Eve D-1, Bob D-7 (800; 0.03, 0.04 -> 0.035).
    assert [(p.platform, p.posts, p.reach) for p in ranked.platforms] == [
        ("linkedin", 3, 1200), ("instagram", 1, 1000), ("x", 2, 800)
    ]
    assert [p.engagement_rate for p in ranked.platforms] == [
        pytest.approx(0.035), pytest.approx(0.02), pytest.approx(0.035)
    ]


def test_rankings_of_an_empty_store(store):
    ranked = rankings(store, D)
    assert (ranked.topics, ranked.advocates, ranked.platforms) == ((), (), ())
    assert [p.participation_rate for p in trend(store, DEFAULTS, D, periods=2)] == [None, None]


def test_the_tab_reads_the_same_figures_trend_and_rankings(program):
    """`tab_figures` (the Metrics tab's one call, what the parts share read once, its
    largest reads side by side) gives what the three functions give, by weeks and months."""
    for unit in ("week", "month"):
        for limit in (0, 2, 10):
            figures, points, ranked = tab_figures(program, DEFAULTS, D, periods=4, unit=unit, limit=limit)
            assert figures == program_metrics(program, DEFAULTS, D)
            assert points == trend(program, DEFAULTS, D, periods=4, unit=unit)
            assert ranked == rankings(program, D, limit=limit)
    assert tab_figures(program, DEFAULTS, D, periods=0)[1] == trend(program, DEFAULTS, D, periods=0)  # one point


def test_a_trend_of_many_periods_is_read_in_two_statements(program):
    """Each period's figures are those of its own window, whatever the number of periods
    (the trend reads them all in two statements, built once per number of periods)."""
    points = trend(program, DEFAULTS, D, periods=9, unit="week")
    for point in points:
        alone = trend(program, DEFAULTS, point.end, periods=1, unit="week")[0]
        assert point == alone
    assert [p.end for p in points] == [D - timedelta(days=7 * back) for back in reversed(range(9))]


def test_advocates_tied_at_the_edge_of_the_ranking_are_ordered_by_name(store):
    """Ties on (visits, applications) at the edge of the top `limit` go by name, as
    ADVOCATES orders them; a deleted employee never ranks, and the next one moves up."""
    with store.writing() as s:
        names = ["Zed", "amy", "Bea", "Cal", "Dee"]
        ids = {name: employee(s, name, f"{name.lower():a<8}"[:8].replace("z", "q")) for name in names}
        gone = employee(s, "Abe", "abeabeab", deleted=True)
        for name in names:
            post(s, ids[name], 3, 100, visits=5)
        post(s, gone, 3, 100, visits=50)
        post(s, ids["Dee"], 4, 100, visits=1)  # Dee: 6 visits, first
    ranked = [a.name for a in rankings(store, D, limit=3).advocates]
    assert ranked == ["Dee", "amy", "Bea"]
    assert [a.name for a in rankings(store, D, limit=10).advocates] == ["Dee", "amy", "Bea", "Cal", "Zed"]
    assert rankings(store, D, limit=0).advocates == ()
    figures, _points, tab = tab_figures(store, DEFAULTS, D, limit=3)
    assert [a.name for a in tab.advocates] == ranked


# ------------------------------------------------------------------- property test

TOKENS = ["aaaaaaaa", "bbbbbbbb", "cccccccc", "dddddddd"]
STATUSES = ["enrolled", "enrolled", "withdrawn", "invited"]

people = st.lists(
    st.tuples(
        st.sampled_from(STATUSES), st.integers(-5, 60), st.booleans(), st.booleans()
    ),  # status, opted in days ago, employee deleted, enrollment deleted
    min_size=len(TOKENS), max_size=len(TOKENS),
)
posts = st.lists(
    st.tuples(
        st.integers(0, 3), st.integers(-2, 65), st.sampled_from([0, 0, 1, 7, 100, 2500]),
        st.integers(0, 30), st.integers(0, 10), st.integers(0, 5), st.integers(0, 9), st.booleans(),
    ),  # who, days ago, impressions, reactions, comments, shares, visits, deleted
    max_size=25,
)
deliveries = st.lists(
    st.tuples(st.integers(0, 3), st.integers(-2, 10), st.sampled_from(["delivered", "shared", "skipped", "queued"]),
              st.booleans()),
    max_size=12,
)
utm = st.one_of(
    st.none(),
    st.sampled_from(TOKENS),
    st.builds(lambda t, tail: f"{t}-{tail}", st.sampled_from(TOKENS), st.sampled_from(["qqqqqqqq", "", "x-y"])),
    st.builds(lambda t: f"{t}z", st.sampled_from(TOKENS)),
    st.just("zzzzzzzz-aaaaaaaa"),
)
applications = st.lists(st.tuples(st.integers(-2, 190), utm, st.booleans()), max_size=12)
requisitions = st.lists(
    st.tuples(st.integers(0, 120), st.one_of(st.none(), st.integers(-2, 100)), st.booleans(), st.booleans()),
    max_size=8,
)  # opened days before filling, filled days ago, promoted, deleted
surveys = st.lists(st.tuples(st.integers(-2, 190), st.sampled_from([1.0, 2.5, 3.0, 4.0, 5.0]), st.booleans()),
                   max_size=10)

PROPERTY = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _load(store, people_rows, post_rows, delivery_rows, application_rows, requisition_rows, survey_rows) -> list[str]:
    """Replace everything with one example's rows (Core inserts: fast, and no ORM state)."""
    ids = [f"00000000-0000-4000-8000-{n:012d}" for n in range(len(TOKENS))]
    assets = [f"00000000-0000-4000-9000-{n:012d}" for n in range(len(delivery_rows) or 1)]
    now = datetime(2026, 11, 1)
    stamps = {"created_at": now, "updated_at": now}
    with store.writing() as s:
        for model in (Application, Requisition, Survey, Delivery, Post, Enrollment, Asset, Employee):
            s.execute(delete(model))
        s.execute(insert(Employee), [
            {"id": ids[n], "email": f"p{n}@example.com", "name": f"P{n}", "advocate_token": TOKENS[n],
             "deleted_at": now if people_rows[n][2] else None, **stamps}
            for n in range(len(TOKENS))
        ])
        s.execute(insert(Enrollment), [
            {"id": f"e{n}", "employee_id": ids[n], "channel": "manager", "status": status,
             "orientation_on": days_ago(ago + 2), "policy_ack_on": days_ago(ago + 1), "opted_in_on": days_ago(ago),
             "deleted_at": now if gone else None, **stamps}
            for n, (status, ago, _employee_gone, gone) in enumerate(people_rows)
        ])
        s.execute(insert(Asset), [
            {"id": ident, "title": "A", "topic": "t", "platform": "linkedin", "token": f"asset{n:03d}", **stamps}
            for n, ident in enumerate(assets)
        ])
        if post_rows:
            s.execute(insert(Post), [
                {"id": f"p{n}", "advocate_id": ids[who], "platform": "linkedin", "posted_on": days_ago(ago),
                 "impressions": imp, "reactions": r, "comments": c, "shares": sh, "referral_visits": v,
                 "deleted_at": now if gone else None, **stamps}
                for n, (who, ago, imp, r, c, sh, v, gone) in enumerate(post_rows)
            ])
        if delivery_rows:  # one asset per delivery: the live (advocate, asset) pair is unique
            s.execute(insert(Delivery), [
                {"id": f"d{n}", "advocate_id": ids[who], "asset_id": assets[n], "delivered_on": days_ago(ago),
                 "status": status, "deleted_at": now if gone else None, **stamps}
                for n, (who, ago, status, gone) in enumerate(delivery_rows)
            ])
        if application_rows:
            s.execute(insert(Application), [
                {"id": f"a{n}", "applied_on": days_ago(ago), "utm_content": content, "source": "",
                 "deleted_at": now if gone else None, **stamps}
                for n, (ago, content, gone) in enumerate(application_rows)
            ])
        if requisition_rows:
            s.execute(insert(Requisition), [
                {"id": f"r{n}", "title": "R", "promoted": promoted,
                 "opened_on": days_ago((filled if filled is not None else 0) + took),
                 "filled_on": None if filled is None else days_ago(filled),
                 "deleted_at": now if gone else None, **stamps}
                for n, (took, filled, promoted, gone) in enumerate(requisition_rows)
            ])
        if survey_rows:
            s.execute(insert(Survey), [
                {"id": f"s{n}", "survey_on": days_ago(ago), "score": score, "deleted_at": now if gone else None,
                 **stamps}
                for n, (ago, score, gone) in enumerate(survey_rows)
            ])
    return ids


def _between(ago: int, first: int, last: int) -> bool:
    """Days ago `ago` lies in the window from `first` to `last` days ago (first >= last)."""
    return last <= ago <= first


@PROPERTY
@given(people, posts, deliveries, applications, requisitions, surveys)
def test_sql_figures_equal_a_plain_python_computation(store, people_rows, post_rows, delivery_rows,
                                                      application_rows, requisition_rows, survey_rows):
    _load(store, people_rows, post_rows, delivery_rows, application_rows, requisition_rows, survey_rows)
    f = program_metrics(store, DEFAULTS, D)

    live_posts = [p for p in post_rows if not p[7]]
    enrolled = {n for n, (status, ago, employee_gone, gone) in enumerate(people_rows)
                if status == "enrolled" and ago >= 0 and not employee_gone and not gone}
    week = [p for p in live_posts if _between(p[1], 6, 0)]
    active = enrolled & {p[0] for p in week}
    assert (f.weekly.enrolled, f.weekly.active_advocates, f.weekly.posts) == (len(enrolled), len(active), len(week))
    assert f.weekly.participation_rate == (len(active) / len(enrolled) if enrolled else None)
    delivered = [d for d in delivery_rows if not d[3] and _between(d[1], 6, 0)]
    shared = [d for d in delivered if d[2] == "shared"]
    assert (f.weekly.deliveries, f.weekly.shared) == (len(delivered), len(shared))

    month = [p for p in live_posts if _between(p[1], 29, 0)]
    before = [p for p in live_posts if _between(p[1], 59, 30)]
    reach = sum(p[2] for p in month)
    rates = [(p[3] + p[4] + p[5]) / p[2] for p in month if p[2] > 0]
    posters = {p[0] for p in month}
    assert (f.monthly.posts, f.monthly.reach, f.monthly.referral_visits) == (len(month), reach, sum(p[6] for p in month))
    assert f.monthly.engagement_rate == (pytest.approx(mean(rates)) if rates else None)
    assert f.monthly.reach_per_advocate == (pytest.approx(reach / len(posters)) if posters else None)
    previous = sum(p[2] for p in before)
    assert f.monthly.reach_growth == (pytest.approx(reach / previous - 1) if previous else None)

    live_tokens = {TOKENS[n] for n, person in enumerate(people_rows) if not person[2]}
    attributed = [
        a for a in application_rows
        if not a[2] and _between(a[0], 90, 0) and a[1] is not None
        and any(a[1] == token or a[1].startswith(token + "-") for token in live_tokens)
    ]
    assert f.quarterly.attributed_applications == len(attributed)
    filled = [r for r in requisition_rows if not r[3] and r[1] is not None and _between(r[1], 90, 0)]
    for promoted, figure in ((True, f.quarterly.time_to_fill_promoted_days),
                             (False, f.quarterly.time_to_fill_control_days)):
        days = [r[0] for r in filled if r[2] == promoted]
        assert figure == (median(days) if days else None)
    scores = [s[1] for s in survey_rows if not s[2] and _between(s[0], 90, 0)]
    earlier = [s[1] for s in survey_rows if not s[2] and _between(s[0], 181, 91)]
    assert f.quarterly.sentiment == (pytest.approx(mean(scores)) if scores else None)
    assert f.quarterly.sentiment_shift == (pytest.approx(mean(scores) - mean(earlier)) if scores and earlier else None)

    health = f.health
    assert health.participation_ok == (bool(enrolled) and len(active) / len(enrolled) >= 0.6)
    assert health.attribution_ok == bool(attributed)


# --------------------------------------------------------------------------- the CLI

RATES = (("weekly", "participation_rate"), ("weekly", "queue_utilization"), ("monthly", "engagement_rate"))


def test_metrics_json_on_the_demo(demo_target):
    result = subprocess.run(
        [sys.executable, "-m", "advocacy_tui", "--db", demo_target, "metrics", "--json", "--as-of", "2026-11-23"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-11-23"
    assert set(data["weekly"]) == {"enrolled", "active_advocates", "participation_rate", "posts", "deliveries",
                                   "shared", "queue_utilization"}
    assert set(data["monthly"]) == {"reach", "engagement_rate", "reach_per_advocate", "referral_visits",
                                    "reach_growth", "posts"}
    assert set(data["quarterly"]) == {"attributed_applications", "time_to_fill_promoted_days",
                                      "time_to_fill_control_days", "sentiment", "sentiment_shift"}
    assert set(data["health"]) == {"participation_ok", "reach_ok", "attribution_ok", "diagnosis"}
    for tier, name in RATES:
        assert data[tier][name] is not None and 0 <= data[tier][name] <= 1, (tier, name)
    # The seeded demo is a running program: people enrolled, posting, and attributed.
    assert data["weekly"]["enrolled"] > 0 and data["monthly"]["posts"] > 0
    assert data["quarterly"]["attributed_applications"] >= 1
    assert all(isinstance(sentence, str) for sentence in data["health"]["diagnosis"])


@pytest.mark.postgresql
def test_every_figure_trend_and_ranking_of_the_demo_is_the_same_on_postgresql(demo_db, pg_server, tmp_path):
    from advocacy_tui.store.database import open_store
    from tests.backends import Targets

    targets = Targets("postgresql", tmp_path, pg_server, lambda: demo_db)
    figures = []
    try:
        for target in (str(demo_db), targets("demo", demo=True)):
            store = open_store(target)
            try:
                figures.append((
                    program_metrics(store, Settings(), TODAY),
                    trend(store, Settings(), TODAY, unit="week"),
                    trend(store, Settings(), TODAY, unit="month"),
                    rankings(store, TODAY),
                ))
            finally:
                store.close()
    finally:
        targets.close()
    # The servers sum floating-point rates in their own order: equal to the last digits but one.
    assert rounded(figures[0]) == rounded(figures[1])


def rounded(value):
    if isinstance(value, float):
        return round(value, 12)
    if dataclasses.is_dataclass(value):
        return tuple((field.name, rounded(getattr(value, field.name))) for field in dataclasses.fields(value))
    if isinstance(value, (list, tuple)):
        return tuple(rounded(item) for item in value)
    return value


def test_metrics_text_on_the_demo(demo_db):
    result = subprocess.run(
        [sys.executable, "-m", "advocacy_tui", "--db", str(demo_db), "metrics", "--as-of", "2026-11-23"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Program metrics as of Monday 23 November 2026")
    assert "Participation rate" in result.stdout and "Health" in result.stdout
