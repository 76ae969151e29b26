"""Who is in the cohort: who may receive anything, the Cohort tab's rows and its counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Sequence

from sqlalchemy import Select, and_, bindparam, case, func, literal, select

from advocacy_tui.program import cohort as rules
from advocacy_tui.program.cohort import CohortCounts, CohortRow, EnrolledMark, parse_ssh_keys
from advocacy_tui.program.cohort.history import DATE_STEPS, replay_dates
from advocacy_tui.program.scoring import Rubric, Thresholds
from advocacy_tui.program.vocabulary import CHANNELS, DIMENSIONS
from advocacy_tui.store.database import Store
from advocacy_tui.store.models import Employee, Enrollment, EnrollmentEvent
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
    with store.reading() as session:
        connection = session.connection()
        rows = connection.execute(_rows_query(scorer is not None).where(live_enrollments()).order_by(*_TAB_ORDER),
                                  {"scorer": scorer}).all()
        return _cohort_rows(rows, step_event_dates(connection), thresholds)


def cohort_page(
    store: Store, enrollment_ids: Sequence[str], thresholds: Thresholds = Thresholds(), scorer: str | None = None
) -> list[CohortRow]:
    """The rows of these enrollments (a page of `CohortListing.enrollment_ids`), in the
    order given: each read by its id, with the dates of its own history only.

    An enrollment is never removed from the file (a deletion marks it), so every id of a
    listing is found; one deleted or changed since the listing was read shows as it is now.
    """
    if not enrollment_ids:
        return []
    ids = list(enrollment_ids)
    with store.reading() as session:
        connection = session.connection()
        query = _rows_query(scorer is not None).where(Enrollment.id.in_(bindparam("ids", expanding=True)))
        found = {row[0]: row for row in connection.execute(query, {"scorer": scorer, "ids": ids}).all()}
        dates = step_event_dates(connection, ids)
    return _cohort_rows([found[enrollment_id] for enrollment_id in ids if enrollment_id in found], dates, thresholds)


_TAB_ORDER = (_STAGE_ORDER, Employee.name, Employee.email)
"""The Cohort tab's order: by stage, then name (and email, so the order is total)."""


@cache
def _rows_query(by_scorer: bool) -> Select:
    """The enrollments with their people and rubric means (one scorer's, `:scorer`, when
    `by_scorer`), built once: building it costs more than running it for a page."""
    means = rubric_means(latest_marks(bindparam("scorer") if by_scorer else None))
    return (
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
    )


def _cohort_rows(rows: Sequence, dates: dict[str, tuple], thresholds: Thresholds) -> list[CohortRow]:
    unscored = Rubric()
    unscored_mark = unscored.mark(thresholds)
    no_dates = (None, None, None, "")
    result = []
    for row in rows:
        (enrollment_id, employee_id, name, email, department, title, seniority, channel,
         nominated_by, status, category, oriented, acknowledged, opted_in, ssh_keys) = row[:15]
        if row[19]:
            rubric = rubric_of(row[15:19], row[19])
            mark = rubric.mark(thresholds)
        else:
            rubric, mark = unscored, unscored_mark
        nominated_on, invited_on, closed_on, reason = dates.get(enrollment_id, no_dates)
        closed = status in rules.CLOSED
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
                nominated_on=nominated_on,
                invited_on=invited_on,
                orientation_on=oriented,
                policy_ack_on=acknowledged,
                opted_in_on=opted_in,
                closed_on=closed_on if closed else None,
                reason=reason if closed else "",
                rubric=rubric,
                mark=mark,
                ssh_keys=len(parse_ssh_keys(ssh_keys)) if ssh_keys else 0,
            )
        )
    return result


