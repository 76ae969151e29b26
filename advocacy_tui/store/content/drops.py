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
    covered advocate is the one who has had the most.

    Testing each delivery against the category's library costs a look-up per delivery
    (a second, for every enrolled advocate's whole history). It is done only where it
    can matter: what an advocate has had of the library is at most what they have had at
    all, a plain count of their live deliveries in an index. So the advocates are taken
    from the most served down (the first few per category, in a handful of rows: a
    worker stepping through a row per advocate waits for the GIL at each while the app
    draws), and the library test is run for each until the next one has had no more in
    all than the most found so far; usually the first, as what was delivered is mostly
    still in the library. Where the few are not enough, every advocate of the category is
    tested in one statement (`_most_had`).
    """
    per_category = (
        select(Asset.category, func.count())
        .where(in_library(on, scheduled=True))
        .group_by(Asset.category)
    )
    least: dict[str, tuple[int, int]] = {}
    with store.reading() as session:
        by_category = dict(session.execute(per_category).all())
        general = by_category.get("", 0)
        leaders: dict[str, list[tuple[str, int]]] = {}
        advocates: dict[str, int] = {}
        for category, advocate_id, served, place, everyone in session.execute(_most_served(LEADERS + 1)):
            leaders.setdefault(category, []).append((advocate_id, served))
            advocates[category] = everyone
        for category, served_most_first in leaders.items():
            newcomer = general + (by_category.get(category, 0) if category else 0)
            most_had = 0
            for advocate_id, served in served_most_first[:LEADERS]:
                if served <= most_had:
                    break  # nobody further down can have had more of the library
                had = session.execute(_had_of_library(on, category, advocate_id)).scalar() or 0
                most_had = max(most_had, had)
            if len(served_most_first) > LEADERS and served_most_first[LEADERS][1] > most_had:
                most_had = session.execute(_most_had(on, category)).scalar() or 0
            least[category] = (advocates[category], newcomer - most_had)
    by_category.pop("", None)
    category_assets = {category: count + general for category, count in by_category.items()}
    if general and not category_assets:
        category_assets[""] = general  # only general content so far: measure that
    return coverage_of_least(category_assets, least, per_drop)


LEADERS = 4  # advocates per category whose deliveries coverage tests one by one


def _most_served(places: int):
    """Per category of receiving advocates, its `places` most served advocates (most
    first: category, advocate, live deliveries, place, advocates of the category)."""
    served = (
        select(func.count())
        .where(Delivery.advocate_id == Enrollment.employee_id, Delivery.deleted_at.is_(None))
        .scalar_subquery()
    )
    enrolled = (
        select(Enrollment.category, Enrollment.employee_id, served.label("served"))
        .join(Employee, Employee.id == Enrollment.employee_id)
        .where(receives())
        .subquery()
    )
    ranked = select(
        enrolled.c.category,
        enrolled.c.employee_id,
        enrolled.c.served,
        func.row_number()
        .over(partition_by=enrolled.c.category, order_by=(enrolled.c.served.desc(), enrolled.c.employee_id))
        .label("place"),
        func.count().over(partition_by=enrolled.c.category).label("advocates"),
    ).subquery()
    return select(ranked).where(ranked.c.place <= places).order_by(ranked.c.category, ranked.c.place)


def _had_of_library(on: date, category: str, advocate_id: str):
    """How many of what a newcomer of `category` would receive on `on` (coverage's
    library, of the category or general) the advocate has had: their live deliveries
    of it. The library is a subquery of no outer column, built once for the statement."""
    return select(func.count()).where(
        Delivery.advocate_id == advocate_id, Delivery.deleted_at.is_(None), Delivery.asset_id.in_(_library(on, category))
    )


def _library(on: date, category: str):
    return select(Asset.id).where(in_library(on, scheduled=True), or_(Asset.category == category, Asset.category == ""))


def _most_had(on: date, category: str):
    """The most any receiving advocate of `category` has had of its library, in one row:
    each advocate's deliveries walked in an index and looked up in the library (the test
    sits in a CASE, so the database does not probe every advocate for every asset)."""
    had = (
        select(func.count(case((Delivery.asset_id.in_(_library(on, category)), 1))))
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
    return select(func.max(per_advocate.c.had))


def week_start(on: date) -> date:
    """The first day of the 7 days ending `on` ("this week" in the queue and the report)."""
    return on - timedelta(days=6)
