"""Step 2 queries: the candidates' rubric means, and saving one scorer's marks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Sequence

from sqlalchemy import Select, bindparam, func, select, union

from advocacy_tui.program.scoring import Rubric, check_mark
from advocacy_tui.program.vocabulary import DIMENSIONS
from advocacy_tui.store.audit import ranked_top_n
from advocacy_tui.store.database import Store
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import AuditRank, Employee, Score


@dataclass(frozen=True)
class ScoringCandidate:
    """A flagged (or already scored) employee with the rubric means over all scorers."""

    employee_id: str
    name: str
    department: str
    title: str
    seniority: str
    audit_rank: int | None
    quality: float | None
    rubric: Rubric
    mine: dict[str, int] | None  # this scorer's latest marks, to start from when re-scoring
    mine_on: date | None


def _latest_scores():
    """Each scorer's latest marks per employee (one row per employee and scorer)."""
    latest = func.row_number().over(
        partition_by=(Score.employee_id, Score.scorer),
        order_by=(Score.scored_on.desc(), Score.updated_at.desc(), Score.id.desc()),
    )
    return (
        select(
            Score.employee_id,
            Score.scorer,
            Score.scored_on,
            *(getattr(Score, dim) for dim in DIMENSIONS),
            latest.label("latest"),
        )
        .where(Score.deleted_at.is_(None))
        .subquery("ranked_scores")
    )


def latest_marks(scorer: str | None = None):
    """Each scorer's latest marks per employee, one row per (employee, scorer); only
    `scorer`'s when given."""
    scores = _latest_scores()
    query = select(scores).where(scores.c.latest == 1)
    if scorer is not None:
        query = query.where(scores.c.scorer == scorer)
    return query.subquery("latest")


def rubric_means(latest=None):
    """Per employee, the mean of each dimension over the scorers' latest marks and the
    number of scorers (`employee_id`, the four dimensions, `scorers`): the one definition
    of an employee's rubric that the Scoring and Cohort tabs share."""
    latest = latest if latest is not None else latest_marks()
    return (
        select(
            latest.c.employee_id,
            *(func.avg(getattr(latest.c, dim)).label(dim) for dim in DIMENSIONS),
            func.count().label("scorers"),
        )
        .group_by(latest.c.employee_id)
        .subquery("means")
    )


def rubric_of(means: Sequence, scorers: int | None) -> Rubric:
    """The Rubric for one row of `rubric_means` (the four means in order, and scorers)."""
    if not scorers:
        return Rubric()
    return Rubric(*(float(value) for value in means), scorers=scorers)


# Above any rank: the bound when the ranking has no stamp to say its top N.
_NO_BOUND = 2**62


@cache
def _candidates_query() -> Select:
    """The Scoring tab's statement, built once (`:scorer`, and `:top_n` the ranking's
    candidate count): building it costs more than running it."""
    latest = latest_marks()
    means = rubric_means(latest)
    mine = select(latest).where(latest.c.scorer == bindparam("scorer")).subquery("mine")
    flagged = select(AuditRank.employee_id).where(
        AuditRank.candidate.is_(True), AuditRank.rank <= bindparam("top_n")
    )
    scored = select(Score.employee_id).where(Score.deleted_at.is_(None))
    listed = union(flagged, scored).subquery("listed")
    return (
        select(
            Employee.id,
            Employee.name,
            Employee.department,
            Employee.title,
            Employee.seniority,
            AuditRank.rank,
            AuditRank.quality,
            *(getattr(means.c, dim) for dim in DIMENSIONS),
            means.c.scorers,
            *(getattr(mine.c, dim).label(f"mine_{dim}") for dim in DIMENSIONS),
            mine.c.scored_on,
        )
        .select_from(listed)
        .join(Employee, Employee.id == listed.c.employee_id)
        .outerjoin(AuditRank, AuditRank.employee_id == Employee.id)
        .outerjoin(means, means.c.employee_id == Employee.id)
        .outerjoin(mine, mine.c.employee_id == Employee.id)
        .where(Employee.deleted_at.is_(None))
    )


def scoring_candidates(store: Store, scorer: str) -> list[ScoringCandidate]:
    """Flagged candidates (from the current audit ranking) plus anyone already scored.

    Means are computed in SQL over each scorer's latest marks; the order is left to
    `program.scoring.rank`, which owns the rule.

    The query starts from the few people listed, never from the employees: the flagged
    ones read from the top of the ranking by its rank index (a candidate ranks within the
    ranking's top N, see `audit.ranked_top_n`), and the scored ones from the scores; each
    is then looked up by id. At 100,000 employees that is a few dozen look-ups, not a scan.
    """
    candidates = []
    with store.reading() as session:
        top_n = ranked_top_n(session)
        parameters = {"scorer": scorer, "top_n": _NO_BOUND if top_n is None else top_n}
        for row in session.connection().execute(_candidates_query(), parameters):
            (employee_id, name, department, title, seniority, rank, quality) = row[:7]
            mean_values = row[7:11]
            scorers = row[11]
            mine_values = row[12:16]
            mine_on = row[16]
            rubric = rubric_of(mean_values, scorers)
            candidates.append(
                ScoringCandidate(
                    employee_id=employee_id,
                    name=name,
                    department=department,
                    title=title,
                    seniority=seniority,
                    audit_rank=rank,
                    quality=quality,
                    rubric=rubric,
                    mine=dict(zip(DIMENSIONS, mine_values)) if mine_on else None,
                    mine_on=mine_on,
                )
            )
    return candidates


def save_score(
    store: Store,
    employee_id: str,
    scorer: str,
    marks: dict[str, int],
    scored_on: date,
    notes: str = "",
) -> None:
    """Record one scorer's four marks for today; scoring twice on one day corrects the
    day's row instead of adding another, so the history keeps one row per scorer and day."""
    missing = [dim for dim in DIMENSIONS if dim not in marks]
    if missing:
        raise StoreError("Every dimension needs a score; missing: " + ", ".join(missing) + ".")
    try:
        checked = {dim: check_mark(marks[dim]) for dim in DIMENSIONS}
    except ValueError as error:
        raise StoreError(str(error)) from None
    if not scorer.strip():
        raise StoreError("A score needs a scorer name (set `scorer` in the settings).")
    with store.writing() as session:
        employee = session.get(Employee, employee_id)
        if employee is None or employee.deleted_at is not None:
            raise StoreError("No such employee; nothing was saved.")
        existing = session.scalars(
            select(Score).where(
                Score.employee_id == employee_id,
                Score.scorer == scorer,
                Score.scored_on == scored_on,
                Score.deleted_at.is_(None),
            )
        ).first()
        if existing is None:
            session.add(
                Score(employee_id=employee_id, scorer=scorer, scored_on=scored_on, notes=notes, **checked)
            )
        else:
            for dim, value in checked.items():
                setattr(existing, dim, value)
            if notes:
                existing.notes = notes
