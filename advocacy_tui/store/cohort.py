"""Step 3 in the store: every recruitment step in one transaction with its history event,
the Cohort tab's query, the guards, `cohort --json`, SSH keys, and the written documents.

The rules themselves (which step from which status, the gate, the guards) live in
`program.cohort`; this module applies them to rows. The gate is enforced three times over:
here, with a sentence naming the person; by the ORM listener on `Enrollment` (models.py)
for any other ORM writer; and by the `ck_enrollment_gate` CHECK for bulk and raw writers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import and_, case, func, select

from advocacy_tui.program import cohort as rules
from advocacy_tui.program.cohort import (
    CohortCounts,
    CohortRow,
    CohortWarning,
    EnrolledMark,
    SshKey,
    SshKeyError,
    StepEvent,
    cohort_warnings,
    parse_ssh_key,
    parse_ssh_keys,
    step_dates,
)
from advocacy_tui.program.cohort_documents import (
    InvitationSignal,
    department_brief,
    invitation,
    orientation_agenda,
)
from advocacy_tui.program.audit import audit_window
from advocacy_tui.program.scoring import Thresholds
from advocacy_tui.program.vocabulary import CHANNELS, DIMENSIONS
from advocacy_tui.store.database import Store
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import AuditRank, Employee, Enrollment, EnrollmentEvent, Signal
from advocacy_tui.store.scoring import latest_marks, rubric_means, rubric_of

if TYPE_CHECKING:
    from advocacy_tui.config import Settings

NOTHING_SAVED = "nothing was saved."
MAX_CATEGORY = 120
MAX_REASON = 1000


# ------------------------------------------------------------------------------- steps


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


def _live_enrollment(session, employee_id: str) -> Enrollment | None:
    return session.scalars(
        select(Enrollment).where(Enrollment.employee_id == employee_id, Enrollment.deleted_at.is_(None))
    ).first()


def _history(session, enrollment_id: str) -> list[StepEvent]:
    rows = session.execute(
        select(
            EnrollmentEvent.step,
            EnrollmentEvent.from_status,
            EnrollmentEvent.to_status,
            EnrollmentEvent.occurred_on,
            EnrollmentEvent.recorded_by,
            EnrollmentEvent.note,
        )
        .where(EnrollmentEvent.enrollment_id == enrollment_id, EnrollmentEvent.deleted_at.is_(None))
        .order_by(EnrollmentEvent.created_at, EnrollmentEvent.id)
    )
    return [StepEvent(*row) for row in rows]


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
        enrollment = _live_enrollment(session, employee_id)
        status = enrollment.status if enrollment is not None else None
        refusal = rules.check_step(step, status)
        if refusal is not None:
            if status in rules.IN_PIPELINE and step in ("nominate", "sign_up", "invite"):
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
            previous = step_dates(_history(session, enrollment.id)).previous
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


def enrollment_history(store: Store, employee_id: str) -> list[StepEvent]:
    """Every step recorded for the employee's live enrollment, oldest first."""
    with store.reading() as session:
        enrollment = _live_enrollment(session, employee_id)
        return [] if enrollment is None else _history(session, enrollment.id)


# ------------------------------------------------------------------- who receives what


def enrolled_advocate_ids(store: Store) -> list[str]:
    """The employees who may receive anything: live, enrolled (never declined/withdrawn)."""
    query = (
        select(Enrollment.employee_id)
        .join(Employee, Employee.id == Enrollment.employee_id)
        .where(_receives())
        .order_by(Enrollment.employee_id)
    )
    with store.reading() as session:
        return list(session.scalars(query))


def can_receive(store: Store, employee_id: str) -> bool:
    """True only for a live, enrolled advocate."""
    query = (
        select(func.count())
        .select_from(Enrollment)
        .join(Employee, Employee.id == Enrollment.employee_id)
        .where(Enrollment.employee_id == employee_id, _receives())
    )
    with store.reading() as session:
        return bool(session.execute(query).scalar())


def _receives():
    return and_(
        Enrollment.deleted_at.is_(None),
        Enrollment.status == "enrolled",
        Employee.deleted_at.is_(None),
    )


# ---------------------------------------------------------------------- the Cohort tab

_STAGE_ORDER = case(
    *((Enrollment.status == status, index) for index, status in enumerate(rules.STATUSES)),
    else_=len(rules.STATUSES),
)


