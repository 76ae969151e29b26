"""Writing the demo: every generator in order, in one transaction, with progress reports."""

from __future__ import annotations

import random
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable, Iterator

from sqlalchemy import insert

from advocacy_tui.store.database import Store
from advocacy_tui.store.demo.bulk import bulk, clean, empty_indexes
from advocacy_tui.store.demo.cohort import make_enrollments, make_history
from advocacy_tui.store.demo.content import make_assets, make_queue
from advocacy_tui.store.demo.dates import AUDIT_DAYS, midnight, program_mondays
from advocacy_tui.store.demo.ids import Ids
from advocacy_tui.store.demo.outcomes import (
    make_applications,
    make_awards,
    make_feedback,
    make_requisitions,
    make_surveys,
)
from advocacy_tui.store.demo.people import Person, employee_rows, make_people
from advocacy_tui.store.demo.program import Program
from advocacy_tui.store.demo.scoring import make_scores, showcase_executive
from advocacy_tui.store.demo.signals import DEFAULT_SIGNALS_PER_ACTIVE, rank, signal_rows
from advocacy_tui.store.models import (
    Application,
    Asset,
    Baseline,
    Award,
    Delivery,
    Employee,
    Enrollment,
    EnrollmentEvent,
    Feedback,
    Post,
    Requisition,
    Score,
    Signal,
    Survey,
)

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class DemoSummary:
    employees: int
    signals: int
    scores: int
    enrollments: int
    assets: int
    deliveries: int
    posts: int
    applications: int
    requisitions: int
    surveys: int
    awards: int
    feedback: int


def write_demo(
    store: Store,
    *,
    today: date,
    seed: int = 2026,
    employees: int = 300,
    signals_per_employee: float | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Write the demo program as of `today` in one transaction; the same arguments give the
    same rows. `signals_per_employee` is the mean per employee who signals at all (about
    70% do); the default, 20, gives about 14 signals per employee overall."""
    if employees < 1:
        raise ValueError("employees must be at least 1")
    per_active = DEFAULT_SIGNALS_PER_ACTIVE if signals_per_employee is None else float(signals_per_employee)
    report = progress or (lambda label, fraction: None)
    # Independent streams, so the people do not change when the signal rate does.
    people_rng = random.Random(f"{seed}:people")
    signal_rng = random.Random(f"{seed}:signals")
    program_rng = random.Random(f"{seed}:program")
    program_ids = Ids(random.Random(f"{seed}:program-ids"))
    # The cohort's history has its own stream, so adding it left the rest of the program as it was.
    history_rng = random.Random(f"{seed}:history")

    report("employees", 0.0)
    people_ids = Ids(people_rng)
    people = make_people(people_rng, people_ids, employees)
    hired = midnight(today - timedelta(days=AUDIT_DAYS + 1))

    counts: dict[str, int] = {}
    with store.writing() as session:
        connection = session.connection()
        with _bulk_cache(store, connection):
            _write_company(connection, people, hired, signal_rng, today, per_active, counts, report)
            program = Program(program_rng, program_ids, today, people, mondays=program_mondays(today))
            _write_program(connection, program, history_rng, counts, report)
        report("saving", 0.98)
    # The baseline the coordinator took the week before launch (step 1): what lift is
    # measured against. Computed from the rows just written, so after they are committed;
    # its ids and stamps come from the demo's own streams, so the same seed, the same rows.
    from advocacy_tui.store.baselines import compute_baseline

    taken = program.launch - timedelta(days=3)
    figures = compute_baseline(store, taken)
    with store.writing() as session:
        session.connection().execute(
            Baseline.__table__.insert(),
            [program.row(taken, taken_on=taken, metric=metric, value=value) for metric, value in figures.items()],
        )
    report("done", 1.0)
    return DemoSummary(**{name: counts[name] for name in DemoSummary.__dataclass_fields__})


@contextmanager
def _bulk_cache(store: Store, connection) -> Iterator[None]:
    """A larger SQLite page cache for the bulk load (random-key indexes), restored after."""
    if not store.is_sqlite:
        yield
        return
    cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql("PRAGMA cache_size = -131072")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")


def _write_company(
    connection,
    people: list[Person],
    hired: datetime,
    signal_rng: random.Random,
    today: date,
    per_active: float,
    counts: dict[str, int],
    report: Progress,
) -> None:
    """The employees and their signals, each table's indexes built once after its load."""
    rebuild = empty_indexes(connection, Employee)
    counts["employees"] = bulk(connection, Employee, employee_rows(people, hired))
    for index in rebuild:
        index.create(connection)
    report("employees", 0.05)

    counts["signals"] = 0
    signal_ids = Ids(signal_rng)
    rebuild = empty_indexes(connection, Signal)
    for reached, chunk in signal_rows(signal_rng, signal_ids, people, today, per_active):
        connection.execute(insert(Signal), chunk)
        counts["signals"] += len(chunk)
        report("signals", 0.05 + 0.8 * (reached + 1) / len(people))
    if rebuild:
        report("indexes", 0.86)
    for index in rebuild:
        index.create(connection)


def _write_program(
    connection, program: Program, history_rng: random.Random, counts: dict[str, int], report: Progress
) -> None:
    """Scores, cohort and its history, library, queue, posts, pipeline and recognition, in dependency order."""
    ranking = rank(program.people)
    candidates = [p for p in ranking if p.quality is not None and p.engagement_90 > 0]

    report("scores", 0.9)
    executive = showcase_executive(program.people)
    score_rows, consistent = make_scores(program, candidates, executive)
    counts["scores"] = bulk(connection, Score, score_rows)
    enrollment_rows = make_enrollments(program, ranking, candidates, consistent, score_rows, executive)
    counts["enrollments"] = bulk(connection, Enrollment, enrollment_rows)
    bulk(connection, EnrollmentEvent, make_history(history_rng, Ids(history_rng), enrollment_rows))

    report("library", 0.92)
    make_requisitions(program)
    counts["requisitions"] = bulk(connection, Requisition, clean(program.requisitions))
    asset_rows = make_assets(program)
    make_queue(program)
    make_applications(program)  # after the posts they come from
    feedback_rows = make_feedback(program)  # may retire flagged assets: before writing them
    counts["assets"] = bulk(connection, Asset, clean(asset_rows))

    report("queue", 0.95)
    counts["deliveries"] = bulk(connection, Delivery, program.deliveries)
    counts["posts"] = bulk(connection, Post, program.posts)
    counts["applications"] = bulk(connection, Application, program.applications)
    counts["surveys"] = bulk(connection, Survey, make_surveys(program))
    counts["awards"] = bulk(connection, Award, make_awards(program))
    counts["feedback"] = bulk(connection, Feedback, feedback_rows)
