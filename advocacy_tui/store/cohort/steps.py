"""The recruitment steps: each one checked against the rules, applied and written with its
history event in one transaction; a refusal is a StoreError naming the person and why.

The gate is enforced three times over: here, with a sentence naming the person; by the ORM
listener on `Enrollment` (models.py) for any other ORM writer; and by the
`ck_enrollment_gate` CHECK for bulk and raw writers.
"""

from __future__ import annotations

from datetime import date, datetime

from advocacy_tui.program import cohort as rules
from advocacy_tui.program.cohort import step_dates
from advocacy_tui.program.vocabulary import CHANNELS
from advocacy_tui.store.cohort.history import history_of, live_enrollment
from advocacy_tui.store.database import Store
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import Employee, Enrollment, EnrollmentEvent

NOTHING_SAVED = "nothing was saved."
MAX_CATEGORY = 120
MAX_REASON = 1000


def _check_actor(on: date, by: str) -> None:
    if not isinstance(on, date) or isinstance(on, datetime):
        raise StoreError(f"A step needs the date it happened on, not {on!r}; {NOTHING_SAVED}")
    if not by or not by.strip():
        raise StoreError(
            "A step needs the name of who took it (set `scorer` in the settings); " + NOTHING_SAVED
        )


def _employee(session, employee_id: str) -> Employee:
    employee = session.get(Employee, employee_id)
    if employee is None or employee.deleted_at is not None:
        raise StoreError("No such employee (it may have been deleted); " + NOTHING_SAVED)
    return employee


def _take_step(
    store: Store,
    employee_id: str,
    step: str,
    on: date,
    by: str,
    *,
    channel: str | None = None,
    nominated_by: str | None = None,
    note: str = "",
    category: str | None = None,
) -> Enrollment:
    """Check `step` against the rules, apply it and write its history event, all in one
    transaction; a refusal is a StoreError naming the person and why."""
    _check_actor(on, by)
    rule = rules.STEPS[step]
    with store.writing() as session:
        employee = _employee(session, employee_id)
        enrollment = live_enrollment(session, employee_id)
        status = enrollment.status if enrollment is not None else None
        refusal = rules.check_step(step, status)
        if refusal is not None:
            if rules.already_in_pipeline(step, status):
                raise StoreError(
                    f"{employee.name} is already in the cohort pipeline ({status}); {NOTHING_SAVED}"
                )
            raise StoreError(f"Cannot {rule.label} for {employee.name}: {refusal}; {NOTHING_SAVED}")

        if rules.restarts(step, status):
            if step == "sign_up":
                channel, nominated_by = "volunteer", None
            elif step == "invite":
                channel, nominated_by = "outreach", by.strip()
            channel, nominated_by = _nomination(employee, channel or "manager", nominated_by, by)
            if enrollment is None:
                enrollment = Enrollment(employee_id=employee_id, category="")
                session.add(enrollment)
            enrollment.channel = channel
            enrollment.nominated_by = nominated_by
            enrollment.orientation_on = enrollment.policy_ack_on = enrollment.opted_in_on = None
            to_status = rule.to_status
        elif step == "move_back":
            previous = step_dates(history_of(session, enrollment.id)).previous
            to_status, cleared = rules.move_back_target(
                status, previous, enrollment.orientation_on, enrollment.policy_ack_on, enrollment.opted_in_on
            )
            if cleared:
                setattr(enrollment, cleared, None)
        elif step == "opt_in":
            problems = rules.enrollment_problems(
                "enrolled", enrollment.orientation_on, enrollment.policy_ack_on, on
            )
            if problems:
                raise StoreError(
                    f"Cannot record the opt-in for {employee.name}: " + "; ".join(problems) + "; " + NOTHING_SAVED
                )
            to_status = "enrolled"
        elif step == "category":
            enrollment.category = category or ""
            to_status = status
        else:
            to_status = rule.to_status or status
        if rule.sets:
            setattr(enrollment, rule.sets, on)
        enrollment.status = to_status
        session.flush()
        session.add(
            EnrollmentEvent(
                enrollment_id=enrollment.id,
                employee_id=employee_id,
                step=step,
                from_status=status,
                to_status=to_status,
                occurred_on=on,
                recorded_by=by.strip(),
                note=note,
            )
        )
    return enrollment


