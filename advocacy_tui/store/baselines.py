"""Step 1's second purpose: a dated baseline of today's figures, to measure lift against."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import case, distinct, func, select

from advocacy_tui.store.database import Store
from advocacy_tui.store.models import POST_ENGAGEMENTS, Baseline, Delivery, Post, Signal, utcnow

# (metric, what it means) in the order the confirmation dialog lists them.
BASELINE_METRICS = {
    "signals_7d": "audit signals in the 7 days ending today",
    "signalling_employees_7d": "employees with at least one signal in those 7 days",
    "advocate_posts_7d": "advocate posts in the 7 days ending today",
    "active_advocates_7d": "advocates with at least one post in those 7 days",
    "queue_utilization_7d": "share of the week's deliveries that were shared",
    "signal_engagement_30d": "reactions + comments + shares on signals, 30 days",
    "signal_impressions_30d": "impressions of signals, 30 days",
    "reach_30d": "impressions of advocate posts, 30 days",
    "engagement_rate_30d": "mean engagement rate per advocate post with impressions, 30 days",
    "referral_visits_30d": "referral visits from advocate posts, 30 days",
}


def _window(today: date, days: int) -> tuple[date, date]:
    return today - timedelta(days=days - 1), today


def compute_baseline(store: Store, today: date) -> dict[str, float | None]:
    """The figures the store can compute for `today`, each from one SQL aggregate.

    A ratio with nothing to divide is None, never 0.
    """
    week_start, _ = _window(today, 7)
    month_start, _ = _window(today, 30)
    live_signal = Signal.deleted_at.is_(None)
    live_post = Post.deleted_at.is_(None)
    with store.reading() as session:
        signals_week = session.execute(
            select(
                func.coalesce(func.sum(Signal.count), 0),  # a row may stand for many acts
                func.count(distinct(Signal.employee_id)),
            ).where(
                live_signal, Signal.occurred_on.between(week_start, today)
            )
        ).one()
        signals_month = session.execute(
            select(
                func.coalesce(func.sum(Signal.reactions + Signal.comments + Signal.shares), 0),
                func.coalesce(func.sum(Signal.impressions), 0),
            ).where(live_signal, Signal.occurred_on.between(month_start, today))
        ).one()
        posts_week = session.execute(
            select(func.count(), func.count(distinct(Post.advocate_id))).where(
                live_post, Post.posted_on.between(week_start, today)
            )
        ).one()
        rate = POST_ENGAGEMENTS * 1.0 / Post.impressions
        posts_month = session.execute(
            select(
                func.coalesce(func.sum(Post.impressions), 0),
                func.avg(case((Post.impressions > 0, rate), else_=None)),
                func.coalesce(func.sum(Post.referral_visits), 0),
            ).where(live_post, Post.posted_on.between(month_start, today))
        ).one()
        deliveries = session.execute(
            select(
                func.count(), func.coalesce(func.sum(case((Delivery.status == "shared", 1), else_=0)), 0)
            ).where(Delivery.deleted_at.is_(None), Delivery.delivered_on.between(week_start, today))
        ).one()
    delivered, shared = deliveries
    return {
        "signals_7d": float(signals_week[0]),
        "signalling_employees_7d": float(signals_week[1]),
        "advocate_posts_7d": float(posts_week[0]),
        "active_advocates_7d": float(posts_week[1]),
        "queue_utilization_7d": shared / delivered if delivered else None,
        "signal_engagement_30d": float(signals_month[0]),
        "signal_impressions_30d": float(signals_month[1]),
        "reach_30d": float(posts_month[0]),
        "engagement_rate_30d": float(posts_month[1]) if posts_month[1] is not None else None,
        "referral_visits_30d": float(posts_month[2]),
    }


def record_baseline(store: Store, today: date) -> dict[str, float | None]:
    """Compute and store today's baseline; taking it twice in a day replaces the day's rows."""
    figures = compute_baseline(store, today)
    with store.writing() as session:
        for old in session.scalars(
            select(Baseline).where(Baseline.taken_on == today, Baseline.deleted_at.is_(None))
        ):
            old.deleted_at = utcnow()  # a tombstone, so the replacement travels through sync
        session.add_all(
            Baseline(taken_on=today, metric=metric, value=value) for metric, value in figures.items()
        )
    return figures


def baseline_dates(store: Store) -> list[date]:
    with store.reading() as session:
        return list(
            session.scalars(
                select(Baseline.taken_on)
                .distinct()
                .where(Baseline.deleted_at.is_(None))
                .order_by(Baseline.taken_on.desc())
            )
        )


def launch_baseline(store: Store, on: date) -> tuple[date | None, dict[str, float | None]]:
    """The first baseline taken on or before `on` (the one before launch, to measure lift
    against) and its figures; (None, {}) when none was taken."""
    with store.reading() as session:
        taken = session.execute(
            select(func.min(Baseline.taken_on)).where(Baseline.deleted_at.is_(None), Baseline.taken_on <= on)
        ).scalar()
        if taken is None:
            return None, {}
        rows = session.execute(
            select(Baseline.metric, Baseline.value).where(Baseline.deleted_at.is_(None), Baseline.taken_on == taken)
        ).all()
    return taken, {metric: value for metric, value in rows}
