"""The authenticity check's input: advocates' own texts per asset, from the store."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, literal_column, select

from advocacy_tui.program.content.authenticity import CopyWarning, PersonalText, copy_warnings
from advocacy_tui.store.database import Store
from advocacy_tui.store.models import Asset, Delivery, Employee

# A quarter: long enough to catch a pattern, short enough that fixed old posts drop out.
WINDOW_DAYS = 91


def near_identical(store: Store, on: date, threshold: float) -> list[CopyWarning]:
    """Assets whose advocates' texts (deliveries of the last quarter) are near-identical."""
    query = (
        select(Delivery.asset_id, Asset.title, Employee.name, Delivery.personalized_text)
        .join(Asset, Asset.id == Delivery.asset_id)
        .join(Employee, Employee.id == Delivery.advocate_id)
        .where(
            Delivery.deleted_at.is_(None),
            Delivery.delivered_on > on - timedelta(days=WINDOW_DAYS),
            Delivery.delivered_on <= on,
            # Implied by the test below, and spelled as ix_delivery_personalized's WHERE
            # (a literal, not a parameter), so the database reads only that small index.
            Delivery.personalized_text != literal_column("''"),
            func.length(func.trim(Delivery.personalized_text)) > 0,
        )
        .order_by(Delivery.asset_id, Employee.name)
    )
    texts: dict[str, tuple[str, list[PersonalText]]] = {}
    with store.reading() as session:
        for asset_id, title, name, text in session.execute(query):
            texts.setdefault(asset_id, (title, []))[1].append(PersonalText(name, text))
    return copy_warnings(texts, threshold)
