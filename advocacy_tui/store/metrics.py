"""Step 7's figures from the store: SQL aggregates with the window in the WHERE clause.

Every count, sum and mean is an aggregate query (COUNT/SUM/AVG); the time-to-fill medians
come to Python, as the sorted list of durations (SQLite has no median), and so do a few
small per-group results that are added up or ranked there (the month's posts per topic
and platform, read once for both rankings; visits and attributed applications per
advocate, ranked before only the advocates who can make the top are looked up). A
trend's periods are read in two statements, whatever their number. The
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
    and_,
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
# The window's attributed applications per (live) advocate: their sum is ATTRIBUTED's count,
# and the advocates' ranking reads them too (the Metrics tab reads them once for both).
ATTRIBUTED_BY_ADVOCATE = (
    select(Employee.id, func.count())
    .select_from(Application)
    .join(Employee, Employee.advocate_token == token_of(Application.utm_content))
    .where(Application.deleted_at.is_(None), Employee.deleted_at.is_(None), Application.applied_on.between(START, END))
    .group_by(Employee.id)
)


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
    with store.reading() as session:
        return _program_metrics(session, settings, as_of)


def _program_metrics(session, settings, as_of: date, *, enrolled_active: tuple[int, int] | None = None,
                     attributed: int | None = None) -> ProgramMetrics:
    """`program_metrics` in a session; the week's (enrolled, active) and the quarter's
    attributed count may be handed in when the caller has read them already."""
    week, month, quarter = (Window.ending(as_of, days) for days in (WEEK_DAYS, MONTH_DAYS, QUARTER_DAYS))
    enrolled, active = _enrolled_active(session, week) if enrolled_active is None else enrolled_active
    delivered, shared = _deliveries(session, week)
    weekly = Weekly(enrolled, active, _count_posts(session, week), delivered, shared)
    posts, reach, engagement, posters, visits = _post_figures(session, month)
    monthly = Monthly(reach, engagement, posters, visits, posts, _reach(session, month.previous()))
    promoted, control = _time_to_fill(session, quarter)
    quarterly = Quarterly(
        _attributed_count(session, quarter) if attributed is None else attributed,
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


def _trend_windows(as_of: date, periods: int, unit: str) -> list[Window]:
    """The last `periods` weeks (7 days) or months (30 days) ending `as_of`, oldest first."""
    if unit not in ("week", "month"):
        raise ValueError(f"unit must be 'week' or 'month', not {unit!r}")
    days = WEEK_DAYS if unit == "week" else MONTH_DAYS
    windows = [Window.ending(as_of, days)]
    while len(windows) < periods:
        windows.append(windows[-1].previous())
    return windows[::-1]


# The trend's statements for n periods (built once per n, then reused): the enrolled and
# active advocates of every period in one pass over the enrolled advocates (each period's
# EXISTS is a look-up in the (advocate, date) index), and each period's reach and engagement
# rate as one branch of a UNION ALL (the same aggregate as REACH_ENGAGEMENT, so the same
# figures, in one round trip).
_TREND_STATEMENTS: dict[int, tuple] = {}


def _trend_statements(periods: int) -> tuple:
    statements = _TREND_STATEMENTS.get(periods)
    if statements is not None:
        return statements
    starts = [bindparam(f"start_{k}", type_=Date) for k in range(periods)]
    ends = [bindparam(f"end_{k}", type_=Date) for k in range(periods)]
    columns = []
    for start, end in zip(starts, ends):
        opted_in = Enrollment.opted_in_on <= end
        posted = exists().where(Post.advocate_id == Employee.id, *_posts_in(start, end))
        columns.append(func.sum(case((opted_in, 1), else_=0)))
        columns.append(func.sum(case((and_(opted_in, posted), 1), else_=0)))
    enrolled_active = (
        select(*columns)
        .select_from(Enrollment)
        .join(Employee, Employee.id == Enrollment.employee_id)
        .where(receives())
    )
    reach_engagement = union_all(*(
        select(literal_column(str(k), Integer).label("period"), func.sum(Post.impressions), _engagement())
        .where(*_posts_in(start, end))
        for k, (start, end) in enumerate(zip(starts, ends))
    ))
    statements = _TREND_STATEMENTS[periods] = (enrolled_active, reach_engagement)
    return statements


def _trend(session, windows: list[Window]) -> list[TrendPoint]:
    """The trend's points over `windows` (oldest first): two statements, whatever their number."""
    if not windows:
        return []
    enrolled_active, reach_engagement = _trend_statements(len(windows))
    parameters = {}
    for k, window in enumerate(windows):
        parameters[f"start_{k}"], parameters[f"end_{k}"] = window.start, window.end
    connection = session.connection()
    counts = connection.execute(enrolled_active, parameters).one()
    figures = {period: (reach, engagement) for period, reach, engagement in connection.execute(reach_engagement, parameters)}
    points = []
    for k, window in enumerate(windows):
        reach, engagement = figures.get(k, (None, None))
        enrolled, active = counts[2 * k] or 0, counts[2 * k + 1] or 0
        points.append(TrendPoint(window.start, window.end, enrolled, active, reach or 0, _float(engagement)))
    return points


