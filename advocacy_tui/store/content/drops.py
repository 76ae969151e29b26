"""What may reach an advocate, as SQL: the delivery rules shared by the drop and coverage.

An asset is deliverable to an advocate on a day when it is live and approved; of their
category, or general (an empty category is for everyone); available by then and not
expiring that day or before; not held for review by an open flag; and not delivered to
them before (DESIGN.md, "Content" and "Tick"). Coverage counts the same assets, except that
it also counts approved assets scheduled for later (they are weeks of content too).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, case, exists, func, not_, or_, select, true

from advocacy_tui.program.content.coverage import CategoryCoverage, coverage_of_least
from advocacy_tui.store.cohort.queries import receives
from advocacy_tui.store.content.library import open_flag
from advocacy_tui.store.database import Store
from advocacy_tui.store.models import Asset, Delivery, Employee, Enrollment, Feedback


def in_library(on: date, *, scheduled: bool = False):
    """A live, approved asset, in date on `on`, not held for review."""
    held = exists().where(open_flag(), Feedback.asset_id == Asset.id)
    return and_(
        Asset.deleted_at.is_(None),
        Asset.status == "approved",
        or_(Asset.expires_on.is_(None), Asset.expires_on > on),
        true() if scheduled else or_(Asset.available_from.is_(None), Asset.available_from <= on),
        not_(held),
    )


def for_advocate(advocate_id, category):
    """Of the advocate's category (or general) and never delivered to them."""
    delivered = exists().where(
        Delivery.asset_id == Asset.id,
        Delivery.advocate_id == advocate_id,
        Delivery.deleted_at.is_(None),
    )
    return and_(or_(Asset.category == category, Asset.category == ""), not_(delivered))


def times_delivered():
    """Live deliveries per asset (a subquery with asset_id, n)."""
    return (
        select(Delivery.asset_id, func.count().label("n"))
        .where(Delivery.deleted_at.is_(None))
        .group_by(Delivery.asset_id)
        .subquery()
    )


def pick_drop(session, advocate_id: str, category: str, on: date, size: int) -> list[Asset]:
    """The advocate's drop: deliverable assets, fewest-delivered first (so one advocate's
    drop differs from the next one's and the whole library gets shared), then the longest
    available, then by title."""
    counts = times_delivered()
    query = (
        select(Asset)
        .outerjoin(counts, counts.c.asset_id == Asset.id)
        .where(in_library(on), for_advocate(advocate_id, category))
        .order_by(
            func.coalesce(counts.c.n, 0),
            Asset.available_from.is_not(None),  # undated: available all along, so first
            Asset.available_from,
            func.lower(Asset.title),
            Asset.id,
        )
        .limit(size)
    )
    return list(session.scalars(query))


def coverage(store: Store, on: date, per_drop: int) -> list[CategoryCoverage]:
    """Weeks of content per advocate category (program.content.coverage), from SQL
    aggregates: per asset category, the assets a newcomer would receive; per category of
    enrolled advocates, how many advocates there are and the most any of them has had
    already of what a newcomer of the category would receive.

    What is still deliverable to an advocate is what a newcomer of their category would
    receive less what they have had of it: an asset reaches an advocate once (the live
    pair is unique), so counting their deliveries of it counts the assets; the least
    covered advocate is the one who has had the most. Per advocate, that is one pass over
    their own deliveries in an index (ix_delivery_open holds advocate_id and asset_id),
    each looked up in the category's library, built once per category: never advocates
    times assets.
    """
    per_category = (
        select(Asset.category, func.count())
        .where(in_library(on, scheduled=True))
        .group_by(Asset.category)
    )
    enrolled = (
        select(Enrollment.category)
        .join(Employee, Employee.id == Enrollment.employee_id)
        .where(receives())
        .distinct()
    )
    least: dict[str, tuple[int, int]] = {}
    with store.reading() as session:
        by_category = dict(session.execute(per_category).all())
        general = by_category.get("", 0)
        for category in session.scalars(enrolled).all():
            newcomer = general + (by_category.get(category, 0) if category else 0)
            advocates, most_had = session.execute(_had_per_category(on, category)).one()
            least[category] = (advocates, newcomer - (most_had or 0))
    by_category.pop("", None)
    category_assets = {category: count + general for category, count in by_category.items()}
    if general and not category_assets:
        category_assets[""] = general  # only general content so far: measure that
    return coverage_of_least(category_assets, least, per_drop)


def _had_per_category(on: date, category: str):
    """One row for the enrolled advocates of `category`: how many there are, and the most
    any of them has had of what a newcomer of the category would receive on `on` (their
    live deliveries of coverage's library, of the category or general).

    The library is a subquery of no outer column, so it is built once per statement; the
    test sits in a CASE, not in WHERE, so the database walks each advocate's deliveries and
    looks each one up, rather than probing every advocate for every asset. One row, not one
    per advocate: a worker thread stepping through rows waits for the GIL at each one
    while the app is drawing.
    """
    library = select(Asset.id).where(
        in_library(on, scheduled=True), or_(Asset.category == category, Asset.category == "")
    )
    had = (
        select(func.count(case((Delivery.asset_id.in_(library), 1))))
        .where(Delivery.advocate_id == Enrollment.employee_id, Delivery.deleted_at.is_(None))
        .scalar_subquery()
    )
    per_advocate = (
        select(had.label("had"))
        .select_from(Enrollment)
        .join(Employee, Employee.id == Enrollment.employee_id)
        .where(receives(), Enrollment.category == category)
        .subquery()
    )
    return select(func.count(), func.max(per_advocate.c.had))


def week_start(on: date) -> date:
    """The first day of the 7 days ending `on` ("this week" in the queue and the report)."""
    return on - timedelta(days=6)
