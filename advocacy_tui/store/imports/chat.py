"""Slack and Teams activity -> internal signals, one row per person, kind and period.

Channel messages (Slack) and Teams posts are `post` signals, Teams replies `answer`
signals, each with the period's count and dated its last day. The row is found again by
its origin ("teams 2026-05-01..2026-05-30"), so importing the same file twice changes
nothing, and a count that fell to zero tombstones the row instead of keeping a stale one.
"""

from __future__ import annotations

from sqlalchemy import select

from advocacy_tui.program.exports.outcome import ADDED, REMOVED, UNCHANGED, UPDATED
from advocacy_tui.program.exports.records import ChatActivity
from advocacy_tui.store.imports.run import Progress, Run, day
from advocacy_tui.store.models import Signal


def origin_of(activity: ChatActivity) -> str:
    return f"{activity.source} {activity.period_start.isoformat()}..{activity.period_end.isoformat()}"


def import_chat(run: Run, progress: Progress | None) -> None:
    records = [record for record in run.batch.records if isinstance(record, ChatActivity)]
    origins = {origin_of(record) for record in records}
    existing: dict[tuple[str, str, str], Signal] = {}
    if origins:
        query = select(Signal).where(Signal.deleted_at.is_(None), Signal.origin.in_(sorted(origins)))
        for signal in run.session.execute(query).scalars():
            existing[(signal.origin, signal.employee_id, signal.kind)] = signal
    # Two rows can be one employee (two accounts, both confirmed as aliases): their
    # counts add up, stored once under the first row.
    totals: dict[tuple[str, str], list] = {}
    for done, activity in enumerate(records, 1):
        employee = run.employee(activity.person, activity.row, "signal")
        if employee is not None:
            key = (origin_of(activity), employee)
            if key in totals:
                totals[key][1] += activity.posts
                totals[key][2] += activity.answers
            else:
                totals[key] = [activity, activity.posts, activity.answers]
        if progress is not None:
            progress(done, len(records))
    for (origin, employee), (activity, posts, answers) in totals.items():
        period = f"{day(activity.period_start)} to {day(activity.period_end)}"
        for kind, count in (("post", posts), ("answer", answers)):
            _store(run, activity.row, employee, origin, kind, count, activity, period, existing)


def _store(run: Run, row: int, employee: str, origin: str, kind: str, count: int,
           activity: ChatActivity, period: str, existing: dict) -> None:
    signal = existing.get((origin, employee, kind))
    what = f"{kind} x {count:,}, {period}"
    if signal is None:
        if count <= 0:
            return
        signal = Signal(
            employee_id=employee, source="internal", kind=kind, occurred_on=activity.period_end,
            count=count, origin=origin,
        )
        run.session.add(signal)
        existing[(origin, employee, kind)] = signal
        run.stored(row, "signal", employee, what, ADDED)
    elif count <= 0:
        signal.deleted_at = signal.updated_at = run.now
        del existing[(origin, employee, kind)]
        run.stored(row, "signal", employee, f"{kind}, {period}: none now", REMOVED)
    else:
        changed = run.touch(signal, count=count, occurred_on=activity.period_end)
        run.stored(row, "signal", employee, what, UPDATED if changed else UNCHANGED)
