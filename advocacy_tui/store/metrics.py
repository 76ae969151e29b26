"""Step 7's figures from the store: SQL aggregates with the window in the WHERE clause.

Every count, sum and mean is one aggregate query (COUNT/SUM/AVG); only the time-to-fill
medians come to Python, as the sorted list of durations (SQLite has no median). The
queries are Core `select()`s with two small dialect-aware expressions (store/sql.py: the
text before the first '-', the days between two dates), so they run on SQLite and
PostgreSQL alike.
See program/metrics.py for the definitions.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Date,
    Float,
    Integer,
    bindparam,
    case,
    cast,
    distinct,
    exists,
    func,
    literal_column,
    select,
    union_all,
)

from advocacy_tui.program.metrics import (
    MONTH_DAYS,
    QUARTER_DAYS,
    WEEK_DAYS,
    AdvocateRank,
    Monthly,
    PlatformFigures,
    ProgramMetrics,
    Quarterly,
    Rankings,
    TopicRank,
    TrendPoint,
    Weekly,
    Window,
    median,
)
from advocacy_tui.store.cohort.queries import receives
from advocacy_tui.store.database import Store
from advocacy_tui.store.models import (
    COMPANY_ENGAGEMENTS,
    POST_ENGAGEMENTS,
    Application,
    Asset,
    CompanyPost,
    Delivery,
    Employee,
    Enrollment,
    Post,
    Requisition,
    Survey,
)
from advocacy_tui.store.sql import days_between, token_of

# ------------------------------------------------------------------------- filters

# Every statement below is built once, at import, with the window as bound parameters:
# a call then costs the query, not the building of it (about half a millisecond each).
START, END = bindparam("start", type_=Date), bindparam("end", type_=Date)
QUARTER_START = bindparam("quarter_start", type_=Date)  # the rankings' second window


def _posts_in(start=START, end=END):
    return Post.deleted_at.is_(None), Post.posted_on.between(start, end)


def _mean_rate(engagements, impressions):
    """The mean over rows with impressions of engagements / impressions."""
    # Both sides cast, so '/' divides floats in every dialect (never integer division).
    engaged = cast(engagements, Float).op("/", return_type=Float)(cast(impressions, Float))
    return func.avg(case((impressions > 0, engaged)))


def _engagement():
    """The mean over posts with impressions of their engagements / impressions (a post's
    engagements: the total a source gave, else reactions + comments + shares)."""
    return _mean_rate(POST_ENGAGEMENTS, Post.impressions)


def _attributed(start=START):
    """Applications from `start` to END, each with the (live) advocate whose token its
    utm_content carries."""
    return (
        select(Application.id, Employee.id.label("advocate_id"))
        .join(Employee, Employee.advocate_token == token_of(Application.utm_content))
        .where(
            Application.deleted_at.is_(None),
            Employee.deleted_at.is_(None),
            Application.applied_on.between(start, END),
        )
    )


# ------------------------------------------------------------------- the statements

# Advocates enrolled on the window's last day, and those of them who posted in it.
ENROLLED_ACTIVE = (
    select(
        func.count(),
        func.sum(case((exists().where(Post.advocate_id == Employee.id, *_posts_in()), 1), else_=0)),
    )
    .select_from(Enrollment)
    .join(Employee, Employee.id == Enrollment.employee_id)
    .where(receives(), Enrollment.opted_in_on <= END)
)
# Posts, reach, engagement rate, distinct posters and referral visits.
POST_FIGURES = select(
    func.count(),
    func.sum(Post.impressions),
    _engagement(),
    func.count(distinct(Post.advocate_id)),
    func.sum(Post.referral_visits),
).where(*_posts_in())
# The trend's per-period figures: no distinct count, which costs a sort of the window's posts.
# The company's own channel over the same window (LinkedIn Page posts), the same mean.
COMPANY_ENGAGEMENT = select(
    func.count(), _mean_rate(COMPANY_ENGAGEMENTS, CompanyPost.impressions)
).where(
    CompanyPost.deleted_at.is_(None),
    CompanyPost.created_on.between(START, END),
    CompanyPost.impressions > 0,
)
REACH_ENGAGEMENT = select(func.sum(Post.impressions), _engagement()).where(*_posts_in())
POSTS = select(func.count()).select_from(Post).where(*_posts_in())
REACH = select(func.sum(Post.impressions)).where(*_posts_in())
# Deliveries made in the window, and how many of them were shared.
DELIVERIES = select(func.count(), func.sum(case((Delivery.status == "shared", 1), else_=0))).where(
    Delivery.deleted_at.is_(None), Delivery.delivered_on.between(START, END)
)
ATTRIBUTED = select(func.count()).select_from(_attributed().subquery())
# Days open of the requisitions filled in the window, sorted (for the medians).
_DAYS = days_between(Requisition.opened_on, Requisition.filled_on)
FILL_DAYS = (
    select(Requisition.promoted, _DAYS)
    .where(Requisition.deleted_at.is_(None), Requisition.filled_on.between(START, END))
    .order_by(Requisition.promoted, _DAYS)
)
SENTIMENT = select(func.avg(Survey.score)).where(Survey.deleted_at.is_(None), Survey.survey_on.between(START, END))


def _run(session, statement, window: Window, **more):
    """Execute a statement over a window (Core, on the session's connection)."""
    return session.connection().execute(statement, {"start": window.start, "end": window.end, **more})


def _float(value) -> float | None:
    return None if value is None else float(value)


# ------------------------------------------------------------------ per-window parts


def _enrolled_active(session, window: Window) -> tuple[int, int]:
    enrolled, active = _run(session, ENROLLED_ACTIVE, window).one()
    return enrolled or 0, active or 0


def _post_figures(session, window: Window):
    """(posts, reach, engagement rate, distinct posters, referral visits) in the window."""
    posts, reach, engagement, posters, visits = _run(session, POST_FIGURES, window).one()
    return posts, reach or 0, _float(engagement), posters, visits or 0


def _count_posts(session, window: Window) -> int:
    return _run(session, POSTS, window).scalar() or 0


def _reach(session, window: Window) -> int:
    return _run(session, REACH, window).scalar() or 0


def _deliveries(session, window: Window) -> tuple[int, int]:
    delivered, shared = _run(session, DELIVERIES, window).one()
    return delivered or 0, shared or 0


def _attributed_count(session, window: Window) -> int:
    return _run(session, ATTRIBUTED, window).scalar() or 0


def _time_to_fill(session, window: Window) -> tuple[float | None, float | None]:
    """Median days open of requisitions filled in the window: (promoted, control)."""
    durations: dict[bool, list[int]] = {True: [], False: []}
    for promoted, days in _run(session, FILL_DAYS, window):
        durations[bool(promoted)].append(days)
    return median(durations[True]), median(durations[False])


def _sentiment(session, window: Window) -> float | None:
    return _float(_run(session, SENTIMENT, window).scalar())


# ----------------------------------------------------------------------- the figures


def program_metrics(store: Store, settings, as_of: date) -> ProgramMetrics:
    """The three tiers of figures as of `as_of` and their health, judged against
    `settings.metrics` (participation target, company engagement rate)."""
    week, month, quarter = (Window.ending(as_of, days) for days in (WEEK_DAYS, MONTH_DAYS, QUARTER_DAYS))
    with store.reading() as session:
        enrolled, active = _enrolled_active(session, week)
        delivered, shared = _deliveries(session, week)
        weekly = Weekly(enrolled, active, _count_posts(session, week), delivered, shared)
        posts, reach, engagement, posters, visits = _post_figures(session, month)
        monthly = Monthly(reach, engagement, posters, visits, posts, _reach(session, month.previous()))
        promoted, control = _time_to_fill(session, quarter)
        quarterly = Quarterly(
            _attributed_count(session, quarter),
            promoted,
            control,
            _sentiment(session, quarter),
            _sentiment(session, quarter.previous()),
        )
        baseline, basis = company_baseline(session, month, settings.metrics.company_engagement_rate)
    return ProgramMetrics.of(
        as_of, weekly, monthly, quarterly,
        target=settings.metrics.participation_target, baseline=baseline, baseline_basis=basis,
    )


def company_baseline(session, window: Window, configured: float) -> tuple[float, str]:
    """The company engagement rate the health signal compares advocates with, and what it
    rests on: the company's own LinkedIn Page posts of the window when any were imported,
    else the configured constant."""
    posts, rate = _run(session, COMPANY_ENGAGEMENT, window).one()
    if posts and rate is not None:
        return float(rate), f"{posts:,} company Page post{'s' if posts != 1 else ''}"
    return configured, "configured"


def trend(store: Store, settings, as_of: date, *, periods: int = 12, unit: str = "week") -> list[TrendPoint]:
    """Participation, reach and engagement rate per week (7 days) or month (30 days), the
    last `periods` of them ending `as_of`, oldest first; each period is computed with the
    same aggregates as `program_metrics`. (`settings` is taken for the tab's target lines.)"""
    if unit not in ("week", "month"):
        raise ValueError(f"unit must be 'week' or 'month', not {unit!r}")
    days = WEEK_DAYS if unit == "week" else MONTH_DAYS
    windows = [Window.ending(as_of, days)]
    while len(windows) < periods:
        windows.append(windows[-1].previous())
    points = []
    with store.reading() as session:
        for window in reversed(windows):
            enrolled, active = _enrolled_active(session, window)
            reach, engagement = _run(session, REACH_ENGAGEMENT, window).one()
            points.append(TrendPoint(window.start, window.end, enrolled, active, reach or 0, _float(engagement)))
    return points


# ------------------------------------------------------------------------- rankings

_RATE = _engagement().label("rate")
# Topics of the posts' assets by engagement rate (no rate last), then reach.
TOPICS = (
    select(Asset.topic, func.count(), func.sum(Post.impressions), _RATE)
    .join(Asset, Asset.id == Post.asset_id)
    .where(*_posts_in(), Asset.deleted_at.is_(None))
    .group_by(Asset.topic)
    .order_by(_RATE.is_(None), _RATE.desc(), func.sum(Post.impressions).desc(), Asset.topic)
)
# Posts, reach and engagement rate per platform, by reach.
PLATFORMS = (
    select(Post.platform, func.count(), func.sum(Post.impressions), _engagement())
    .where(*_posts_in())
    .group_by(Post.platform)
    .order_by(func.sum(Post.impressions).desc(), Post.platform)
)


def _advocates_statement():
    """Advocates by referral visits (the month), then attributed applications (the quarter).

    It starts from the month's posters and the quarter's attributed applications (both
    read through their date indexes) and looks each advocate up by id, so it never reads
    the employees who have neither.
    """
    visits = (
        select(
            Post.advocate_id.label("advocate_id"),
            func.sum(Post.referral_visits).label("visits"),
            literal_column("0", Integer).label("applications"),
        )
        .where(*_posts_in())
        .group_by(Post.advocate_id)
    )
    attributed = _attributed(QUARTER_START).subquery()
    applications = select(
        attributed.c.advocate_id, literal_column("0", Integer).label("visits"), func.count().label("applications")
    ).group_by(attributed.c.advocate_id)
    parts = union_all(visits, applications).subquery()
    # One row per advocate with either (the other part adds 0).
    totals = (
        select(
            parts.c.advocate_id,
            func.sum(parts.c.visits).label("visits"),
            func.sum(parts.c.applications).label("applications"),
        )
        .group_by(parts.c.advocate_id)
        .subquery()
    )
    by_visits, by_applications = totals.c.visits, totals.c.applications
    return (
        select(Employee.name, Employee.email, by_visits, by_applications)
        .select_from(totals)
        .join(Employee, Employee.id == totals.c.advocate_id)
        .where(Employee.deleted_at.is_(None), (by_visits > 0) | (by_applications > 0))
        .order_by(by_visits.desc(), by_applications.desc(), func.lower(Employee.name), Employee.id)
        .limit(bindparam("limit", type_=Integer))
    )


ADVOCATES = _advocates_statement()


def rankings(store: Store, as_of: date, *, limit: int = 10) -> Rankings:
    """For the retrospective: topics by engagement rate and platforms compared (the 30 days
    ending `as_of`), and the top `limit` advocates by referral visits (30 days) and
    attributed applications (91 days)."""
    month, quarter = Window.ending(as_of, MONTH_DAYS), Window.ending(as_of, QUARTER_DAYS)
    with store.reading() as session:
        topics = _run(session, TOPICS, month).all()
        advocates = _run(session, ADVOCATES, month, quarter_start=quarter.start, limit=limit).all()
        platforms = _run(session, PLATFORMS, month).all()
    return Rankings(
        month,
        quarter,
        tuple(TopicRank(topic, posts, reach or 0, _float(rate)) for topic, posts, reach, rate in topics),
        tuple(AdvocateRank(*row) for row in advocates),
        tuple(PlatformFigures(name, posts, reach or 0, _float(rate)) for name, posts, reach, rate in platforms),
    )
