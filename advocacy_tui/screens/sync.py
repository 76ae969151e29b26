"""Import and export dialogs: CSV sync from inside the app, in a worker with a progress bar.

Import always checks first (a dry run that shows the counts or every problem with its
file, line and column); only then can the coordinator confirm the real import.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Static

from advocacy_tui.program.sync_report import counts_table
from advocacy_tui.workspace import Workspace


class ExportScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape", "close", "Close", id="export.close"),
        Binding("ctrl+s", "export", "Export", id="export.run"),
    ]

    def __init__(self, workspace: Workspace, folder: Path) -> None:
        super().__init__()
        self.workspace = workspace
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Label("Export every entity as CSV", classes="dialog-title")
            yield Static("One file per entity (sixteen), deletions included, ready to import on another copy.")
            yield Input(str(self.folder), id="export-folder")
            yield ProgressBar(id="export-progress", show_eta=False)
            yield Static("", id="export-status")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export (ctrl+s)", id="export", variant="primary")
                yield Button("Close (esc)", id="close")

    def on_mount(self) -> None:
        self.query_one("#export-folder", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        folder = Path(self.query_one("#export-folder", Input).value.strip()).expanduser()
        self.query_one("#export", Button).disabled = True
        self.query_one("#export-status", Static).update(f"Exporting to {folder}…")
        self.run_export(folder)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(False)

    @work(thread=True, exclusive=True, group="export")
    def run_export(self, folder: Path) -> None:
        from advocacy_tui.store.csv_export import export_all
        from advocacy_tui.store.errors import StoreError

        bar = self.query_one("#export-progress", ProgressBar)

        def progress(name: str, done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=total, progress=done)

        try:
            written = export_all(self.workspace.store, folder, progress)
        except (StoreError, OSError) as error:
            message = str(error) if isinstance(error, StoreError) else f"Cannot write {folder}: {error.strerror}"
            self.app.call_from_thread(self._finished, message, False)
            return
        summary = ", ".join(f"{name} {rows:,}" for name, rows in written.items())
        self.app.call_from_thread(self._finished, f"Wrote {len(written)} files to {folder}: {summary}.", True)

    def _finished(self, message: str, done: bool) -> None:
        self.query_one("#export-status", Static).update(message)
        self.query_one("#export", Button).disabled = False
        if done:
            self.query_one("#export-progress", ProgressBar).update(total=1, progress=1)
            self.query_one("#close", Button).focus()


class ImportScreen(ModalScreen[bool]):
    """Returns True when data was imported (so the tabs reload)."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="import.close"),
        Binding("ctrl+d", "check", "Check (dry run)", id="import.check"),
        Binding("ctrl+s", "confirm", "Import", id="import.run"),
    ]

    def __init__(self, workspace: Workspace, start: Path) -> None:
        super().__init__()
        self.workspace = workspace
        self.start = start
        self.checked: list[Path] | None = None
        self.imported = False

    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog", classes="dialog"):
            yield Label("Import CSV files", classes="dialog-title")
            yield Static(
                "A folder of exported files, or one file named after its entity (employees.csv, "
                "signals.csv, …). Everything is checked first; one bad row rejects the whole "
                "import and the database stays exactly as it was."
            )
            yield Input(str(self.start), id="import-path")
            yield ProgressBar(id="import-progress", show_eta=False, show_percentage=False)
            yield Static("Press Enter (or ctrl+d) to check.", id="import-status")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Check (ctrl+d)", id="check")
                yield Button("Import (ctrl+s)", id="import", variant="primary", disabled=True)
                yield Button("Close (esc)", id="close")

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    @on(Input.Changed, "#import-path")
    def _path_changed(self) -> None:
        self.checked = None
        self.query_one("#import", Button).disabled = True

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#check")
    def action_check(self) -> None:
        self._start(dry_run=True)

    @on(Button.Pressed, "#import")
    def action_confirm(self) -> None:
        if self.checked is None:
            self._status("Check the files first (ctrl+d).")
            return
        self._start(dry_run=False)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(self.imported)

    def _status(self, text: str) -> None:
        self.query_one("#import-status", Static).update(text)

    def _start(self, *, dry_run: bool) -> None:
        raw = self.query_one("#import-path", Input).value.strip()
        if not raw:
            self._status("Type the path of a folder or a CSV file.")
            return
        for button in self.query(Button):
            if button.id != "close":
                button.disabled = True
        self.query_one("#import-progress", ProgressBar).update(total=None, progress=0)
        self._status("Checking…" if dry_run else "Importing…")
        self.run_import(Path(raw).expanduser(), dry_run)

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, path: Path, dry_run: bool) -> None:
        from advocacy_tui.store.csv_import import ImportRejected, expand_paths, import_files
        from advocacy_tui.store.errors import StoreError

        def progress(name: str, rows: int) -> None:
            self.app.call_from_thread(self._status, f"{'Checking' if dry_run else 'Importing'} {name}: {rows:,} rows read…")

        try:
            paths = expand_paths([path])
            report = import_files(self.workspace.store, paths, dry_run=dry_run, progress=progress)
        except ImportRejected as rejected:
            self.app.call_from_thread(self._rejected, str(rejected), rejected.total)
            return
        except StoreError as error:
            self.app.call_from_thread(self._rejected, str(error), 1)
            return
        self.app.call_from_thread(self._reported, paths, report, dry_run)

    def _settle_buttons(self) -> None:
        self.query_one("#check", Button).disabled = False
        self.query_one("#import", Button).disabled = self.checked is None
        self.query_one("#import-progress", ProgressBar).update(total=1, progress=1)

    def _rejected(self, problems: str, count: int) -> None:
        self.checked = None
        self._settle_buttons()
        self._status(f"Nothing can be imported: {count} problem(s). Fix the file and check again.\n\n{problems}")

    def _reported(self, paths: list[Path], report, dry_run: bool) -> None:
        if dry_run:
            self.checked = paths
            self._settle_buttons()
            self._status(f"Check passed; nothing written yet. Press ctrl+s to import.\n\n{counts_table(report)}")
            self.query_one("#import", Button).focus()
        else:
            self.checked = None
            self.imported = True
            self._settle_buttons()
            self._status(f"Imported.\n\n{counts_table(report)}")
            self.query_one("#close", Button).focus()
