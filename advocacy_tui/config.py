"""Settings: a pydantic model read from config.toml with tomllib and written with tomli_w.

A missing file means the defaults. A file that does not parse, or holds a value out of
range, raises `ConfigError` naming the key and the problem: the app never starts on a
half-read config.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Literal

from advocacy_tui.errors import ConfigError
from advocacy_tui.locations import (  # noqa: F401 - re-exported for callers of config
    data_dir,
    default_config_path,
    default_db_path,
    resolve_config_path,
)
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class ScoringSettings(_Section):
    """Step 2."""

    consistent_min: int = Field(3, ge=1, le=5, description="Lowest mark on any dimension for 'consistent'")
    max_spread: int = Field(2, ge=0, le=4, description="Widest gap between dimensions for 'consistent'")
    candidates: int = Field(40, ge=1, le=1000, description="How many audit leaders are flagged as candidates")
    lopsided_high: int = Field(5, ge=1, le=5, description="A mark this high on one dimension...")
    lopsided_low: int = Field(1, ge=1, le=5, description="...with one this low on another is 'lopsided'")


class CohortSettings(_Section):
    """Step 3."""

    max_size: int = Field(20, ge=1, le=10000, description="Cohort size before the guide's 'prove it first' warning")
    executive_share: float = Field(0.25, ge=0, le=1, description="Share of executives before the seniority warning")


class DeliverySettings(_Section):
    """Steps 4 and 6."""

    weekday: Weekday = Field("monday", description="Day the weekly drop goes out")
    per_drop: int = Field(3, ge=1, le=50, description="Assets in each advocate's weekly drop")
    inactivity_days: int = Field(7, ge=1, le=365, description="Days without a post before an advocate is flagged")
    similarity: float = Field(0.9, ge=0, le=1, description="Caption similarity above which a post counts as a copy")
    sender: str = Field(
        "Advocacy program <advocacy@localhost>", min_length=3, description="From line of the reminder emails"
    )


class TrackingSettings(_Section):
    utm_medium: str = Field("employee_advocacy", min_length=1, description="utm_medium on every tracked link")
    ats: Literal["none", "lever"] = Field(
        "none",
        description='The applicant tracking system: "lever" adds lever-source=<utm_content> to tracked links',
    )


class ComplianceSettings(_Section):
    disclosure: str = Field("", description="Text every approved caption must contain (empty: none)")


class MetricsSettings(_Section):
    """Step 7."""

    participation_target: float = Field(0.6, ge=0, le=1, description="Weekly participation that counts as healthy")
    company_engagement_rate: float = Field(0.02, ge=0, le=1, description="The company channel's engagement rate")


class PathsSettings(_Section):
    outbox: str = Field("", description="Folder for reminders the tick writes (empty: under the data folder)")
    reports: str = Field("", description="Folder for reports and exports (empty: under the data folder)")


class RecognitionSettings(_Section):
    """Step 5."""

    rewards: str = Field(
        "Professional development credit, Conference pass, Gift card, Extra day of PTO",
        min_length=1,
        description="Rewards a milestone can be confirmed with, comma-separated",
    )
    post_counts: str = Field("10, 25, 50", description="Post counts that are milestones, comma-separated")

    @model_validator(mode="after")
    def _lists(self) -> "RecognitionSettings":
        if not comma_list(self.rewards):
            raise ValueError("recognition.rewards needs at least one reward")
        post_count_list(self.post_counts)
        return self


def comma_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def post_count_list(text: str) -> tuple[int, ...]:
    """'10, 25, 50' -> (10, 25, 50); ValueError naming what is not a whole number above 0."""
    counts = []
    for part in comma_list(text):
        if not part.isdigit() or int(part) < 1:
            raise ValueError(f"recognition.post_counts: {part!r} is not a whole number above 0")
        counts.append(int(part))
    return tuple(sorted(set(counts)))


class AccessSettings(_Section):
    """Step 6's doors for advocates."""

    ssh_users: str = Field(
        "",
        description="login=email pairs for `queue --ssh-user` (empty: the login is the email's part before @)",
    )

    @model_validator(mode="after")
    def _pairs(self) -> "AccessSettings":
        ssh_user_map(self.ssh_users)
        return self


def ssh_user_map(text: str) -> dict[str, str]:
    """'ada=ada@x.com, bob=b@x.com' -> {'ada': 'ada@x.com', 'bob': 'b@x.com'}; ValueError naming
    the pair that is not login=email."""
    pairs = {}
    for part in text.replace("\n", ",").split(","):
        if not part.strip():
            continue
        login, sep, email = part.partition("=")
        if not sep or not login.strip() or "@" not in email:
            raise ValueError(f"{part.strip()!r} is not login=email")
        pairs[login.strip().lower()] = email.strip()
    return pairs


class Settings(_Section):
    scorer: str = Field("coordinator", min_length=1, description="Name your rubric scores are saved under")
    scoring: ScoringSettings = ScoringSettings()
    cohort: CohortSettings = CohortSettings()
    delivery: DeliverySettings = DeliverySettings()
    tracking: TrackingSettings = TrackingSettings()
    compliance: ComplianceSettings = ComplianceSettings()
    metrics: MetricsSettings = MetricsSettings()
    paths: PathsSettings = PathsSettings()
    recognition: RecognitionSettings = RecognitionSettings()
    access: AccessSettings = AccessSettings()

    @model_validator(mode="after")
    def _lopsided_needs_a_gap(self) -> "Settings":
        if self.scoring.lopsided_low >= self.scoring.lopsided_high:
            raise ValueError("scoring.lopsided_low must be below scoring.lopsided_high")
        return self


def reports_dir(settings: Settings) -> Path:
    return Path(settings.paths.reports).expanduser() if settings.paths.reports else data_dir() / "reports"


def outbox_dir(settings: Settings) -> Path:
    return Path(settings.paths.outbox).expanduser() if settings.paths.outbox else data_dir() / "outbox"


def _describe(error: ValidationError, path: Path) -> str:
    problems = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"]) or "(file)"
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "is not a setting this version knows"
        elif message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        problems.append(f"{key}: {message}")
    return f"{path}: " + "; ".join(problems)


def parse_settings(text: str, path: Path) -> Settings:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    except RecursionError:  # tomllib parses nested arrays and tables by recursion
        raise ConfigError(f"{path}: not valid TOML (values nested too deeply)") from None
    try:
        return Settings.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(_describe(error, path)) from None


def load_settings(path: Path) -> Settings:
    """The settings in `path`, or the defaults when there is no such file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 text (byte {error.start})") from None
    return parse_settings(text, path)


def validate_change(settings: Settings, changes: dict) -> Settings:
    """A copy of `settings` with `changes` ({"section.key": value}) applied and checked."""
    raw = settings.model_dump()
    for dotted, value in changes.items():
        target = raw
        *sections, key = dotted.split(".")
        for section in sections:
            target = target[section]
        target[key] = value
    try:
        return Settings.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(_describe(error, Path("settings"))) from None


def save_settings(settings: Settings, path: Path) -> None:
    """Write atomically, so a crash mid-save never leaves a half-written config."""
    import tomli_w

    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(tomli_w.dumps(settings.model_dump()), encoding="utf-8")
    os.replace(temporary, path)
