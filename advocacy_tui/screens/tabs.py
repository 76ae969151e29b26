"""The six tabs, in DESIGN.md's order, named without importing them.

The app puts up its first frame with the Candidates tab only; the other five modules (and
what they import) load just after that frame. So the tab bar, the digit keys and the
command palette read the tabs' ids and titles from here, and each tab's class is imported
when it is first needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advocacy_tui.screens.tab import ProgramTab


@dataclass(frozen=True)
class TabSpec:
    tab_id: str
    title: str
    module: str
    class_name: str

    def load(self) -> "type[ProgramTab]":
        """The tab's class (importing its module the first time)."""
        return getattr(import_module(self.module), self.class_name)


TABS: tuple[TabSpec, ...] = (
    TabSpec("candidates", "Candidates", "advocacy_tui.screens.candidates", "CandidatesTab"),
    TabSpec("scoring", "Scoring", "advocacy_tui.screens.scoring", "ScoringTab"),
    TabSpec("cohort", "Cohort", "advocacy_tui.screens.cohort", "CohortTab"),
    TabSpec("content", "Content queue", "advocacy_tui.screens.content", "ContentTab"),
    TabSpec("recognition", "Recognition", "advocacy_tui.screens.recognition", "RecognitionTab"),
    TabSpec("metrics", "Metrics", "advocacy_tui.screens.metrics", "MetricsTab"),
)
