"""The enrollment history replayed: the dates of the steps the enrollment row has no column
for (nomination, invitation, closing), the withdrawal reason, and the status before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from advocacy_tui.program.cohort.stages import CLOSED, restarts


@dataclass(frozen=True)
class StepEvent:
    """One recorded step, as the history holds it (in the order it was recorded)."""

    step: str
    from_status: str | None
    to_status: str
    occurred_on: date
    recorded_by: str = ""
    note: str = ""


@dataclass(frozen=True)
class StepDates:
    """The dates the history gives for the steps the enrollment row has no column for."""

    nominated_on: date | None = None
    invited_on: date | None = None
    closed_on: date | None = None  # declined or withdrawn on
    reason: str = ""  # why they withdrew
    previous: str | None = None  # the status before the current one, for move_back


def step_dates(events: Iterable[StepEvent]) -> StepDates:
    """Replay the history: the current nomination, invitation and closing dates."""
    nominated = invited = closed = None
    reason = ""
    previous = None
    for event in events:
        if restarts(event.step, event.from_status):
            nominated = invited = closed = None
            reason = ""
        if event.step in ("nominate", "sign_up"):
            nominated = event.occurred_on
        elif event.step == "invite":
            invited = event.occurred_on
        elif event.step in ("decline", "withdraw"):
            closed = event.occurred_on
            reason = event.note
        elif event.step == "move_back":
            if event.from_status == "invited":
                invited = None
            elif event.from_status in CLOSED:
                closed = None
                reason = ""
        if event.from_status != event.to_status:
            previous = event.from_status
    return StepDates(nominated, invited, closed, reason, previous)
