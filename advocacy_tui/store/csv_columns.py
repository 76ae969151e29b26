"""What each CSV file holds: per-entity column specs, and the cell values' two directions.

One file per entity, named after it (DESIGN.md, "CSV sync"). A column has a *kind*, which
says how a cell is read (`parse_*`, raising `CellError` with the reason a coordinator reads)
and how a value is written (`format_*`, or the SQL expressions in `csv_export`).

Values come out of the parsers in the form SQLite stores them, so the import can hand them
straight to the driver: dates as `YYYY-MM-DD`, timestamps as SQLAlchemy's SQLite storage
form `YYYY-MM-DD HH:MM:SS.ffffff` (naive UTC), flags as bools, counts as ints.
`driver_value` turns them into Python dates and datetimes for other databases.

Spreadsheet safety: a text cell that a spreadsheet would run as a formula (it starts with
`=`, `+`, `-`, `@`, a tab or a carriage return) is written with a leading `'`. To keep the
round trip exact for a text that really starts with quotes followed by one of those
characters, the rule is: on export, a text matching `'*[=+\\-@\\t\\r]...` gets one more
leading `'`; on import, a text matching `'+[=+\\-@\\t\\r]...` loses one. Only text kinds
(ids, emails, free text) are treated so; dates, numbers and choices never are.

Reading is forgiving where it costs nothing: header names and choice values ignore case and
surrounding spaces, ids and emails lose surrounding spaces, a date may be a full ISO
timestamp, a flag may be true/false, yes/no or 1/0. Free text is kept exactly as written.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timezone

from advocacy_tui.program import vocabulary as v
from advocacy_tui.store.models import (
    Alias,
    Application,
    Asset,
    Award,
    Baseline,
    CompanyPost,
    Delivery,
    Employee,
    Enrollment,
    Feedback,
    Post,
    ReferralVisit,
    Requisition,
    Score,
    Signal,
    Survey,
)

# Column kinds.
ID = "id"  # the row's own id (optional on import: a fresh one is made)
TEXT = "text"  # free text, kept exactly as written
EMAIL = "email"  # the employee's own email
TOKEN = "token"  # the employee's advocate token (optional: a fresh one is made)
EMPLOYEE = "employee"  # an employee, named by email; stored as the employee's id
ASSET = "asset"  # an asset id that must exist (in the database or the same import)
REQUISITION = "requisition"  # a requisition id that must exist
POST = "post"  # a post id that must exist
CHOICE = "choice"  # one value of a list (vocabulary)
DATE = "date"
COUNT = "count"  # a whole number >= 0; empty = 0
MARK = "mark"  # a rubric mark, 1 to 5
NUMBER = "number"  # a decimal number
FLAG = "flag"  # true/false, yes/no, 1/0
STAMP = "stamp"  # updated_at / deleted_at: ISO 8601 UTC

TEXT_KINDS = frozenset({ID, TEXT, EMAIL, TOKEN, EMPLOYEE, ASSET, REQUISITION, POST})
"""Kinds whose cells are neutralised against spreadsheet formulas."""

REFERENCES: dict[str, tuple[str, str]] = {
    ASSET: ("assets.csv", "asset"),
    REQUISITION: ("requisitions.csv", "requisition"),
    POST: ("posts.csv", "post"),
}
"""Reference kinds: the file of the rows they point at, and the word a message uses."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_ID = 36  # the models' String(36)
MAX_INT = 2**63 - 1  # what SQLite (and PostgreSQL's bigint) can hold
TRUE_WORDS = frozenset({"true", "yes", "1"})
FALSE_WORDS = frozenset({"false", "no", "0"})


class CellError(ValueError):
    """A cell that cannot be read; str(error) is the reason, in the coordinator's words."""


@dataclass(frozen=True)
class CsvColumn:
    name: str  # the header in the file
    kind: str
    attr: str  # the model's column it fills (employee_email -> employee_id)
    required: bool = False
    choices: tuple[str, ...] = ()
    default: object = None  # a new row's value when the cell is empty or the column absent
    nullable: bool = True  # an empty text cell is stored as None (True) or "" (False)
    empty_ok: bool = False  # a required column whose cell may still be empty (None)


@dataclass(frozen=True)
class EntitySpec:
    file: str
    model: type
    columns: tuple[CsvColumn, ...]
    natural_key: tuple[str, ...] = ()  # attrs that name a row when the file has no id

    @property
    def table(self):
        return self.model.__table__


