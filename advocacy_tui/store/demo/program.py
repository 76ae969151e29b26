"""The state the program-level generators share and the rows they make."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from advocacy_tui.store.demo.dates import midnight
from advocacy_tui.store.demo.ids import Ids
from advocacy_tui.store.demo.people import Person


@dataclass
class Program:
    """What the program-level generators share."""

    rng: random.Random
    ids: Ids
    today: date
    people: list[Person]
    mondays: list[date] = field(default_factory=list)
    advocates: list[tuple[Person, dict]] = field(default_factory=list)  # enrolled, with row
    assets: dict[str, dict] = field(default_factory=dict)
    drops: dict[str, list[list[str]]] = field(default_factory=dict)  # category -> weekly asset ids
    deliveries: list[dict] = field(default_factory=list)
    posts: list[dict] = field(default_factory=list)
    requisitions: list[dict] = field(default_factory=list)
    applications: list[dict] = field(default_factory=list)

    def row(self, born: date, updated: date | None = None, **values) -> dict:
        return {
            "id": self.ids.uuid(),
            "created_at": midnight(born),
            "updated_at": midnight(updated or born),
            **values,
        }

    @property
    def launch(self) -> date:
        return self.mondays[0]
