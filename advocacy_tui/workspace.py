"""What every tab works with once the database is open: the store, the settings, today."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from advocacy_tui.program.scoring import Thresholds

if TYPE_CHECKING:  # SQLAlchemy and pydantic load after the first frame; only types here
    from advocacy_tui.config import Settings
    from advocacy_tui.store.database import Store


@dataclass(frozen=True)
class Workspace:
    store: "Store"
    settings: "Settings"
    today: date
    config_path: Path

    @property
    def thresholds(self) -> Thresholds:
        scoring = self.settings.scoring
        return Thresholds(
            consistent_min=scoring.consistent_min,
            max_spread=scoring.max_spread,
            lopsided_high=scoring.lopsided_high,
            lopsided_low=scoring.lopsided_low,
        )

    def with_settings(self, settings: "Settings") -> "Workspace":
        return replace(self, settings=settings)
