"""The enrollment history replayed: the dates of the steps the enrollment row has no column
for (nomination, invitation, closing), the withdrawal reason, and the status before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, TypeVar

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


DATE_STEPS = ("nominate", "sign_up", "invite", "decline", "withdraw", "move_back")
"""The steps whose events move the nomination, invitation or closing date (or the reason);
the others (orientation, policy_ack, opt_in, category) leave them as they were."""

When = TypeVar("When")


def replay_dates(
    events: Iterable[tuple[str, str | None, When, str]],
) -> tuple[When | None, When | None, When | None, str]:
    """The rule behind `step_dates`, over plain (step, from_status, occurred_on, note)
    tuples in the order recorded: (nominated on, invited on, closed on, reason).

    The dates are passed through as given (dates, or whatever the caller reads them as),
    so a caller replaying thousands of histories converts only the dates that survive.
    Events of steps outside `DATE_STEPS` may be left out: they change nothing here.
    """
    nominated = invited = closed = None
    reason = ""
    for step, from_status, occurred_on, note in events:
        if restarts(step, from_status):
            nominated = invited = closed = None
            reason = ""
        if step in ("nominate", "sign_up"):
            nominated = occurred_on
        elif step == "invite":
            invited = occurred_on
        elif step in ("decline", "withdraw"):
            closed = occurred_on
            reason = note
        elif step == "move_back":
            if from_status == "invited":
                invited = None
            elif from_status in CLOSED:
                closed = None
                reason = ""
    return nominated, invited, closed, reason


def step_dates(events: Iterable[StepEvent]) -> StepDates:
    """Replay the history: the current nomination, invitation and closing dates."""
    events = list(events)
    nominated, invited, closed, reason = replay_dates(
        (event.step, event.from_status, event.occurred_on, event.note) for event in events
    )
    previous = None
    for event in events:
        if event.from_status != event.to_status:
            previous = event.from_status
    return StepDates(nominated, invited, closed, reason, previous)
