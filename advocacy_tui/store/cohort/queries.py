"""Who is in the cohort: who may receive anything, the Cohort tab's rows and its counts."""

from __future__ import annotations

from sqlalchemy import and_, case, func, select

from advocacy_tui.program import cohort as rules
from advocacy_tui.program.cohort import CohortCounts, CohortRow, parse_ssh_keys, step_dates
from advocacy_tui.program.scoring import Thresholds
from advocacy_tui.program.vocabulary import CHANNELS, DIMENSIONS
from advocacy_tui.store.cohort.history import live_histories
from advocacy_tui.store.database import Store
from advocacy_tui.store.models import Employee, Enrollment
from advocacy_tui.store.scoring import latest_marks, rubric_means, rubric_of

# ----------------------------------------------------------------------------- filters


def live_enrollments():
    """A live enrollment of a live employee (with `Employee` joined)."""
    return and_(Enrollment.deleted_at.is_(None), Employee.deleted_at.is_(None))


def receives():
    """A live, enrolled advocate (with `Employee` joined): never declined or withdrawn."""
    return and_(
        Enrollment.deleted_at.is_(None),
        Enrollment.status == "enrolled",
        Employee.deleted_at.is_(None),
    )


def rubric_columns(means) -> tuple:
    """The four dimension means and the scorer count, as `rubric_of` takes them."""
    return (*(getattr(means.c, dim) for dim in DIMENSIONS), means.c.scorers)


_STAGE_ORDER = case(
    *((Enrollment.status == status, index) for index, status in enumerate(rules.STATUSES)),
    else_=len(rules.STATUSES),
)

# ------------------------------------------------------------------- who receives what


def enrolled_advocate_ids(store: Store) -> list[str]:
    """The employees who may receive anything: live, enrolled (never declined/withdrawn)."""
    query = (
        select(Enrollment.employee_id)
        .join(Employee, Employee.id == Enrollment.employee_id)
        .where(receives())
        .order_by(Enrollment.employee_id)
    )
    with store.reading() as session:
        return list(session.scalars(query))


def can_receive(store: Store, employee_id: str) -> bool:
    """True only for a live, enrolled advocate."""
    query = (
        select(func.count())
        .select_from(Enrollment)
        .join(Employee, Employee.id == Enrollment.employee_id)
        .where(Enrollment.employee_id == employee_id, receives())
    )
    with store.reading() as session:
        return bool(session.execute(query).scalar())


# ---------------------------------------------------------------------- the Cohort tab


def cohort_rows(
    store: Store, thresholds: Thresholds = Thresholds(), scorer: str | None = None
) -> list[CohortRow]:
    """Every live enrollment, by stage (nominated, invited, oriented, enrolled, then
    declined and withdrawn) and name, with its dates and scoring mark.

    The mark is over every scorer's latest marks, as on the Scoring tab; pass `scorer` to
    see one scorer's marks only.
    """
    means = rubric_means(latest_marks(scorer))
    query = (
        select(
            Enrollment.id,
            Enrollment.employee_id,
            Employee.name,
            Employee.email,
            Employee.department,
            Employee.title,
            Employee.seniority,
            Enrollment.channel,
            Enrollment.nominated_by,
            Enrollment.status,
            Enrollment.category,
            Enrollment.orientation_on,
            Enrollment.policy_ack_on,
            Enrollment.opted_in_on,
            Employee.ssh_keys,
            *rubric_columns(means),
        )
        .join(Employee, Employee.id == Enrollment.employee_id)
        .outerjoin(means, means.c.employee_id == Enrollment.employee_id)
        .where(live_enrollments())
        .order_by(_STAGE_ORDER, Employee.name, Employee.email)
    )
    with store.reading() as session:
        rows = session.execute(query).all()
        history = live_histories(session)
    result = []
    for row in rows:
        (enrollment_id, employee_id, name, email, department, title, seniority, channel,
         nominated_by, status, category, oriented, acknowledged, opted_in, ssh_keys) = row[:15]
        rubric = rubric_of(row[15:19], row[19])
        dates = step_dates(history.get(enrollment_id, ()))
        result.append(
            CohortRow(
                enrollment_id=enrollment_id,
                employee_id=employee_id,
                name=name,
                email=email,
                department=department,
                title=title,
                seniority=seniority,
                channel=channel,
                nominated_by=nominated_by,
                status=status,
                category=category,
                nominated_on=dates.nominated_on,
                invited_on=dates.invited_on,
                orientation_on=oriented,
                policy_ack_on=acknowledged,
                opted_in_on=opted_in,
                closed_on=dates.closed_on if status in rules.CLOSED else None,
                reason=dates.reason if status in rules.CLOSED else "",
                rubric=rubric,
                mark=rubric.mark(thresholds),
                ssh_keys=len(parse_ssh_keys(ssh_keys or "")),
            )
        )
    return result


def cohort_counts(store: Store) -> CohortCounts:
    """Live enrollments per stage and per channel (every stage and channel listed, zeros
    included), from one SQL aggregate."""
    query = (
        select(Enrollment.status, Enrollment.channel, func.count())
        .join(Employee, Employee.id == Enrollment.employee_id)
        .where(live_enrollments())
        .group_by(Enrollment.status, Enrollment.channel)
    )
    stages = {status: 0 for status in rules.STATUSES}
    channels = {channel: 0 for channel in CHANNELS}
    both: dict[tuple[str, str], int] = {}
    with store.reading() as session:
        for status, channel, count in session.execute(query):
            stages[status] = stages.get(status, 0) + count
            channels[channel] = channels.get(channel, 0) + count
            both[(status, channel)] = count
    return CohortCounts(stages, channels, both)