def _spec(file: str, model: type, *columns: CsvColumn, natural_key: tuple[str, ...] = ()) -> EntitySpec:
    """Add the shared columns (id first, the two timestamps last) and fill `nullable` in."""
    table = model.__table__
    filled = []
    for column in (CsvColumn("id", ID, "id"), *columns):
        nullable = table.c[column.attr].nullable
        if column.kind == TEXT and not nullable and column.default is None:
            column = replace(column, default="")
        filled.append(replace(column, nullable=bool(nullable)))
    filled.append(CsvColumn("updated_at", STAMP, "updated_at"))
    filled.append(CsvColumn("deleted_at", STAMP, "deleted_at"))
    return EntitySpec(file, model, tuple(filled), natural_key)


def _text(name: str, *, required: bool = False) -> CsvColumn:
    return CsvColumn(name, TEXT, name, required)


def _choice(name: str, choices: tuple[str, ...], *, required: bool = True, default: str | None = None) -> CsvColumn:
    return CsvColumn(name, CHOICE, name, required, choices, default)


def _date(name: str, *, required: bool = False) -> CsvColumn:
    return CsvColumn(name, DATE, name, required)


def _count(name: str, *, default: int | None = 0) -> CsvColumn:
    """A whole number; an empty cell (or an absent column) is `default`: 0 for most, 1 for
    a signal's count, None for a figure the source may not give (a post's engagements)."""
    return CsvColumn(name, COUNT, name, default=default)


def _employee(name: str, attr: str) -> CsvColumn:
    return CsvColumn(name, EMPLOYEE, attr, required=True)


