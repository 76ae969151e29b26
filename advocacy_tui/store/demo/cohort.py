"""The cohort: enrollments at every stage, by every channel, and the history of steps that
brought each one there."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import cycle
from typing import Iterator

from advocacy_tui.program.cohort import STEPS
from advocacy_tui.store.demo.company import COORDINATOR_TITLE
from advocacy_tui.store.demo.dates import midnight
from advocacy_tui.store.demo.ids import Ids
from advocacy_tui.store.demo.people import Person
from advocacy_tui.store.demo.program import Program
from advocacy_tui.store.demo.scoring import CANDIDATES, SCORERS


def make_enrollments(
    program: Program,
    ranking: list[Person],
    candidates: list[Person],
    consistent: list[Person],
    score_rows: list[dict],
    executive: Person | None,
) -> list[dict]:
    """The cohort: about fourteen enrolled plus people at every other stage, by all three channels."""
    rng, today, launch, mondays = program.rng, program.today, program.launch, program.mondays
    used: set[str] = set()
    scored_ids = {row["employee_id"] for row in score_rows}
    unscored_top = [p for p in candidates[:CANDIDATES] if p.id not in scored_ids]
    # Mid-level, active, outside the flagged list: the people managers know and data misses.
    outside = [
        p
        for p in ranking[CANDIDATES : CANDIDATES + 200]
        if p.seniority in ("ic", "manager") and p.quality is not None and p.signals > 0
    ]
    rng.shuffle(outside)
    pools = {
        "consistent": list(consistent),
        "unscored": unscored_top,
        "outside": outside,
        "executive": [executive] if executive else [],
        "anyone": [p for p in ranking if p.network > 0],
    }

    def take(*names: str) -> Person | None:
        for name in (*names, "anyone"):
            pool = pools[name]
            while pool:
                person = pool.pop(0)
                if person.id not in used:
                    used.add(person.id)
                    return person
        return None

    coordinator = next((p.email for p in program.people if p.title == COORDINATOR_TITLE), None)
    orientation = launch - timedelta(days=10)
    late_orientation = mondays[3] - timedelta(days=4)
    plan: list[tuple[str, str, tuple[str, ...], str]] = (
        [("enrolled", "outreach", ("consistent",), "main")] * 8
        + [("enrolled", "manager", ("consistent",), "main")] * 2
        + [("enrolled", "manager", ("outside",), "late")]
        + [("enrolled", "volunteer", ("consistent",), "main")]
        + [("enrolled", "volunteer", ("outside",), "late")]
        + [("enrolled", "volunteer", ("executive",), "main")]
        + [("oriented", "outreach", ("consistent",), "")]
        + [("oriented", "volunteer", ("outside",), "")]
        + [("oriented", "manager", ("outside",), "")]
        + [("invited", "outreach", ("consistent", "unscored"), "")] * 4
        + [("nominated", "manager", ("unscored",), "")] * 2
        + [("nominated", "manager", ("outside",), "")] * 2
        + [("declined", "outreach", ("consistent", "unscored"), "after-orientation")]
        + [("declined", "outreach", ("consistent", "unscored"), "")]
        + [("declined", "manager", ("outside",), "")]
        + [("withdrawn", "volunteer", ("outside",), "main")]
        + [("withdrawn", "outreach", ("consistent",), "main")]
    )
    rows: list[dict] = []
    for status, channel, pool_names, timing in plan:
        person = take(*pool_names)
        if person is None:
            break
        nominated_by = {
            "manager": person.manager_email,
            "outreach": coordinator,
            "volunteer": None,
        }[channel]
        oriented_on = acked_on = opted_on = None
        if status in ("enrolled", "withdrawn"):
            session = late_orientation if timing == "late" else orientation
            oriented_on = session
            acked_on = session + timedelta(days=rng.randint(0, 2))
            opted_on = acked_on + timedelta(days=rng.randint(0, 2))
            born = session - timedelta(days=rng.randint(8, 16))
        elif status == "oriented":
            oriented_on = mondays[-1] - timedelta(days=4)
            acked_on = oriented_on + timedelta(days=1) if rng.random() < 0.5 else None
            born = oriented_on - timedelta(days=rng.randint(6, 12))
        elif status == "declined":
            if timing == "after-orientation":
                oriented_on = orientation
            born = orientation - timedelta(days=rng.randint(8, 16))
        else:  # nominated, invited: recent, nothing done yet
            born = today - timedelta(days=rng.randint(1, 12))
        updated = max(d for d in (born, oriented_on, acked_on, opted_on) if d is not None)
        if status == "withdrawn":
            updated = mondays[3] + timedelta(days=2)
        elif status == "declined":
            updated = max(updated, born + timedelta(days=5))
        row = program.row(
            born,
            min(updated, today),
            employee_id=person.id,
            channel=channel,
            nominated_by=nominated_by,
            status=status,
            category=person.category,
            orientation_on=oriented_on,
            policy_ack_on=acked_on,
            opted_in_on=opted_on,
        )
        rows.append(row)
        if status == "enrolled":
            program.advocates.append((person, row))
    return rows


# ----------------------------------------------------------------------------- history

RECORDER = SCORERS[0]
"""Who recorded every step: the coordinator, the config's default scorer."""
ENTRY_STEP = {"manager": "nominate", "volunteer": "sign_up", "outreach": "invite"}
DECLINE_NOTES = (
    "Prefers to keep LinkedIn personal",
    "Not comfortable posting about work right now",
    "Too busy this quarter; ask again next cycle",
    "Would rather help behind the scenes",
)
WITHDRAWAL_REASONS = (
    "Workload: moved to a customer project",
    "Parental leave from next month",
    "Changed roles; no longer customer-facing",
    "Prefers to pause posting for now",
)