def step_event_dates(connection, enrollment_ids: Sequence[str] | None = None) -> dict[str, tuple]:
    """Per enrollment id, (nominated on, invited on, closed on, reason) replayed from its
    history by `program.cohort.replay_dates`, the rule `step_dates` applies; only these
    enrollments' when ids are given.

    Only the events of the steps that move those dates are read (`DATE_STEPS`, about half
    of a history), four narrow columns each, the note only where it is a reason, in the
    order recorded. For every enrollment they come from the table itself (through the
    enrollment index they would cost a look-up each); events of deleted enrollments come
    too and are simply never asked for.
    """
    closing = EnrollmentEvent.step.in_(("decline", "withdraw"))
    events = (
        select(
            EnrollmentEvent.enrollment_id,
            EnrollmentEvent.step,
            EnrollmentEvent.from_status,
            EnrollmentEvent.occurred_on,
            case((closing, EnrollmentEvent.note), else_=literal("")),
        )
        .where(EnrollmentEvent.deleted_at.is_(None), EnrollmentEvent.step.in_(DATE_STEPS))
        .order_by(EnrollmentEvent.created_at, EnrollmentEvent.id)
    )
    parameters = {}
    if enrollment_ids is not None:
        events = events.where(EnrollmentEvent.enrollment_id.in_(bindparam("ids", expanding=True)))
        parameters["ids"] = list(enrollment_ids)
    histories: dict[str, list] = defaultdict(list)
    for enrollment_id, *event in connection.execute(events, parameters).all():
        histories[enrollment_id].append(event)
    return {enrollment_id: replay_dates(history) for enrollment_id, history in histories.items()}


@dataclass(frozen=True)
class CohortListing:
    """Every live enrollment in the Cohort tab's order, with no more than the tab needs
    before it shows a page: the ids, the counts per stage and channel, and what the guards
    are about (the enrolled advocates, with their names and scoring marks, and how many
    are executives). The rows themselves are read a page at a time (`cohort_page`)."""

    enrollment_ids: tuple[str, ...] = ()
    employee_ids: tuple[str, ...] = ()
    counts: CohortCounts = field(default_factory=CohortCounts)
    enrolled: tuple[EnrolledMark, ...] = ()  # by name, then email
    executives: int = 0  # of the enrolled


@cache
def _listing_query() -> Select:
    means = rubric_means()
    enrolled = Enrollment.status == "enrolled"
    return (
        select(
            Enrollment.id,
            Enrollment.employee_id,
            Enrollment.status,
            Enrollment.channel,
            Employee.seniority,
            # Names and marks only where the guards speak of them: the enrolled.
            case((enrolled, Employee.name)),
            case((enrolled, Employee.email)),
            *rubric_columns(means),
        )
        .join(Employee, Employee.id == Enrollment.employee_id)
        .outerjoin(means, and_(means.c.employee_id == Enrollment.employee_id, enrolled))
        .where(live_enrollments())
        .order_by(*_TAB_ORDER)
    )


def cohort_listing(store: Store, thresholds: Thresholds = Thresholds()) -> CohortListing:
    """The Cohort tab's listing (`CohortListing`): one query, a few narrow columns per
    enrollment. Marks are over every scorer's latest marks, as the guards take them."""
    stages = {status: 0 for status in rules.STATUSES}
    channels = {channel: 0 for channel in CHANNELS}
    both: dict[tuple[str, str], int] = defaultdict(int)
    enrolled = []
    executives = 0
    unscored = Rubric().mark(thresholds)
    with store.reading() as session:
        rows = session.connection().execute(_listing_query()).all()
    for _, _, status, channel, seniority, name, email, *means in rows:
        both[(status, channel)] += 1
        if status == "enrolled":
            mark = rubric_of(means[:4], means[4]).mark(thresholds) if means[4] else unscored
            enrolled.append(EnrolledMark(email, name, mark))
            executives += seniority == "executive"
    for (status, channel), count in both.items():
        stages[status] = stages.get(status, 0) + count
        channels[channel] = channels.get(channel, 0) + count
    return CohortListing(
        tuple(row[0] for row in rows),
        tuple(row[1] for row in rows),
        CohortCounts(stages, channels, dict(both)),
        tuple(enrolled),
        executives,
    )


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
