"""Lever and Greenhouse -> applications, attributed to the advocate who brought them.

The advocate comes from a tracking value in the row (a `lever-source=` value, or a source
name carrying one), else from the referrer's name (the employee of exactly that name, or
a confirmed alias). The requisition is the one with the ATS's job id, else the live one
with the same title (which then learns the id). An application is found again by the
ATS's own id, so a re-import updates its stage-independent fields instead of adding it.
"""

from __future__ import annotations

from sqlalchemy import select

from advocacy_tui.program.exports.outcome import ADDED, UNCHANGED, UPDATED
from advocacy_tui.program.exports.records import Candidacy, PersonRef
from advocacy_tui.program.links import parse_utm_content
from advocacy_tui.store.imports.run import Progress, Run, day
from advocacy_tui.store.models import Application, Requisition


def external_id(record: Candidacy) -> str | None:
    """The ATS's id for one application: its own, else candidate and job together."""
    if record.application_id:
        return record.application_id
    if record.candidate_id:
        return f"{record.candidate_id}/{record.job_id or record.job_title or ''}"
    return None


def import_applications(run: Run, progress: Progress | None) -> None:
    records = [record for record in run.batch.records if isinstance(record, Candidacy)]
    requisitions = Requisitions(run)
    ats = run.batch.source
    keys = sorted({key for record in records if (key := external_id(record))})
    existing: dict[str, Application] = {}
    for start in range(0, len(keys), 500):
        query = select(Application).where(
            Application.deleted_at.is_(None), Application.ats == ats, Application.external_id.in_(keys[start:start + 500])
        )
        existing.update({application.external_id: application for application in run.session.execute(query).scalars()})
    for done, record in enumerate(records, 1):
        _store(run, record, ats, requisitions, existing)
        if progress is not None:
            progress(done, len(records))


def _advocate(run: Run, record: Candidacy) -> tuple[str | None, str | None]:
    """(utm_content, advocate id) for the row; (None, None) when no advocate brought it."""
    parsed = parse_utm_content(record.tracking_value)
    if parsed is not None:
        return record.tracking_value, run.people.by_token.get(parsed[0])
    if record.referrer_name:
        # An unmatched referrer is listed; the application is still stored, unattributed,
        # and a re-import after the alias is confirmed attributes it (same ATS id).
        person = PersonRef(name=record.referrer_name)
        advocate = run.employee(person, record.row, "application", by_name=True, note_row=False)
        if advocate is not None:
            return run.people.tokens[advocate], advocate
    return None, None


def _store(run: Run, record: Candidacy, ats: str, requisitions: "Requisitions", existing: dict) -> None:
    content, advocate = _advocate(run, record)
    requisition = requisitions.find(record)
    key = external_id(record)
    values = {
        "applied_on": record.applied_on,
        "source": (record.source or "")[:120],
        "utm_content": content,
        "requisition_id": requisition,
    }
    job = record.job_title or "no matching requisition"
    what = f"{job}, applied {day(record.applied_on)}" + ("" if requisition else " (no requisition matched)")
    if content is None:
        what += ", not attributed"
    application = existing.get(key) if key else None
    if application is None:
        application = Application(ats=ats, external_id=key, **values)
        run.session.add(application)
        if key:
            existing[key] = application
        run.stored(record.row, "application", advocate, what, ADDED)
        return
    changed = run.touch(application, **values)
    run.stored(record.row, "application", advocate, what, UPDATED if changed else UNCHANGED)


class Requisitions:
    """Live requisitions by external id and by title (the latest opened wins a tie)."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.by_id: dict[str, Requisition] = {}
        self.by_title: dict[str, Requisition] = {}
        query = select(Requisition).where(Requisition.deleted_at.is_(None)).order_by(
            Requisition.opened_on, Requisition.id
        )
        for requisition in run.session.execute(query).scalars():
            if requisition.external_id:
                self.by_id[requisition.external_id] = requisition
            self.by_title[requisition.title.casefold().strip()] = requisition

    def find(self, record: Candidacy) -> str | None:
        if record.job_id and (found := self.by_id.get(record.job_id)):
            return found.id
        if record.job_title and (found := self.by_title.get(record.job_title.casefold().strip())):
            if record.job_id and found.external_id is None:
                # The title matched: remember the ATS's id, so a renamed posting still matches.
                self.run.touch(found, external_id=record.job_id[:120])
                self.by_id[record.job_id] = found
            return found.id
        return None

