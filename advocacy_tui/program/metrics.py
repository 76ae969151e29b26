"""Step 7's figures, the guide's three health signals and their diagnosis (issue 7).

Pure: the store computes the counts and sums with SQL aggregates (store/metrics.py); this
module holds them in frozen dataclasses, derives the ratios, decides health and writes the
text version. As of a day D, inclusive: weekly = the 7 days ending D, monthly = the 30 days
ending D, quarterly = the 91 days ending D; growth and shift compare with the window of
the same length just before. A ratio or median with nothing to divide or rank is None
(null in JSON, "n/a" in text), never 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Sequence

WEEK_DAYS = 7
MONTH_DAYS = 30
QUARTER_DAYS = 91
DECIMALS = 4  # floats in JSON

# The guide's words ("How to Know It Worked"), one per missing signal.
PARTICIPATION_DIAGNOSIS = "Participation problems point to friction or recognition gaps."
REACH_DIAGNOSIS = "Reach problems point to content quality or network relevance issues."
ATTRIBUTION_DIAGNOSIS = "Pipeline attribution gaps point to tracking infrastructure failures."


# ---------------------------------------------------------------------- arithmetic


@dataclass(frozen=True)
class Window:
    """The days `start` to `end`, both included."""

    start: date
    end: date

    @classmethod
    def ending(cls, on: date, days: int) -> "Window":
        return cls(on - timedelta(days=days - 1), on)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Window":
        """The window of the same length just before this one."""
        return Window.ending(self.start - timedelta(days=1), self.days)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when there is nothing to divide by."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def growth(current: float | None, previous: float | None) -> float | None:
    """current / previous - 1, or None when the previous figure is 0 or unknown."""
    share = ratio(current, previous)
    return None if share is None else share - 1


def difference(current: float | None, previous: float | None) -> float | None:
    return None if current is None or previous is None else current - previous


def median(ascending: Sequence[float]) -> float | None:
    """The median of values already in ascending order (the query sorts them); None if empty."""
    count = len(ascending)
    if not count:
        return None
    middle = count // 2
    if count % 2:
        return float(ascending[middle])
    return (ascending[middle - 1] + ascending[middle]) / 2


def _rounded(value):
    return round(value, DECIMALS) if isinstance(value, float) else value


# ------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Weekly:
    """Activity, over the 7 days ending D."""

    enrolled: int  # live, status enrolled, opted in on or before D
    active_advocates: int  # of those, with at least one post in the window
    posts: int
    deliveries: int  # delivered in the window
    shared: int  # of those, shared

    @property
    def participation_rate(self) -> float | None:
        return ratio(self.active_advocates, self.enrolled)

    @property
    def queue_utilization(self) -> float | None:
        return ratio(self.shared, self.deliveries)

    def as_json(self) -> dict:
        return {
            "enrolled": self.enrolled,
            "active_advocates": self.active_advocates,
            "participation_rate": _rounded(self.participation_rate),
            "posts": self.posts,
            "deliveries": self.deliveries,
            "shared": self.shared,
            "queue_utilization": _rounded(self.queue_utilization),
        }


@dataclass(frozen=True)
class Monthly:
    """Reach and engagement, over the 30 days ending D."""

    reach: int  # sum of impressions
    engagement_rate: float | None  # mean over posts with impressions of engagements / impressions
    posters: int  # distinct advocates who posted
    referral_visits: int
    posts: int
    previous_reach: int  # the 30 days before

    @property
    def reach_per_advocate(self) -> float | None:
        return ratio(self.reach, self.posters)

    @property
    def reach_growth(self) -> float | None:
        return growth(self.reach, self.previous_reach)

    def as_json(self) -> dict:
        return {
            "reach": self.reach,
            "engagement_rate": _rounded(self.engagement_rate),
            "reach_per_advocate": _rounded(self.reach_per_advocate),
            "referral_visits": self.referral_visits,
            "reach_growth": _rounded(self.reach_growth),
            "posts": self.posts,
        }


@dataclass(frozen=True)
class Quarterly:
    """Pipeline and business, over the 91 days ending D."""

    attributed_applications: int
    time_to_fill_promoted_days: float | None  # median, requisitions filled in the window
    time_to_fill_control_days: float | None
    sentiment: float | None  # mean survey score
    previous_sentiment: float | None  # the 91 days before

    @property
    def sentiment_shift(self) -> float | None:
        return difference(self.sentiment, self.previous_sentiment)

    def as_json(self) -> dict:
        return {
            "attributed_applications": self.attributed_applications,
            "time_to_fill_promoted_days": _rounded(self.time_to_fill_promoted_days),
            "time_to_fill_control_days": _rounded(self.time_to_fill_control_days),
            "sentiment": _rounded(self.sentiment),
            "sentiment_shift": _rounded(self.sentiment_shift),
        }


@dataclass(frozen=True)
class Health:
    """The guide's three signals and, for each one missing, its diagnosis."""

    participation_ok: bool
    reach_ok: bool
    attribution_ok: bool
    diagnosis: tuple[str, ...]
    participation_target: float  # what the signals were judged against (not in JSON)
    engagement_baseline: float
    # What the baseline rests on: "12 company Page posts" (imported LinkedIn Page content
    # of the same 30 days) or "configured" (settings: metrics.company_engagement_rate).
    baseline_basis: str = "configured"

    def as_json(self) -> dict:
        return {
            "participation_ok": self.participation_ok,
            "reach_ok": self.reach_ok,
            "attribution_ok": self.attribution_ok,
            "diagnosis": list(self.diagnosis),
        }


