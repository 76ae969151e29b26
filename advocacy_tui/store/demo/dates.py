"""The demo's calendar: six months of audit history, an eight-week program, midnight stamps."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

AUDIT_DAYS = 182  # six months of signals, all before today
PROGRAM_WEEKS = 8


def midnight(day: date) -> datetime:
    """created_at/updated_at of a row born on `day`: its midnight (never after today's)."""
    return datetime.combine(day, time())


def quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def program_mondays(today: date) -> list[date]:
    """The program's weekly drops: the last PROGRAM_WEEKS Mondays, today's included (the
    tick delivers on Mondays, so a demo opened on a Monday already has this week's drop)."""
    last = today - timedelta(days=today.weekday())
    return [last - timedelta(weeks=PROGRAM_WEEKS - 1 - w) for w in range(PROGRAM_WEEKS)]
