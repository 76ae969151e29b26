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


# A guard names this many people at most: at company size "never scored" is hundreds of
# enrolled advocates, which would push the table off the screen (`cohort --json` lists all).
WARNING_NAMES = 12


class CohortPages:
    """The Cohort table's rows: the listing's order and keys at once, and each page of
    `CohortRow`s read when the table asks for it (in the table's worker), so opening the
    tab reads a few narrow columns per enrollment and full rows for one page only."""

    def __init__(self, workspace: Workspace, listing) -> None:
        self.store = workspace.store
        self.thresholds = workspace.thresholds
        self.listing = listing
        self._index: dict[str, int] | None = None
        self._rows: dict[int, CohortRow] = {}  # what the pages read, by index
        self._prefetched: tuple[int, int, list] | None = None

    def count(self) -> int:
        return len(self.listing.enrollment_ids)

    def prefetch(self, offset: int, limit: int) -> None:
        """Read a page now; the table's first ask for it is then answered from memory."""
        self._prefetched = (offset, limit, self.rows(offset, limit))

    def rows(self, offset: int, limit: int) -> list[tuple[str, tuple]]:
        from advocacy_tui.store.cohort import cohort_page

        prefetched = self._prefetched
        if prefetched is not None and prefetched[:2] == (offset, limit):
            self._prefetched = None  # a later ask (a reload) reads afresh
            return prefetched[2]
        page = cohort_page(self.store, self.listing.enrollment_ids[offset : offset + limit], self.thresholds)
        for index, row in enumerate(page, start=offset):
            self._rows[index] = row
        return [(row.employee_id, cohort_cells(index, row)) for index, row in enumerate(page, start=offset)]

    def index_of(self, key: str | None) -> int | None:
        if self._index is None:
            self._index = {employee_id: index for index, employee_id in enumerate(self.listing.employee_ids)}
        return self._index.get(key) if key is not None else None

    def item_at(self, index: int) -> CohortRow | None:
        """The row at `index` once its page has been read (the cursor's always has)."""
        return self._rows.get(index)


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
FOOTERLESS_STEPS = frozenset({"decline", "withdraw", "move_back"})


class CohortTab(ProgramTab):
    TAB_ID = "cohort"
    TAB_TITLE = "Cohort"
    # The summary takes two lines (and its padding) and the guards one while loading too:
    # when they arrive the table mostly keeps its size, and is not laid out again.
    DEFAULT_CSS = """
    CohortTab #cohort-summary {
        min-height: 3;
    }
    CohortTab #cohort-warnings {
        min-height: 1;
    }
    """
    BINDINGS = [
        # The footer shows the forward steps; the rarer ones (decline, withdraw, move back)
        # are in help and the palette, so Help and Quit still fit at 120 columns.
        *(
            Binding(key, f"step('{step}')", label, id=f"cohort.{step}", show=step not in FOOTERLESS_STEPS)
            for step, (key, label) in STEP_KEYS.items()
        ),
        Binding("c", "category", "Category", id="cohort.category"),
        Binding("k", "keys", "SSH keys", id="cohort.keys"),
        Binding("g", "documents", "Documents", id="cohort.documents"),
    ]

    def __init__(self) -> None:
        super().__init__(id="cohort-tab")
        self.rows: MemoryRows | CohortPages = MemoryRows([], key=lambda row: row.employee_id, cells=cohort_cells)

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

    def fetch(self, workspace: Workspace) -> None:
        table = self.table
        self._fetch(workspace, (self.follow, table.cursor_key), table.page_size)

    @work(thread=True, exclusive=True, group="cohort-load")
    def _fetch(self, workspace: Workspace, keys: tuple[str | None, str | None], page_size: int) -> None:
        from advocacy_tui.store.cohort import cohort_listing, listing_warnings
        from advocacy_tui.store.errors import StoreError

        try:
            listing = cohort_listing(workspace.store, workspace.thresholds)
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        warnings = listing_warnings(listing, workspace.settings, most_names=WARNING_NAMES)
        rows = CohortPages(workspace, listing)
        # The page the cursor will be on (the followed row's, or the row it is on) is read
        # here too: the table has it as soon as it asks, rather than after another trip to
        # the database while the tab is being drawn.
        followed, current = keys
        index = rows.index_of(followed) or rows.index_of(current) or 0
        try:
            rows.prefetch(index // page_size * page_size, page_size)
        except StoreError:
            pass  # the table asks again, and shows the error then
        self.app.call_from_thread(self._show, rows, listing.counts, warnings)

    def _show(self, rows: "CohortPages", counts, warnings) -> None:
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
        self.rows = rows
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
