"""A read-only page of lines with a title: what the tick did, and the like."""

from __future__ import annotations

from typing import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class SummaryScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="summary.close")]

    def __init__(self, title: str, lines: Sequence[str]) -> None:
        super().__init__()
        self.heading = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary-dialog", classes="dialog"):
            yield Label(self.heading, classes="dialog-title")
            yield Static("\n".join(self.lines), id="summary-body", markup=False)
            yield Static("Enter or esc closes.", classes="step-explain")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
