"""Step 5's milestones and streaks at their edges (DESIGN.md: a 7-day gap keeps a streak)."""

from datetime import date, timedelta

from advocacy_tui.program.milestones import current_streak, milestones
from advocacy_tui.program.recognition import framework_markdown, quarter_of, quarter_start

D = date(2026, 11, 23)


def days(*offsets: int) -> list[date]:
    return [D - timedelta(days=offset) for offset in offsets]


def test_a_seven_day_gap_keeps_a_streak_and_eight_breaks_it():
    kept = current_streak(days(14, 7, 0), D)
    assert kept.alive and kept.start == D - timedelta(days=14) and kept.days == 15
    broken = current_streak(days(16, 8, 0), D)
    assert broken.start == D and broken.days == 1


def test_a_streak_ends_when_the_last_post_is_more_than_seven_days_old():
    assert current_streak(days(20, 8), D).days == 0
    assert current_streak(days(14, 7), D).days == 8  # alive: the last post is exactly 7 days old
    assert current_streak([], D).days == 0 and "No streak" in current_streak([], D).sentence()


def test_thirty_day_streak_needs_a_run_spanning_thirty_days():
    # Posts every 7 days: offsets 29..0 span exactly 30 days (29 - 0 + 1).
    spanning = days(29, 22, 15, 8, 1, 0)
    names = [m.name for m in milestones(spanning, [], D)]
    assert "30-day streak" in names
    reached = next(m for m in milestones(spanning, [], D) if m.name == "30-day streak")
    assert reached.reached_on == D  # the first post on or after the run's 30th day
    short = days(28, 21, 14, 7, 0)  # spans 29 days
    assert "30-day streak" not in [m.name for m in milestones(short, [], D)]
    gap = days(40, 32, 24, 16, 8, 0)  # 8-day gaps: never a run
    assert "30-day streak" not in [m.name for m in milestones(gap, [], D)]


def test_first_post_application_and_post_counts():
    posts = days(*range(30, 0, -2))  # 15 posts
    found = {m.name: m.reached_on for m in milestones(posts, [D - timedelta(days=3)], D, (10, 25))}
    assert found["first post"] == D - timedelta(days=30)
    assert found["attributed application"] == D - timedelta(days=3)
    assert found["10 posts"] == posts[9] and "25 posts" not in found
    assert milestones([], [], D) == []
    # Nothing after the day asked about counts.
    assert milestones([D + timedelta(days=1)], [], D) == []


def test_quarters_and_the_written_framework():
    assert quarter_of(D) == "2026-Q4" and quarter_start(D) == date(2026, 10, 1)
    assert quarter_of(date(2026, 3, 31)) == "2026-Q1" and quarter_start(date(2026, 5, 2)) == date(2026, 4, 1)
    text = framework_markdown(["Gift card", "Extra day of PTO"], (10, 25))
    assert "- Gift card" in text and "- Extra day of PTO" in text
    assert "10, 25 posts" in text and "no gap over 7 days" in text and "never by post count" in text
