"""Step 5 in the store: milestones detected from the data, awards, the quarter's spotlight,
outcome messages and the recognition framework.

Milestones are detected, never typed: from each enrolled advocate's post dates and the
first application their links brought (`program.milestones`). One the coordinator has not
confirmed yet is a pending award; confirming records an `award` row with a reward from the
configured list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from advocacy_tui.program.milestones import Milestone, milestones_of_days
from advocacy_tui.program.recognition import (
    SpotlightCandidate,
    outcome_message,
    quarter_start,
)
from advocacy_tui.store.cohort.queries import receives
from advocacy_tui.store.database import Store
from advocacy_tui.store.desk import AdvocateDesk
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.outbox import write_private_file
from advocacy_tui.store.models import POST_ENGAGEMENTS, Application, Award, Employee, Enrollment, Post
from advocacy_tui.store.sql import iso_date, token_of

NOTHING_SAVED = "nothing was saved."


@dataclass(frozen=True)
class PendingAward:
    advocate_id: str
    advocate: str
    email: str
    milestone: Milestone

    @property
    def key(self) -> str:
        return f"{self.advocate_id}/{self.milestone.name}"


@dataclass(frozen=True)
class AwardRow:
    id: str
    advocate_id: str
    advocate: str
    milestone: str
    awarded_on: date
    reward: str
    note: str
    spotlight_quarter: str | None


def attributed(*columns):
    """`columns` of each live application with the employee its utm_content names: the
    utm_content is the employee's token or starts '<token>-' (tokens never contain '-', so
    that is `token_of`, looked up in employee's unique token index, never a scan)."""
    return (
        select(*columns)
        .select_from(Application)
        .join(Employee, Employee.advocate_token == token_of(Application.utm_content))
        .where(Application.deleted_at.is_(None))
    )


def _enrolled():
    return (
        select(Employee.id, Employee.name, Employee.email)
        .join(Enrollment, Enrollment.employee_id == Employee.id)
        .where(receives())
        .order_by(func.lower(Employee.name), Employee.id)
    )


def _enrolled_tokens():
    return (
        select(Employee.advocate_token)
        .join(Enrollment, Enrollment.employee_id == Employee.id)
        .where(receives())
    )


def _post_days_statement(on: date):
    """Each enrolled advocate (in name order) with their token and their post days up to
    `on` as one text, read through the (advocate, date) index: a row per advocate to load
    rather than one per post."""
    post_days = (
        select(func.aggregate_strings(iso_date(Post.posted_on), ","))
        .where(Post.advocate_id == Employee.id, Post.deleted_at.is_(None), Post.posted_on <= on)
        .scalar_subquery()
    )
    return _enrolled().add_columns(Employee.advocate_token, post_days)


def _first_applications_statement(on: date):
    """The first application up to `on` that each enrolled advocate's token brought: the
    applications read through their date index, each token_of(utm_content) looked up among
    the enrolled advocates' tokens (a small list: about three times faster than
    `attributed`'s look-up of every application's token in the index of all employees'
    tokens)."""
    token = token_of(Application.utm_content)
    return (
        select(token, func.min(Application.applied_on))
        .where(Application.deleted_at.is_(None), Application.applied_on <= on, token.in_(_enrolled_tokens()))
        .group_by(token)
    )


def _milestones_found(rows, applications: dict, on: date, post_counts: tuple[int, ...]) -> list[PendingAward]:
    found = []
    for advocate_id, name, email, advocate_token, days in rows:
        # The days stay text (ISO sorts as the dates do): only those a milestone needs
        # become dates (program.milestones.milestones_of_days).
        posted = days.split(",") if days else []
        for milestone in milestones_of_days(posted, applications.get(advocate_token), on, post_counts):
            found.append(PendingAward(advocate_id, name, email, milestone))
    return found


def _read_all(store: Store, statement) -> list:
    with store.reading() as session:
        return session.connection().execute(statement).all()


def detected_milestones(store: Store, on: date, post_counts: tuple[int, ...]) -> list[PendingAward]:
    """Every milestone each enrolled advocate has reached by `on`, awarded or not."""
    with store.reading() as session:
        connection = session.connection()
        rows = connection.execute(_post_days_statement(on)).all()
        applications = dict(connection.execute(_first_applications_statement(on)).all())
    return _milestones_found(rows, applications, on, post_counts)


def awards(store: Store, *, since: date | None = None) -> list[AwardRow]:
    """Awards given, newest first."""
    query = (
        select(Award, Employee.name)
        .join(Employee, Employee.id == Award.advocate_id)
        .where(Award.deleted_at.is_(None))
        .order_by(Award.awarded_on.desc(), func.lower(Employee.name))
    )
    if since is not None:
        query = query.where(Award.awarded_on >= since)
    with store.reading() as session:
        return [
            AwardRow(a.id, a.advocate_id, name, a.milestone, a.awarded_on, a.reward, a.note, a.spotlight_quarter)
            for a, name in session.execute(query)
        ]


def pending_awards(
    store: Store, on: date, post_counts: tuple[int, ...], given: list[AwardRow] | None = None
) -> list[PendingAward]:
    """Milestones reached and not yet confirmed, oldest first (they have waited longest).
    `given`: the awards, when the caller has read them already (`awards(store)`)."""
    return _pending(detected_milestones(store, on, post_counts), awards(store) if given is None else given)