def assess(
    weekly: Weekly, monthly: Monthly, quarterly: Quarterly, target: float, baseline: float,
    baseline_basis: str = "configured",
) -> Health:
    """Participation at or above `target`; reach growing with engagement above the company
    `baseline`; at least one attributed application. A null rate is not ok."""
    rate, grew, engaged = weekly.participation_rate, monthly.reach_growth, monthly.engagement_rate
    participation_ok = rate is not None and rate >= target
    reach_ok = grew is not None and grew > 0 and engaged is not None and engaged > baseline
    attribution_ok = quarterly.attributed_applications >= 1
    diagnosis = tuple(
        sentence
        for ok, sentence in (
            (participation_ok, PARTICIPATION_DIAGNOSIS),
            (reach_ok, REACH_DIAGNOSIS),
            (attribution_ok, ATTRIBUTION_DIAGNOSIS),
        )
        if not ok
    )
    return Health(participation_ok, reach_ok, attribution_ok, diagnosis, target, baseline, baseline_basis)


@dataclass(frozen=True)
class ProgramMetrics:
    as_of: date
    weekly: Weekly
    monthly: Monthly
    quarterly: Quarterly
    health: Health

    @classmethod
    def of(
        cls, as_of: date, weekly: Weekly, monthly: Monthly, quarterly: Quarterly, *, target: float, baseline: float,
        baseline_basis: str = "configured",
    ) -> "ProgramMetrics":
        """The figures with their health judged against `target` and `baseline`."""
        health = assess(weekly, monthly, quarterly, target, baseline, baseline_basis)
        return cls(as_of, weekly, monthly, quarterly, health)

    def as_json(self) -> dict:
        """What `advocacy metrics --json` prints: rates as fractions, floats to 4 places."""
        return {
            "as_of": self.as_of.isoformat(),
            "weekly": self.weekly.as_json(),
            "monthly": self.monthly.as_json(),
            "quarterly": self.quarterly.as_json(),
            "health": self.health.as_json(),
        }


# ------------------------------------------------------------- the Metrics tab's data


@dataclass(frozen=True)
class TrendPoint:
    """One period of a trend (a week or 30 days ending `end`)."""

    start: date
    end: date
    enrolled: int
    active_advocates: int
    reach: int
    engagement_rate: float | None

    @property
    def participation_rate(self) -> float | None:
        return ratio(self.active_advocates, self.enrolled)


