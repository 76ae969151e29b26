"""Tab 2, Scoring (step 2): the flagged candidates against the four-attribute rubric.

Scoring is keyboard-only: Enter on a candidate moves into the rubric, 1-5 marks each
dimension, Enter saves under the configured scorer and the ranking updates at once.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from advocacy_tui.program.profile import profile_markdown
from advocacy_tui.program.scoring import Rubric, Thresholds, rank
from advocacy_tui.screens.tab import ProgramTab
from advocacy_tui.widgets.memory_rows import MemoryRows
from advocacy_tui.widgets.paged_table import Column, PagedTable
from advocacy_tui.widgets.rubric import RubricInput
from advocacy_tui.workspace import Workspace

COLUMNS = (
    Column("position", "#", 3, "right"),
    Column("name", "Name", 20),
    Column("department", "Department", 16),
    Column("seniority", "Seniority", 9),
    Column("network_relevance", "Net", 4, "right"),
    Column("engagement_quality", "Eng", 4, "right"),
    Column("subject_depth", "Depth", 5, "right"),
    Column("cultural_alignment", "Cult", 4, "right"),
    Column("composite", "Comp", 4, "right"),
    Column("scorers", "By", 2, "right"),
    Column("mark", "Mark", 12),
    Column("mine", "You scored", 10),
    Column("audit", "Audit #", 7, "right"),
)

MARK_STYLES = {
    "consistent": ("✔ consistent", "bold green"),
    "lopsided": ("⚠ lopsided", "bold red"),
    "mixed": ("mixed", ""),
    "not scored": ("not scored", "dim"),
}


def mark_text(mark: str) -> Text:
    """A rubric mark as the tables show it: consistent in green, lopsided in red."""
    label, style = MARK_STYLES[mark]
    return Text(label, style=style)


def _mean(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def scoring_cells(position: int, candidate, limits: Thresholds) -> tuple:
    rubric: Rubric = candidate.rubric
    return (
        str(position),
        candidate.name,
        candidate.department,
        candidate.seniority,
        *(_mean(value) for value in rubric.marks()),
        _mean(rubric.composite),
        str(rubric.scorers) if rubric.scorers else "",
        mark_text(rubric.mark(limits)),
        candidate.mine_on.isoformat() if candidate.mine_on else "—",
        f"{candidate.audit_rank:,}" if candidate.audit_rank else "",
    )


class ScoringTab(ProgramTab):
    TAB_ID = "scoring"
    TAB_TITLE = "Scoring"
    # The summary takes two lines (and its padding) while loading too: when it arrives the
    # table keeps its size, and the screen is drawn once more, not laid out again.
    DEFAULT_CSS = """
    ScoringTab #scoring-summary {
        min-height: 3;
    }
    """
    BINDINGS = [
        Binding("enter", "score", "Score", id="scoring.score"),
        Binding("n", "nominate", "Nominate", id="scoring.nominate"),
        Binding("x", "export", "Export profile", id="scoring.export"),
    ]

    def __init__(self) -> None:
        super().__init__(id="scoring-tab")
        self.candidates = self._rows([], Thresholds())

    def compose(self) -> ComposeResult:
        yield Static("Loading candidates…", id="scoring-summary", classes="tab-summary")
        yield PagedTable(
            COLUMNS,
            empty_text="No candidates yet: the audit flags them once employees have signals.",
            loading_text="Loading candidates…",
            select_label="Score",
            id="scoring-table",
        )
        yield RubricInput(id="scoring-rubric")

    @property
    def table(self) -> PagedTable:
        return self.query_one("#scoring-table", PagedTable)

    @property
    def rubric(self) -> RubricInput:
        return self.query_one("#scoring-rubric", RubricInput)

    def load(self, workspace: Workspace) -> None:
        self.rubric.scorer = workspace.settings.scorer
        self.fetch(workspace)

    @work(thread=True, exclusive=True, group="scoring-load")
    def fetch(self, workspace: Workspace) -> None:
        from advocacy_tui.store.audit import refresh_ranking
        from advocacy_tui.store.errors import StoreError
        from advocacy_tui.store.scoring import scoring_candidates

        try:
            refresh_ranking(workspace.store, workspace.today, workspace.settings.scoring.candidates)
            candidates = scoring_candidates(workspace.store, workspace.settings.scorer)
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        limits = workspace.thresholds
        ordered = rank(candidates, limits, rubric_of=lambda c: c.rubric, name_of=lambda c: c.name)
        self.app.call_from_thread(self._show, self._rows(ordered, limits), limits)

    @staticmethod
    def _rows(ordered: list, limits: Thresholds) -> MemoryRows:
        return MemoryRows(
            ordered,
            key=lambda candidate: candidate.employee_id,
            cells=lambda index, candidate: scoring_cells(index + 1, candidate, limits),
        )

    def _show(self, candidates: MemoryRows, limits: Thresholds) -> None:
        self.candidates = candidates
        ranked = candidates.items
        scored = sum(1 for c in ranked if c.rubric.scored)
        consistent = sum(1 for c in ranked if c.rubric.consistent(limits))
        lopsided = sum(1 for c in ranked if c.rubric.lopsided(limits))
        scorer = self.workspace.settings.scorer if self.workspace else ""
        self.query_one("#scoring-summary", Static).update(
            f"{len(ranked)} candidates · {scored} scored · {consistent} consistent · "
            f"{lopsided} lopsided · you score as “{scorer}”. Consistent first, then composite, "
            "then the weakest dimension. The guide's target: 15–25 scored candidates."
        )
        index = self.show_rows(self.table, candidates)
        self._sync_rubric(index if index is not None else self.table.cursor_row)

    def _sync_rubric(self, index: int) -> None:
        ranked = self.candidates.items
        if 0 <= index < len(ranked):
            candidate = ranked[index]
            self.rubric.show_candidate(candidate.employee_id, candidate.name, candidate.mine)
        else:
            self.rubric.show_candidate(None, "", None)

    @on(PagedTable.RowHighlighted, "#scoring-table")
    def _highlighted(self, event: PagedTable.RowHighlighted) -> None:
        if not self.rubric.has_focus:
            self._sync_rubric(event.index)

    @on(PagedTable.RowSelected, "#scoring-table")
    def _selected(self, event: PagedTable.RowSelected) -> None:
        self._sync_rubric(event.index)
        self.action_score()

    def action_score(self) -> None:
        if self.rubric.employee_id is None:
            self._sync_rubric(self.table.cursor_row)
        if self.rubric.employee_id is not None:
            self.rubric.focus()

    @on(RubricInput.Cancelled)
    def _cancelled(self) -> None:
        self._sync_rubric(self.table.cursor_row)
        self.table.focus()

    @on(RubricInput.Submitted)
    def _submitted(self, event: RubricInput.Submitted) -> None:
        if self.workspace is not None:
            self.follow = event.employee_id
            self.save(self.workspace, event.employee_id, event.marks)

    @work(thread=True, exclusive=True, group="scoring-save")
    def save(self, workspace: Workspace, employee_id: str, marks: dict[str, int]) -> None:
        from advocacy_tui.store.errors import StoreError
        from advocacy_tui.store.scoring import save_score

        try:
            save_score(workspace.store, employee_id, workspace.settings.scorer, marks, workspace.today)
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        self.app.call_from_thread(self._saved, workspace)

    def _saved(self, workspace: Workspace) -> None:
        self.notify(f"Score saved as {workspace.settings.scorer}.")
        self.table.focus()
        self.fetch(workspace)

    def action_nominate(self) -> None:
        candidate = self.candidates.item_at(self.table.cursor_row)
        if candidate is not None:
            self.nominate(candidate.employee_id, candidate.name)

    def action_export(self) -> None:
        if self.workspace is not None:
            self.export(self.workspace, self.candidates)

    @work(thread=True, exclusive=True, group="scoring-export")
    def export(self, workspace: Workspace, candidates: MemoryRows) -> None:
        from advocacy_tui.config import reports_dir

        document = profile_markdown(
            [(c.name, c.department, c.title, c.rubric) for c in candidates.items],
            workspace.thresholds,
            workspace.today,
        )
        folder = reports_dir(workspace.settings)
        path = folder / f"candidate-profile-{workspace.today.isoformat()}.md"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(document, encoding="utf-8")
        except OSError as error:
            self.app.call_from_thread(self.report, f"Cannot write {path}: {error.strerror}.")
            return
        self.app.call_from_thread(self.notify, f"Ranked list and profile written to {path}", timeout=10)

