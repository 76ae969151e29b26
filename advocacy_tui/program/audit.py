"""Step 1: who already advocates, ranked by engagement quality, never by follower count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

AUDIT_WINDOW_DAYS = 90


def audit_window(today: date) -> tuple[date, date]:
    """The 90 days ending today, inclusive."""
    return today - timedelta(days=AUDIT_WINDOW_DAYS - 1), today


def engagement_quality(engagement: int, network_size: int) -> float | None:
    """(reactions + comments + shares) over the window divided by network size.

    With no known network there is nothing to divide by: the quality is unknown (None),
    and such employees rank after everyone with a figure rather than first.
    """
    if network_size <= 0:
        return None
    return engagement / network_size


def is_candidate(rank: int, quality: float | None, engagement: int, top_n: int) -> bool:
    """The top N by quality are flagged, but only people who engaged at all in the window."""
    return quality is not None and engagement > 0 and rank <= top_n


@dataclass(frozen=True)
class AuditRow:
    """One line of the Candidates table: an employee and their 90-day audit summary."""

    employee_id: str
    rank: int
    name: str
    email: str
    department: str
    title: str
    seniority: str
    network_size: int
    platform_signals: int
    linkedin_signals: int
    internal_signals: int
    engagement: int
    quality: float | None
    candidate: bool

    @property
    def signals(self) -> int:
        return self.platform_signals + self.linkedin_signals + self.internal_signals


@dataclass(frozen=True)
class SignalRow:
    """One audit signal, as the employee's signal list shows it."""

    occurred_on: date
    source: str
    kind: str
    impressions: int
    reactions: int
    comments: int
    shares: int
    url: str | None

    @property
    def engagement(self) -> int:
        return self.reactions + self.comments + self.shares


def format_quality(quality: float | None) -> str:
    """Engagement per 100 network members: readable where raw ratios are tiny."""
    if quality is None:
        return "—"
    return f"{quality * 100:.2f}"
