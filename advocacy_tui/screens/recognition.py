"""Tab 5, Recognition (step 5): milestones found in the data, the quarter's spotlight, awards.

Three views, switched with p, s and w: pending awards (milestones reached and not yet
confirmed; `a` confirms one with a reward from the settings' list), the quarter's spotlight
candidates (ranked by what their posts brought in, not by post count), and the awards given.
`o` writes each advocate's outcome message to the outbox; `x` writes the framework.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import ContentSwitcher, Static

from advocacy_tui.screens.views import ViewsTab
from advocacy_tui.widgets.memory_rows import MemoryRows
from advocacy_tui.widgets.paged_table import Column, PagedTable
from advocacy_tui.workspace import Workspace

PENDING_COLUMNS = (
    Column("reached", "Reached", 10),
    Column("advocate", "Advocate", 22),
    Column("milestone", "Milestone", 24),
    Column("waiting", "Waiting", 8, "right"),
)
SPOTLIGHT_COLUMNS = (
    Column("rank", "#", 3, "right"),
    Column("advocate", "Advocate", 22),
    Column("applications", "Applications", 12, "right"),
    Column("rate", "Engagement", 10, "right"),
    Column("visits", "Visits", 7, "right"),
    Column("posts", "Posts", 6, "right"),
)
GIVEN_COLUMNS = (
    Column("awarded", "Awarded", 10),
    Column("advocate", "Advocate", 20),
    Column("milestone", "Milestone", 22),
    Column("reward", "Reward", 30),
    Column("spotlight", "Spotlight", 9),
    Column("note", "Note", 20),
)


class PendingCells:
    def __init__(self, today: date) -> None:
        self.today = today

    def __call__(self, _index: int, item) -> tuple:
        waited = (self.today - item.milestone.reached_on).days
        return (
            item.milestone.reached_on.isoformat(),
            item.advocate,
            item.milestone.name.capitalize(),
            Text(f"{waited} d", style="bold yellow" if waited > 14 else ""),
        )


def spotlight_cells(index: int, row) -> tuple:
    return (
        str(index + 1),
        row.advocate,
        str(row.applications),
        f"{row.engagement_rate:.1%}",
        f"{row.referral_visits:,}",
        str(row.posts),
    )


def given_cells(_index: int, row) -> tuple:
    return (
        row.awarded_on.isoformat(),
        row.advocate,
        row.milestone.capitalize(),
        row.reward,
        row.spotlight_quarter or "",
        row.note,
    )


@dataclass(frozen=True)
class RecognitionState:
    pending: list
    spotlight: list
    given: list


class RecognitionTab(ViewsTab):
    TAB_ID = "recognition"
    TAB_TITLE = "Recognition"
    VIEWS = {"pending": ("Pending awards", "p"), "spotlight": ("Quarter's spotlight", "s"), "given": ("Awards given", "w")}
    BINDINGS = [
        Binding("p", "view('pending')", "Pending awards", id="recognition.pending", show=False),
        Binding("s", "view('spotlight')", "Spotlight", id="recognition.spotlight", show=False),
        Binding("w", "view('given')", "Awards given", id="recognition.given", show=False),
        Binding("a", "confirm", "Confirm award", id="recognition.confirm"),
        Binding("o", "outcomes", "Outcome messages", id="recognition.outcomes"),
        Binding("x", "framework", "Write framework", id="recognition.framework"),
    ]

    def __init__(self) -> None:
        super().__init__(id="recognition-tab")
        self.state = RecognitionState([], [], [])

    def compose(self) -> ComposeResult:
        yield Static("Loading recognition…", id="recognition-summary", classes="tab-summary")
        yield Static("", id="recognition-views", classes="view-bar")
        with ContentSwitcher(initial="recognition-pending", id="recognition-switcher", classes="drawless"):
            with Vertical(id="recognition-pending", classes="content-view drawless"):
                yield PagedTable(
                    PENDING_COLUMNS,
                    empty_text="Every milestone reached so far has been recognised.",
                    loading_text="Looking for milestones…",
                    id="recognition-pending-table",
                )
            with Vertical(id="recognition-spotlight", classes="content-view drawless"):
                yield PagedTable(
                    SPOTLIGHT_COLUMNS,
                    empty_text="No posts with impressions this quarter yet.",
                    loading_text="Ranking the quarter…",
                    id="recognition-spotlight-table",
                )
            with Vertical(id="recognition-given", classes="content-view drawless"):
                yield PagedTable(
                    GIVEN_COLUMNS,
                    empty_text="No awards yet: confirm a pending milestone with a.",
                    loading_text="Loading awards…",
                    id="recognition-given-table",
                )
        yield Static("", id="recognition-detail", classes="content-detail")

    def view_changed(self) -> None:
        self._explain()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confirm" and self.view == "given":
            return False
        return True

    # Loading --------------------------------------------------------------------------

    def load(self, workspace: Workspace) -> None:
        self.fetch(workspace)

    @work(thread=True, exclusive=True, group="recognition-load")
    def fetch(self, workspace: Workspace) -> None:
        from advocacy_tui.config import post_count_list
        from advocacy_tui.store.errors import StoreError
        from advocacy_tui.store.recognition import recognition_tab

        counts = post_count_list(workspace.settings.recognition.post_counts)
        try:
            # The three views in one call: the awards are read once, and the reads run
            # side by side (store/recognition.py).
            pending, spotlight, given = recognition_tab(workspace.store, workspace.today, counts)
            state = RecognitionState(pending=pending, spotlight=spotlight, given=given)
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        self.app.call_from_thread(self._show, workspace, state)

    def _show(self, workspace: Workspace, state: RecognitionState) -> None:
        from advocacy_tui.program.recognition import quarter_of

        self.state = state
        quarter = quarter_of(workspace.today)
        this_quarter = [row for row in state.given if row.spotlight_quarter == quarter]
        spotlight = f"spotlight named: {this_quarter[0].advocate}" if this_quarter else "no spotlight named yet"
        self.query_one("#recognition-summary", Static).update(
            f"{len(state.pending)} milestones waiting for recognition · {len(state.given)} awards given · "
            f"{quarter}: {spotlight}. Recognition is for outcomes: the spotlight ranks by applications "
            "and engagement rate, never by post count."
        )
        key = lambda item: item.key  # noqa: E731
        self.show_rows(
            self.query_one("#recognition-pending-table", PagedTable),
            MemoryRows(state.pending, key=key, cells=PendingCells(workspace.today)),
        )
        self.show_rows(
            self.query_one("#recognition-spotlight-table", PagedTable),
            MemoryRows(state.spotlight, key=lambda row: row.advocate_id, cells=spotlight_cells),
        )
        self.show_rows(
            self.query_one("#recognition-given-table", PagedTable),
            MemoryRows(state.given, key=lambda row: row.id, cells=given_cells),
        )
        self._explain()

    def _explain(self) -> None:
        text = {
            "pending": "a confirms the highlighted milestone with a reward from the settings' list "
            "(recognition.rewards) and a note the advocate will read.",
            "spotlight": f"The quarter so far, by attributed applications then engagement rate. "
            "a names the highlighted advocate this quarter's spotlight.",
            "given": "Every award, newest first. o writes each advocate's outcome message "
            "(what their posts brought in) to the outbox.",
        }[self.view]
        self.query_one("#recognition-detail", Static).update(text)

    # Actions --------------------------------------------------------------------------

    def _current(self):
        table = self.main_table()
        items = {"pending": self.state.pending, "spotlight": self.state.spotlight, "given": self.state.given}[self.view]
        return items[table.cursor_row] if 0 <= table.cursor_row < len(items) else None

    def action_confirm(self) -> None:
        from advocacy_tui.config import comma_list
        from advocacy_tui.program.recognition import quarter_of
        from advocacy_tui.screens.step_dialog import StepAnswer, StepDialog

        item = self._current()
        if item is None or self.workspace is None or self.view == "given":
            return
        workspace = self.workspace
        rewards = comma_list(workspace.settings.recognition.rewards)
        if self.view == "pending":
            advocate_id, name, milestone, spotlight = item.advocate_id, item.advocate, item.milestone.name, None
            title = f"{name}: {milestone} ({item.milestone.reached_on:%d %b})"
        else:
            quarter = quarter_of(workspace.today)
            advocate_id, name, milestone, spotlight = item.advocate_id, item.advocate, f"{quarter} spotlight", quarter
            title = f"Name {name} the {quarter} spotlight"

        def answered(answer: StepAnswer | None) -> None:
            if answer is not None:
                self.confirm(workspace, advocate_id, milestone, answer, spotlight)

        self.app.push_screen(
            StepDialog(
                title,
                workspace.today,
                text_label="A note for them (optional)",
                choices=[(reward, reward) for reward in rewards],
                choice_label="Reward",
                explain="Recorded as an award; the advocate sees it in their own view.",
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="recognition-confirm")
    def confirm(self, workspace: Workspace, advocate_id: str, milestone: str, answer, spotlight: str | None) -> None:
        from advocacy_tui.store.errors import StoreError
        from advocacy_tui.store.recognition import confirm_award

        try:
            confirm_award(workspace.store, advocate_id, milestone, answer.choice, answer.on, answer.text, spotlight)
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        self.app.call_from_thread(self.notify, f"Awarded: {milestone} ({answer.choice}).")
        self.app.call_from_thread(self.post_message, self.DataChanged())

    def action_outcomes(self) -> None:
        if self.workspace is not None:
            self.write_outcomes(self.workspace)

    @work(thread=True, exclusive=True, group="recognition-outcomes")
    def write_outcomes(self, workspace: Workspace) -> None:
        from advocacy_tui.config import outbox_dir
        from advocacy_tui.store.errors import StoreError
        from advocacy_tui.store.recognition import write_outcome_messages

        folder = outbox_dir(workspace.settings)
        try:
            written = write_outcome_messages(workspace.store, workspace.settings, workspace.today, folder)
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        self.app.call_from_thread(
            self.notify, f"Wrote {len(written)} outcome messages to {folder} (open them in any mail client).", timeout=10
        )

    @work(thread=True, exclusive=True, group="recognition-framework")
    def action_framework(self) -> None:
        from advocacy_tui.config import comma_list, post_count_list, reports_dir
        from advocacy_tui.program.recognition import framework_markdown
        from advocacy_tui.store.errors import StoreError
        from advocacy_tui.store.outbox import write_private_file

        workspace = self.workspace
        if workspace is None:
            return
        recognition = workspace.settings.recognition
        text = framework_markdown(comma_list(recognition.rewards), post_count_list(recognition.post_counts))
        path = reports_dir(workspace.settings) / "recognition-framework.md"
        try:
            write_private_file(path, text.encode("utf-8"))
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        self.app.call_from_thread(self.notify, f"Wrote the recognition framework to {path}.", timeout=10)
