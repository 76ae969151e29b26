"""The asset library in the store: the Content tab's listing, saving, and the status steps.

Approval re-checks the program's gate (`program.content.assets.approval_problems`) inside the
transaction that changes the status, so nothing unfinished reaches a queue whoever calls it.
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass, fields as dataclass_fields

from sqlalchemy import and_, case, func, select

from advocacy_tui.program.content.assets import (
    AssetFields,
    TRANSITIONS,
    approval_problems,
    check_transition,
    save_problems,
)
from advocacy_tui.program.vocabulary import ASSET_STATUSES, DELIVERY_STATUSES
from advocacy_tui.store.database import Store
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import Asset, Delivery, Feedback

NOTHING_SAVED = "nothing was saved."
FILTERS = ("topic", "platform", "tone", "category", "status")


@dataclass(frozen=True)
class AssetRow:
    """One line of the library table."""

    id: str
    fields: AssetFields
    status: str
    token: str
    delivered: int  # live deliveries of it, to anyone
    shared: int
    open_flags: int  # open "not authentic" flags: held back from new drops

    @property
    def held(self) -> bool:
        return self.open_flags > 0


def open_flag():
    """An open flag of inauthentic content about the asset in scope."""
    return and_(Feedback.deleted_at.is_(None), Feedback.kind == "flag", Feedback.status == "open")


# The columns a library row reads: plain columns, not ORM objects (a listing, not a unit of
# work), then its deliveries per status and its open flags. Read into a named tuple, whose
# attributes cost a fraction of a Row's when a thousand assets are listed.
LISTED = (
    Asset.id, Asset.status, Asset.token, *(getattr(Asset, field.name) for field in dataclass_fields(AssetFields))
)
ListedAsset = namedtuple(
    "ListedAsset", [column.key for column in LISTED] + [f"n_{status}" for status in DELIVERY_STATUSES] + ["flags"]
)


def delivery_count(status: str):
    """Live deliveries of the asset in scope with `status` (a correlated scalar subquery on
    `Asset.id`): one exact range (asset_id, status, deleted_at) of the covering index
    ix_delivery_asset_status, so neither the table nor a row outside the range is read."""
    return (
        select(func.count())
        .where(Delivery.asset_id == Asset.id, Delivery.status == status, Delivery.deleted_at.is_(None))
        .scalar_subquery()
        .label(f"n_{status}")
    )


def _status_order():
    return case(*((Asset.status == status, index) for index, status in enumerate(ASSET_STATUSES)), else_=99)


def _listed(filters: dict[str, str] | None):
    """The live assets matching every given filter, as a query of their ids."""
    query = select(Asset.id).where(Asset.deleted_at.is_(None))
    for name, value in (filters or {}).items():
        if name not in FILTERS:
            raise ValueError(f"not a library filter: {name}")
        if value:
            query = query.where(getattr(Asset, name) == value)
    return query


def _listing_order():
    return (_status_order(), func.lower(Asset.title), Asset.id)


def asset_rows(
    store: Store, filters: dict[str, str] | None = None, offset: int = 0, limit: int | None = None
) -> list[AssetRow]:
    """Live assets matching every given filter (exact values of topic, platform, tone,
    category, status), by status (draft, approved, retired) then title: all of them, or
    the `limit` from `offset` (a page of the library table).

    The listing's order is decided over the assets' own columns first (a sort of ids);
    only the assets of the page then have their deliveries and flags counted. Counted in
    the statement that sorts, every asset's deliveries would be read for a page of fifty.
    """
    # Counted per listed asset and delivery status (the CHECK on delivery.status allows no
    # other), summed here: a range per status reads each live delivery once and tests
    # nothing row by row.
    counts = [delivery_count(status) for status in DELIVERY_STATUSES]
    flags = (
        select(func.count())
        .where(Feedback.asset_id == Asset.id, open_flag())
        .scalar_subquery()
        .label("flags")
    )
    page = _listed(filters).order_by(*_listing_order())
    if limit is not None or offset:
        page = page.limit(-1 if limit is None else limit).offset(offset)
    page = page.subquery("page")
    query = select(*LISTED, *counts, flags).join(page, page.c.id == Asset.id).order_by(*_listing_order())
    with store.reading() as session:
        return [
            AssetRow(
                id=row.id,
                fields=AssetFields.from_stored(row),
                status=row.status,
                token=row.token,
                delivered=sum(getattr(row, f"n_{status}") for status in DELIVERY_STATUSES),
                shared=row.n_shared,
                open_flags=row.flags,
            )
            for row in map(ListedAsset._make, session.execute(query))
        ]


def asset_count(store: Store, filters: dict[str, str] | None = None) -> int:
    """How many rows `asset_rows` lists for these filters."""
    with store.reading() as session:
        return session.execute(select(func.count()).select_from(_listed(filters).subquery())).scalar_one()


def asset_position(store: Store, filters: dict[str, str] | None, asset_id: str) -> int | None:
    """The index of the asset in `asset_rows`'s listing for these filters (None if it is
    not listed): where the cursor goes back to after the asset was edited."""
    ordered = _listed(filters).add_columns(
        func.row_number().over(order_by=_listing_order()).label("position")
    ).subquery()
    with store.reading() as session:
        position = session.execute(select(ordered.c.position).where(ordered.c.id == asset_id)).scalar()
    return None if position is None else position - 1


def filter_values(store: Store) -> dict[str, list[str]]:
    """The distinct values each library filter can take, for the filter bar (one read of
    the assets' five columns, not five)."""
    columns = [getattr(Asset, name) for name in FILTERS]
    query = select(*columns).where(Asset.deleted_at.is_(None)).distinct()
    values: dict[str, set[str]] = {name: set() for name in FILTERS}
    with store.reading() as session:
        for row in session.execute(query):
            for name, value in zip(FILTERS, row):
                if value != "" and value is not None:
                    values[name].add(value)
    return {name: sorted(found) for name, found in values.items()}


def library_counts(store: Store) -> dict[str, int]:
    """Live assets per status (every status listed) and how many are held for review."""
    counts = {status: 0 for status in ASSET_STATUSES}
    held = (
        select(func.count(func.distinct(Feedback.asset_id)))
        .join(Asset, Asset.id == Feedback.asset_id)
        .where(open_flag(), Asset.deleted_at.is_(None))
    )
    with store.reading() as session:
        for status, count in session.execute(
            select(Asset.status, func.count()).where(Asset.deleted_at.is_(None)).group_by(Asset.status)
        ):
            counts[status] = count
        counts["held"] = session.execute(held).scalar() or 0
    return counts




def _live(session, asset_id: str) -> Asset:
    asset = session.get(Asset, asset_id)
    if asset is None or asset.deleted_at is not None:
        raise StoreError("No such asset (it may have been deleted); " + NOTHING_SAVED)
    return asset


def save_asset(store: Store, fields: AssetFields, asset_id: str | None = None, *, disclosure: str = "") -> str:
    """Create a draft (no `asset_id`) or update an asset; returns its id.

    An approved asset stays approved only if the edit still passes approval: otherwise the
    edit is refused, so what advocates receive never loses its caption or disclosure.
    """
    problems = save_problems(fields)
    if problems:
        raise StoreError(" ".join(problems) + " " + NOTHING_SAVED.capitalize())
    with store.writing() as session:
        if asset_id is None:
            asset = Asset(status="draft", **fields.stored())
            session.add(asset)
            session.flush()
            return asset.id
        asset = _live(session, asset_id)
        if asset.status == "approved":
            problems = approval_problems(fields, disclosure)
            if problems:
                raise StoreError(
                    f"\u201c{fields.title}\u201d is approved, and the edit would break approval: "
                    + " ".join(problems)
                    + " Nothing was saved."
                )
        for name, value in fields.stored().items():
            setattr(asset, name, value)
        return asset.id


def approve_asset(store: Store, asset_id: str, *, disclosure: str = "") -> AssetRow:
    """Draft -> approved, if the asset passes the gate; StoreError naming every problem."""
    return _step(store, asset_id, "approve", disclosure)


def retire_asset(store: Store, asset_id: str) -> AssetRow:
    """Approved -> retired: out of new drops; deliveries already made stay."""
    return _step(store, asset_id, "retire", "")


def reopen_asset(store: Store, asset_id: str) -> AssetRow:
    """Retired -> draft, to rework it and approve it again."""
    return _step(store, asset_id, "reopen", "")


def _step(store: Store, asset_id: str, step: str, disclosure: str) -> AssetRow:
    with store.writing() as session:
        asset = _live(session, asset_id)
        refusal = check_transition(step, asset.status)
        if refusal:
            raise StoreError(f"Cannot {step} \u201c{asset.title}\u201d: {refusal}; {NOTHING_SAVED}")
        fields = AssetFields.from_stored(asset)
        if step == "approve":
            problems = approval_problems(fields, disclosure)
            if problems:
                raise StoreError(
                    f"\u201c{asset.title}\u201d cannot be approved: " + " ".join(problems) + " Nothing was saved."
                )
        asset.status = TRANSITIONS[step][1]
        return AssetRow(asset.id, fields, asset.status, asset.token, 0, 0, 0)