@dataclass(frozen=True)
class TopicRank:
    topic: str
    posts: int
    reach: int
    engagement_rate: float | None


@dataclass(frozen=True)
class AdvocateRank:
    name: str
    email: str
    referral_visits: int  # monthly window
    attributed_applications: int  # quarterly window


@dataclass(frozen=True)
class PlatformFigures:
    platform: str
    posts: int
    reach: int
    engagement_rate: float | None


@dataclass(frozen=True)
class Rankings:
    """For the monthly retrospective: what content, who and which channel worked."""

    month: Window
    quarter: Window
    topics: tuple[TopicRank, ...]
    advocates: tuple[AdvocateRank, ...]
    platforms: tuple[PlatformFigures, ...]


# ---------------------------------------------------------------------------- text


def percent(value: float | None, places: int = 0) -> str:
    return "n/a" if value is None else f"{value:.{places}%}"


def signed_percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.1%}"


def number(value: float | None, places: int = 0, unit: str = "", *, sign: bool = False) -> str:
    if value is None:
        return "n/a"
    return f"{value:{'+' if sign else ''},.{places}f}{unit}"


def _tier(title: str, window: Window, rows: list[tuple[str, str, str]]) -> list[str]:
    lines = [f"{title} ({window.start:%d %b} to {window.end:%d %b %Y})"]
    lines += [f"  {label:<26} {value:>12}  {note}".rstrip() for label, value, note in rows]
    return lines


def metrics_lines(figures: ProgramMetrics) -> list[str]:
    """The text version of `advocacy metrics`: a few aligned lines per tier, rates as
    percentages, nulls as "n/a", then the health signals and their diagnosis."""
    on, w, m, q, h = figures.as_of, figures.weekly, figures.monthly, figures.quarterly, figures.health
    lines = [f"Program metrics as of {on:%A %d %B %Y}", ""]
    lines += _tier("Weekly", Window.ending(on, WEEK_DAYS), [
        ("Enrolled advocates", number(w.enrolled), ""),
        ("Active advocates", number(w.active_advocates), "posted at least once"),
        ("Participation rate", percent(w.participation_rate), f"target {percent(h.participation_target)}"),
        ("Posts", number(w.posts), ""),
        ("Deliveries", number(w.deliveries), f"{w.shared:,} shared"),
        ("Queue utilization", percent(w.queue_utilization), "shared / delivered"),
    ])
    lines += [""] + _tier("Monthly", Window.ending(on, MONTH_DAYS), [
        ("Reach", number(m.reach), "impressions"),
        ("Engagement rate", percent(m.engagement_rate, 1), f"company baseline {percent(h.engagement_baseline, 1)} ({h.baseline_basis})"),
        ("Reach per advocate", number(m.reach_per_advocate), f"{m.posters:,} advocates posted"),
        ("Referral visits", number(m.referral_visits), ""),
        ("Reach growth", signed_percent(m.reach_growth), f"against {m.previous_reach:,} the 30 days before"),
        ("Posts", number(m.posts), ""),
    ])
    lines += [""] + _tier("Quarterly", Window.ending(on, QUARTER_DAYS), [
        ("Attributed applications", number(q.attributed_applications), ""),
        ("Time to fill, promoted", number(q.time_to_fill_promoted_days, 1, " days"), "median"),
        ("Time to fill, control", number(q.time_to_fill_control_days, 1, " days"), "median"),
        ("Candidate sentiment", number(q.sentiment, 2), "mean survey score"),
        ("Sentiment shift", number(q.sentiment_shift, 2, sign=True), "against the 91 days before"),
    ])
    lines += ["", "Health"]
    for label, ok in (("Participation", h.participation_ok), ("Reach", h.reach_ok), ("Attribution", h.attribution_ok)):
        lines.append(f"  {label:<26} {'ok' if ok else 'not yet':>12}")
    lines += [f"  - {sentence}" for sentence in h.diagnosis]
    if not h.diagnosis:
        lines.append("  All three signals are present: scale the cohort and expand the content library.")
    return lines
