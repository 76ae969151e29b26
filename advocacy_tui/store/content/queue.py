"""The weekly queue as the coordinator sees it: per enrolled advocate, this week's deliveries.

"This week" is the 7 days ending the day asked about, the weekly window of the metrics, so
the queue, the tick's report and `metrics --json` agree on what utilization means: shared
over delivered, of the deliveries made in those days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from sqlalchemy import Integer, and_, func, select

from advocacy_tui.program.links import MEDIUM_DEFAULT, TrackedLink, tracked_link
from advocacy_tui.store.cohort.queries import receives
from advocacy_tui.store.content.drops import week_start
from advocacy_tui.store.database import Store
from advocacy_tui.store.models import Asset, Delivery, Employee, Enrollment


@dataclass(frozen=True)
class LinkParts:
    """What a delivery's tracked link is made of, kept so the link is built when read."""

    link: str
    platform: str
    medium: str
    campaign: str
    advocate_token: str
    asset_token: str
    ats: str

    def build(self) -> TrackedLink:
        return tracked_link(
            self.link, platform=self.platform, medium=self.medium, campaign=self.campaign,
            advocate_token=self.advocate_token, asset_token=self.asset_token, ats=self.ats,
        )


@dataclass(frozen=True)
class QueueRow:
    advocate_id: str
    advocate: str
    category: str
    delivery_id: str | None  # None: nothing delivered to them this week
    asset_title: str
    platform: str
    delivered_on: date | None
    due_on: date | None
    status: str
    shared_on: date | None
    week_delivered: int  # the advocate's deliveries this week
    week_shared: int
    # None when there is no link to track (nothing delivered, or the asset has none).
    link_parts: LinkParts | None = field(default=None, repr=False)

    @property
    def utilization(self) -> float | None:
        return self.week_shared / self.week_delivered if self.week_delivered else None

    @cached_property
    def _tracked(self) -> TrackedLink | None:
        # Built on first read: the table shows no link, only the highlighted row's detail
        # does, so a queue of thousands builds one link per row looked at, not thousands.
        return self.link_parts.build() if self.link_parts is not None else None

    @property
    def link(self) -> str:
        """The advocate's own tracked link for the asset ("" when there is none)."""
        return self._tracked.url if self._tracked else ""

    @property
    def link_warnings(self) -> tuple[str, ...]:
        return self._tracked.warnings if self._tracked else ()


@dataclass(frozen=True)
class QueueTotals:
    advocates: int
    delivered: int
    shared: int
    skipped: int
    open: int  # of this week's: queued or delivered, not yet shared or skipped
    overdue: int  # open and past due, from any week

    @property
    def utilization(self) -> float | None:
        return self.shared / self.delivered if self.delivered else None


def _this_week(on: date):
    return and_(
        Delivery.deleted_at.is_(None),
        Delivery.delivered_on >= week_start(on),
        Delivery.delivered_on <= on,
    )


def _queue_query(on: date):
    week = (
        select(
            Delivery.advocate_id,
            func.count().label("delivered"),
            func.sum((Delivery.status == "shared").cast(Integer)).label("shared"),
        )
        .where(_this_week(on))
        .group_by(Delivery.advocate_id)
        .subquery()
    )
    return (
        select(
            Employee.id,
            Employee.name,
            Enrollment.category,
            Delivery.id,
            Asset.title,
            Asset.platform,
            Delivery.delivered_on,
            Delivery.due_on,
            Delivery.status,
            Delivery.shared_on,
            week.c.delivered,
            week.c.shared,
            Employee.advocate_token,
            Asset.link,
            Asset.campaign,
            Asset.token,
        )
        .select_from(Enrollment)
        .join(Employee, Employee.id == Enrollment.employee_id)
        .outerjoin(week, week.c.advocate_id == Employee.id)
        .outerjoin(Delivery, and_(Delivery.advocate_id == Employee.id, _this_week(on)))
        .outerjoin(Asset, Asset.id == Delivery.asset_id)
        .where(receives())
        .order_by(func.lower(Employee.name), Employee.id, Delivery.due_on, func.lower(Asset.title))
    )


