"""What may reach an advocate, as SQL: the delivery rules shared by the drop and coverage.

An asset is deliverable to an advocate on a day when it is live and approved; of their
category, or general (an empty category is for everyone); available by then and not
expiring that day or before; not held for review by an open flag; and not delivered to
them before (DESIGN.md, "Content" and "Tick"). Coverage counts the same assets, except that
it also counts approved assets scheduled for later (they are weeks of content too).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, exists, func, not_, or_, select, true

from advocacy_tui.program.content.coverage import CategoryCoverage, coverage_of
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
    """Weeks of content per advocate category (program.content.coverage), from two SQL
    aggregates: per enrolled advocate, the assets still deliverable to them; per asset
    category, the assets a newcomer would receive."""
    per_advocate = (
        select(Enrollment.category, Enrollment.employee_id, func.count(Asset.id))
        .join(Employee, Employee.id == Enrollment.employee_id)
        .outerjoin(
            Asset,
            and_(in_library(on, scheduled=True), for_advocate(Enrollment.employee_id, Enrollment.category)),
        )
        .where(receives())
        .group_by(Enrollment.category, Enrollment.employee_id)
    )
    per_category = (
        select(Asset.category, func.count())
        .where(in_library(on, scheduled=True))
        .group_by(Asset.category)
    )
    advocate_assets: dict[str, list[int]] = {}
    with store.reading() as session:
        for category, _advocate, count in session.execute(per_advocate):
            advocate_assets.setdefault(category, []).append(count)
        by_category = dict(session.execute(per_category).all())
    general = by_category.pop("", 0)
    category_assets = {category: count + general for category, count in by_category.items()}
    if general and not category_assets:
        category_assets[""] = general  # only general content so far: measure that
    return coverage_of(category_assets, advocate_assets, per_drop)


def week_start(on: date) -> date:
    """The first day of the 7 days ending `on` ("this week" in the queue and the report)."""
    return on - timedelta(days=6)