def trend(store: Store, settings, as_of: date, *, periods: int = 12, unit: str = "week") -> list[TrendPoint]:
    """Participation, reach and engagement rate per week (7 days) or month (30 days), the
    last `periods` of them ending `as_of`, oldest first; each period is computed with the
    same aggregates as `program_metrics`. (`settings` is taken for the tab's target lines.)"""
    windows = _trend_windows(as_of, periods, unit)
    with store.reading() as session:
        return _trend(session, windows)


# ------------------------------------------------------------------------- rankings

def _rate_parts(engagements, impressions):
    """`_mean_rate` in two parts, so groups can be added up: the sum of engagements /
    impressions over rows with impressions, and how many rows that is."""
    engaged = cast(engagements, Float).op("/", return_type=Float)(cast(impressions, Float))
    return func.sum(case((impressions > 0, engaged))), func.count(case((impressions > 0, 1)))


# The month's posts per (topic of a live asset, platform), read once for both rankings:
# topics of the posts' assets by engagement rate (no rate last), then reach; posts, reach
# and engagement rate per platform, by reach. (A post without a live asset has no topic.)
TOPICS_PLATFORMS = (
    select(Asset.topic, Post.platform, func.count(), func.sum(Post.impressions),
           *_rate_parts(POST_ENGAGEMENTS, Post.impressions))
    .select_from(Post)
    .outerjoin(Asset, (Asset.id == Post.asset_id) & Asset.deleted_at.is_(None))
    .where(*_posts_in())
    .group_by(Asset.topic, Post.platform)
    .order_by(Post.platform, Asset.topic)
)


def _topics_platforms(session, month: Window) -> tuple[tuple[TopicRank, ...], tuple[PlatformFigures, ...]]:
    topics: dict[str, list] = {}
    platforms: dict[str, list] = {}
    for topic, platform, posts, reach, rates, rated in _run(session, TOPICS_PLATFORMS, month):
        groups = [platforms.setdefault(platform, [0, 0, 0.0, 0])]
        if topic is not None:
            groups.append(topics.setdefault(topic, [0, 0, 0.0, 0]))
        for group in groups:
            group[0] += posts
            group[1] += reach or 0
            group[2] += rates or 0.0
            group[3] += rated

    def rate(group) -> float | None:
        return group[2] / group[3] if group[3] else None

    ranked_topics = sorted(
        (TopicRank(topic, group[0], group[1], rate(group)) for topic, group in topics.items()),
        key=lambda t: (t.engagement_rate is None, -(t.engagement_rate or 0.0), -t.reach, t.topic),
    )
    # Stable: platforms tied on reach keep the database's order of their names.
    ranked_platforms = sorted(
        (PlatformFigures(platform, group[0], group[1], rate(group)) for platform, group in platforms.items()),
        key=lambda p: -p.reach,
    )
    return tuple(ranked_topics), tuple(ranked_platforms)


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
# The month's referral visits per poster, and live advocates by id in name order (the
# ranking's tie-break, in the database's own collation).
VISITS_BY_ADVOCATE = (
    select(Post.advocate_id, func.sum(Post.referral_visits)).where(*_posts_in()).group_by(Post.advocate_id)
)
LIVE_BY_NAME = (
    select(Employee.id, Employee.name, Employee.email)
    .where(Employee.id.in_(bindparam("ids", expanding=True)), Employee.deleted_at.is_(None))
    .order_by(func.lower(Employee.name), Employee.id)
)
# Past this many advocates tied at the ranking's edge, ADVOCATES ranks them in SQL instead.
_MOST_LOOKED_UP = 5000


def _attributed_by_advocate(session, window: Window) -> dict[str, int]:
    return dict(_run(session, ATTRIBUTED_BY_ADVOCATE, window).all())


