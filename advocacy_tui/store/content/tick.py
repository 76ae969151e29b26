"""`advocacy tick`: the operational layer of step 6, safe to run from cron at any hour.

One run, on day D:
1. on the drop weekday (or when the coordinator asks from the tab), every enrolled advocate
   who has had nothing delivered in the 7 days ending D gets the week's drop, due a week later;
2. every delivery due D or D+1 and not shared or skipped gets one reminder `.eml` in the
   outbox (a `reminder` row records it, so it is written once);
3. then it reads the week back: advocates with no post in the inactivity window, the top
   performers, coverage, near-identical texts, and writes the weekly report.

Steps 1 and 2 are one transaction, and the reminder files are written (atomically, with
names derived from the delivery) before it commits: a crash leaves the database as it was,
and the next run writes the same files again. Everything else only reads. A second run on
the same day finds every advocate served and every reminder recorded, and produces a report
identical to the one on disk, so it changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Integer, and_, exists, func, or_, select

from advocacy_tui.program.content.reminders import DueDelivery, reminder_bytes
from advocacy_tui.program.content.tick import (
    Drop,
    Inactive,
    Performer,
    TickResult,
    WeekFigures,
    is_drop_day,
    report_name,
    weekly_report,
)
from advocacy_tui.program.links import tracked_link
from advocacy_tui.store.cohort.queries import receives
from advocacy_tui.store.content.authenticity import near_identical
from advocacy_tui.store.content.drops import coverage, pick_drop, week_start
from advocacy_tui.store.content.feedback import open_feedback_counts
from advocacy_tui.store.content.library import library_counts
from advocacy_tui.store.content.queue import queue_totals
from advocacy_tui.store.database import Store
from advocacy_tui.store.outbox import write_if_changed, write_private_file
from advocacy_tui.store.models import POST_ENGAGEMENTS, Asset, Delivery, Employee, Enrollment, Post, Reminder

DUE_IN_DAYS = 7
TOP_PERFORMERS = 5
TOP_WINDOW_DAYS = 30


def run_tick(
    store: Store, settings, on: date, *, outbox: Path, reports: Path, force_drop: bool = False
) -> TickResult:
    """Run the tick for day `on` (see the module doc). `settings` is the app's Settings."""
    delivery = settings.delivery
    result = TickResult(on, delivery.weekday, is_drop_day(on, delivery.weekday), forced=force_drop, outbox=outbox)
    with store.writing() as session:
        if result.drop_day or force_drop:
            _deliver(session, on, delivery.per_drop, result)
        _remind(session, settings, on, outbox, result)
    _read_week(store, settings, on, result)
    result.report = reports / report_name(on)
    result.report_written = write_if_changed(result.report, weekly_report(result, delivery.inactivity_days))
    return result


# ------------------------------------------------------------------------------ drop


def _deliver(session, on: date, per_drop: int, result: TickResult) -> None:
    served = exists().where(
        Delivery.advocate_id == Employee.id,
        Delivery.deleted_at.is_(None),
        Delivery.delivered_on >= week_start(on),
        Delivery.delivered_on <= on,
    )
    advocates = session.execute(
        select(Employee.id, Employee.name, Enrollment.category, served)
        .join(Enrollment, Enrollment.employee_id == Employee.id)
        .where(receives(), Enrollment.opted_in_on <= on)
        .order_by(func.lower(Employee.name), Employee.id)
    ).all()
    for advocate_id, name, category, already in advocates:
        if already:
            result.already_served += 1
            continue
        if not category:
            result.without_category.append(name)
        assets = pick_drop(session, advocate_id, category, on, per_drop)
        for asset in assets:
            session.add(
                Delivery(
                    advocate_id=advocate_id,
                    asset_id=asset.id,
                    delivered_on=on,
                    due_on=on + timedelta(days=DUE_IN_DAYS),
                    status="delivered",
                )
            )
        # Flushed per advocate: the next advocate's "fewest delivered first" counts these.
        session.flush()
        if assets:
            result.drops.append(Drop(name, tuple(asset.title for asset in assets), len(assets) < per_drop))
        else:
            result.starved.append(name)


# ------------------------------------------------------------------------- reminders


def _due_soon(on: date):
    return and_(
        Delivery.deleted_at.is_(None),
        Delivery.status.in_(("queued", "delivered")),
        Delivery.due_on >= on,
        Delivery.due_on <= on + timedelta(days=1),
    )


def _still_shareable(on: date):
    """No reminder for an asset retired or expired since it was delivered: the coordinator
    took it back, or its news is over."""
    return and_(
        Asset.deleted_at.is_(None),
        Asset.status != "retired",
        or_(Asset.expires_on.is_(None), Asset.expires_on > on),
    )


