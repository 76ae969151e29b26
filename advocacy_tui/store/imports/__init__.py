"""Storing what the export readers (program/exports) read: issue 10's second half.

`import_exports(store, batches, *, advocate_email=None, dry_run=False, progress=None)`
stores every batch in one transaction (all files or none) and returns one
`ImportOutcome` per file: each row as stored, the unmatched and concealed people. A dry
run goes through the same code in a session that is never committed, so what it reports
is exactly what the import would do. Re-importing a file changes nothing: every source's
rows are found again by a key of their own (see each module).

`remember_alias(store, source, person, employee_id)` confirms who an unmatched person is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import func, select

from advocacy_tui.program.exports.outcome import ImportOutcome
from advocacy_tui.program.exports.records import ExportBatch
from advocacy_tui.store.database import Store
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.imports.applications import import_applications
from advocacy_tui.store.imports.chat import import_chat
from advocacy_tui.store.imports.linkedin import import_company_posts, import_creator_posts
from advocacy_tui.store.imports.people import People, remember_alias, search_employees
from advocacy_tui.store.imports.run import Run
from advocacy_tui.store.imports.visits import import_visits
from advocacy_tui.store.models import Employee

__all__ = ["import_exports", "remember_alias", "search_employees"]

# (file's name, records done, records in the file)
FileProgress = Callable[[str, int, int], None]


def import_exports(
    store: Store,
    batches: Sequence[ExportBatch],
    *,
    advocate_email: str | None = None,
    dry_run: bool = False,
    progress: FileProgress | None = None,
) -> list[ImportOutcome]:
    """Store the batches (or, with `dry_run`, only say what storing them would do).
    `advocate_email` names the owner of LinkedIn creator files whose name names no one."""
    context = store.reading() if dry_run else store.writing()
    with context as session, session.no_autoflush:
        people = People(session)
        owner_id = _advocate(session, advocate_email) if advocate_email else None
        outcomes = []
        for batch in batches:
            outcome = ImportOutcome(
                batch.file, batch.source, batch.label, batch.recognised_by, dry_run, list(batch.warnings)
            )
            run = Run(session, batch, people, outcome)
            step = None if progress is None else (lambda done, total, file=batch.file: progress(file, done, total))
            if batch.source in ("slack", "teams"):
                import_chat(run, step)
            elif batch.source == "linkedin-creator":
                import_creator_posts(run, owner_id, step)
            elif batch.source == "linkedin-page":
                import_company_posts(run, step)
            elif batch.source == "ga4":
                import_visits(run, step)
            else:
                import_applications(run, step)
            run.finish()
            outcomes.append(outcome)
            if not dry_run:
                session.flush()  # the next file sees this one's rows
    return outcomes


def _advocate(session, email: str) -> str:
    found = session.execute(
        select(Employee.id).where(Employee.deleted_at.is_(None), func.lower(Employee.email) == email.strip().lower())
    ).scalar()
    if found is None:
        raise StoreError(f"No employee has the email {email}; nothing was imported.")
    return found
