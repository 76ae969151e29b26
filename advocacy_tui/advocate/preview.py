"""The finished post, shown whole: a look before copying, and a way to copy by hand where a
terminal refuses the clipboard (select with the mouse, holding Shift in most terminals)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class PostPreview(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,v,q", "close", "Close", id="preview.close"),
        Binding("c", "copy", "Copy", id="preview.copy"),
    ]

    def __init__(self, title: str, platform: str, post: str) -> None:
        super().__init__()
        self.heading = title
        self.platform = platform
        self.post = post

    def compose(self) -> ComposeResult:
        with Vertical(id="preview-dialog", classes="dialog"):
            yield Label(f"Your post for {self.platform}: \u201c{self.heading}\u201d", classes="dialog-title")
            with VerticalScroll(id="preview-post"):
                yield Static(Text(self.post))
            yield Static(
                "c copies it. If your terminal does not let the copy through, select the text "
                "with the mouse (hold Shift in most terminals). Escape closes.",
                classes="step-explain",
            )

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.post)
        self.notify(f"Copied: paste it into {self.platform}.", timeout=5)

    def action_close(self) -> None:
        self.dismiss(None)