def queue_rows(
    store: Store, on: date, medium: str = MEDIUM_DEFAULT, ats: str = "", offset: int = 0, limit: int | None = None
) -> list[QueueRow]:
    """Every enrolled advocate, by name, with this week's deliveries (by due date) and
    each delivery's tracked link: all the rows, or the `limit` from `offset` (a page of
    the queue table)."""
    query = _queue_query(on)
    if limit is not None or offset:
        query = query.limit(-1 if limit is None else limit).offset(offset)
    result = []
    with store.reading() as session:
        for (advocate_id, name, category, delivery_id, title, platform, delivered_on, due_on,
             status, shared_on, delivered, shared, advocate_token, link, campaign, asset_token) in session.execute(query):
            parts = None
            if delivery_id is not None and link:
                parts = LinkParts(link, platform, medium, campaign, advocate_token, asset_token, ats)
            result.append(
                QueueRow(
                    advocate_id, name, category, delivery_id, title or "", platform or "",
                    delivered_on, due_on, status or "", shared_on, delivered or 0, shared or 0, parts,
                )
            )
    return result


def queue_count(store: Store, on: date) -> int:
    """How many rows `queue_rows` gives: each receiving advocate's deliveries this week,
    or one row for an advocate with none."""
    served = (
        select(func.count())
        .where(Delivery.advocate_id == Employee.id, _this_week(on))
        .scalar_subquery()
    )
    query = (
        select(func.sum(func.max(served, 1)))
        .select_from(Enrollment)
        .join(Employee, Employee.id == Enrollment.employee_id)
        .where(receives())
    )
    with store.reading() as session:
        return session.execute(query).scalar() or 0


def drop_missed(store: Store, on: date) -> bool:
    """Whether someone receives drops and nothing was delivered to any of them in the 7
    days ending `on` (on drop day, the Content tab says so): two EXISTS, each done at its
    first row."""
    receiving = select(Enrollment.id).join(Employee, Employee.id == Enrollment.employee_id).where(receives())
    delivered = (
        select(Delivery.id)
        .join(Employee, Employee.id == Delivery.advocate_id)
        .join(Enrollment, Enrollment.employee_id == Employee.id)
        .where(_this_week(on), receives())
    )
    with store.reading() as session:
        return bool(session.execute(select(receiving.exists(), delivered.exists())).one() == (True, False))


def queue_totals(store: Store, on: date) -> QueueTotals:
    """This week's deliveries to enrolled advocates, in one aggregate."""
    is_open = Delivery.status.in_(("queued", "delivered"))
    query = (
        select(
            func.count(func.distinct(Delivery.advocate_id)),
            func.count(Delivery.id),
            func.sum((Delivery.status == "shared").cast(Integer)),
            func.sum((Delivery.status == "skipped").cast(Integer)),
            func.sum(is_open.cast(Integer)),
        )
        .select_from(Delivery)
        .join(Employee, Employee.id == Delivery.advocate_id)
        .join(Enrollment, Enrollment.employee_id == Employee.id)
        .where(_this_week(on), receives())
    )
    # Overdue looks further back than the week: last month's unshared item is overdue too.
    late = (
        select(func.count())
        .select_from(Delivery)
        .join(Employee, Employee.id == Delivery.advocate_id)
        .join(Enrollment, Enrollment.employee_id == Employee.id)
        .where(Delivery.deleted_at.is_(None), is_open, Delivery.due_on < on, receives())
    )
    with store.reading() as session:
        advocates, delivered, shared, skipped, still_open = session.execute(query).one()
        overdue = session.execute(late).scalar()
    return QueueTotals(advocates or 0, delivered or 0, shared or 0, skipped or 0, still_open or 0, overdue or 0)