SPECS: tuple[EntitySpec, ...] = (
    _spec(
        "employees.csv", Employee,
        CsvColumn("email", EMAIL, "email", required=True),
        _text("name", required=True),
        _text("department"),
        _text("title"),
        _choice("seniority", v.SENIORITIES, required=False, default="ic"),
        _text("manager_email"),
        _count("network_size"),
        _text("location"),
        CsvColumn("advocate_token", TOKEN, "advocate_token"),
        natural_key=("email",),
    ),
    _spec(
        "requisitions.csv", Requisition,
        _text("title", required=True),
        _date("opened_on", required=True),
        _date("filled_on"),
        CsvColumn("promoted", FLAG, "promoted", default=False),
        _text("external_id"),
    ),
    _spec(
        "assets.csv", Asset,
        _text("title", required=True),
        _text("topic", required=True),
        _text("platform", required=True),
        _text("tone"),
        _text("caption"),
        _text("hashtags"),
        _text("format"),
        _text("starters"),
        _text("link"),
        _text("campaign"),
        _text("category"),
        _choice("status", v.ASSET_STATUSES),
        _date("available_from"),
        _date("expires_on"),
    ),
    _spec(
        "signals.csv", Signal,
        _employee("employee_email", "employee_id"),
        _choice("source", v.SOURCES),
        _choice("kind", v.SIGNAL_KINDS),
        _date("occurred_on", required=True),
        _count("impressions"),
        _count("reactions"),
        _count("comments"),
        _count("shares"),
        _text("url"),
        _count("count", default=1),
        _text("origin"),
    ),
    _spec(
        "baselines.csv", Baseline,
        _date("taken_on", required=True),
        _text("metric", required=True),
        # A ratio with nothing to divide is recorded as None (store/baselines.py): the
        # column is required, its cell may be empty.
        CsvColumn("value", NUMBER, "value", required=True, empty_ok=True),
    ),
    _spec(
        "scores.csv", Score,
        _employee("employee_email", "employee_id"),
        _text("scorer", required=True),
        *(CsvColumn(dimension, MARK, dimension, required=True) for dimension in v.DIMENSIONS),
        _date("scored_on", required=True),
        _text("notes"),
        natural_key=("employee_id", "scorer", "scored_on"),
    ),
    _spec(
        "enrollments.csv", Enrollment,
        _employee("employee_email", "employee_id"),
        _choice("channel", v.CHANNELS),
        _text("nominated_by"),
        _choice("status", v.ENROLLMENT_STATUSES),
        _text("category"),
        _date("orientation_on"),
        _date("policy_ack_on"),
        _date("opted_in_on"),
        natural_key=("employee_id",),
    ),
    _spec(
        "deliveries.csv", Delivery,
        _employee("advocate_email", "advocate_id"),
        CsvColumn("asset_id", ASSET, "asset_id", required=True),
        _date("delivered_on", required=True),
        _date("due_on"),
        _choice("status", v.DELIVERY_STATUSES),
        _date("shared_on"),
        _text("post_url"),
        _text("personalized_text"),
        natural_key=("advocate_id", "asset_id"),  # an asset reaches an advocate once
    ),
    _spec(
        "feedback.csv", Feedback,
        _employee("advocate_email", "advocate_id"),
        CsvColumn("asset_id", ASSET, "asset_id"),
        _choice("kind", v.FEEDBACK_KINDS),
        _text("text", required=True),
        _choice("status", v.FEEDBACK_STATUSES),
        _date("created_on", required=True),
        _text("resolution"),
        _date("resolved_on"),
    ),
    _spec(
        "posts.csv", Post,
        _employee("advocate_email", "advocate_id"),
        CsvColumn("asset_id", ASSET, "asset_id"),
        _text("platform", required=True),
        _date("posted_on", required=True),
        _text("url"),
        _count("impressions"),
        _count("reactions"),
        _count("comments"),
        _count("shares"),
        _count("clicks"),
        _count("referral_visits"),
        _count("engagements", default=None),
    ),
    _spec(
        "applications.csv", Application,
        CsvColumn("requisition_id", REQUISITION, "requisition_id"),
        _date("applied_on", required=True),
        _text("source"),
        _text("utm_campaign"),
        _text("utm_content"),
        _text("ats"),
        _text("external_id"),
    ),
    _spec(
        "surveys.csv", Survey,
        _date("survey_on", required=True),
        CsvColumn("score", NUMBER, "score", required=True),
    ),
    _spec(
        "awards.csv", Award,
        _employee("advocate_email", "advocate_id"),
        _text("milestone", required=True),
        _date("awarded_on", required=True),
        _text("reward"),
        _text("note"),
        _text("spotlight_quarter"),
    ),
    _spec(
        "company_posts.csv", CompanyPost,
        _text("url"),
        _text("title"),
        _date("created_on", required=True),
        _text("post_type"),
        _text("campaign"),
        _count("impressions"),
        _count("clicks"),
        _count("reactions"),
        _count("comments"),
        _count("reposts"),
        _count("follows"),
    ),
    _spec(
        "aliases.csv", Alias,
        _text("alias", required=True),
        _text("source", required=True),
        _employee("employee_email", "employee_id"),
    ),
    _spec(
        "referral_visits.csv", ReferralVisit,
        CsvColumn("post_id", POST, "post_id", required=True),
        _text("tracking_value", required=True),
        _date("first_day", required=True),
        _date("last_day", required=True),
        _count("sessions"),
        _count("engaged_sessions"),
        _count("key_events"),
    ),
)

# Dependency order: a file's references point only at files before it.
ENTITY_FILES: tuple[str, ...] = (
    "employees.csv",
    "requisitions.csv",
    "assets.csv",
    "signals.csv",
    "baselines.csv",
    "scores.csv",
    "enrollments.csv",
    "deliveries.csv",
    "feedback.csv",
    "posts.csv",
    "applications.csv",
    "surveys.csv",
    "awards.csv",
    "company_posts.csv",
    "aliases.csv",
    "referral_visits.csv",
)
SPEC_BY_FILE: dict[str, EntitySpec] = {spec.file: spec for spec in SPECS}
assert set(SPEC_BY_FILE) == set(ENTITY_FILES)


def spec_for(file_name: str) -> EntitySpec | None:
    """The spec of a file named after its entity (the name's case does not matter)."""
    return SPEC_BY_FILE.get(file_name.lower())


# --------------------------------------------------------------------------- formulas


def neutralise(text: str) -> str:
    """Export: prefix a text a spreadsheet would run as a formula with `'`."""
    if text and (text[0] in FORMULA_STARTS or (text[0] == "'" and text.lstrip("'")[:1] in FORMULA_STARTS)):
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    """Import: remove the one `'` that `neutralise` added (or a spreadsheet user typed)."""
    if text[:1] == "'":
        rest = text.lstrip("'")
        if rest and rest[0] in FORMULA_STARTS:
            return text[1:]
    return text


# --------------------------------------------------------------------------- parsing