def _remind(session, settings, on: date, outbox: Path, result: TickResult) -> None:
    reminded = exists().where(
        Reminder.delivery_id == Delivery.id, Reminder.kind == "due", Reminder.deleted_at.is_(None)
    )
    rows = session.execute(
        select(Delivery, Employee, Asset, reminded)
        .join(Employee, Employee.id == Delivery.advocate_id)
        .join(Enrollment, Enrollment.employee_id == Employee.id)
        .join(Asset, Asset.id == Delivery.asset_id)
        .where(_due_soon(on), receives(), _still_shareable(on))
        .order_by(Delivery.due_on, func.lower(Employee.name), Delivery.id)
    ).all()
    for delivery, employee, asset, already in rows:
        if already:
            result.reminders_before += 1
            continue
        link = tracked_link(
            asset.link,
            platform=asset.platform,
            medium=settings.tracking.utm_medium,
            campaign=asset.campaign,
            advocate_token=employee.advocate_token,
            asset_token=asset.token,
            ats=settings.tracking.ats,
        ).url
        due = DueDelivery(
            delivery.id, employee.name, employee.email, employee.advocate_token,
            asset.title, asset.platform, asset.caption, link, delivery.due_on,
        )
        write_private_file(outbox / due.file_name, reminder_bytes(due, sender=settings.delivery.sender, today=on))
        session.add(
            Reminder(advocate_id=employee.id, delivery_id=delivery.id, kind="due", due_on=delivery.due_on, sent_on=on)
        )
        result.reminders.append(due)


# ------------------------------------------------------------------------ the week


def inactive_advocates(store: Store, on: date, days: int) -> list[Inactive]:
    """Enrolled advocates with no post in the `days` ending `on` (those who opted in
    within that time are given the time first)."""
    since = on - timedelta(days=days - 1)
    last = (
        select(Post.advocate_id, func.max(Post.posted_on).label("last"))
        .where(Post.deleted_at.is_(None), Post.posted_on <= on)
        .group_by(Post.advocate_id)
        .subquery()
    )
    query = (
        select(Employee.name, Employee.email, last.c.last)
        .join(Enrollment, Enrollment.employee_id == Employee.id)
        .outerjoin(last, last.c.advocate_id == Employee.id)
        .where(receives(), Enrollment.opted_in_on < since, (last.c.last.is_(None)) | (last.c.last < since))
        .order_by(last.c.last.is_not(None), last.c.last, func.lower(Employee.name))
    )
    with store.reading() as session:
        return [Inactive(name, email, last_post) for name, email, last_post in session.execute(query)]


def top_performers(store: Store, on: date, limit: int = TOP_PERFORMERS) -> list[Performer]:
    """Enrolled advocates by mean engagement rate over their posts with impressions in the
    30 days ending `on`."""
    engaged = POST_ENGAGEMENTS * 1.0 / Post.impressions
    rate = func.avg(engaged).label("rate")
    query = (
        select(Employee.name, func.count(Post.id), func.sum(Post.impressions), rate)
        .join(Post, Post.advocate_id == Employee.id)
        .join(Enrollment, Enrollment.employee_id == Employee.id)
        .where(
            receives(),
            Post.deleted_at.is_(None),
            Post.impressions > 0,
            Post.posted_on > on - timedelta(days=TOP_WINDOW_DAYS),
            Post.posted_on <= on,
        )
        .group_by(Employee.id, Employee.name)
        .order_by(rate.desc(), func.lower(Employee.name))
        .limit(limit)
    )
    with store.reading() as session:
        return [Performer(name, posts, impressions or 0, float(value)) for name, posts, impressions, value in session.execute(query)]


def week_figures(store: Store, on: date) -> WeekFigures:
    totals = queue_totals(store, on)
    enrolled = select(func.count()).select_from(Enrollment).join(Employee, Employee.id == Enrollment.employee_id).where(receives())
    posts = select(func.count()).select_from(Post).where(
        Post.deleted_at.is_(None), Post.posted_on >= week_start(on), Post.posted_on <= on
    )
    reminded = exists().where(Reminder.delivery_id == Delivery.id, Reminder.kind == "due", Reminder.deleted_at.is_(None))
    due = (
        select(func.count(), func.sum(reminded.cast(Integer)))
        .select_from(Delivery)
        .join(Employee, Employee.id == Delivery.advocate_id)
        .join(Enrollment, Enrollment.employee_id == Employee.id)
        .join(Asset, Asset.id == Delivery.asset_id)
        .where(_due_soon(on), receives(), _still_shareable(on))
    )
    with store.reading() as session:
        enrolled_count = session.execute(enrolled).scalar() or 0
        post_count = session.execute(posts).scalar() or 0
        due_count, reminded_count = session.execute(due).one()
    return WeekFigures(
        on=on,
        delivered=totals.delivered,
        shared=totals.shared,
        skipped=totals.skipped,
        advocates_served=totals.advocates,
        enrolled=enrolled_count,
        posts=post_count,
        due_soon=due_count or 0,
        reminders_sent=reminded_count or 0,
        open_feedback=open_feedback_counts(store),
        held_assets=library_counts(store)["held"],
    )


def _read_week(store: Store, settings, on: date, result: TickResult) -> None:
    result.inactive = inactive_advocates(store, on, settings.delivery.inactivity_days)
    result.top = top_performers(store, on)
    result.coverage = coverage(store, on, settings.delivery.per_drop)
    result.copies = near_identical(store, on, settings.delivery.similarity)
    result.week = week_figures(store, on)
