"""One employee's audit signals: what they already did without being asked."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from advocacy_tui.program.audit import AuditRow, SignalRow, format_quality
from advocacy_tui.program.vocabulary import SOURCE_LABELS
from advocacy_tui.workspace import Workspace

SIGNAL_LIMIT = 500


class SignalsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q", "close", "Close", id="signals.close")]

    def __init__(self, workspace: Workspace, employee: AuditRow) -> None:
        super().__init__()
        self.workspace = workspace
        self.employee = employee

    def compose(self) -> ComposeResult:
        row = self.employee
        with Vertical(id="signals-dialog", classes="dialog"):
            yield Label(f"{row.name} — {row.title or 'no title'}, {row.department or 'no department'}", classes="dialog-title")
            yield Static(
                f"{row.email} · {row.seniority} · network {row.network_size:,} · "
                f"last 90 days: {row.signals} signals, engagement {row.engagement:,}, "
                f"quality {format_quality(row.quality)} per 100 network members · audit rank {row.rank:,}"
                + (" · flagged candidate" if row.candidate else ""),
                id="signals-summary",
            )
            table = DataTable(id="signals-table", cursor_type="row", zebra_stripes=True)
            table.add_column("Date", key="date", width=10)
            table.add_column("Source", key="source", width=17)
            table.add_column("Kind", key="kind", width=8)
            for label in ("Impr.", "React.", "Comm.", "Shares"):
                table.add_column(label, key=label, width=7)
            table.add_column("Link", key="url", width=44)
            yield table
            yield Static("Loading signals…", id="signals-status")

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.load_signals()

    @work(thread=True, exclusive=True, group="signals")
    def load_signals(self) -> None:
        from advocacy_tui.store.audit import employee_signals
        from advocacy_tui.store.errors import StoreError

        try:
            signals = employee_signals(self.workspace.store, self.employee.employee_id, SIGNAL_LIMIT)
        except StoreError as error:
            self.app.call_from_thread(self._show_status, str(error))
            return
        self.app.call_from_thread(self._show, signals)

    def _show_status(self, text: str) -> None:
        self.query_one("#signals-status", Static).update(text)

    def _show(self, signals: list[SignalRow]) -> None:
        table = self.query_one(DataTable)
        for signal in signals:
            table.add_row(
                signal.occurred_on.isoformat(),
                SOURCE_LABELS.get(signal.source, signal.source),
                signal.kind,
                *(Text(f"{value:,}", justify="right") for value in (signal.impressions, signal.reactions, signal.comments, signal.shares)),
                signal.url or "",
            )
        if not signals:
            status = "No signals recorded for this employee."
        elif len(signals) == SIGNAL_LIMIT:
            status = f"The newest {SIGNAL_LIMIT} signals. Escape closes."
        else:
            status = f"{len(signals)} signals, newest first. Escape closes."
        self._show_status(status)

    def action_close(self) -> None:
        self.dismiss(None)
