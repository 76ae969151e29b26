"""SQLAlchemy 2 models: one class per entity of the method (DESIGN.md, "Data").

Every table carries a UUID text `id`, `created_at`, `updated_at` (naive UTC) and a
`deleted_at` tombstone, so deletions travel through CSV sync. Rows are never hard-deleted
by the app; queries filter `deleted_at IS NULL`.
"""

from __future__ import annotations

import secrets
import uuid
from base64 import b32encode
from datetime import date, datetime, timezone

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from advocacy_tui.program import vocabulary as v
from advocacy_tui.program.cohort import STEP_NAMES, enrollment_problems
from advocacy_tui.program.tokens import asset_token
from advocacy_tui.store.errors import StoreError


def utcnow() -> datetime:
    """Naive UTC, the one timestamp form the store keeps (SQLite has no time zones)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def new_id() -> str:
    return str(uuid.uuid4())


def new_token() -> str:
    """Eight characters of [a-z2-7]: short enough for a link, random enough not to guess.

    Tokens stand in for an advocate (or an asset) inside tracked links, so they carry no
    personal data and never change once given.
    """
    return b32encode(secrets.token_bytes(5)).decode("ascii").lower()


def _in(table: str, column: str, values: tuple[str, ...]) -> CheckConstraint:
    # Spelled as ORs: SQLite evaluates `col IN (...)` in a CHECK by building a throwaway
    # table for every inserted row, a third of the cost of a bulk load; ORs cost nothing.
    either = " OR ".join(f"{column} = '{value}'" for value in values)
    return CheckConstraint(either, name=f"ck_{table}_{column}")


class Base(DeclarativeBase):
    pass


class Tracked:
    """The columns every entity shares."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, nullable=False
    )
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)


