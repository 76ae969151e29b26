"""A filter menu's face: what a closed `Select` looks like, drawn by one widget."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Static


class FilterFace(Static, can_focus=True):
    """A filter menu as it looks closed, drawn by one widget: the face of a `Select` (its
    border, muted prompt and arrow), which is five widgets and costs the tab's first frame
    most of its time. The real menus take the faces' places when the filter bar is first
    used (focus, a click, or `/`), and stay."""

    DEFAULT_CSS = """
    FilterFace {
        border: tall $border-blurred;
        color: $foreground 50%;
        background: $surface;
        width: 1fr;
        height: 3;
        padding: 0 2;
        pointer: pointer;
    }
    """

    ALLOW_SELECT = False

    class Used(Message):
        """The face was focused or clicked: time for the real menus."""

        def __init__(self, face: "FilterFace", open_menu: bool) -> None:
            super().__init__()
            self.face = face
            self.open_menu = open_menu

    def __init__(self, name: str, label: str) -> None:
        super().__init__(id=f"filter-face-{name}", classes="content-filter-face")
        self.filter_name = name
        self.prompt = f"{label}: all"

    def render(self) -> Text:
        # As SelectCurrent lays it out: the prompt over the width less the arrow's two cells.
        width = max(0, self.content_region.width - 2)
        prompt = Text(self.prompt, no_wrap=True, overflow="ellipsis")
        prompt.truncate(width, overflow="ellipsis", pad=True)
        # One line whatever the width: a second, wrapped line would push the bottom
        # border out of the bar.
        return Text.assemble(prompt, " ▼", no_wrap=True, overflow="crop")

    def _on_focus(self, event: events.Focus) -> None:
        self.post_message(self.Used(self, open_menu=False))

    def _on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Used(self, open_menu=True))
