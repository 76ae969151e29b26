"""What the Cohort tab shows: one row per enrollment, and the counts per stage and channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from advocacy_tui.program.cohort.stages import CHANNEL_LABELS
from advocacy_tui.program.scoring import Rubric


@dataclass(frozen=True)
class CohortRow:
    """One line of the Cohort tab: a person's enrollment, its dates and their scoring mark."""

    enrollment_id: str
    employee_id: str
    name: str
    email: str
    department: str
    title: str
    seniority: str
    channel: str
    nominated_by: str | None
    status: str
    category: str
    nominated_on: date | None
    invited_on: date | None
    orientation_on: date | None
    policy_ack_on: date | None
    opted_in_on: date | None
    closed_on: date | None
    reason: str
    rubric: Rubric
    mark: str
    ssh_keys: int = 0

    @property
    def channel_label(self) -> str:
        return CHANNEL_LABELS.get(self.channel, self.channel)


@dataclass(frozen=True)
class CohortCounts:
    """Live enrollments per stage, per channel, and per (stage, channel)."""

    stages: dict[str, int] = field(default_factory=dict)
    channels: dict[str, int] = field(default_factory=dict)
    by_stage_channel: dict[tuple[str, str], int] = field(default_factory=dict)