class Employee(Tracked, Base):
    __tablename__ = "employee"
    __table_args__ = (
        Index("ix_employee_name", "name"),
        Index("ix_employee_department", "department"),
        Index("ix_employee_updated", "updated_at"),
        _in("employee", "seniority", v.SENIORITIES),
        CheckConstraint("network_size >= 0", name="ck_employee_network_size"),
    )

    email: Mapped[str] = mapped_column(String(320), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    department: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    title: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    seniority: Mapped[str] = mapped_column(String(16), default="ic", nullable=False)
    manager_email: Mapped[str | None] = mapped_column(String(320))
    network_size: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    location: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    advocate_token: Mapped[str] = mapped_column(
        String(16), default=new_token, nullable=False, unique=True
    )
    # Schema v2: OpenSSH public keys, one per line, for the advocates' SSH door.
    ssh_keys: Mapped[str] = mapped_column(Text, default="", nullable=False)


# Emails are matched case-insensitively everywhere, so the unique key is lower(email).
Index("uq_employee_email", func.lower(Employee.email), unique=True)


@event.listens_for(Employee.__table__, "after_create")
def _employee_search(_table, connection, **_kw) -> None:
    """A new schema gets the Candidates filter's search index (schema v5, store/search.py)
    with its employee table: metadata cannot describe a virtual table or its triggers."""
    from advocacy_tui.store.search import create_employee_search

    create_employee_search(connection)


class Signal(Tracked, Base):
    """Step 1: one observed act of advocacy, from one of the audit's three sources."""

    __tablename__ = "signal"
    __table_args__ = (
        # Covers the audit's 90-day aggregate so it never reads the table itself.
        Index(
            "ix_signal_audit",
            "occurred_on",
            "employee_id",
            "source",
            "reactions",
            "comments",
            "shares",
            "deleted_at",
            "count",
        ),
        Index("ix_signal_employee", "employee_id", "occurred_on"),
        # Schema v5: an imported period (Slack, Teams) is found again by its origin, so a
        # second import of the same file updates its signals instead of adding more.
        Index("ix_signal_origin", "origin", "employee_id", "kind"),
        # Freshness checks (has anything changed since the ranking was built?) and sync.
        Index("ix_signal_updated", "updated_at"),
        _in("signal", "source", v.SOURCES),
        _in("signal", "kind", v.SIGNAL_KINDS),
    )

    employee_id: Mapped[str] = mapped_column(ForeignKey("employee.id"), nullable=False)
    source: Mapped[str] = mapped_column(String(16), nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    occurred_on: Mapped[date] = mapped_column(Date, nullable=False)
    impressions: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    reactions: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    comments: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    shares: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    url: Mapped[str | None] = mapped_column(Text)
    # Schema v5: how many acts the row stands for. A chat export gives "42 channel
    # messages in May" as one row with count 42, not 42 rows; a hand-entered signal is 1.
    count: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"), nullable=False)
    # Where an imported row came from ("slack 2026-05-01..2026-05-31"); None when typed or
    # synced by CSV. Only the importers read it, to stay idempotent.
    origin: Mapped[str | None] = mapped_column(String(80))


class Baseline(Tracked, Base):
    """Step 1: one figure of a dated snapshot taken before launch, to measure lift against."""

    __tablename__ = "baseline"
    __table_args__ = (Index("ix_baseline_taken", "taken_on", "metric"),)

    taken_on: Mapped[date] = mapped_column(Date, nullable=False)
    metric: Mapped[str] = mapped_column(String(64), nullable=False)
    value: Mapped[float | None] = mapped_column(Float)


def _dimension() -> Mapped[int]:
    return mapped_column(Integer, nullable=False)


class Score(Tracked, Base):
    """Step 2: one scorer's rubric marks for one employee on one day."""

    __tablename__ = "score"
    __table_args__ = (
        Index("ix_score_key", "employee_id", "scorer", "scored_on"),
        *(
            CheckConstraint(f"{dim} BETWEEN 1 AND 5", name=f"ck_score_{dim}")
            for dim in v.DIMENSIONS
        ),
    )

    employee_id: Mapped[str] = mapped_column(ForeignKey("employee.id"), nullable=False)
    scorer: Mapped[str] = mapped_column(String(120), nullable=False)
    network_relevance: Mapped[int] = _dimension()
    engagement_quality: Mapped[int] = _dimension()
    subject_depth: Mapped[int] = _dimension()
    cultural_alignment: Mapped[int] = _dimension()
    scored_on: Mapped[date] = mapped_column(Date, nullable=False)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)


ENROLLMENT_GATE_SQL = (
    "status <> 'enrolled' OR (orientation_on IS NOT NULL AND policy_ack_on IS NOT NULL "
    "AND opted_in_on IS NOT NULL)"
)


class Enrollment(Tracked, Base):
    """Step 3: one employee's way into (or out of) the cohort."""

    __tablename__ = "enrollment"
    __table_args__ = (
        Index("ix_enrollment_employee", "employee_id"),
        Index("ix_enrollment_status", "status"),
        _in("enrollment", "channel", v.CHANNELS),
        _in("enrollment", "status", v.ENROLLMENT_STATUSES),
        # Schema v3: the gate, for every writer (app, CSV import, bulk loads, raw SQL).
        CheckConstraint(ENROLLMENT_GATE_SQL, name="ck_enrollment_gate"),
        # Schema v3: at most one live enrollment per employee.
        Index(
            "uq_enrollment_live_employee",
            "employee_id",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )

    employee_id: Mapped[str] = mapped_column(ForeignKey("employee.id"), nullable=False)
    channel: Mapped[str] = mapped_column(String(16), nullable=False)
    nominated_by: Mapped[str | None] = mapped_column(String(320))
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    category: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    orientation_on: Mapped[date | None] = mapped_column(Date)
    policy_ack_on: Mapped[date | None] = mapped_column(Date)
    opted_in_on: Mapped[date | None] = mapped_column(Date)


@event.listens_for(Enrollment, "before_insert")
@event.listens_for(Enrollment, "before_update")
def _enrollment_gate(_mapper, _connection, enrollment: Enrollment) -> None:
    """The step 3 gate for any ORM writer, in words (the CHECK constraint backs it up)."""
    problems = enrollment_problems(
        enrollment.status, enrollment.orientation_on, enrollment.policy_ack_on, enrollment.opted_in_on
    )
    if problems:
        raise StoreError("Refused: " + "; ".join(problems) + ". Nothing was saved.")


class EnrollmentEvent(Tracked, Base):
    """Step 3's history (schema v3): one step taken on an enrollment, when and by whom."""

    __tablename__ = "enrollment_event"
    __table_args__ = (
        Index("ix_enrollment_event_enrollment", "enrollment_id", "created_at"),
        Index("ix_enrollment_event_employee", "employee_id"),
        _in("enrollment_event", "step", STEP_NAMES),
    )

    enrollment_id: Mapped[str] = mapped_column(ForeignKey("enrollment.id"), nullable=False)
    employee_id: Mapped[str] = mapped_column(ForeignKey("employee.id"), nullable=False)
    step: Mapped[str] = mapped_column(String(16), nullable=False)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16), nullable=False)
    occurred_on: Mapped[date] = mapped_column(Date, nullable=False)  # the day the step happened
    recorded_by: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    note: Mapped[str] = mapped_column(Text, default="", nullable=False)


