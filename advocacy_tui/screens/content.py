"""Tab 4, Content queue (steps 4 and 6): the library, this week's queue and the feedback inbox.

Three views of one tab, switched with l, u and f: the asset library (filterable by topic,
platform, tone, category and status, with the form to create and edit an asset and the
draft -> approved -> retired steps), the queue (this week's deliveries per enrolled
advocate), and the feedback inbox. Above them, always visible: coverage per category
against the guide's four weeks, and the authenticity check.

At company size (1,500 assets, half a million deliveries) the tab reads what it shows and
no more: the summary line and the library's first page together, in threads started as the
tab loads, shown in one update; the shown view's table a page at a time from the store
(each page's deliveries counted for its assets only, cells made for its rows only); the
other views when they are first shown; the filter bar's menus when it is first used.
"""

from __future__ import annotations

from concurrent.futures import Future

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher, Select, Static

from advocacy_tui.screens.content_rows import (
    FEEDBACK_COLUMNS,
    FILTERS,
    LIBRARY_COLUMNS,
    PAGE,
    QUEUE_COLUMNS,
    ContentSummary,
    LibraryRead,
    LibrarySource,
    QueueSource,
    feedback_cells,
    percent,
    read_library,
    read_tab,
)
from advocacy_tui.screens.views import ViewsTab
from advocacy_tui.widgets.filter_face import FilterFace
from advocacy_tui.widgets.memory_rows import MemoryRows
from advocacy_tui.widgets.paged_table import PagedTable
from advocacy_tui.workspace import Workspace


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
        self.library: LibrarySource | None = None
        self.queue: QueueSource | None = None
        self.feedback = MemoryRows([], key=lambda row: row.id, cells=feedback_cells)
        self.filters: dict[str, str] = {}
        self.filter_values: dict[str, list[str]] = {}
        self.filters_filled = True  # the menus hold filter_values (none yet)
        self.menus = False  # the real menus replaced the faces (the filter bar was used)
        self._detail_shown = None  # the asset whose detail is shown
        # Views whose rows are older than the last load: read when next shown. As only
        # the shown tab reads the store, only the shown view does: opening the tab reads
        # the library and the summary, not the queue and the inbox too.
        self.stale_views: set[str] = set(self.VIEWS)

    def compose(self) -> ComposeResult:
        yield Static("Loading the content library…", id="content-summary", classes="tab-summary")
        yield Static("", id="content-warnings", classes="content-warnings")
        yield Static("", id="content-views")
        with ContentSwitcher(initial="content-library", id="content-switcher", classes="drawless"):
            with Vertical(classes="content-view drawless", id="content-library"):
                with Horizontal(id="content-filters", classes="drawless"):
                    for name, label in FILTERS:
                        yield FilterFace(name, label)
                yield PagedTable(
                    LIBRARY_COLUMNS,
                    page_size=PAGE,
                    empty_text="No assets match. n creates one; c clears the filters.",
                    loading_text="Loading the library…",
                    id="content-library-table",
                )
                yield Static("", id="content-library-detail", classes="content-detail")
            with Vertical(classes="content-view drawless", id="content-queue"):
                yield Static("", id="content-queue-totals", classes="content-detail")
                yield PagedTable(
                    QUEUE_COLUMNS,
                    page_size=PAGE,
                    empty_text="Nobody is enrolled yet: the queue starts with the first opt-in (Cohort tab).",
                    loading_text="Loading the queue…",
                    id="content-queue-table",
                )
                yield Static("", id="content-queue-detail", classes="content-detail")
            with Vertical(classes="content-view drawless", id="content-feedback"):
                yield PagedTable(
                    FEEDBACK_COLUMNS,
                    page_size=PAGE,
                    empty_text="No feedback yet. Advocates flag, suggest and ask from their own view.",
                    loading_text="Loading the inbox…",
                    id="content-feedback-table",
                )
                yield Static("", id="content-feedback-detail", classes="content-detail")

    def on_mount(self) -> None:
        super().on_mount()
        # A view not shown yet has nothing to show, and reads nothing until it is shown.
        for view in self.VIEWS:
            if view != self.view:
                self.query_one(f"#content-{view}-table", PagedTable).set_source(None)

    # Views ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.ACTION_VIEWS.get(action)
        if view is not None and view != self.view:
            return False
        if action == "view" and parameters and parameters[0] == self.view:
            return None  # shown, dimmed: you are here
        return True

    def view_changed(self) -> None:
        if self.view in self.stale_views and self.workspace is not None and not self.stale:
            self.load_view(self.workspace, self.view)

    # Loading --------------------------------------------------------------------------

    def load(self, workspace: Workspace) -> None:
        """Read the summary line and the shown view (the others when they are shown).

        The reading starts here, in threads of its own: a worker's thread would start only
        after the frame that shows the tab is drawn (a tenth of a second at company size),
        and the store's reading overlaps that frame this way. The worker waits for it and
        shows it all in one update."""
        if not self.query("#content-library-table"):
            self.stale = True  # asked before its widgets are in place: read once they are
            return
        self.stale_views = set(self.VIEWS) - {self.view}
        library = None
        if self.view == "library":
            cursor = self.query_one("#content-library-table", PagedTable).cursor_key
            library = (dict(self.filters), self.follow, cursor)
        else:
            self.load_view(workspace, self.view)
        self.fetch(workspace, read_tab(workspace, library))

    def load_view(self, workspace: Workspace, view: str) -> None:
        self.stale_views.discard(view)
        if view == "library":
            table = self.query_one("#content-library-table", PagedTable)
            self.fetch_library(workspace, dict(self.filters), self.follow, table.cursor_key)
        elif view == "queue":
            self.fetch_queue(workspace)
        else:
            self.fetch_feedback(workspace)

    @work(thread=True, exclusive=True, group="content-load")
    def fetch(self, workspace: Workspace, reading: "Future[tuple[ContentSummary, LibraryRead | None]]") -> None:
        from advocacy_tui.store.errors import StoreError

        try:
            summary, library = reading.result()
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        self.app.call_from_thread(self._show_read, workspace, summary, library)

    def _show_read(self, workspace: Workspace, summary: "ContentSummary", library: "LibraryRead | None") -> None:
        with self.app.batch_update():  # one frame for the summary and the rows
            self._show_summary(workspace, summary)
            if library is not None:
                self._show_library(library)

    @work(thread=True, exclusive=True, group="content-library")
    def fetch_library(
        self, workspace: Workspace, filters: dict[str, str], follow: str | None = None, cursor: str | None = None
    ) -> None:
        from advocacy_tui.store.errors import StoreError

        try:
            read = read_library(workspace, filters, follow, cursor)
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        self.app.call_from_thread(self._show_library, read)

    def _show_library(self, read: "LibraryRead") -> None:
        if read.followed is not None and self.follow == read.followed:
            self.follow = None
        self.library = read.source
        table = self.query_one("#content-library-table", PagedTable)
        table.set_source(read.source, loaded=read.loaded)
        if read.index is not None:
            table.move_cursor(read.index)
        # The cursor row's detail in this update, not in one more after the table's
        # RowHighlighted (which then finds it shown).
        self._asset_detail(read.source.item(table.cursor_key))
        if read.values != self.filter_values:
            self.filter_values = read.values
            self.filters_filled = False
            if self.menus and self.query_one("#content-filters").has_focus_within:
                self._fill_filters()

    @work(thread=True, exclusive=True, group="content-queue")
    def fetch_queue(self, workspace: Workspace) -> None:
        from advocacy_tui.store.content.queue import queue_totals
        from advocacy_tui.store.errors import StoreError

        try:
            totals = queue_totals(workspace.store, workspace.today)
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        self.app.call_from_thread(self._show_queue, workspace, QueueSource(workspace), totals)

    def _show_queue(self, workspace: Workspace, source: QueueSource, totals) -> None:
        from advocacy_tui.program.content.tick import is_drop_day, next_drop

        weekday = workspace.settings.delivery.weekday
        drop = "today" if is_drop_day(workspace.today, weekday) else f"{next_drop(workspace.today, weekday):%a %d %b}"
        self.query_one("#content-queue-totals", Static).update(
            f"The 7 days to {workspace.today:%a %d %b}: {totals.delivered} delivered to {totals.advocates} advocates, "
            f"{totals.shared} shared, {totals.skipped} skipped, {totals.open} open; {totals.overdue} overdue from any week. "
            f"Queue utilization {percent(totals.utilization) or 'n/a'}. Next drop: {drop}. "
            "t runs the tick; d delivers this week's drop now."
        )
        self.queue = source
        self.query_one("#content-queue-table", PagedTable).set_source(source, keep_cursor=True)

    @work(thread=True, exclusive=True, group="content-feedback")
    def fetch_feedback(self, workspace: Workspace) -> None:
        from advocacy_tui.store.content.feedback import feedback_rows
        from advocacy_tui.store.errors import StoreError

        try:
            rows = feedback_rows(workspace.store)
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        self.app.call_from_thread(self._show_feedback_rows, rows)

    def _show_feedback_rows(self, rows) -> None:
        self.feedback = MemoryRows(rows, key=lambda row: row.id, cells=feedback_cells)
        self.show_rows(self.query_one("#content-feedback-table", PagedTable), self.feedback)

    def _show_summary(self, workspace: Workspace, summary: ContentSummary) -> None:
        from advocacy_tui.program.content.coverage import TARGET_WEEKS

        counts = summary.counts
        coverage = "  ".join(
            f"{row.category or '(general)'} {row.weeks_text}" + (" ⚠" if row.under_target else " ✔")
            for row in summary.coverage
        ) or "no approved content yet"
        held = f", {counts['held']} held for review" if counts.get("held") else ""
        self.query_one("#content-summary", Static).update(
            f"Library: {counts['approved']} approved, {counts['draft']} drafts, {counts['retired']} retired{held}. "
            f"Coverage (target {TARGET_WEEKS} weeks at {workspace.settings.delivery.per_drop} a drop): {coverage}"
        )
        warnings = [f"⚠ {row.sentence()}." for row in summary.coverage if row.under_target]
        warnings += [f"⚠ Authenticity: {warning.sentence()}" for warning in summary.copies[:2]]
        if len(summary.copies) > 2:
            warnings.append(f"⚠ {len(summary.copies) - 2} more assets with near-identical posts (see the weekly report).")
        if summary.drop_missed:
            warnings.append("⚠ Today is drop day and nothing has been delivered this week: t runs the tick.")
        shown = self.query_one("#content-warnings", Static)
        shown.update("\n".join(warnings))
        shown.display = bool(warnings)

    def _fill_filters(self) -> None:
        """Give the filter bar's menus their values. Done when the bar takes the focus,
        not when the library is read: five menus rebuilt cost more than the rows shown,
        and only someone about to filter opens one."""
        if self.filters_filled or not self.menus:
            return
        self.filters_filled = True
        values = self.filter_values
        for name, _label in FILTERS:
            select = self.query_one(f"#filter-{name}", Select)
            options = [(value, value) for value in values.get(name, [])]
            current = self.filters.get(name)
            with self.prevent(Select.Changed):
                select.set_options(options)
                if current and current in values.get(name, []):
                    select.value = current

    @on(events.DescendantFocus, ".content-filter")
    def _filters_focused(self) -> None:
        self._fill_filters()

    @on(FilterFace.Used)
    async def _face_used(self, event: FilterFace.Used) -> None:
        select = await self.open_menus(event.face.filter_name)
        if event.open_menu:
            select.expanded = True

    async def open_menus(self, focus: str = "topic") -> Select:
        """Put the real menus in the faces' places (once), with their values; focus one."""
        if not self.menus:
            self.menus = True
            bar = self.query_one("#content-filters", Horizontal)
            await bar.query(FilterFace).remove()
            await bar.mount_all(
                Select([], prompt=f"{label}: all", id=f"filter-{name}", classes="content-filter")
                for name, label in FILTERS
            )
        self._fill_filters()
        select = self.query_one(f"#filter-{focus}", Select)
        select.focus()
        return select

    @on(Select.Changed, ".content-filter")
    def _filter_changed(self, event: Select.Changed) -> None:
        name = (event.select.id or "").removeprefix("filter-")
        if event.value is Select.BLANK or event.value is None:
            self.filters.pop(name, None)
        else:
            self.filters[name] = str(event.value)
        if self.workspace is not None:
            self.fetch_library(self.workspace, dict(self.filters))
            self.stale_views.discard("library")

    async def action_filter(self) -> None:
        await self.open_menus("topic")

    def action_clear_filters(self) -> None:
        self.filters.clear()
        if self.menus:
            with self.prevent(Select.Changed):
                for name, _label in FILTERS:
                    self.query_one(f"#filter-{name}", Select).clear()
        if self.workspace is not None:
            self.fetch_library(self.workspace, {})
            self.stale_views.discard("library")
        self.main_table().focus()

    def _current_asset(self):
        if self.library is None:
            return None
        return self.library.item(self.query_one("#content-library-table", PagedTable).cursor_key)

    def _suggestions(self) -> dict[str, list[str]]:
        return dict(self.filter_values)

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
        self._asset_detail(self.library.item(event.key) if self.library is not None else None)

    def _asset_detail(self, row) -> None:
        """The highlighted asset's detail below the table (an update of it costs a layout:
        none when the same row is shown again, as when its page arrives)."""
        from advocacy_tui.program.content.assets import approval_warnings, format_tip

        detail = self.query_one("#content-library-detail", Static)
        if row is not None and row == self._detail_shown:
            return
        self._detail_shown = row
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
        row = self.queue.item(event.key) if self.queue is not None else None
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
