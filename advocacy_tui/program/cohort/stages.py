"""The cohort's stages and the steps between them: which step may be taken from which
status (`STEPS`, `check_step`), which steps (re)start the pipeline, and where `move_back`
returns to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from advocacy_tui.program.cohort.gate import enrollment_problems

# ------------------------------------------------------------------------------ stages

STAGES = ("nominated", "invited", "oriented", "enrolled")
"""The way in, in order."""
CLOSED = ("declined", "withdrawn")
"""Out of the pipeline: such a person receives nothing."""
STATUSES = STAGES + CLOSED
IN_PIPELINE = STAGES
CHANNEL_LABELS = {
    "manager": "manager nomination",
    "volunteer": "voluntary sign-up",
    "outreach": "direct outreach",
}
STAGE_DATE = {"oriented": "orientation_on", "enrolled": "opted_in_on"}
"""The date column a stage owns: moving back out of the stage clears it."""


def stage_order(status: str) -> int:
    return STATUSES.index(status) if status in STATUSES else len(STATUSES)


# ------------------------------------------------------------------------------- steps


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    allowed_from: tuple[str | None, ...]  # None: the employee has no live enrollment
    to_status: str | None  # None: unchanged (or, for move_back, computed)
    sets: str | None = None  # the date column the step's date goes into


_OUTSIDE: tuple[str | None, ...] = (None, "declined", "withdrawn")
ENTRY_STEPS = ("nominate", "sign_up", "invite")
"""The steps that bring someone into the pipeline from outside it."""

STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step("nominate", "nominate", _OUTSIDE, "nominated"),
        Step("sign_up", "record a volunteer sign-up", _OUTSIDE, "nominated"),
        Step("invite", "invite", (*_OUTSIDE, "nominated"), "invited"),
        Step("orientation", "record orientation attended", ("invited",), "oriented", "orientation_on"),
        Step("policy_ack", "record the policy acknowledgement", ("nominated", "invited", "oriented"), None, "policy_ack_on"),
        Step("opt_in", "record the opt-in", ("oriented",), "enrolled", "opted_in_on"),
        Step("decline", "record a decline", ("nominated", "invited", "oriented"), "declined"),
        Step("withdraw", "withdraw", STAGES, "withdrawn"),
        Step("move_back", "move back", ("invited", "oriented", "enrolled", *CLOSED), None),
        Step("category", "set the category", STATUSES, None),
    )
}
STEP_NAMES = tuple(STEPS)

_HINTS = {
    ("opt_in", "nominated"): "invite them and record orientation first",
    ("opt_in", "invited"): "record orientation first",
    ("orientation", "nominated"): "invite them first",
    ("decline", "enrolled"): "withdraw an enrolled advocate instead",
    ("move_back", "nominated"): "nominated is the first stage; decline or withdraw instead",
    ("policy_ack", "enrolled"): "they acknowledged it before opting in",
}


def restarts(step: str, status: str | None) -> bool:
    """True when the step (re)starts the pipeline: a fresh row, or a declined or withdrawn
    one reused, with its dates cleared (the history keeps the earlier ones)."""
    return step in ENTRY_STEPS and status in _OUTSIDE


def already_in_pipeline(step: str, status: str | None) -> bool:
    """True when `step` would bring in someone who is already in the pipeline."""
    return status in IN_PIPELINE and step in ENTRY_STEPS


def check_step(step: str, status: str | None) -> str | None:
    """Why `step` cannot be taken from `status` (None when it can), as a clause."""
    rule = STEPS.get(step)
    if rule is None:
        return f"{step!r} is not a cohort step"
    if status in rule.allowed_from:
        return None
    if status is None:
        return "they are not in the cohort pipeline yet; nominate or invite them first"
    if already_in_pipeline(step, status):
        return f"they are already in the cohort pipeline ({status})"
    hint = _HINTS.get((step, status))
    return f"not possible while {status}" + (f"; {hint}" if hint else "")


# -------------------------------------------------------------------------- move back


def move_back_target(
    status: str,
    previous: str | None,
    orientation_on: date | None,
    policy_ack_on: date | None,
    opted_in_on: date | None,
) -> tuple[str, str | None]:
    """(the status `move_back` returns to, the date column it clears or None).

    Along the stages it is the stage before. Out of declined or withdrawn it is the status
    they were in before (`previous`, from the history), or, for a file without history,
    the furthest stage the dates still support.
    """
    if status in STAGES:
        index = STAGES.index(status)
        if index == 0:
            raise ValueError("nominated is the first stage")
        return STAGES[index - 1], STAGE_DATE.get(status)
    if status not in CLOSED:
        raise ValueError(f"unknown status {status!r}")
    if previous in STAGES and not enrollment_problems(previous, orientation_on, policy_ack_on, opted_in_on):
        return previous, None
    for candidate in ("enrolled", "oriented"):
        if not enrollment_problems(candidate, orientation_on, policy_ack_on, opted_in_on):
            return candidate, None
    return "nominated", None
