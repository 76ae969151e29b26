"""Step 4's feedback loop in the store: the coordinator's inbox, advocates' notes into it.

A flag of inauthentic content holds its asset back from new drops until the flag is
resolved (`drops.in_library`); resolving takes a note, so the advocate can be told what
was done about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from advocacy_tui.program.vocabulary import FEEDBACK_KINDS
from advocacy_tui.store.database import Store
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import Asset, Employee, Feedback

NOTHING_SAVED = "nothing was saved."
KIND_LABELS = {"flag": "Not authentic", "topic": "Topic idea", "support": "Support request"}
MAX_TEXT = 2000


@dataclass(frozen=True)
class FeedbackRow:
    id: str
    advocate_id: str
    advocate: str
    asset_id: str | None
    asset_title: str
    kind: str
    text: str
    status: str
    created_on: date
    resolution: str
    resolved_on: date | None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def feedback_rows(store: Store, *, include_resolved: bool = True, advocate_id: str | None = None) -> list[FeedbackRow]:
    """The inbox: open items first (oldest first: they have waited longest), then resolved
    ones, most recently resolved first."""
    asset = aliased(Asset)
    query = (
        select(
            Feedback.id, Feedback.advocate_id, Employee.name, Feedback.asset_id, asset.title,
            Feedback.kind, Feedback.text, Feedback.status, Feedback.created_on,
            Feedback.resolution, Feedback.resolved_on,
        )
        .join(Employee, Employee.id == Feedback.advocate_id)
        .outerjoin(asset, asset.id == Feedback.asset_id)
        .where(Feedback.deleted_at.is_(None))
        .order_by(
            case((Feedback.status == "open", 0), else_=1),
            case((Feedback.status == "open", Feedback.created_on), else_=None),
            Feedback.resolved_on.desc(),
            Feedback.created_on.desc(),
            Feedback.id,
        )
    )
    if not include_resolved:
        query = query.where(Feedback.status == "open")
    if advocate_id is not None:
        query = query.where(Feedback.advocate_id == advocate_id)
    with store.reading() as session:
        return [
            FeedbackRow(fid, adv, name, asset_id, title or "", kind, text, status, created, resolution or "", resolved)
            for (fid, adv, name, asset_id, title, kind, text, status, created, resolution, resolved)
            in session.execute(query)
        ]


def open_feedback_counts(store: Store) -> dict[str, int]:
    """Open items per kind (every kind listed)."""
    counts = dict.fromkeys(FEEDBACK_KINDS, 0)
    query = (
        select(Feedback.kind, func.count())
        .where(Feedback.deleted_at.is_(None), Feedback.status == "open")
        .group_by(Feedback.kind)
    )
    with store.reading() as session:
        counts.update(dict(session.execute(query).all()))
    return counts


def add_feedback(
    store: Store, advocate_id: str, kind: str, text: str, on: date, asset_id: str | None = None
) -> str:
    """Record an advocate's flag, topic suggestion or support request; returns its id."""
    if kind not in FEEDBACK_KINDS:
        raise StoreError(f"Feedback is a flag, a topic or a support request, not {kind!r}; {NOTHING_SAVED}")
    text = text.strip()
    if not text:
        what = {"flag": "why it does not feel authentic", "topic": "the topic", "support": "the post idea"}[kind]
        raise StoreError(f"Say {what}; {NOTHING_SAVED}")
    if len(text) > MAX_TEXT:
        raise StoreError(f"Keep it under {MAX_TEXT} characters; {NOTHING_SAVED}")
    if kind == "flag" and asset_id is None:
        raise StoreError(f"A flag names the asset it is about; {NOTHING_SAVED}")
    with store.writing() as session:
        if asset_id is not None:
            asset = session.get(Asset, asset_id)
            if asset is None or asset.deleted_at is not None:
                raise StoreError("No such asset (it may have been deleted); " + NOTHING_SAVED)
        feedback = Feedback(advocate_id=advocate_id, asset_id=asset_id, kind=kind, text=text, created_on=on)
        session.add(feedback)
        session.flush()
        return feedback.id


def resolve_feedback(store: Store, feedback_id: str, note: str, on: date) -> FeedbackRow:
    """Close an item with the coordinator's note; a resolved flag releases its asset."""
    note = note.strip()
    if not note:
        raise StoreError(f"Resolving needs a note saying what was done; {NOTHING_SAVED}")
    with store.writing() as session:
        feedback = session.get(Feedback, feedback_id)
        if feedback is None or feedback.deleted_at is not None:
            raise StoreError("No such feedback (it may have been deleted); " + NOTHING_SAVED)
        if feedback.status != "open":
            raise StoreError(f"That feedback was already resolved on {feedback.resolved_on}; {NOTHING_SAVED}")
        if on < feedback.created_on:
            raise StoreError(f"It cannot be resolved before it was given ({feedback.created_on}); {NOTHING_SAVED}")
        feedback.status = "resolved"
        feedback.resolution = note[:MAX_TEXT]
        feedback.resolved_on = on
        advocate = session.get(Employee, feedback.advocate_id)
        asset = session.get(Asset, feedback.asset_id) if feedback.asset_id else None
        return FeedbackRow(
            feedback.id, feedback.advocate_id, advocate.name if advocate else "", feedback.asset_id,
            asset.title if asset else "", feedback.kind, feedback.text, feedback.status,
            feedback.created_on, feedback.resolution, feedback.resolved_on,
        )
