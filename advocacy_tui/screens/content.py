"""Tab 4, Content queue (steps 4 and 6): the library, this week's queue and the feedback inbox.

Three views of one tab, switched with l, u and f: the asset library (filterable by topic,
platform, tone, category and status, with the form to create and edit an asset and the
draft -> approved -> retired steps), the queue (this week's deliveries per enrolled
advocate), and the feedback inbox. Above them, always visible: coverage per category
against the guide's four weeks, and the authenticity check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher, Select, Static

from advocacy_tui.screens.views import ViewsTab
from advocacy_tui.widgets.memory_rows import MemoryRows
from advocacy_tui.widgets.paged_table import Column, PagedTable
from advocacy_tui.workspace import Workspace

FILTERS = (("topic", "Topic"), ("platform", "Platform"), ("tone", "Tone"), ("category", "Category"), ("status", "Status"))

LIBRARY_COLUMNS = (
    Column("status", "Status", 8),
    Column("title", "Title", 30),
    Column("topic", "Topic", 17),
    Column("platform", "Platform", 9),
    Column("tone", "Tone", 11),
    Column("category", "Category", 14),
    Column("from", "From", 5),
    Column("expires", "Exp.", 5),
    Column("sent", "Sent", 4, "right"),
    Column("shared", "Shrd", 4, "right"),
)
QUEUE_COLUMNS = (
    Column("advocate", "Advocate", 18),
    Column("category", "Category", 18),
    Column("asset", "Asset", 36),
    Column("platform", "Platform", 9),
    Column("delivered", "Sent", 6),
    Column("due", "Due", 6),
    Column("status", "Status", 9),
    Column("utilization", "Used", 5, "right"),
)
FEEDBACK_COLUMNS = (
    Column("status", "Status", 8),
    Column("kind", "Kind", 15),
    Column("advocate", "Advocate", 18),
    Column("asset", "Asset", 28),
    Column("text", "What they said", 32),
    Column("given", "Given", 6),
)
STATUS_STYLES = {
    "approved": "green",
    "draft": "yellow",
    "retired": "dim",
    "shared": "bold green",
    "skipped": "dim",
    "queued": "",
    "delivered": "",
    "open": "bold yellow",
    "resolved": "dim",
}


def _day(value: date | None) -> str:
    return value.strftime("%m-%d") if value else ""


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


class LibraryCells:
    """Library rows; an approved asset past its expiry date shows as expired."""

    def __init__(self, today: date) -> None:
        self.today = today

    def __call__(self, _index: int, row) -> tuple:
        fields = row.fields
        if row.held:
            status = Text("review", style="bold red")
        elif row.status == "approved" and fields.expires_on is not None and fields.expires_on <= self.today:
            status = Text("expired", style="dim")
        else:
            status = Text(row.status, style=STATUS_STYLES.get(row.status, ""))
        return library_cells(status, fields, row)


def library_cells(status: Text, fields, row) -> tuple:
    return (
        status,
        fields.title,
        fields.topic,
        fields.platform,
        fields.tone,
        fields.category or "(everyone)",
        _day(fields.available_from),
        _day(fields.expires_on),
        str(row.delivered),
        str(row.shared),
    )


class QueueCells:
    """Queue rows with the advocate named once per group, so the eye finds each person."""

    def __init__(self, rows) -> None:
        self.rows = rows

    def __call__(self, index: int, row) -> tuple:
        first = index == 0 or self.rows[index - 1].advocate_id != row.advocate_id
        if row.delivery_id is None:
            asset = Text("nothing delivered this week", style="italic dim")
        else:
            asset = row.asset_title
        return (
            row.advocate if first else "",
            (row.category or "(none)") if first else "",
            asset,
            row.platform,
            _day(row.delivered_on),
            _day(row.due_on),
            Text(row.status, style=STATUS_STYLES.get(row.status, "")),
            _percent(row.utilization) if first else "",
        )


def feedback_cells(_index: int, row) -> tuple:
    return (
        Text(row.status, style=STATUS_STYLES.get(row.status, "")),
        row.kind_label,
        row.advocate,
        row.asset_title,
        row.text,
        _day(row.created_on),
    )


@dataclass(frozen=True)
class ContentState:
    """Everything the tab shows but the library rows, read in one worker."""

    counts: dict
    coverage: list
    copies: list
    queue: list
    totals: object
    feedback: list
    filter_values: dict[str, list[str]]


class ContentTab(ViewsTab):
    TAB_ID = "content"
    TAB_TITLE = "Content queue"
    VIEWS = {"library": ("Library", "l"), "queue": ("Queue", "u"), "feedback": ("Feedback", "f")}
    BINDINGS = [
        # The view bar above the tables shows l, u and f; the footer keeps to actions.
        Binding("l", "view('library')", "Library view", id="content.library", show=False),
        Binding("u", "view('queue')", "Queue view", id="content.queue", show=False),
        Binding("f", "view('feedback')", "Feedback inbox", id="content.feedback", show=False),
        Binding("n", "new_asset", "New", id="content.new"),
        Binding("e", "edit_asset", "Edit", id="content.edit"),
        Binding("a", "approve", "Approve", id="content.approve"),
        Binding("r", "retire", "Retire", id="content.retire"),
        Binding("o", "reopen", "Reopen a retired asset", id="content.reopen", show=False),
        Binding("slash", "filter", "Filter", id="content.filter"),
        Binding("c", "clear_filters", "Clear filters", id="content.clear", show=False),
        Binding("x", "resolve", "Resolve", id="content.resolve"),
        Binding("t", "tick", "Tick", id="content.tick"),
        Binding("d", "drop_now", "Deliver the drop now", id="content.drop", show=False),
    ]
    # Which view each action belongs to (the footer shows only the current view's keys).
    ACTION_VIEWS = {
        "new_asset": "library",
        "edit_asset": "library",
        "approve": "library",
        "retire": "library",
        "reopen": "library",
        "filter": "library",
        "clear_filters": "library",
        "resolve": "feedback",
    }

    def __init__(self) -> None:
        super().__init__(id="content-tab")
        self.library = MemoryRows([], key=lambda row: row.id, cells=LibraryCells(date.min))
        self.queue = MemoryRows([], key=lambda row: row.delivery_id or row.advocate_id, cells=QueueCells([]))
        self.feedback = MemoryRows([], key=lambda row: row.id, cells=feedback_cells)
        self.filters: dict[str, str] = {}
        self.state: ContentState | None = None

    def compose(self) -> ComposeResult:
        yield Static("Loading the content library…", id="content-summary", classes="tab-summary")
        yield Static("", id="content-warnings", classes="content-warnings")
        yield Static("", id="content-views")
        with ContentSwitcher(initial="content-library", id="content-switcher"):
            with Vertical(classes="content-view", id="content-library"):
                with Horizontal(id="content-filters"):
                    for name, label in FILTERS:
                        yield Select([], prompt=f"{label}: all", id=f"filter-{name}", classes="content-filter")
                yield PagedTable(
                    LIBRARY_COLUMNS,
                    empty_text="No assets match. n creates one; c clears the filters.",
                    loading_text="Loading the library…",
                    id="content-library-table",
                )
                yield Static("", id="content-library-detail", classes="content-detail")
            with Vertical(classes="content-view", id="content-queue"):
                yield Static("", id="content-queue-totals", classes="content-detail")
                yield PagedTable(
                    QUEUE_COLUMNS,
                    empty_text="Nobody is enrolled yet: the queue starts with the first opt-in (Cohort tab).",
                    loading_text="Loading the queue…",
                    id="content-queue-table",
                )
                yield Static("", id="content-queue-detail", classes="content-detail")
            with Vertical(classes="content-view", id="content-feedback"):
                yield PagedTable(
                    FEEDBACK_COLUMNS,
                    empty_text="No feedback yet. Advocates flag, suggest and ask from their own view.",
                    loading_text="Loading the inbox…",
                    id="content-feedback-table",
                )
                yield Static("", id="content-feedback-detail", classes="content-detail")

    # Views ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.ACTION_VIEWS.get(action)
        if view is not None and view != self.view:
            return False
        if action == "view" and parameters and parameters[0] == self.view:
            return None  # shown, dimmed: you are here
        return True

    # Loading --------------------------------------------------------------------------

    def load(self, workspace: Workspace) -> None:
        self.fetch(workspace)
        self.fetch_library(workspace, dict(self.filters))

    @work(thread=True, exclusive=True, group="content-load")
    def fetch(self, workspace: Workspace) -> None:
        from advocacy_tui.store.content.authenticity import near_identical
        from advocacy_tui.store.content.drops import coverage
        from advocacy_tui.store.content.feedback import feedback_rows
        from advocacy_tui.store.content.library import filter_values, library_counts
        from advocacy_tui.store.content.queue import queue_rows, queue_totals
        from advocacy_tui.store.errors import StoreError

        store, today, delivery = workspace.store, workspace.today, workspace.settings.delivery
        try:
            state = ContentState(
                counts=library_counts(store),
                coverage=coverage(store, today, delivery.per_drop),
                copies=near_identical(store, today, delivery.similarity),
                queue=queue_rows(
                    store, today, workspace.settings.tracking.utm_medium, workspace.settings.tracking.ats
                ),
                totals=queue_totals(store, today),
                feedback=feedback_rows(store),
                filter_values=filter_values(store),
            )
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        self.app.call_from_thread(self._show_state, workspace, state)

    @work(thread=True, exclusive=True, group="content-library")
    def fetch_library(self, workspace: Workspace, filters: dict[str, str]) -> None:
        from advocacy_tui.store.content.library import asset_rows
        from advocacy_tui.store.errors import StoreError

        try:
            rows = asset_rows(workspace.store, filters)
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        self.app.call_from_thread(self._show_library, rows)

    def _show_library(self, rows) -> None:
        today = self.workspace.today if self.workspace else date.min
        self.library = MemoryRows(rows, key=lambda row: row.id, cells=LibraryCells(today))
        self.show_rows(self.query_one("#content-library-table", PagedTable), self.library)

    def _show_state(self, workspace: Workspace, state: ContentState) -> None:
        from advocacy_tui.program.content.coverage import TARGET_WEEKS
        from advocacy_tui.program.content.tick import is_drop_day, next_drop

        self.state = state
        counts = state.counts
        coverage = "  ".join(
            f"{row.category or '(general)'} {row.weeks_text}" + (" ⚠" if row.under_target else " ✔")
            for row in state.coverage
        ) or "no approved content yet"
        held = f", {counts['held']} held for review" if counts.get("held") else ""
        self.query_one("#content-summary", Static).update(
            f"Library: {counts['approved']} approved, {counts['draft']} drafts, {counts['retired']} retired{held}. "
            f"Coverage (target {TARGET_WEEKS} weeks at {workspace.settings.delivery.per_drop} a drop): {coverage}"
        )
        warnings = [f"⚠ {row.sentence()}." for row in state.coverage if row.under_target]
        warnings += [f"⚠ Authenticity: {warning.sentence()}" for warning in state.copies[:2]]
        if len(state.copies) > 2:
            warnings.append(f"⚠ {len(state.copies) - 2} more assets with near-identical posts (see the weekly report).")
        weekday = workspace.settings.delivery.weekday
        if is_drop_day(workspace.today, weekday) and state.totals.delivered == 0 and state.queue:
            warnings.append("⚠ Today is drop day and nothing has been delivered this week: t runs the tick.")
        self.query_one("#content-warnings", Static).update("\n".join(warnings))
        self.query_one("#content-warnings", Static).display = bool(warnings)

        totals = state.totals
        drop = "today" if is_drop_day(workspace.today, weekday) else f"{next_drop(workspace.today, weekday):%a %d %b}"
        self.query_one("#content-queue-totals", Static).update(
            f"The 7 days to {workspace.today:%a %d %b}: {totals.delivered} delivered to {totals.advocates} advocates, "
            f"{totals.shared} shared, {totals.skipped} skipped, {totals.open} open; {totals.overdue} overdue from any week. "
            f"Queue utilization {_percent(totals.utilization) or 'n/a'}. Next drop: {drop}. "
            "t runs the tick; d delivers this week's drop now."
        )
        self.queue = MemoryRows(state.queue, key=lambda row: row.delivery_id or row.advocate_id, cells=QueueCells(state.queue))
        self.query_one("#content-queue-table", PagedTable).set_source(self.queue)
        self.feedback = MemoryRows(state.feedback, key=lambda row: row.id, cells=feedback_cells)
        self.show_rows(self.query_one("#content-feedback-table", PagedTable), self.feedback)
        self._fill_filters(state.filter_values)

    def _fill_filters(self, values: dict[str, list[str]]) -> None:
        for name, _label in FILTERS:
            select = self.query_one(f"#filter-{name}", Select)
            options = [(value, value) for value in values.get(name, [])]
            current = self.filters.get(name)
            with self.prevent(Select.Changed):
                select.set_options(options)
                if current and current in values.get(name, []):
                    select.value = current

    # Library --------------------------------------------------------------------------

    @on(Select.Changed, ".content-filter")
    def _filter_changed(self, event: Select.Changed) -> None:
        name = (event.select.id or "").removeprefix("filter-")
        if event.value is Select.BLANK or event.value is None:
            self.filters.pop(name, None)
        else:
            self.filters[name] = str(event.value)
        if self.workspace is not None:
            self.fetch_library(self.workspace, dict(self.filters))

    def action_filter(self) -> None:
        self.query_one("#filter-topic", Select).focus()

    def action_clear_filters(self) -> None:
        self.filters.clear()
        with self.prevent(Select.Changed):
            for name, _label in FILTERS:
                self.query_one(f"#filter-{name}", Select).clear()
        if self.workspace is not None:
            self.fetch_library(self.workspace, {})
        self.main_table().focus()

    def _current_asset(self):
        return self.library.item_at(self.query_one("#content-library-table", PagedTable).cursor_row)

    def _suggestions(self) -> dict[str, list[str]]:
        return dict(self.state.filter_values) if self.state else {}

    def action_new_asset(self) -> None:
        from advocacy_tui.screens.asset_form import AssetForm

        if self.workspace is None:
            return
        self.app.push_screen(AssetForm(self.workspace, suggestions=self._suggestions()), self._asset_saved)

    def action_edit_asset(self) -> None:
        from advocacy_tui.screens.asset_form import AssetForm

        row = self._current_asset()
        if row is None or self.workspace is None:
            return
        self.app.push_screen(
            AssetForm(self.workspace, row.id, row.fields, row.status, suggestions=self._suggestions()),
            self._asset_saved,
        )

    @on(PagedTable.RowSelected, "#content-library-table")
    def _edit_selected(self) -> None:
        self.action_edit_asset()

    def _asset_saved(self, asset_id: str | None) -> None:
        if asset_id is not None:
            self.follow = asset_id
            self.post_message(self.DataChanged())

    def action_approve(self) -> None:
        self._asset_step("approve")

    def action_retire(self) -> None:
        from advocacy_tui.screens.confirm import ConfirmScreen

        row = self._current_asset()
        if row is None:
            return
        self.app.push_screen(
            ConfirmScreen(
                f"Retire \u201c{row.fields.title}\u201d?",
                "It leaves new drops at once. Deliveries already made stay in advocates' queues "
                "and reports. o reopens it as a draft later.",
                yes="Retire",
            ),
            lambda yes: yes and self._asset_step("retire"),
        )

    def action_reopen(self) -> None:
        self._asset_step("reopen")

    def _asset_step(self, step: str) -> None:
        row = self._current_asset()
        if row is None or self.workspace is None:
            return
        self.follow = row.id
        self.take_asset_step(self.workspace, step, row.id)

    @work(thread=True, exclusive=True, group="content-step")
    def take_asset_step(self, workspace: Workspace, step: str, asset_id: str) -> None:
        from advocacy_tui.store.content import library
        from advocacy_tui.store.errors import StoreError

        calls = {
            "approve": lambda: library.approve_asset(
                workspace.store, asset_id, disclosure=workspace.settings.compliance.disclosure
            ),
            "retire": lambda: library.retire_asset(workspace.store, asset_id),
            "reopen": lambda: library.reopen_asset(workspace.store, asset_id),
        }
        try:
            row = calls[step]()
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        from advocacy_tui.program.content.assets import approval_warnings

        done = {"approve": "Approved", "retire": "Retired", "reopen": "Reopened as a draft"}[step]
        warnings = " ".join(approval_warnings(row.fields)) if step == "approve" else ""
        self.app.call_from_thread(
            self.notify,
            f"{done}: \u201c{row.fields.title}\u201d." + (f" Note: {warnings}" if warnings else ""),
            severity="warning" if warnings else "information",
            timeout=10 if warnings else 5,
        )
        self.app.call_from_thread(self.post_message, self.DataChanged())

    @on(PagedTable.RowHighlighted, "#content-library-table")
    def _show_asset(self, event: PagedTable.RowHighlighted) -> None:
        from advocacy_tui.program.content.assets import approval_warnings, format_tip

        row = self.library.item_at(event.index)
        detail = self.query_one("#content-library-detail", Static)
        if row is None:
            detail.update("")
            return
        fields = row.fields
        lines = [
            Text.assemble((fields.title, "bold"), f"  ({fields.platform}; token {row.token})"),
            Text(f"Caption: {fields.caption or '(none yet: approval needs one)'}"),
            Text(f"Hashtags: {' '.join(fields.hashtags) or '(none)'}   Campaign: {fields.campaign or '(none)'}"),
            Text(f"Link: {fields.link or '(none)'}"),
            Text(f"Format: {format_tip(fields.platform, fields.format)}"),
        ]
        if row.held:
            lines.append(Text(f"Held for review: {row.open_flags} open flag(s) in the feedback inbox (f).", style="bold red"))
        lines += [Text(f"⚠ {warning}", style="yellow") for warning in approval_warnings(fields)]
        detail.update(Text("\n").join(lines))

    @on(PagedTable.RowHighlighted, "#content-queue-table")
    def _show_delivery(self, event: PagedTable.RowHighlighted) -> None:
        row = self.queue.item_at(event.index)
        detail = self.query_one("#content-queue-detail", Static)
        if row is None or row.delivery_id is None:
            detail.update("")
            return
        lines = [Text(f"{row.advocate}'s tracked link for “{row.asset_title}”:"), Text(f"  {row.link or '(the asset has no link)'}")]
        lines += [Text(f"⚠ {warning}", style="yellow") for warning in row.link_warnings]
        detail.update(Text("\n").join(lines))

    # Feedback -------------------------------------------------------------------------

    @on(PagedTable.RowHighlighted, "#content-feedback-table")
    def _show_feedback(self, event: PagedTable.RowHighlighted) -> None:
        row = self.feedback.item_at(event.index)
        detail = self.query_one("#content-feedback-detail", Static)
        if row is None:
            detail.update("")
            return
        about = f" about \u201c{row.asset_title}\u201d" if row.asset_title else ""
        lines = [f"{row.kind_label} from {row.advocate}{about}, {row.created_on:%d %b %Y}:", f"  {row.text}"]
        if row.status == "resolved":
            lines.append(f"Resolved {row.resolved_on:%d %b %Y}: {row.resolution}")
        elif row.kind == "flag":
            lines.append("Open: the asset is held back from new drops until this is resolved (x).")
        else:
            lines.append("Open: x resolves it with a note saying what was done.")
        detail.update(Text("\n".join(lines)))

    @on(PagedTable.RowSelected, "#content-feedback-table")
    def action_resolve(self) -> None:
        from advocacy_tui.screens.step_dialog import StepAnswer, StepDialog

        row = self.feedback.item_at(self.query_one("#content-feedback-table", PagedTable).cursor_row)
        if row is None or self.workspace is None:
            return
        if row.status != "open":
            self.notify(f"Already resolved on {row.resolved_on:%d %b}: {row.resolution}")
            return
        workspace = self.workspace

        def answered(answer: StepAnswer | None) -> None:
            if answer is not None:
                self.follow = row.id
                self.resolve(workspace, row.id, answer)

        explain = (
            "Resolving the flag releases the asset for new drops; retire or edit it first if the advocate is right."
            if row.kind == "flag"
            else ""
        )
        self.app.push_screen(
            StepDialog(
                f"Resolve: {row.kind_label.lower()} from {row.advocate}",
                workspace.today,
                text_label="What was done (the advocate sees this)",
                text_required=True,
                explain=explain,
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="content-resolve")
    def resolve(self, workspace: Workspace, feedback_id: str, answer) -> None:
        from advocacy_tui.store.content.feedback import resolve_feedback
        from advocacy_tui.store.errors import StoreError

        try:
            resolve_feedback(workspace.store, feedback_id, answer.text, answer.on)
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        self.app.call_from_thread(self.post_message, self.DataChanged())

    # The tick -------------------------------------------------------------------------

    def action_tick(self) -> None:
        if self.workspace is not None:
            self.run_tick(self.workspace, force_drop=False)

    def action_drop_now(self) -> None:
        from advocacy_tui.screens.confirm import ConfirmScreen

        if self.workspace is None:
            return
        workspace = self.workspace
        self.app.push_screen(
            ConfirmScreen(
                "Deliver this week's drop now?",
                f"Every enrolled advocate who has had nothing delivered in the last 7 days gets "
                f"{workspace.settings.delivery.per_drop} assets now, due in a week, as on drop day. "
                "Advocates already served this week are left alone.",
                yes="Deliver",
            ),
            lambda yes: yes and self.run_tick(workspace, force_drop=True),
        )

    @work(thread=True, exclusive=True, group="content-tick")
    def run_tick(self, workspace: Workspace, force_drop: bool) -> None:
        from advocacy_tui.config import outbox_dir, reports_dir
        from advocacy_tui.screens.summary import SummaryScreen
        from advocacy_tui.store.content.tick import run_tick
        from advocacy_tui.store.errors import StoreError

        settings = workspace.settings
        try:
            result = run_tick(
                workspace.store,
                settings,
                workspace.today,
                outbox=outbox_dir(settings),
                reports=reports_dir(settings),
                force_drop=force_drop,
            )
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        lines = result.summary_lines(settings.delivery.inactivity_days)
        self.app.call_from_thread(self.app.push_screen, SummaryScreen("The tick", lines))
        self.app.call_from_thread(self.post_message, self.DataChanged())
