"""Step 5's milestones and the posting streak, from an advocate's post dates.

DESIGN.md: first post; a 30-day streak (a run of posts spanning at least 30 days with no gap
over 7 days); a post that drove an attributed application; post counts from config.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

STREAK_GAP_DAYS = 7  # the longest gap between posts that keeps a streak alive
STREAK_MILESTONE_DAYS = 30
POST_COUNTS = (10, 25, 50)  # the default post-count milestones


@dataclass(frozen=True)
class Streak:
    start: date | None
    last: date | None
    alive: bool  # the last post is within the gap of `on`

    @property
    def days(self) -> int:
        """Days the streak spans (first to last post, inclusive); 0 when it is over."""
        if not self.alive or self.start is None or self.last is None:
            return 0
        return (self.last - self.start).days + 1

    def sentence(self) -> str:
        if not self.days:
            return "No streak running: a post this week starts one."
        weeks = self.days // 7
        span = f"{self.days}-day" if weeks < 2 else f"{weeks}-week"
        return f"A {span} streak since {self.start:%d %b}: post within {STREAK_GAP_DAYS} days to keep it."


@dataclass(frozen=True)
class Milestone:
    name: str
    reached_on: date

    def sentence(self) -> str:
        return f"{self.name.capitalize()} ({self.reached_on:%d %b %Y})"


def _iter_runs(days: list[date]) -> Iterator[tuple[date, date]]:
    """Runs of posts with no gap over STREAK_GAP_DAYS, as (first, last), oldest first."""
    gap = timedelta(days=STREAK_GAP_DAYS)
    first = last = None
    for day in sorted(set(days)):
        if last is not None and day - last <= gap:
            last = day
            continue
        if last is not None:
            yield first, last
        first = last = day
    if last is not None:
        yield first, last


def _runs(days: list[date]) -> list[tuple[date, date]]:
    """Runs of posts with no gap over STREAK_GAP_DAYS, as (first, last)."""
    return list(_iter_runs(days))


def current_streak(post_days: list[date], on: date) -> Streak:
    runs = _runs([day for day in post_days if day <= on])
    if not runs:
        return Streak(None, None, False)
    first, last = runs[-1]
    return Streak(first, last, (on - last).days <= STREAK_GAP_DAYS)


def milestones(
    post_days: list[date], attributed_on: list[date], on: date, post_counts: tuple[int, ...] = POST_COUNTS
) -> list[Milestone]:
    """The milestones reached by `on`, in the order they were reached."""
    days = sorted(day for day in post_days if day <= on)
    reached: list[Milestone] = []
    if days:
        reached.append(Milestone("first post", days[0]))
    for first, last in _iter_runs(days):  # the first run long enough: later ones are not read
        if (last - first).days + 1 >= STREAK_MILESTONE_DAYS:
            # The day the run first spanned 30 days: its first post on or after that day
            # (days is sorted, and the run's last post is on or after it).
            target = first + timedelta(days=STREAK_MILESTONE_DAYS - 1)
            reached.append(Milestone(f"{STREAK_MILESTONE_DAYS}-day streak", days[bisect_left(days, target)]))
            break
    attributed = sorted(day for day in attributed_on if day <= on)
    if attributed:
        reached.append(Milestone("attributed application", attributed[0]))
    for count in sorted(post_counts):
        if len(days) >= count:
            reached.append(Milestone(f"{count} posts", days[count - 1]))
    return sorted(reached, key=lambda milestone: milestone.reached_on)


def milestones_of_days(
    iso_days: list[str], first_attributed: date | None, on: date, post_counts: tuple[int, ...] = POST_COUNTS
) -> list[Milestone]:
    """`milestones(post_days, [first_attributed], on, post_counts)` from the post days as
    ISO text ('YYYY-MM-DD', which sorts as the dates do), as the store reads them for
    every advocate at once. Only the days a milestone needs are made dates: the first, the
    counted ones, and the run up to the first 30-day streak (most advocates reach it in
    their first weeks, so their later posts are never read)."""
    days = sorted(iso_days)
    del days[bisect_right(days, on.isoformat()):]  # nothing after the day asked about counts
    reached: list[Milestone] = []
    if days:
        reached.append(Milestone("first post", date.fromisoformat(days[0])))
        streak = _first_streak_day(days)
        if streak is not None:
            reached.append(Milestone(f"{STREAK_MILESTONE_DAYS}-day streak", streak))
    if first_attributed is not None and first_attributed <= on:
        reached.append(Milestone("attributed application", first_attributed))
    for count in sorted(post_counts):
        if len(days) >= count:
            reached.append(Milestone(f"{count} posts", date.fromisoformat(days[count - 1])))
    return sorted(reached, key=lambda milestone: milestone.reached_on)


def _first_streak_day(days: list[str]) -> date | None:
    """The first post day of the first run (no gap over STREAK_GAP_DAYS) that has spanned
    STREAK_MILESTONE_DAYS by then: what `milestones` finds with `_iter_runs` and bisect."""
    span = STREAK_MILESTONE_DAYS - 1
    start = last = None
    previous_text = None
    for text in days:
        if text == previous_text:
            continue
        previous_text = text
        day = date.fromisoformat(text).toordinal()
        if last is None or day - last > STREAK_GAP_DAYS:
            start = day
        last = day
        if day - start >= span:
            return date.fromordinal(day)
    return None