class Asset(Tracked, Base):
    """Step 4: one pre-approved, platform-ready piece of the content library."""

    __tablename__ = "asset"
    __table_args__ = (
        Index("ix_asset_status", "status", "category"),
        _in("asset", "status", v.ASSET_STATUSES),
    )

    title: Mapped[str] = mapped_column(String(200), nullable=False)
    topic: Mapped[str] = mapped_column(String(120), nullable=False)
    platform: Mapped[str] = mapped_column(String(32), nullable=False)
    tone: Mapped[str] = mapped_column(String(64), default="", nullable=False)
    caption: Mapped[str] = mapped_column(Text, default="", nullable=False)
    hashtags: Mapped[str] = mapped_column(Text, default="", nullable=False)  # "|"-separated
    format: Mapped[str] = mapped_column(Text, default="", nullable=False)
    starters: Mapped[str] = mapped_column(Text, default="", nullable=False)  # "|"-separated
    link: Mapped[str] = mapped_column(Text, default="", nullable=False)
    campaign: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    category: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    status: Mapped[str] = mapped_column(String(16), default="draft", nullable=False)
    available_from: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    # Stands for the asset inside a tracked link's utm_content: always asset_token(id), set
    # by the ORM hook below or by whoever inserts with Core (demo, CSV import).
    token: Mapped[str] = mapped_column(String(16), nullable=False, unique=True)


@event.listens_for(Asset, "before_insert")
def _derive_asset_token(_mapper, _connection, asset: Asset) -> None:
    if asset.id is None:
        asset.id = new_id()
    asset.token = asset_token(asset.id)


class Delivery(Tracked, Base):
    """Steps 4 and 6: one asset placed in one advocate's weekly queue."""

    __tablename__ = "delivery"
    __table_args__ = (
        Index("ix_delivery_advocate", "advocate_id", "delivered_on"),
        Index("ix_delivery_delivered", "delivered_on", "status", "deleted_at"),
        # Schema v5: per-asset counts (the library's Sent and Shrd) read only the index.
        Index("ix_delivery_asset_status", "asset_id", "status", "deleted_at"),
        # Schema v5: the queue's overdue count reads each advocate's open items from the index,
        # and coverage each advocate's assets (asset_id is why it is last).
        Index("ix_delivery_open", "advocate_id", "status", "due_on", "deleted_at", "asset_id"),
        # Schema v5: the authenticity check reads only the deliveries with the advocate's own
        # words, a small part of any quarter.
        Index(
            "ix_delivery_personalized",
            "delivered_on",
            sqlite_where=text("personalized_text <> ''"),
            postgresql_where=text("personalized_text <> ''"),
        ),
        # Schema v4: an asset reaches an advocate once (the drop's "no repeats" rule, kept
        # for every writer: the tick, CSV import, a second laptop).
        Index(
            "uq_delivery_live_pair",
            "advocate_id",
            "asset_id",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
        _in("delivery", "status", v.DELIVERY_STATUSES),
    )

    advocate_id: Mapped[str] = mapped_column(ForeignKey("employee.id"), nullable=False)
    asset_id: Mapped[str] = mapped_column(ForeignKey("asset.id"), nullable=False)
    delivered_on: Mapped[date] = mapped_column(Date, nullable=False)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="queued", nullable=False)
    shared_on: Mapped[date | None] = mapped_column(Date)
    post_url: Mapped[str | None] = mapped_column(Text)
    personalized_text: Mapped[str] = mapped_column(Text, default="", nullable=False)


class Feedback(Tracked, Base):
    """Step 4's feedback loop: a flag, a topic suggestion or a request for support."""

    __tablename__ = "feedback"
    __table_args__ = (
        Index("ix_feedback_status", "status", "created_on"),
        # Schema v5: "is this asset held for review?" looks up its own open flags.
        Index("ix_feedback_asset", "asset_id", "kind", "status"),
        _in("feedback", "kind", v.FEEDBACK_KINDS),
        _in("feedback", "status", v.FEEDBACK_STATUSES),
    )

    advocate_id: Mapped[str] = mapped_column(ForeignKey("employee.id"), nullable=False)
    asset_id: Mapped[str | None] = mapped_column(ForeignKey("asset.id"))
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(16), default="open", nullable=False)
    created_on: Mapped[date] = mapped_column(Date, nullable=False)
    # Schema v4: how the coordinator answered it, and when.
    resolution: Mapped[str] = mapped_column(Text, default="", nullable=False)
    resolved_on: Mapped[date | None] = mapped_column(Date)