def _pending(found: list[PendingAward], given: list[AwardRow]) -> list[PendingAward]:
    awarded = {(row.advocate_id, row.milestone) for row in given}
    pending = [item for item in found if (item.advocate_id, item.milestone.name) not in awarded]
    return sorted(pending, key=lambda item: (item.milestone.reached_on, item.advocate.casefold()))


def recognition_tab(
    store: Store, on: date, post_counts: tuple[int, ...], *, spotlight_limit: int = 10
) -> tuple[list[PendingAward], list[SpotlightCandidate], list[AwardRow]]:
    """What the Recognition tab shows: `pending_awards`, `spotlight_candidates` and
    `awards` (the same rows), with the awards read once.

    The reads run side by side, each on a connection of its own (the advocates' post days
    here; the first applications, the spotlight and the awards in threads): the database
    works on them at once (Python's sqlite3 and psycopg let go of the GIL while a statement
    runs), so the tab waits for about the largest rather than their sum."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="recognition-read") as pool:
        first_read = pool.submit(_read_all, store, _first_applications_statement(on))
        spotlight_read = pool.submit(spotlight_candidates, store, on, spotlight_limit)
        given_read = pool.submit(awards, store)
        rows = _read_all(store, _post_days_statement(on))
        found = _milestones_found(rows, dict(first_read.result()), on, post_counts)
        given = given_read.result()
        return _pending(found, given), spotlight_read.result(), given


def confirm_award(
    store: Store,
    advocate_id: str,
    milestone: str,
    reward: str,
    on: date,
    note: str = "",
    spotlight_quarter: str | None = None,
) -> str:
    """Record an award (a milestone confirmed with its reward, or the quarter's spotlight)."""
    if not reward.strip():
        raise StoreError(f"An award needs its reward; {NOTHING_SAVED}")
    with store.writing() as session:
        employee = session.get(Employee, advocate_id)
        if employee is None or employee.deleted_at is not None:
            raise StoreError("No such advocate (they may have been deleted); " + NOTHING_SAVED)
        duplicate = session.execute(
            select(func.count()).select_from(Award).where(
                Award.advocate_id == advocate_id, Award.milestone == milestone, Award.deleted_at.is_(None),
                Award.spotlight_quarter.is_(None) if spotlight_quarter is None else Award.spotlight_quarter == spotlight_quarter,
            )
        ).scalar()
        if duplicate:
            raise StoreError(f"{employee.name} already has the award for {milestone}; {NOTHING_SAVED}")
        award = Award(
            advocate_id=advocate_id, milestone=milestone, awarded_on=on, reward=reward.strip(),
            note=note.strip(), spotlight_quarter=spotlight_quarter,
        )
        session.add(award)
        session.flush()
        return award.id


def spotlight_candidates(store: Store, on: date, limit: int = 10) -> list[SpotlightCandidate]:
    """The quarter so far: enrolled advocates ranked by attributed applications, then mean
    engagement rate over their posts with impressions — outcomes, not post counts."""
    start = quarter_start(on)
    engaged = POST_ENGAGEMENTS * 1.0 / Post.impressions
    posts = (
        select(
            Post.advocate_id,
            func.count().label("posts"),  # every row has its id: the index alone answers
            func.avg(engaged).label("rate"),
            func.sum(Post.referral_visits).label("visits"),
        )
        .where(Post.deleted_at.is_(None), Post.impressions > 0, Post.posted_on >= start, Post.posted_on <= on)
        .group_by(Post.advocate_id)
        .subquery()
    )
    # The quarter's attributed applications per advocate, of the enrolled advocates' tokens
    # only: each token_of(utm_content) is first looked up among those tokens (a small list),
    # and only the applications that carry one are joined to their advocate.
    token = token_of(Application.utm_content)
    applications = (
        attributed(Employee.id.label("advocate_id"), func.count().label("applications"))
        .where(Application.applied_on >= start, Application.applied_on <= on, token.in_(_enrolled_tokens()))
        .group_by(Employee.id)
        .subquery()
    )
    query = (
        select(
            Employee.id, Employee.name, posts.c.posts, posts.c.rate, posts.c.visits,
            func.coalesce(applications.c.applications, 0),
        )
        .join(Enrollment, Enrollment.employee_id == Employee.id)
        .join(posts, posts.c.advocate_id == Employee.id)
        .outerjoin(applications, applications.c.advocate_id == Employee.id)
        .where(receives())
        .order_by(func.coalesce(applications.c.applications, 0).desc(), posts.c.rate.desc(), func.lower(Employee.name))
        .limit(limit)
    )
    with store.reading() as session:
        return [
            SpotlightCandidate(advocate_id, name, posts_count, float(rate or 0), visits or 0, apps)
            for advocate_id, name, posts_count, rate, visits, apps in session.execute(query)
        ]


def write_outcome_messages(store: Store, settings, on: date, outbox: Path) -> list[Path]:
    """One `.eml` per enrolled advocate whose posts brought visits or applications: the
    guide's loop-closing message. Named by month, so writing again replaces, never adds."""
    written = []
    with store.reading() as session:
        emails = [email for _id, _name, email in session.execute(_enrolled())]
    for email in emails:
        desk = AdvocateDesk.open(store, email)
        results = desk.results(on)
        sentences = results.sentences()
        if not sentences:
            continue
        message = outcome_message(
            desk.name, desk.email, sentences, results, sender=settings.delivery.sender, on=on
        )
        path = outbox / f"outcomes-{on:%Y-%m}-{desk.token}.eml"
        write_private_file(path, message.as_bytes())
        written.append(path)
    return written