def _top_advocates(session, month: Window, attributed: dict[str, int], limit: int):
    """ADVOCATES' rows from the month's visits per poster and the quarter's attributed
    applications per advocate: ranked by (visits, applications) here, and only the
    advocates that can still make the top `limit` (the ties at its edge included) are
    looked up, for liveness and the name order that breaks ties."""
    totals: dict[str, list[int]] = {advocate: [visits, 0] for advocate, visits in _run(session, VISITS_BY_ADVOCATE, month)}
    for advocate, count in attributed.items():
        totals.setdefault(advocate, [0, 0])[1] = count
    ranked = sorted(
        ((visits, count, advocate) for advocate, (visits, count) in totals.items() if visits > 0 or count > 0),
        key=lambda row: (-row[0], -row[1]),
    )
    chosen: list[AdvocateRank] = []
    start = 0
    while len(chosen) < limit and start < len(ranked):
        end = min(len(ranked), start + limit - len(chosen))
        while end < len(ranked) and ranked[end][:2] == ranked[end - 1][:2]:
            end += 1  # the whole tie at the edge: names decide among them
        if end - start > _MOST_LOOKED_UP:
            return None
        part = {advocate: (visits, count) for visits, count, advocate in ranked[start:end]}
        live = session.connection().execute(LIVE_BY_NAME, {"ids": list(part)}).all()
        # Stable: within equal (visits, applications), the database's name order stays.
        live.sort(key=lambda row: (-part[row[0]][0], -part[row[0]][1]))
        chosen += [AdvocateRank(name, email, *part[advocate]) for advocate, name, email in live]
        start = end
    return tuple(chosen[:limit])


def _rankings(session, as_of: date, limit: int, attributed: dict[str, int] | None = None) -> Rankings:
    month, quarter = Window.ending(as_of, MONTH_DAYS), Window.ending(as_of, QUARTER_DAYS)
    topics, platforms = _topics_platforms(session, month)
    advocates = None
    if limit >= 0:
        if attributed is None:
            attributed = _attributed_by_advocate(session, quarter)
        advocates = _top_advocates(session, month, attributed, limit)
    if advocates is None:
        advocates = tuple(
            AdvocateRank(*row)
            for row in _run(session, ADVOCATES, month, quarter_start=quarter.start, limit=limit).all()
        )
    return Rankings(month, quarter, topics, advocates, platforms)


def rankings(store: Store, as_of: date, *, limit: int = 10) -> Rankings:
    """For the retrospective: topics by engagement rate and platforms compared (the 30 days
    ending `as_of`), and the top `limit` advocates by referral visits (30 days) and
    attributed applications (91 days)."""
    with store.reading() as session:
        return _rankings(session, as_of, limit)


# ------------------------------------------------------------------- the Metrics tab


def tab_figures(
    store: Store, settings, as_of: date, *, periods: int = 12, unit: str = "week", limit: int = 6
) -> tuple[ProgramMetrics, list[TrendPoint], Rankings]:
    """What the Metrics tab shows: `program_metrics`, `trend` and `rankings` (the same
    figures), with what they share read once: the quarter's attributed applications per
    advocate (their sum is the quarterly figure), and with a weekly trend, the week's
    enrolled and active advocates (its last point).

    The trend and the attributed applications, the two largest reads, each run on a
    connection of their own in a thread beside this one: the database works on all three
    at once (Python's sqlite3 and psycopg let go of the GIL while a statement runs), so the
    tab waits for about the largest of them rather than their sum."""
    from concurrent.futures import ThreadPoolExecutor

    windows = _trend_windows(as_of, periods, unit)
    month, quarter = Window.ending(as_of, MONTH_DAYS), Window.ending(as_of, QUARTER_DAYS)

    def read_trend() -> list[TrendPoint]:
        with store.reading() as session:
            return _trend(session, windows)

    def read_advocates() -> tuple[dict[str, int], tuple[AdvocateRank, ...] | None]:
        with store.reading() as session:
            attributed = _attributed_by_advocate(session, quarter)
            return attributed, _top_advocates(session, month, attributed, limit) if limit >= 0 else None

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="metrics-read") as pool:
        trend_read, advocates_read = pool.submit(read_trend), pool.submit(read_advocates)
        with store.reading() as session:
            topics, platforms = _topics_platforms(session, month)
            points = trend_read.result()
            attributed, advocates = advocates_read.result()
            latest = points[-1] if points and unit == "week" else None
            figures = _program_metrics(
                session, settings, as_of,
                enrolled_active=None if latest is None else (latest.enrolled, latest.active_advocates),
                attributed=sum(attributed.values()),
            )
            if advocates is None:
                advocates = _rankings(session, as_of, limit, attributed).advocates
    return figures, points, Rankings(month, quarter, topics, advocates, platforms)