def _live_enrollments():
    return and_(Enrollment.deleted_at.is_(None), Employee.deleted_at.is_(None))


def cohort_rows(
    store: Store, thresholds: Thresholds = Thresholds(), scorer: str | None = None
) -> list[CohortRow]:
    """Every live enrollment, by stage (nominated, invited, oriented, enrolled, then
    declined and withdrawn) and name, with its dates and scoring mark.

    The mark is over every scorer's latest marks, as on the Scoring tab; pass `scorer` to
    see one scorer's marks only.
    """
    means = rubric_means(latest_marks(scorer))
    query = (
        select(
            Enrollment.id,
            Enrollment.employee_id,
            Employee.name,
            Employee.email,
            Employee.department,
            Employee.title,
            Employee.seniority,
            Enrollment.channel,
            Enrollment.nominated_by,
            Enrollment.status,
            Enrollment.category,
            Enrollment.orientation_on,
            Enrollment.policy_ack_on,
            Enrollment.opted_in_on,
            Employee.ssh_keys,
            *(getattr(means.c, dim) for dim in DIMENSIONS),
            means.c.scorers,
        )
        .join(Employee, Employee.id == Enrollment.employee_id)
        .outerjoin(means, means.c.employee_id == Enrollment.employee_id)
        .where(_live_enrollments())
        .order_by(_STAGE_ORDER, Employee.name, Employee.email)
    )
    events = (
        select(
            EnrollmentEvent.enrollment_id,
            EnrollmentEvent.step,
            EnrollmentEvent.from_status,
            EnrollmentEvent.to_status,
            EnrollmentEvent.occurred_on,
            EnrollmentEvent.recorded_by,
            EnrollmentEvent.note,
        )
        .join(Enrollment, Enrollment.id == EnrollmentEvent.enrollment_id)
        .where(EnrollmentEvent.deleted_at.is_(None), Enrollment.deleted_at.is_(None))
        .order_by(EnrollmentEvent.enrollment_id, EnrollmentEvent.created_at, EnrollmentEvent.id)
    )
    with store.reading() as session:
        rows = session.execute(query).all()
        history: dict[str, list[StepEvent]] = defaultdict(list)
        for enrollment_id, *event in session.execute(events):
            history[enrollment_id].append(StepEvent(*event))
    result = []
    for row in rows:
        (enrollment_id, employee_id, name, email, department, title, seniority, channel,
         nominated_by, status, category, oriented, acknowledged, opted_in, ssh_keys) = row[:15]
        rubric = rubric_of(row[15:19], row[19])
        dates = step_dates(history.get(enrollment_id, ()))
        result.append(
            CohortRow(
                enrollment_id=enrollment_id,
                employee_id=employee_id,
                name=name,
                email=email,
                department=department,
                title=title,
                seniority=seniority,
                channel=channel,
                nominated_by=nominated_by,
                status=status,
                category=category,
                nominated_on=dates.nominated_on,
                invited_on=dates.invited_on,
                orientation_on=oriented,
                policy_ack_on=acknowledged,
                opted_in_on=opted_in,
                closed_on=dates.closed_on if status in rules.CLOSED else None,
                reason=dates.reason if status in rules.CLOSED else "",
                rubric=rubric,
                mark=rubric.mark(thresholds),
                ssh_keys=len(parse_ssh_keys(ssh_keys or "")),
            )
        )
    return result


def cohort_counts(store: Store) -> CohortCounts:
    """Live enrollments per stage and per channel (every stage and channel listed, zeros
    included), from one SQL aggregate."""
    query = (
        select(Enrollment.status, Enrollment.channel, func.count())
        .join(Employee, Employee.id == Enrollment.employee_id)
        .where(_live_enrollments())
        .group_by(Enrollment.status, Enrollment.channel)
    )
    stages = {status: 0 for status in rules.STATUSES}
    channels = {channel: 0 for channel in CHANNELS}
    both: dict[tuple[str, str], int] = {}
    with store.reading() as session:
        for status, channel, count in session.execute(query):
            stages[status] = stages.get(status, 0) + count
            channels[channel] = channels.get(channel, 0) + count
            both[(status, channel)] = count
    return CohortCounts(stages, channels, both)


# ------------------------------------------------------------------------------ guards


