"""The guards on the enrolled cohort, from SQL counts and each advocate's scoring mark,
and what `advocacy cohort --json` prints."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import case, func, select

from advocacy_tui.program.cohort import CohortWarning, EnrolledMark, cohort_warnings
from advocacy_tui.program.scoring import Thresholds
from advocacy_tui.store.cohort.queries import cohort_counts, cohort_rows, receives, rubric_columns
from advocacy_tui.store.database import Store
from advocacy_tui.store.models import Employee, Enrollment
from advocacy_tui.store.scoring import rubric_means, rubric_of

if TYPE_CHECKING:
    from advocacy_tui.config import Settings


def thresholds_of(settings: "Settings") -> Thresholds:
    scoring = settings.scoring
    return Thresholds(
        consistent_min=scoring.consistent_min,
        max_spread=scoring.max_spread,
        lopsided_high=scoring.lopsided_high,
        lopsided_low=scoring.lopsided_low,
    )


def _enrolled_marks(session, thresholds: Thresholds) -> list[EnrolledMark]:
    means = rubric_means()
    query = (
        select(Employee.email, Employee.name, *rubric_columns(means))
        .select_from(Enrollment)
        .join(Employee, Employee.id == Enrollment.employee_id)
        .outerjoin(means, means.c.employee_id == Enrollment.employee_id)
        .where(receives())
        .order_by(Employee.name, Employee.email)
    )
    return [
        EnrolledMark(row[0], row[1], rubric_of(row[2:6], row[6]).mark(thresholds))
        for row in session.execute(query)
    ]


def cohort_guard(store: Store, settings: "Settings") -> list[CohortWarning]:
    """The guards the Cohort tab and `cohort --json` always show: the cohort's size and
    executive share from SQL counts, and each enrolled advocate's scoring mark."""
    counted = select(
        func.count(),
        func.coalesce(func.sum(case((Employee.seniority == "executive", 1), else_=0)), 0),
    ).select_from(Enrollment).join(Employee, Employee.id == Enrollment.employee_id).where(receives())
    with store.reading() as session:
        enrolled, executives = session.execute(counted).one()
        marks = _enrolled_marks(session, thresholds_of(settings))
    return cohort_warnings(
        int(enrolled),
        int(executives),
        settings.cohort.max_size,
        settings.cohort.executive_share,
        marks,
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def cohort_json(store: Store, settings: "Settings") -> dict:
    """What `advocacy cohort --json` prints."""
    thresholds = thresholds_of(settings)
    rows = cohort_rows(store, thresholds)
    counts = cohort_counts(store)
    return {
        "enrolled": [
            {
                "email": row.email,
                "name": row.name,
                "department": row.department,
                "seniority": row.seniority,
                "channel": row.channel,
                "nominated_by": row.nominated_by,
                "category": row.category,
                "orientation_on": _iso(row.orientation_on),
                "policy_ack_on": _iso(row.policy_ack_on),
                "opted_in_on": _iso(row.opted_in_on),
                "mark": row.mark,
            }
            for row in rows
            if row.status == "enrolled"
        ],
        "stages": dict(counts.stages),
        "channels": dict(counts.channels),
        "warnings": [
            {"code": warning.code, "sentence": warning.sentence, "advocates": list(warning.advocates)}
            for warning in cohort_guard(store, settings)
        ],
    }
