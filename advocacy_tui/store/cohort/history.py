"""The recorded steps read back: an enrollment's history events, oldest first, as the
program's `StepEvent`s."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from advocacy_tui.program.cohort import StepEvent
from advocacy_tui.store.database import Store
from advocacy_tui.store.models import Enrollment, EnrollmentEvent

EVENT_COLUMNS = (
    EnrollmentEvent.step,
    EnrollmentEvent.from_status,
    EnrollmentEvent.to_status,
    EnrollmentEvent.occurred_on,
    EnrollmentEvent.recorded_by,
    EnrollmentEvent.note,
)
"""The columns of a `StepEvent`, in its field order."""


def live_enrollment(session, employee_id: str) -> Enrollment | None:
    return session.scalars(
        select(Enrollment).where(Enrollment.employee_id == employee_id, Enrollment.deleted_at.is_(None))
    ).first()


def history_of(session, enrollment_id: str) -> list[StepEvent]:
    rows = session.execute(
        select(*EVENT_COLUMNS)
        .where(EnrollmentEvent.enrollment_id == enrollment_id, EnrollmentEvent.deleted_at.is_(None))
        .order_by(EnrollmentEvent.created_at, EnrollmentEvent.id)
    )
    return [StepEvent(*row) for row in rows]


def live_histories(session) -> dict[str, list[StepEvent]]:
    """Every live enrollment's history, by enrollment id, in one query."""
    events = (
        select(EnrollmentEvent.enrollment_id, *EVENT_COLUMNS)
        .join(Enrollment, Enrollment.id == EnrollmentEvent.enrollment_id)
        .where(EnrollmentEvent.deleted_at.is_(None), Enrollment.deleted_at.is_(None))
        .order_by(EnrollmentEvent.enrollment_id, EnrollmentEvent.created_at, EnrollmentEvent.id)
    )
    history: dict[str, list[StepEvent]] = defaultdict(list)
    for enrollment_id, *event in session.execute(events):
        history[enrollment_id].append(StepEvent(*event))
    return history


def enrollment_history(store: Store, employee_id: str) -> list[StepEvent]:
    """Every step recorded for the employee's live enrollment, oldest first."""
    with store.reading() as session:
        enrollment = live_enrollment(session, employee_id)
        return [] if enrollment is None else history_of(session, enrollment.id)
