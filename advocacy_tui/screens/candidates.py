"""Tab 1, Candidates (step 1, the audit): everyone, ranked by engagement quality.

The table pages from the store's `audit_rank` cache, so 100,000 employees open as fast as
300; the ranking itself is rebuilt in a worker when signals change.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from advocacy_tui.program.audit import AuditRow, audit_window, format_quality
from advocacy_tui.screens.tab import ProgramTab
from advocacy_tui.widgets.paged_table import Column, PagedTable
from advocacy_tui.workspace import Workspace

COLUMNS = (
    Column("rank", "#", 6, "right"),
    Column("flag", "★", 1),
    Column("name", "Name", 20),
    Column("department", "Department", 16),
    Column("title", "Title", 21),
    Column("seniority", "Seniority", 9),
    Column("network", "Network", 7, "right"),
    Column("platform", "Plat", 4, "right"),
    Column("linkedin", "LkIn", 4, "right"),
    Column("internal", "Int", 4, "right"),
    Column("engagement", "Engage", 6, "right"),
    Column("quality", "Qual %", 6, "right"),
)


def audit_cells(row: AuditRow) -> tuple:
    return (
        str(row.rank),
        Text("★", style="bold yellow") if row.candidate else "",
        row.name,
        row.department,
        row.title,
        row.seniority,
        f"{row.network_size:,}",
        str(row.platform_signals),
        str(row.linkedin_signals),
        str(row.internal_signals),
        f"{row.engagement:,}",
        format_quality(row.quality),
    )


class AuditSource:
    """The ranked audit as the table's row source, optionally filtered. Runs in workers.

    Each keystroke of the filter makes a new source, and the table asks it for at most a
    page's count and the first page: one question to the store (`first_matches`), which
    says "more than a page" for a common word rather than counting 88,000 matches (the
    exact count is asked when the user scrolls toward the end). When the previous text's
    matches were all read and the new text only narrows it ("robotics" then "robotics e"),
    they are filtered here without asking the store. A source the table no longer wants
    (the user typed on) has its running query interrupted.
    """

    # Matches read whole when there are at most this many (then narrowed without the store).
    COMPLETE_UP_TO = 2000

    def __init__(self, workspace: Workspace, text: str = "", previous: "AuditSource | None" = None) -> None:
        from advocacy_tui.store.audit import Interrupt

        self.workspace = workspace
        self.text = text
        self.rows_by_key: dict[str, AuditRow] = {}
        self.counted: int | None = None  # the exact count, once known
        self.first = None  # FirstMatches, once read
        self.previous = previous.first if previous is not None and previous.first is not None else None
        self.interrupt = Interrupt()

    def _first(self, want: int):
        from advocacy_tui.store.audit import first_matches, narrowed

        if self.first is None or (not self.first.complete and len(self.first.rows) < want):
            first = narrowed(self.previous, self.text, sqlite=self.workspace.store.is_sqlite)
            if first is None:
                first = first_matches(
                    self.workspace.store, self.text, want=want, complete_up_to=self.COMPLETE_UP_TO,
                    interrupt=self.interrupt,
                )
            self.previous = None
            self.first = first
            if first.complete:
                self.counted = len(first.rows)
        return self.first

    def count_at_most(self, limit: int) -> int | None:
        if not self.text.split():
            return self.count()  # the ranking's own count: cheap, and exact at once
        first = self._first(limit)
        return len(first.rows) if first.complete else None

    def count(self) -> int:
        from advocacy_tui.store.audit import count_audit

        if self.counted is None:
            self.counted = count_audit(self.workspace.store, self.text, interrupt=self.interrupt)
        return self.counted

    def rows(self, offset: int, limit: int) -> list[tuple[str, tuple]]:
        from advocacy_tui.store.audit import audit_page

        first = self.first
        if first is not None and (first.complete or offset + limit <= len(first.rows)):
            page = first.rows[offset : offset + limit]
        else:
            # The table counts before it asks for rows; the count helps the store pick a plan.
            page = audit_page(
                self.workspace.store, offset, limit, self.text, matches=self.counted,
                dense=first is not None and first.dense, interrupt=self.interrupt,
            )
        self.rows_by_key.update((row.employee_id, row) for row in page)
        return [(row.employee_id, audit_cells(row)) for row in page]

    def cancel(self) -> None:
        self.interrupt.cancel()


class CandidatesTab(ProgramTab):
    TAB_ID = "candidates"
    TAB_TITLE = "Candidates"
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="candidates.filter"),
        Binding("enter", "signals", "Signals", id="candidates.signals", show=False),
        Binding("n", "nominate", "Nominate", id="candidates.nominate"),
        Binding("b", "baseline", "Record baseline", id="candidates.baseline"),
        Binding("r", "rerank", "Re-rank", id="candidates.rerank"),
        Binding("escape", "clear_filter", "Clear filter", id="candidates.clear_filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="candidates-tab")
        self.source: AuditSource | None = None

    def compose(self) -> ComposeResult:
        yield Static("Opening the database…", id="candidates-summary", classes="tab-summary")
        yield Input(placeholder="Filter by name, department or title (Enter: back to the table, Escape: clear)", id="candidates-filter")
        yield PagedTable(
            COLUMNS,
            empty_text="No employees match. Import employees and signals, or clear the filter.",
            loading_text="Ranking employees by engagement quality…",
            select_label="Signals",
            id="candidates-table",
        )

    @property
    def table(self) -> PagedTable:
        return self.query_one("#candidates-table", PagedTable)

    def load(self, workspace: Workspace, *, force: bool = False) -> None:
        self.rank(workspace, force)

    @work(thread=True, exclusive=True, group="candidates-rank")
    def rank(self, workspace: Workspace, force: bool = False) -> None:
        from advocacy_tui.store.audit import audit_summary, refresh_ranking
        from advocacy_tui.store.baselines import baseline_dates
        from advocacy_tui.store.errors import StoreError

        try:
            refresh_ranking(workspace.store, workspace.today, workspace.settings.scoring.candidates, force=force)
            total, flagged = audit_summary(workspace.store)
            baselines = baseline_dates(workspace.store)
        except StoreError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._ranked, workspace, total, flagged, baselines[0] if baselines else None)

    def _failed(self, message: str) -> None:
        self.query_one("#candidates-summary", Static).update(message)
        self.report(message)

    def _ranked(self, workspace: Workspace, total: int, flagged: int, baseline: date | None) -> None:
        start, end = audit_window(workspace.today)
        self.query_one("#candidates-summary", Static).update(
            f"{total:,} employees ranked by engagement quality (reactions + comments + shares "
            f"per network member), {start:%d %b} – {end:%d %b %Y}. "
            f"★ {flagged} flagged as candidates (top {workspace.settings.scoring.candidates}). "
            + (f"Last baseline: {baseline.isoformat()}." if baseline else "No baseline recorded yet: press b.")
        )
        self._show(self.query_one("#candidates-filter", Input).value)

    def _show(self, text: str, *, typed: bool = False) -> None:
        if self.workspace is None:
            return
        # As the user types, the new text starts from what the last one found, and the
        # rows on screen stay until the new ones come (no flash of the loading text).
        previous = self.source if typed else None
        self.source = AuditSource(self.workspace, text.strip(), previous)
        self.table.set_source(self.source, keep_rows=typed)

    # Filter ---------------------------------------------------------------------------

    def action_filter(self) -> None:
        filter_input = self.query_one("#candidates-filter", Input)
        filter_input.add_class("visible")
        filter_input.focus()

    @on(Input.Changed, "#candidates-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._show(event.value, typed=True)

    @on(Input.Submitted, "#candidates-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def action_clear_filter(self) -> None:
        filter_input = self.query_one("#candidates-filter", Input)
        if filter_input.value:
            filter_input.value = ""
        filter_input.remove_class("visible")
        self.table.focus()

    # Actions --------------------------------------------------------------------------

    @on(PagedTable.RowSelected, "#candidates-table")
    def _row_selected(self, event: PagedTable.RowSelected) -> None:
        self._open_signals(event.key)

    def action_signals(self) -> None:
        self._open_signals(self.table.cursor_key)

    def _open_signals(self, key: str | None) -> None:
        if key is None or self.source is None or self.workspace is None:
            return
        row = self.source.rows_by_key.get(key)
        if row is not None:
            from advocacy_tui.screens.signals import SignalsScreen  # a dialog: not needed for the first frame

            self.app.push_screen(SignalsScreen(self.workspace, row))

    def action_nominate(self) -> None:
        key = self.table.cursor_key
        row = self.source.rows_by_key.get(key) if self.source and key else None
        if row is not None:
            self.nominate(row.employee_id, row.name)

    def action_rerank(self) -> None:
        if self.workspace is not None:
            self.query_one("#candidates-summary", Static).update("Re-ranking…")
            self.rank(self.workspace, force=True)

    def action_baseline(self) -> None:
        if self.workspace is not None:
            self.prepare_baseline(self.workspace)

    @work(thread=True, exclusive=True, group="baseline")
    def prepare_baseline(self, workspace: Workspace) -> None:
        from advocacy_tui.screens.confirm import ConfirmScreen
        from advocacy_tui.store.baselines import BASELINE_METRICS, compute_baseline
        from advocacy_tui.store.errors import StoreError

        try:
            figures = compute_baseline(workspace.store, workspace.today)
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        lines = [
            f"{_figure(figures[metric]):>10}  {meaning}" for metric, meaning in BASELINE_METRICS.items()
        ]
        body = "\n".join(lines) + "\n\nTaking it again today replaces today's baseline."

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.record_baseline(workspace)

        self.app.call_from_thread(
            self.app.push_screen,
            ConfirmScreen(f"Record the baseline for {workspace.today.isoformat()}?", body),
            answered,
        )

    @work(thread=True, exclusive=True, group="baseline")
    def record_baseline(self, workspace: Workspace) -> None:
        from advocacy_tui.store.baselines import record_baseline
        from advocacy_tui.store.errors import StoreError

        try:
            figures = record_baseline(workspace.store, workspace.today)
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        self.app.call_from_thread(
            self.notify, f"Baseline for {workspace.today.isoformat()} recorded ({len(figures)} figures)."
        )
        self.app.call_from_thread(self.rank, workspace)


def _figure(value: float | None) -> str:
    if value is None:
        return "—"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:.3f}"
