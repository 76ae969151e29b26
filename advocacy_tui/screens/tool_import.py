"""Import from the tools a coordinator already uses (Slack, Teams, LinkedIn, GA4, Lever,
Greenhouse): recognise the file, show what its rows become and a preview of them as they
will be stored, match the people the store could not, then import with a progress bar.

Reading and the dry run are the same code the command line runs (`program.exports`,
`store.imports`), in a worker: the preview is exactly what the import will do. A person is
matched once (`m` picks the employee, `a` takes the same-name suggestion) and remembered
as an alias, so the next file from that tool needs no matching at all.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, OptionList, ProgressBar, Select, Static

from advocacy_tui.program.exports.outcome import MAPPING, ImportOutcome, UnmatchedPerson
from advocacy_tui.program.exports.records import SOURCE_LABELS, SOURCES
from advocacy_tui.workspace import Workspace

PREVIEW_ROWS = 20
WHAT_WIDTH = 60  # characters of a row's description in the preview


class ToolImportScreen(ModalScreen[bool]):
    """Returns True when data was imported (so the tabs reload)."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="tool-import.close"),
        Binding("ctrl+d", "check", "Read and preview", id="tool-import.check"),
        Binding("ctrl+s", "confirm", "Import", id="tool-import.run"),
        Binding("m", "match", "Match person", id="tool-import.match"),
        Binding("a", "accept", "Accept suggestion", id="tool-import.accept"),
    ]

    def __init__(self, workspace: Workspace, start: Path) -> None:
        super().__init__()
        self.workspace = workspace
        self.start = start
        self.batch = None  # the file as read by the last check; what ctrl+s imports
        self.outcome: ImportOutcome | None = None
        self.imported = False

    def compose(self) -> ComposeResult:
        with Vertical(id="tool-import-dialog", classes="dialog"):
            yield Label("Import from your tools", classes="dialog-title")
            with Horizontal(classes="tool-import-row"):
                # A folder ends with "/" and the cursor waits after it: the coordinator types
                # the file's name, rather than retyping the folder.
                start = str(self.start) + (os.sep if self.start.is_dir() else "")
                yield Input(start, placeholder="the exported file (CSV, XLSX or XLS)",
                            id="tool-file", compact=True, select_on_focus=False)
                yield Select(
                    [("Recognise it (auto)", "auto"), *((SOURCE_LABELS[source], source) for source in SOURCES)],
                    value="auto", allow_blank=False, id="tool-source", compact=True,
                )
            with Horizontal(classes="tool-import-row"):
                yield Input(placeholder="Slack: period's last day YYYY-MM-DD", id="tool-period-end", compact=True)
                yield Input(placeholder="and its days", id="tool-period-days", compact=True, type="integer")
                yield Input(placeholder="LinkedIn creator: owner's email (else the file name)",
                            id="tool-owner", compact=True)
            yield Static("Enter (or ctrl+d) reads the file and shows what it becomes; nothing is written yet.",
                         id="tool-recognised")
            yield Static("", id="tool-mapping")
            yield DataTable(id="tool-preview", cursor_type="row", zebra_stripes=True)
            yield Static("", id="tool-unmatched-title")
            yield DataTable(id="tool-unmatched", cursor_type="row")
            yield ProgressBar(id="tool-progress", show_eta=False)
            yield Static("", id="tool-status")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Read (ctrl+d)", id="tool-check")
                yield Button("Import (ctrl+s)", id="tool-import", variant="primary", disabled=True)
                yield Button("Close (esc)", id="tool-close")

    def on_mount(self) -> None:
        file_input = self.query_one("#tool-file", Input)
        file_input.cursor_position = len(file_input.value)
        preview = self.query_one("#tool-preview", DataTable)
        preview.add_columns("Row", "Becomes", "Who", "Stored as", "Outcome")
        unmatched = self.query_one("#tool-unmatched", DataTable)
        unmatched.add_columns("Person in the file", "Rows", "Same name as")
        unmatched.display = False
        self.query_one("#tool-progress", ProgressBar).display = False  # shown while working
        self.query_one("#tool-file", Input).focus()

    # ------------------------------------------------------------------ actions

    @on(Input.Changed)
    @on(Select.Changed)
    def _inputs_changed(self) -> None:
        self.batch = None
        self.query_one("#tool-import", Button).disabled = True

    @on(Input.Submitted)
    @on(Button.Pressed, "#tool-check")
    def action_check(self) -> None:
        request = self._request()
        if request is None:
            return
        self._busy("Reading…")
        self.read_file(*request)

    @on(Button.Pressed, "#tool-import")
    def action_confirm(self) -> None:
        if self.batch is None:
            self._status("Read the file first (ctrl+d): the preview is what gets imported.")
            return
        self._busy("Importing…")
        self.run_import(self.batch, self._owner())

    @on(Button.Pressed, "#tool-close")
    def action_close(self) -> None:
        self.dismiss(self.imported)

    def action_match(self) -> None:
        person = self._highlighted_person()
        if person is None:
            return

        def chosen(employee_id: str | None) -> None:
            if employee_id:
                self.confirm_alias(person, employee_id)

        self.app.push_screen(MatchPersonScreen(self.workspace, person, SOURCE_LABELS[self.batch.source]), chosen)

    def action_accept(self) -> None:
        person = self._highlighted_person()
        if person is None:
            return
        if person.suggestion is None:
            self._status(f"No employee has exactly the name of {person.label}: press m to choose one.")
            return
        self.confirm_alias(person, person.suggestion.employee_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # m and a act on the unmatched people; elsewhere they are typed into the inputs.
        if action in ("match", "accept"):
            return self.query_one("#tool-unmatched", DataTable).has_focus
        return True

    # ------------------------------------------------------------------ workers

    @work(thread=True, exclusive=True, group="tool-import")
    def read_file(self, path: Path, source: str, period_end: date | None, period_days: int | None) -> None:
        from advocacy_tui.program.exports import ExportError, read_export
        from advocacy_tui.store.errors import StoreError
        from advocacy_tui.store.imports import import_exports

        try:
            batch = read_export(path, source, period_end=period_end, period_days=period_days)
            [outcome] = import_exports(self.workspace.store, [batch], advocate_email=self._owner(), dry_run=True)
        except (ExportError, StoreError) as error:
            self.app.call_from_thread(self._refused, str(error))
            return
        self.app.call_from_thread(self._previewed, batch, outcome)

    @work(thread=True, exclusive=True, group="tool-import")
    def run_import(self, batch, owner: str | None) -> None:
        from advocacy_tui.store.errors import StoreError
        from advocacy_tui.store.imports import import_exports

        bar = self.query_one("#tool-progress", ProgressBar)

        def progress(_file: str, done: int, total: int) -> None:
            if done == total or done % 200 == 0:
                self.app.call_from_thread(bar.update, total=max(total, 1), progress=done)

        try:
            [outcome] = import_exports(self.workspace.store, [batch], advocate_email=owner, progress=progress)
        except StoreError as error:
            self.app.call_from_thread(self._refused, f"Nothing was imported: {error}")
            return
        self.app.call_from_thread(self._imported, outcome)

    @work(thread=True, exclusive=True, group="tool-import")
    def confirm_alias(self, person: UnmatchedPerson, employee_id: str) -> None:
        from advocacy_tui.store.errors import StoreError
        from advocacy_tui.store.imports import import_exports, remember_alias

        batch = self.batch
        try:
            remember_alias(self.workspace.store, batch.source, person.person, employee_id)
            [outcome] = import_exports(self.workspace.store, [batch], advocate_email=self._owner(), dry_run=True)
        except StoreError as error:
            self.app.call_from_thread(self._status, str(error))
            return
        self.app.call_from_thread(self._previewed, batch, outcome, f"Remembered: {person.label} in {batch.label}.")

    # ------------------------------------------------------------------ showing

    def _request(self) -> tuple[Path, str, date | None, int | None] | None:
        raw = self.query_one("#tool-file", Input).value.strip()
        if not raw:
            self._status("Type the path of the exported file.")
            return None
        path = Path(raw).expanduser()
        if path.is_dir():
            self._status(f"{path} is a folder: add the exported file's name.")
            return None
        if not path.exists():
            self._status(f"There is no file at {path}.")
            return None
        end_text = self.query_one("#tool-period-end", Input).value.strip()
        days_text = self.query_one("#tool-period-days", Input).value.strip()
        period_end = None
        if end_text:
            try:
                period_end = date.fromisoformat(end_text)
            except ValueError:
                self._status(f"The period's last day is a date like 2026-05-31, not {end_text!r}.")
                return None
        period_days = int(days_text) if days_text.lstrip("-").isdigit() else None
        source = str(self.query_one("#tool-source", Select).value)
        return path, source, period_end, period_days

    def _owner(self) -> str | None:
        return self.query_one("#tool-owner", Input).value.strip() or None

    def _status(self, text: str) -> None:
        self.query_one("#tool-status", Static).update(text)

    def _busy(self, text: str) -> None:
        for button in self.query(Button):
            if button.id != "tool-close":
                button.disabled = True
        bar = self.query_one("#tool-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._status(text)

    def _settle(self) -> None:
        self.query_one("#tool-check", Button).disabled = False
        self.query_one("#tool-import", Button).disabled = self.batch is None
        self.query_one("#tool-progress", ProgressBar).update(total=1, progress=1)

    def _refused(self, message: str) -> None:
        self.batch = None
        self._settle()
        self._status(f"[b]Nothing can be imported:[/b] {message}")

    def _previewed(self, batch, outcome: ImportOutcome, note: str = "") -> None:
        self.batch, self.outcome = batch, outcome
        self._settle()
        self._show(outcome)
        ready = "Nothing written yet: ctrl+s imports exactly this."
        self._status(" ".join(part for part in (note, f"{outcome.summary()}.", ready) if part))
        target = "#tool-unmatched" if outcome.unmatched else "#tool-import"
        self.query_one(target).focus()

    def _imported(self, outcome: ImportOutcome) -> None:
        self.imported = True
        self.batch = None
        self._settle()
        self._show(outcome)
        self._status(f"Imported: {outcome.summary()}.")
        self.query_one("#tool-close", Button).focus()

    def _show(self, outcome: ImportOutcome) -> None:
        recognised = "\n".join([outcome.recognised_by, *(f"Note: {warning}" for warning in outcome.warnings)])
        self.query_one("#tool-recognised", Static).update(recognised)
        self.query_one("#tool-mapping", Static).update(" ".join(MAPPING[outcome.source]))
        preview = self.query_one("#tool-preview", DataTable)
        preview.clear()
        for row in sorted(outcome.rows, key=lambda stored: stored.row)[:PREVIEW_ROWS]:
            # Cut long descriptions so the outcome column stays on screen at 120 columns.
            what = row.what if len(row.what) <= WHAT_WIDTH else row.what[: WHAT_WIDTH - 1] + "…"
            preview.add_row(str(row.row), row.entity, row.who, what, row.outcome)
        unmatched = self.query_one("#tool-unmatched", DataTable)
        unmatched.clear()
        for person in outcome.unmatched:
            rows = ", ".join(str(row) for row in person.rows[:6]) + (" …" if len(person.rows) > 6 else "")
            unmatched.add_row(person.label, rows, person.suggestion.label if person.suggestion else "")
        unmatched.display = bool(outcome.unmatched)
        title = (
            f"{len(outcome.unmatched)} unmatched: their rows are not imported until you say who they are "
            "(m match, a accept the same-name employee; remembered for next time)."
            if outcome.unmatched else ""
        )
        self.query_one("#tool-unmatched-title", Static).update(title)

    def _highlighted_person(self) -> UnmatchedPerson | None:
        if self.outcome is None or self.batch is None or not self.outcome.unmatched:
            return None
        row = self.query_one("#tool-unmatched", DataTable).cursor_row
        return self.outcome.unmatched[row] if 0 <= row < len(self.outcome.unmatched) else None


class MatchPersonScreen(ModalScreen[str | None]):
    """Which employee is this person? Type to search by name or email; Enter chooses."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="match.cancel")]

    def __init__(self, workspace: Workspace, person: UnmatchedPerson, source_label: str) -> None:
        super().__init__()
        self.workspace = workspace
        self.person = person
        self.source_label = source_label
        self.ids: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="match-dialog", classes="dialog"):
            yield Label(f"Who is {self.person.label} in {self.source_label}?", classes="dialog-title")
            yield Input(self._first_guess(), placeholder="type part of a name or an email", id="match-search")
            yield OptionList(id="match-list")
            yield Static("Enter on an employee remembers the match; Escape cancels.", id="match-status")

    def _first_guess(self) -> str:
        """What the search starts from: the suggestion, the name, or an address's local part."""
        person = self.person.person
        if self.person.suggestion is not None:
            return self.person.suggestion.label.split(" <")[0]
        address = person.email or person.principal or ""
        return person.name or person.handle or address.split("@")[0].replace(".", " ")

    def on_mount(self) -> None:
        self.query_one("#match-search", Input).focus()
        self.search(self.query_one("#match-search", Input).value)

    @on(Input.Changed, "#match-search")
    def _typed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#match-search")
    def _to_list(self) -> None:
        if self.ids:
            self.query_one("#match-list", OptionList).focus()

    @work(thread=True, exclusive=True, group="match")
    def search(self, text: str) -> None:
        from advocacy_tui.store.imports import search_employees

        found = search_employees(self.workspace.store, text)
        self.app.call_from_thread(self._show, found)

    def _show(self, found: list[tuple[str, str]]) -> None:
        self.ids = [ident for ident, _ in found]
        options = self.query_one("#match-list", OptionList)
        options.clear_options()
        options.add_options([label for _, label in found] or ["No employee matches."])
        options.highlighted = 0 if found else None

    @on(OptionList.OptionSelected, "#match-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if 0 <= event.option_index < len(self.ids):
            self.dismiss(self.ids[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