def parse_date(cell: str) -> str:
    """`YYYY-MM-DD` (or a full ISO timestamp, whose date part is kept) -> `YYYY-MM-DD`."""
    text = cell.strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            date.fromisoformat(text)
        except ValueError:
            raise CellError(f"{text!r} is not a date (YYYY-MM-DD)") from None
        return text
    if len(text) > 10 and text[10] in "T " and text[4:5] == "-" and text[7:8] == "-":
        try:
            return datetime.fromisoformat(text).date().isoformat()
        except ValueError:
            pass
    raise CellError(f"{text!r} is not a date (YYYY-MM-DD)")


def parse_stamp(cell: str) -> str:
    """An ISO 8601 timestamp (with or without Z or an offset) or a plain date ->
    the stored form `YYYY-MM-DD HH:MM:SS.ffffff`, naive UTC."""
    text = cell.strip()
    if len(text) == 27 and text[10] == "T" and text[26] == "Z" and text[19] == ".":
        try:
            datetime.fromisoformat(text[:26])
        except ValueError:
            pass
        else:
            return f"{text[:10]} {text[11:26]}"
    if len(text) >= 10 and text[4:5] == "-" and text[7:8] == "-" and (len(text) == 10 or text[10] in "T "):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            if moment.tzinfo is not None:
                moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
            return moment.isoformat(" ", "microseconds")
    raise CellError(f"{text!r} is not a timestamp (YYYY-MM-DDTHH:MM:SS.ffffffZ)")


def stamp_of(moment: datetime) -> str:
    """A datetime (naive UTC, or aware) -> the stored form."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.isoformat(" ", "microseconds")


def parse_count(cell: str) -> int:
    """A whole number from 0 up; empty is 0. (What `int()` reads, so the import's fast path,
    which calls `int()` directly, and this careful one always agree.)"""
    text = cell.strip()
    if not text:
        return 0
    try:
        value = int(text)
    except ValueError:
        raise CellError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise CellError(f"{text} is negative; counts are 0 or more")
    if value > MAX_INT:
        raise CellError(f"{text} is too large")
    return value


def parse_mark(cell: str) -> int:
    text = cell.strip()
    if text.isdigit() and text.isascii() and len(text) < 4:
        value = int(text)
        if 1 <= value <= 5:
            return value
    if not text:
        raise CellError("a score from 1 to 5 is required")
    raise CellError(f"{text!r} is not a score from 1 to 5")


def parse_number(cell: str) -> float:
    text = cell.strip()
    try:
        value = float(text)
    except ValueError:
        raise CellError(f"{text!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")) or "_" in text:
        raise CellError(f"{text!r} is not a number")
    return value


def parse_flag(cell: str) -> bool:
    text = cell.strip().lower()
    if not text or text in FALSE_WORDS:
        return False
    if text in TRUE_WORDS:
        return True
    raise CellError(f"{cell.strip()!r} is not one of true, false, yes, no, 1, 0")


def parse_choice(cell: str, choices: tuple[str, ...]) -> str:
    text = cell.strip().lower()
    if text in choices:
        return text
    raise CellError(f"{cell.strip()!r} is not one of {', '.join(choices)}")


def is_email(text: str) -> bool:
    local, at, domain = text.rpartition("@")
    return bool(at and local and domain) and not any(c.isspace() for c in text) and "@" not in domain


# --------------------------------------------------------------------------- formatting


def format_stamp(stored: object) -> str:
    """A stored timestamp (text on SQLite, a datetime elsewhere) -> `...T...ffffffZ`."""
    if stored is None:
        return ""
    if isinstance(stored, datetime):
        return stamp_of(stored).replace(" ", "T") + "Z"
    text = str(stored).replace(" ", "T")
    return (text + ".000000")[:26] + "Z"


def format_date(stored: object) -> str:
    if stored is None:
        return ""
    if isinstance(stored, date):
        return stored.isoformat()
    return str(stored)


def format_flag(stored: object) -> str:
    return "true" if stored else "false"


def driver_value(kind: str, value: object) -> object:
    """A parsed value -> what a non-SQLite driver wants (dates and datetimes as objects)."""
    if value is None or not isinstance(value, str):
        return value
    if kind == DATE:
        return date.fromisoformat(value)
    if kind == STAMP:
        return datetime.fromisoformat(value)
    return value
