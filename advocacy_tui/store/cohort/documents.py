"""The written documents: the department heads' brief, the orientation agenda and one
direct-outreach invitation per flagged audit candidate, quoting their strongest signal."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from advocacy_tui.program import cohort as rules
from advocacy_tui.program.audit import audit_window
from advocacy_tui.program.cohort_documents import (
    InvitationSignal,
    department_brief,
    invitation,
    orientation_agenda,
)
from advocacy_tui.store.cohort.guards import thresholds_of
from advocacy_tui.store.database import Store
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import AuditRank, Employee, Enrollment, Signal

if TYPE_CHECKING:
    from advocacy_tui.config import Settings


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