class Post(Tracked, Base):
    """Step 7: one advocate post and what it reached."""

    __tablename__ = "post"
    __table_args__ = (
        # Schema v4: the metrics' window aggregates read only the index (no table rows).
        Index(
            "ix_post_posted", "posted_on", "advocate_id", "deleted_at",
            "impressions", "reactions", "comments", "shares", "referral_visits", "engagements",
        ),
        Index("ix_post_advocate", "advocate_id", "posted_on", "deleted_at"),
    )

    advocate_id: Mapped[str] = mapped_column(ForeignKey("employee.id"), nullable=False)
    asset_id: Mapped[str | None] = mapped_column(ForeignKey("asset.id"))
    platform: Mapped[str] = mapped_column(String(32), nullable=False)
    posted_on: Mapped[date] = mapped_column(Date, nullable=False)
    url: Mapped[str | None] = mapped_column(Text)
    impressions: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    reactions: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    comments: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    shares: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    clicks: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    referral_visits: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    # Schema v5: LinkedIn's creator analytics give only a total of engagements per post;
    # it is kept here rather than split into invented reactions, comments and shares.
    # None means "not given": the total is then reactions + comments + shares.
    engagements: Mapped[int | None] = mapped_column(Integer)


# A post's engagements, the one way every figure counts them (the engagement rate's numerator).
POST_ENGAGEMENTS = func.coalesce(Post.engagements, Post.reactions + Post.comments + Post.shares)


class CompanyPost(Tracked, Base):
    """Step 7's comparison: one of the company's own posts (LinkedIn Page content), kept
    apart from advocates' posts. The health signal's company engagement-rate baseline for a
    window is computed from these when there are any (instead of a configured constant)."""

    __tablename__ = "company_post"
    __table_args__ = (Index("ix_company_post_created", "created_on", "deleted_at"),)

    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, default="", nullable=False)
    created_on: Mapped[date] = mapped_column(Date, nullable=False)
    post_type: Mapped[str] = mapped_column(String(64), default="", nullable=False)
    campaign: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    impressions: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    clicks: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    reactions: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    comments: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    reposts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    follows: Mapped[int] = mapped_column(Integer, default=0, nullable=False)


# LinkedIn's own engagement-rate numerator for a Page post.
COMPANY_ENGAGEMENTS = (
    CompanyPost.clicks + CompanyPost.reactions + CompanyPost.comments + CompanyPost.reposts
    + CompanyPost.follows
)


