"""The cohort: enrollments at every stage, by every channel."""

from __future__ import annotations

from datetime import timedelta

from advocacy_tui.store.demo.company import COORDINATOR_TITLE
from advocacy_tui.store.demo.people import Person
from advocacy_tui.store.demo.program import Program
from advocacy_tui.store.demo.scoring import CANDIDATES


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
