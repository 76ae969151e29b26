"""What every source's import shares: the session, the people, and the outcome it fills."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

from advocacy_tui.program.exports.outcome import (
    CONCEALED,
    UNMATCHED,
    ImportOutcome,
    StoredRow,
    UnmatchedPerson,
)
from advocacy_tui.program.exports.records import ExportBatch, PersonRef
from advocacy_tui.store.imports.people import People
from advocacy_tui.store.models import utcnow

Progress = Callable[[int, int], None]  # (records done, records in all)


def day(text: date) -> str:
    """A date as a coordinator reads it in a preview: 1 May 2026."""
    return f"{text.day} {text:%b %Y}"


class Run:
    """One file being imported (or looked at in a dry run) inside one session."""

    def __init__(self, session: Session, batch: ExportBatch, people: People, outcome: ImportOutcome) -> None:
        self.session = session
        self.batch = batch
        self.people = people
        self.outcome = outcome
        self.now = utcnow()
        self._unmatched: dict[str, tuple[PersonRef, list[int]]] = {}

    def employee(
        self, person: PersonRef, row: int, entity: str, *, by_name: bool = False, note_row: bool = True
    ) -> str | None:
        """The matched employee id; an unmatched or concealed person is recorded instead
        (and, with `note_row`, the row as not stored)."""
        found = self.people.match(person, self.batch.source, by_name=by_name)
        if found is not None:
            return found
        if person.concealed:
            self.outcome.concealed += 1
            if note_row:
                self.stored(row, entity, None, person.label, CONCEALED)
            return None
        self._unmatched.setdefault(person.label, (person, []))[1].append(row)
        if note_row:
            self.stored(row, entity, None, person.label, UNMATCHED)
        return None

    def stored(self, row: int, entity: str, employee_id: str | None, what: str, outcome: str) -> None:
        who = self.people.names.get(employee_id, "") if employee_id else ""
        self.outcome.rows.append(StoredRow(row, entity, who, what, outcome))

    def touch(self, model: object, **values: object) -> bool:
        """Set the values that differ; True when any did (then `updated_at` moves too)."""
        changed = {name: value for name, value in values.items() if getattr(model, name) != value}
        for name, value in changed.items():
            setattr(model, name, value)
        if changed:
            model.updated_at = self.now  # type: ignore[attr-defined]
        return bool(changed)

    def finish(self) -> None:
        self.outcome.unmatched = [
            UnmatchedPerson(person, tuple(dict.fromkeys(rows)), self.people.suggestion(person))
            for person, rows in self._unmatched.values()
        ]