class Alias(Tracked, Base):
    """A name an outside tool uses for an employee ("Sam P." in Slack, a user id, a
    referrer's name in Greenhouse), confirmed once by the coordinator and remembered, so
    the next import matches it without asking. Never guessed: only confirmed ones exist."""

    __tablename__ = "alias"
    __table_args__ = (
        Index(
            "uq_alias_live",
            "source",
            func.lower(text("alias")),
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index("ix_alias_employee", "employee_id"),
    )

    alias: Mapped[str] = mapped_column(String(320), nullable=False)
    source: Mapped[str] = mapped_column(String(32), nullable=False)
    employee_id: Mapped[str] = mapped_column(ForeignKey("employee.id"), nullable=False)


class ReferralVisit(Tracked, Base):
    """Google Analytics 4: sessions one advocate's tracked link brought for one asset over
    one day or window. A post's `referral_visits` is the sum of its rows, so importing
    May and then June adds up, and importing May twice changes nothing (the key is the
    post, the tracking value and the window)."""

    __tablename__ = "referral_visit"
    __table_args__ = (
        Index(
            "uq_referral_visit_live",
            "post_id",
            "tracking_value",
            "first_day",
            "last_day",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )

    post_id: Mapped[str] = mapped_column(ForeignKey("post.id"), nullable=False)
    tracking_value: Mapped[str] = mapped_column(String(120), nullable=False)
    first_day: Mapped[date] = mapped_column(Date, nullable=False)
    last_day: Mapped[date] = mapped_column(Date, nullable=False)
    sessions: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    engaged_sessions: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    key_events: Mapped[int] = mapped_column(Integer, default=0, nullable=False)


class Requisition(Tracked, Base):
    """Step 7: an open role; `promoted` marks the ones advocates pushed (vs. control)."""

    __tablename__ = "requisition"

    title: Mapped[str] = mapped_column(String(200), nullable=False)
    opened_on: Mapped[date] = mapped_column(Date, nullable=False)
    filled_on: Mapped[date | None] = mapped_column(Date)
    promoted: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # Schema v5: the applicant tracking system's id for the role (Lever's Posting ID,
    # Greenhouse's Job ID), so imported applications find their requisition.
    external_id: Mapped[str | None] = mapped_column(String(120))


class Application(Tracked, Base):
    """Step 7: a candidate application, attributable through its UTM parameters."""

    __tablename__ = "application"
    __table_args__ = (
        Index("ix_application_applied", "applied_on", "deleted_at", "utm_content"),
        # Schema v5: an application imported from an ATS is found again by its id there.
        Index(
            "uq_application_external",
            "ats",
            "external_id",
            unique=True,
            sqlite_where=text("deleted_at IS NULL AND external_id IS NOT NULL"),
            postgresql_where=text("deleted_at IS NULL AND external_id IS NOT NULL"),
        ),
    )

    requisition_id: Mapped[str | None] = mapped_column(ForeignKey("requisition.id"))
    applied_on: Mapped[date] = mapped_column(Date, nullable=False)
    source: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    utm_campaign: Mapped[str | None] = mapped_column(String(120))
    utm_content: Mapped[str | None] = mapped_column(String(120))
    # Schema v5: where an imported application came from ("lever", "greenhouse") and its
    # id there; None for applications typed or synced by CSV.
    ats: Mapped[str | None] = mapped_column(String(16))
    external_id: Mapped[str | None] = mapped_column(String(200))


class Survey(Tracked, Base):
    """Step 7: one candidate-sentiment survey result."""

    __tablename__ = "survey"
    __table_args__ = (Index("ix_survey_on", "survey_on"),)

    survey_on: Mapped[date] = mapped_column(Date, nullable=False)
    score: Mapped[float] = mapped_column(Float, nullable=False)


class Award(Tracked, Base):
    """Step 5: a milestone reached, its reward and its spotlight."""

    __tablename__ = "award"
    __table_args__ = (Index("ix_award_advocate", "advocate_id", "awarded_on"),)

    advocate_id: Mapped[str] = mapped_column(ForeignKey("employee.id"), nullable=False)
    milestone: Mapped[str] = mapped_column(String(64), nullable=False)
    awarded_on: Mapped[date] = mapped_column(Date, nullable=False)
    reward: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    note: Mapped[str] = mapped_column(Text, default="", nullable=False)
    spotlight_quarter: Mapped[str | None] = mapped_column(String(8))


class Reminder(Tracked, Base):
    """Step 6: the outbox the tick writes (a reminder due, and when it went out)."""

    __tablename__ = "reminder"
    __table_args__ = (
        Index("ix_reminder_due", "due_on", "sent_on"),
        Index("ix_reminder_delivery", "delivery_id", "kind"),
    )

    advocate_id: Mapped[str] = mapped_column(ForeignKey("employee.id"), nullable=False)
    delivery_id: Mapped[str | None] = mapped_column(ForeignKey("delivery.id"))
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    sent_on: Mapped[date | None] = mapped_column(Date)


class AuditRank(Base):
    """Derived (schema v2): the Candidates ranking, rebuilt from signals by one SQL statement.

    Not an entity and never synced: ranking 100,000 employees over a million signals takes
    seconds, so it is computed once per day (or after signals change) and the Candidates
    table pages and filters over this table instead of re-aggregating per keystroke.
    """

    __tablename__ = "audit_rank"
    __table_args__ = (Index("ix_audit_rank_rank", "rank"),)

    employee_id: Mapped[str] = mapped_column(
        ForeignKey("employee.id", ondelete="CASCADE"), primary_key=True
    )
    rank: Mapped[int] = mapped_column(Integer, nullable=False)
    platform_signals: Mapped[int] = mapped_column(Integer, nullable=False)
    linkedin_signals: Mapped[int] = mapped_column(Integer, nullable=False)
    internal_signals: Mapped[int] = mapped_column(Integer, nullable=False)
    engagement: Mapped[int] = mapped_column(Integer, nullable=False)
    quality: Mapped[float | None] = mapped_column(Float)
    candidate: Mapped[bool] = mapped_column(Boolean, nullable=False)


class StoreMeta(Base):
    """Key/value facts about the file itself: schema version, ranking freshness."""

    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


ENTITIES: tuple[type[Tracked], ...] = (
    Employee,
    Signal,
    Baseline,
    Score,
    Enrollment,
    Asset,
    Delivery,
    Feedback,
    Post,
    Requisition,
    Application,
    Survey,
    Award,
    Reminder,
    CompanyPost,
    Alias,
    ReferralVisit,
)
