"""Tab 3, Cohort (step 3): from nomination to an explicit opt-in, every step dated.

Rows are grouped by stage (nominated, invited, oriented, enrolled, then declined and
withdrawn); the guards against the guide's mistakes stay visible above the table.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from advocacy_tui.program.cohort import CHANNEL_LABELS, CLOSED, STAGES, CohortRow
from advocacy_tui.screens.keys import KeysScreen
from advocacy_tui.screens.scoring import mark_text
from advocacy_tui.screens.step_dialog import StepAnswer, StepDialog
from advocacy_tui.screens.tab import ProgramTab
from advocacy_tui.widgets.memory_rows import MemoryRows
from advocacy_tui.widgets.paged_table import Column, PagedTable
from advocacy_tui.workspace import Workspace

COLUMNS = (
    Column("stage", "Stage", 9),
    Column("name", "Name", 15),
    Column("department", "Department", 10),
    Column("seniority", "Sen.", 4),
    Column("channel", "Channel", 9),
    Column("by", "Nominator", 10),
    Column("nominated", "Nom.", 5),
    Column("invited", "Inv.", 5),
    Column("oriented", "Ori.", 5),
    Column("policy", "Pol.", 5),
    Column("opted", "In", 5),
    Column("category", "Category", 10),
    Column("mark", "Mark", 12),
)

SENIORITY_SHORT = {"ic": "ic", "manager": "mgr", "director": "dir", "executive": "exec"}
STAGE_STYLES = {"enrolled": "bold green", "declined": "dim", "withdrawn": "dim"}


def _day(value: date | None) -> str:
    return value.strftime("%m-%d") if value else ""


def cohort_cells(_index: int, row: CohortRow) -> tuple:
    nominator = (row.nominated_by or "").split("@")[0]
    return (
        Text(row.status, style=STAGE_STYLES.get(row.status, "")),
        row.name,
        row.department,
        SENIORITY_SHORT.get(row.seniority, row.seniority),
        row.channel,
        nominator,
        _day(row.nominated_on),
        _day(row.invited_on),
        _day(row.orientation_on),
        _day(row.policy_ack_on),
        _day(row.opted_in_on),
        row.category,
        mark_text(row.mark),
    )


# step -> (key, footer label, dialog title, what the text field asks, is it required)
STEP_KEYS = {
    "invite": ("i", "Invite"),
    "orientation": ("o", "Oriented"),
    "policy_ack": ("p", "Policy ack"),
    "opt_in": ("e", "Enrol (opt-in)"),
    "decline": ("d", "Decline"),
    "withdraw": ("w", "Withdraw"),
    "move_back": ("m", "Move back"),
}


class CohortTab(ProgramTab):
    TAB_ID = "cohort"
    TAB_TITLE = "Cohort"
    BINDINGS = [
        *(Binding(key, f"step('{step}')", label, id=f"cohort.{step}") for step, (key, label) in STEP_KEYS.items()),
        Binding("c", "category", "Category", id="cohort.category"),
        Binding("k", "keys", "SSH keys", id="cohort.keys"),
        Binding("g", "documents", "Documents", id="cohort.documents"),
    ]

    def __init__(self) -> None:
        super().__init__(id="cohort-tab")
        self.rows: MemoryRows = MemoryRows([], key=lambda row: row.employee_id, cells=cohort_cells)

    def compose(self) -> ComposeResult:
        yield Static("Loading the cohort…", id="cohort-summary", classes="tab-summary")
        yield Static("", id="cohort-warnings", classes="cohort-warnings")
        yield PagedTable(
            COLUMNS,
            empty_text="Nobody in the pipeline yet: nominate candidates with n on the Candidates or Scoring tab.",
            loading_text="Loading the cohort…",
            id="cohort-table",
        )

    @property
    def table(self) -> PagedTable:
        return self.query_one("#cohort-table", PagedTable)

    def load(self, workspace: Workspace) -> None:
        self.fetch(workspace)

    @work(thread=True, exclusive=True, group="cohort-load")
    def fetch(self, workspace: Workspace) -> None:
        from advocacy_tui.store.cohort import cohort_counts, cohort_guard, cohort_rows
        from advocacy_tui.store.errors import StoreError

        try:
            rows = cohort_rows(workspace.store, workspace.thresholds)
            counts = cohort_counts(workspace.store)
            warnings = cohort_guard(workspace.store, workspace.settings)
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        self.app.call_from_thread(self._show, rows, counts, warnings)

    def _show(self, rows: list[CohortRow], counts, warnings) -> None:
        stages = " → ".join(f"{stage} {counts.stages.get(stage, 0)}" for stage in STAGES)
        closed = ", ".join(f"{stage} {counts.stages.get(stage, 0)}" for stage in CLOSED)
        channels = ", ".join(f"{label} {counts.channels.get(channel, 0)}" for channel, label in CHANNEL_LABELS.items())
        self.query_one("#cohort-summary", Static).update(
            f"{stages} ({closed}). By channel: {channels}. "
            "Keys act on the highlighted person; every step is dated and kept."
        )
        self.query_one("#cohort-warnings", Static).update(
            "\n".join(f"⚠ {warning.sentence}" for warning in warnings) or "✔ No guard fired: size, seniority mix and scoring are within the settings."
        )
        self.rows = MemoryRows(rows, key=lambda row: row.employee_id, cells=cohort_cells)
        self.show_rows(self.table, self.rows)

    def _current(self) -> CohortRow | None:
        return self.rows.item_at(self.table.cursor_row)

    # Steps ----------------------------------------------------------------------------

    def action_step(self, step: str) -> None:
        row = self._current()
        if row is None or self.workspace is None:
            return
        workspace = self.workspace
        titles = {
            "invite": f"Invite {row.name} (direct outreach)",
            "orientation": f"{row.name} attended the orientation",
            "policy_ack": f"{row.name} acknowledged the social media policy",
            "opt_in": f"{row.name} explicitly opts in (enrolled)",
            "decline": f"{row.name} declined",
            "withdraw": f"{row.name} withdraws",
            "move_back": f"Move {row.name} back one stage",
        }
        text_label = {"withdraw": "Reason", "decline": "Note (optional)"}.get(step)

        def answered(answer: StepAnswer | None) -> None:
            if answer is not None:
                self.follow = row.employee_id
                self.take_step(workspace, step, row.employee_id, answer)

        self.app.push_screen(
            StepDialog(titles[step], workspace.today, text_label=text_label, text_required=step == "withdraw"),
            answered,
        )

    @work(thread=True, exclusive=True, group="cohort-step")
    def take_step(self, workspace: Workspace, step: str, employee_id: str, answer: StepAnswer) -> None:
        from advocacy_tui.store import cohort
        from advocacy_tui.store.errors import StoreError

        store, by = workspace.store, workspace.settings.scorer
        calls = {
            "invite": lambda: cohort.invite(store, employee_id, answer.on, by),
            "orientation": lambda: cohort.record_orientation(store, employee_id, answer.on, by),
            "policy_ack": lambda: cohort.record_policy_ack(store, employee_id, answer.on, by),
            "opt_in": lambda: cohort.opt_in(store, employee_id, answer.on, by),
            "decline": lambda: cohort.decline(store, employee_id, answer.on, by, answer.text),
            "withdraw": lambda: cohort.withdraw(store, employee_id, answer.text, answer.on, by),
            "move_back": lambda: cohort.move_back(store, employee_id, answer.on, by),
            "category": lambda: cohort.set_category(store, employee_id, answer.text, answer.on, by),
        }
        try:
            calls[step]()
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        self.app.call_from_thread(self.fetch, workspace)

    def action_category(self) -> None:
        row = self._current()
        if row is None or self.workspace is None:
            return
        workspace = self.workspace

        def answered(answer: StepAnswer | None) -> None:
            if answer is not None:
                self.follow = row.employee_id
                self.take_step(workspace, "category", row.employee_id, answer)

        self.app.push_screen(
            StepDialog(
                f"Content category for {row.name}",
                workspace.today,
                text_label="Category (the content they receive, e.g. Engineering voices)",
                text_value=row.category,
                text_required=True,
            ),
            answered,
        )

    def action_keys(self) -> None:
        row = self._current()
        if row is not None and self.workspace is not None:
            self.app.push_screen(KeysScreen(self.workspace, row.email, row.name), lambda _changed: self.fetch(self.workspace))

    def action_documents(self) -> None:
        if self.workspace is None:
            return
        from advocacy_tui.config import reports_dir

        workspace = self.workspace
        folder = reports_dir(workspace.settings) / f"cohort-documents-{workspace.today.isoformat()}"

        def answered(answer: StepAnswer | None) -> None:
            if answer is not None:
                self.write_documents(workspace, Path(answer.text).expanduser(), answer.on)

        self.app.push_screen(
            StepDialog(
                "Write the recruitment documents",
                workspace.today,
                text_label="Folder",
                text_value=str(folder),
                text_required=True,
                explain="The department heads' brief, the orientation agenda and one personal "
                "invitation per audit candidate, as Markdown.",
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="cohort-documents")
    def write_documents(self, workspace: Workspace, folder: Path, on: date) -> None:
        from advocacy_tui.store.cohort import write_documents
        from advocacy_tui.store.errors import StoreError

        try:
            written = write_documents(workspace.store, workspace.settings, on, folder)
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        self.app.call_from_thread(self.notify, f"Wrote {len(written)} documents to {folder}.", timeout=10)