def _nomination(employee: Employee, channel: str, nominated_by: str | None, by: str) -> tuple[str, str | None]:
    if channel not in CHANNELS:
        raise StoreError(
            f"{channel!r} is not a recruitment channel (use one of: {', '.join(CHANNELS)}); {NOTHING_SAVED}"
        )
    nominated_by = (nominated_by or "").strip() or None
    if channel == "manager":
        nominated_by = nominated_by or (employee.manager_email or "").strip() or None
        if nominated_by is None:
            raise StoreError(
                f"A manager nomination of {employee.name} needs the nominating manager; {NOTHING_SAVED}"
            )
    elif channel == "outreach":
        nominated_by = nominated_by or by.strip()
    else:
        nominated_by = None
    return channel, nominated_by


def nominate(
    store: Store, employee_id: str, channel: str, nominated_by: str | None, on: date, by: str
) -> Enrollment:
    """Into the pipeline at `nominated` (a declined or withdrawn enrollment is reused).

    A manager nomination without `nominated_by` is credited to the employee's manager.
    """
    return _take_step(store, employee_id, "nominate", on, by, channel=channel, nominated_by=nominated_by)


def sign_up(store: Store, employee_id: str, on: date, by: str) -> Enrollment:
    """A volunteer's sign-up: channel volunteer, status nominated."""
    return _take_step(store, employee_id, "sign_up", on, by)


def invite(store: Store, employee_id: str, on: date, by: str) -> Enrollment:
    """Invite to orientation: from nominated, or straight from outside the pipeline as
    direct outreach (channel outreach, nominated by `by`)."""
    return _take_step(store, employee_id, "invite", on, by)


def record_orientation(store: Store, employee_id: str, on: date, by: str) -> Enrollment:
    """They attended the orientation: invited -> oriented."""
    return _take_step(store, employee_id, "orientation", on, by)


def record_policy_ack(store: Store, employee_id: str, on: date, by: str) -> Enrollment:
    """They acknowledged the social media policy (the status does not change)."""
    return _take_step(store, employee_id, "policy_ack", on, by)


def opt_in(store: Store, employee_id: str, on: date, by: str) -> Enrollment:
    """Their explicit opt-in: oriented -> enrolled, only after orientation and the policy."""
    return _take_step(store, employee_id, "opt_in", on, by)


def decline(store: Store, employee_id: str, on: date, by: str, note: str = "") -> Enrollment:
    """They said no (before enrolling)."""
    return _take_step(store, employee_id, "decline", on, by, note=note.strip()[:MAX_REASON])


def withdraw(store: Store, employee_id: str, reason: str, on: date, by: str) -> Enrollment:
    """Out of the cohort (or the pipeline), with the reason, which is required."""
    reason = (reason or "").strip()
    if not reason:
        raise StoreError("A withdrawal needs a reason; " + NOTHING_SAVED)
    if len(reason) > MAX_REASON:
        raise StoreError(f"The reason is longer than {MAX_REASON} characters; {NOTHING_SAVED}")
    return _take_step(store, employee_id, "withdraw", on, by, note=reason)


def move_back(store: Store, employee_id: str, on: date, by: str) -> Enrollment:
    """Back to the stage before, clearing the date of the stage left; out of declined or
    withdrawn, back to where they were."""
    return _take_step(store, employee_id, "move_back", on, by)


def set_category(store: Store, employee_id: str, category: str, on: date, by: str) -> Enrollment:
    """The advocate category (which assets they receive); recorded in the history."""
    category = " ".join((category or "").split())
    if len(category) > MAX_CATEGORY:
        raise StoreError(f"A category is at most {MAX_CATEGORY} characters; {NOTHING_SAVED}")
    return _take_step(store, employee_id, "category", on, by, category=category, note=category)
