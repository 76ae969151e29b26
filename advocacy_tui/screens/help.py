"""Help (? or F1): every key, read from the bindings themselves so it never goes stale."""

from __future__ import annotations

from typing import Iterable, Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


def _keys_table(title: str, bindings: Iterable[Binding], display: callable) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", show_header=False, box=None, padding=(0, 2, 0, 0), expand=False)
    table.add_column("key", style="bold", min_width=18)
    table.add_column("does")
    seen: set[str] = set()
    for binding in bindings:
        if binding.description in seen or not binding.description:
            continue
        seen.add(binding.description)
        keys = " / ".join(display(Binding(key.strip(), binding.action)) for key in binding.key.split(","))
        table.add_row(keys, binding.description)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close", id="help.close")]

    def __init__(self, sections: Sequence[tuple[str, Sequence[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Label("Keys", classes="dialog-title")
            yield Static(
                Text(
                    "Everything works from the keyboard. The footer shows the keys of what has "
                    "focus; ctrl+p finds any command by name.",
                    style="italic",
                )
            )
            for title, bindings in self.sections:
                yield Static(_keys_table(title, bindings, self.app.get_key_display), classes="help-section")

    def action_close(self) -> None:
        self.dismiss(None)