def make_history(rng: random.Random, ids: Ids, enrollments: list[dict]) -> list[dict]:
    """Each enrollment's `enrollment_event` rows: the steps the app would have recorded to
    bring it to its status and dates (`store.cohort.steps`), oldest first.

    The entry step (nominate, sign_up or invite, by channel) is on the day the row was
    born; anyone who went further was invited before orientation; declined and withdrawn
    close on the row's last update. `created_at` orders the history: the step's midnight
    plus one second per step already taken, since several steps may share a day.
    """
    events: list[dict] = []
    # Each closed enrollment its own note, while the lists last.
    notes = {
        "decline": cycle(rng.sample(DECLINE_NOTES, len(DECLINE_NOTES))),
        "withdraw": cycle(rng.sample(WITHDRAWAL_REASONS, len(WITHDRAWAL_REASONS))),
    }
    for row in enrollments:
        steps = _steps_of(rng, row, notes)
        status = None
        for position, (step, on, note) in enumerate(steps):
            rule = STEPS[step]
            to_status = rule.to_status or status
            stamp = midnight(on) + timedelta(seconds=position)
            events.append(
                {
                    "id": ids.uuid(),
                    "created_at": stamp,
                    "updated_at": stamp,
                    "enrollment_id": row["id"],
                    "employee_id": row["employee_id"],
                    "step": step,
                    "from_status": status,
                    "to_status": to_status,
                    "occurred_on": on,
                    "recorded_by": RECORDER,
                    "note": note,
                }
            )
            status = to_status
    return events


def _steps_of(rng: random.Random, row: dict, notes: dict[str, Iterator[str]]) -> list[tuple[str, date, str]]:
    """(step, day, note) for one enrollment row, in the order they were taken."""
    status, channel = row["status"], row["channel"]
    born, closed = row["created_at"].date(), row["updated_at"].date()
    oriented, acked, opted = row["orientation_on"], row["policy_ack_on"], row["opted_in_on"]
    steps: list[tuple[str, date, str]] = [(ENTRY_STEP[channel], born, "")]
    invited = status != "nominated" and not (status == "withdrawn" and oriented is None)
    if invited and channel != "outreach":
        until = oriented or closed
        gap = (until - born).days
        steps.append(("invite", born + timedelta(days=rng.randint(min(1, gap), min(4, gap))), ""))
    if oriented is not None:
        steps.append(("orientation", oriented, ""))
    if acked is not None:
        steps.append(("policy_ack", acked, ""))
    if opted is not None:
        steps.append(("opt_in", opted, ""))
    if status == "declined":
        steps.append(("decline", closed, next(notes["decline"])))
    elif status == "withdrawn":
        steps.append(("withdraw", closed, next(notes["withdraw"])))
    return steps