def thresholds_of(settings: "Settings") -> Thresholds:
    scoring = settings.scoring
    return Thresholds(
        consistent_min=scoring.consistent_min,
        max_spread=scoring.max_spread,
        lopsided_high=scoring.lopsided_high,
        lopsided_low=scoring.lopsided_low,
    )


def _enrolled_marks(session, thresholds: Thresholds) -> list[EnrolledMark]:
    means = rubric_means()
    query = (
        select(Employee.email, Employee.name, *(getattr(means.c, dim) for dim in DIMENSIONS), means.c.scorers)
        .select_from(Enrollment)
        .join(Employee, Employee.id == Enrollment.employee_id)
        .outerjoin(means, means.c.employee_id == Enrollment.employee_id)
        .where(_receives())
        .order_by(Employee.name, Employee.email)
    )
    return [
        EnrolledMark(row[0], row[1], rubric_of(row[2:6], row[6]).mark(thresholds))
        for row in session.execute(query)
    ]


def cohort_guard(store: Store, settings: "Settings") -> list[CohortWarning]:
    """The guards the Cohort tab and `cohort --json` always show: the cohort's size and
    executive share from SQL counts, and each enrolled advocate's scoring mark."""
    counted = select(
        func.count(),
        func.coalesce(func.sum(case((Employee.seniority == "executive", 1), else_=0)), 0),
    ).select_from(Enrollment).join(Employee, Employee.id == Enrollment.employee_id).where(_receives())
    with store.reading() as session:
        enrolled, executives = session.execute(counted).one()
        marks = _enrolled_marks(session, thresholds_of(settings))
    return cohort_warnings(
        int(enrolled),
        int(executives),
        settings.cohort.max_size,
        settings.cohort.executive_share,
        marks,
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def cohort_json(store: Store, settings: "Settings") -> dict:
    """What `advocacy cohort --json` prints."""
    thresholds = thresholds_of(settings)
    rows = cohort_rows(store, thresholds)
    counts = cohort_counts(store)
    return {
        "enrolled": [
            {
                "email": row.email,
                "name": row.name,
                "department": row.department,
                "seniority": row.seniority,
                "channel": row.channel,
                "nominated_by": row.nominated_by,
                "category": row.category,
                "orientation_on": _iso(row.orientation_on),
                "policy_ack_on": _iso(row.policy_ack_on),
                "opted_in_on": _iso(row.opted_in_on),
                "mark": row.mark,
            }
            for row in rows
            if row.status == "enrolled"
        ],
        "stages": dict(counts.stages),
        "channels": dict(counts.channels),
        "warnings": [
            {"code": warning.code, "sentence": warning.sentence, "advocates": list(warning.advocates)}
            for warning in cohort_guard(store, settings)
        ],
    }


# ---------------------------------------------------------------------- SSH public keys


def _employee_by_email(session, email: str) -> Employee:
    email = (email or "").strip()
    employee = session.scalars(
        select(Employee).where(func.lower(Employee.email) == email.lower(), Employee.deleted_at.is_(None))
    ).first()
    if employee is None:
        raise StoreError(f"There is no employee with the email {email!r}.")
    return employee


def add_ssh_key(store: Store, email: str, key_text: str) -> SshKey:
    """Record one OpenSSH public key for the employee; refused unless it parses, or when
    they already have it."""
    try:
        key = parse_ssh_key(key_text)
    except SshKeyError as error:
        raise StoreError(f"Not a valid SSH public key: {error}; {NOTHING_SAVED}") from None
    with store.writing() as session:
        employee = _employee_by_email(session, email)
        keys = parse_ssh_keys(employee.ssh_keys or "")
        if any(existing.fingerprint == key.fingerprint for existing in keys):
            raise StoreError(f"{employee.name} already has the key {key.fingerprint}; {NOTHING_SAVED}")
        employee.ssh_keys = "\n".join([existing.line for existing in keys] + [key.line])
    return key


def list_ssh_keys(store: Store, email: str) -> list[SshKey]:
    with store.reading() as session:
        return parse_ssh_keys(_employee_by_email(session, email).ssh_keys or "")


def remove_ssh_key(store: Store, email: str, fingerprint: str) -> SshKey:
    """Remove the key with this fingerprint (`SHA256:...`, the prefix optional)."""
    wanted = (fingerprint or "").strip()
    if not wanted.startswith("SHA256:"):
        wanted = "SHA256:" + wanted
    with store.writing() as session:
        employee = _employee_by_email(session, email)
        keys = parse_ssh_keys(employee.ssh_keys or "")
        matching = [key for key in keys if key.fingerprint == wanted]
        if not matching:
            raise StoreError(f"{employee.name} has no key with the fingerprint {wanted}; {NOTHING_SAVED}")
        employee.ssh_keys = "\n".join(key.line for key in keys if key.fingerprint != wanted)
    return matching[0]


# -------------------------------------------------------------------------- documents


def strongest_signal(store: Store, employee_id: str, today: date) -> InvitationSignal | None:
    """The employee's highest-engagement signal in the audit window (the 90 days ending
    `today`), or over all time if they have none in it; the newest wins a tie."""
    start, end = audit_window(today)
    engagement = Signal.reactions + Signal.comments + Signal.shares
    base = (
        select(
            Signal.kind,
            Signal.source,
            Signal.occurred_on,
            Signal.impressions,
            Signal.reactions,
            Signal.comments,
            Signal.shares,
            Signal.url,
        )
        .where(Signal.employee_id == employee_id, Signal.deleted_at.is_(None))
        .order_by(engagement.desc(), Signal.occurred_on.desc(), Signal.id)
        .limit(1)
    )
    with store.reading() as session:
        for query, in_window in (
            (base.where(Signal.occurred_on >= start, Signal.occurred_on <= end), True),
            (base, False),
        ):
            row = session.execute(query).first()
            if row is not None:
                return InvitationSignal(*row, in_window=in_window)
    return None


@dataclass(frozen=True)
class _Invitee:
    employee_id: str
    name: str
    title: str
    department: str


def _invitees(store: Store) -> list[_Invitee]:
    """Flagged audit candidates, by rank, except those who declined or withdrew (they
    receive nothing) and those already oriented or enrolled (they need no invitation)."""
    skipped = (
        select(Enrollment.employee_id)
        .where(
            Enrollment.deleted_at.is_(None),
            Enrollment.status.in_(("oriented", "enrolled", *rules.CLOSED)),
        )
    )
    query = (
        select(Employee.id, Employee.name, Employee.title, Employee.department)
        .join(AuditRank, AuditRank.employee_id == Employee.id)
        .where(
            AuditRank.candidate.is_(True),
            Employee.deleted_at.is_(None),
            Employee.id.not_in(skipped),
        )
        .order_by(AuditRank.rank)
    )
    with store.reading() as session:
        return [_Invitee(*row) for row in session.execute(query)]


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug[:60] or "candidate"


def write_documents(
    store: Store,
    settings: "Settings",
    today: date,
    folder: Path,
    company: str | None = None,
) -> list[Path]:
    """Write the department heads' brief, the orientation agenda and one direct-outreach
    invitation per flagged audit candidate, as Markdown into `folder` (created if needed).

    The audit ranking is refreshed first, so the invitations go to today's candidates.
    """
    from advocacy_tui.store.audit import refresh_ranking

    refresh_ranking(store, today, settings.scoring.candidates)
    documents: list[tuple[str, str]] = [
        (
            "department-brief.md",
            department_brief(
                thresholds_of(settings),
                today,
                company=company,
                max_size=settings.cohort.max_size,
                coordinator=settings.scorer,
            ),
        ),
        (
            "orientation-agenda.md",
            orientation_agenda(
                today,
                company=company,
                disclosure=settings.compliance.disclosure,
                weekday=settings.delivery.weekday,
                per_drop=settings.delivery.per_drop,
                inactivity_days=settings.delivery.inactivity_days,
            ),
        ),
    ]
    used: set[str] = set()
    for invitee in _invitees(store):
        signal = strongest_signal(store, invitee.employee_id, today)
        name = f"invitation-{_slug(invitee.name)}.md"
        number = 2
        while name in used:
            name = f"invitation-{_slug(invitee.name)}-{number}.md"
            number += 1
        used.add(name)
        documents.append(
            (
                name,
                invitation(
                    invitee.name,
                    invitee.title,
                    signal,
                    today,
                    company=company,
                    coordinator=settings.scorer,
                ),
            )
        )
    folder = Path(folder).expanduser()
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in documents:
            path = folder / name
            path.write_text(text, encoding="utf-8")
            written.append(path)
    except OSError as error:
        raise StoreError(
            f"Cannot write the documents into {folder}: {error.strerror or error}. "
            f"{len(written)} of {len(documents)} were written."
        ) from None
    return written
