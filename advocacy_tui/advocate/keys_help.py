"""Help for advocates (? or F1): how a week goes, then every key in plain words.

The keys are read from the bindings (so they never go stale); the words come from
`LONG_WORDS` where a footer label is too short to explain itself.
"""

from __future__ import annotations

from typing import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

HOW_IT_WORKS = (
    "How it works: pick a post in your queue, press w (or Enter) and write it in your own words "
    "(o or p give you a start). Press escape to go back to the list: what you wrote is saved. "
    "c copies the finished post with your hashtags and your own link; paste it into LinkedIn "
    "(or wherever it is meant for), then press m to mark it shared. "
    "Not for you? k skips it, and f tells the coordinator why."
)

LONG_WORDS = {
    "advocate.write": "Write your own version (also Enter); marks the post as opened",
    "advocate.copy": "Copy the finished post (your text, hashtags, your link) to paste it",
    "advocate.shared": "Mark it shared, with the address of your post if you have it",
    "advocate.from_caption": "Start your text from the suggested caption",
    "advocate.from_starter": "Start your text from a sentence starter (again: the next one)",
    "advocate.skip": "Skip it: it leaves your to-do list",
    "advocate.flag": "Not authentic for me: tell the coordinator why",
    "advocate.topic": "Suggest a topic you would like to post about",
    "advocate.support": "Ask the coordinator for help with a post idea",
    "advocate.preview": "Preview the finished post",
    "advocate.save": "Save your version",
    "advocate.leave_editor": "Save and go back to the list",
    "advocate.help": "These keys",
    "advocate.quit": "Quit (what you wrote is saved)",
}


def keys_table(title: str, bindings: Sequence[Binding], display) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", show_header=False, box=None, padding=(0, 2, 0, 0))
    table.add_column("key", style="bold", min_width=12)
    table.add_column("does")
    for binding in bindings:
        keys = " / ".join(display(Binding(key.strip(), binding.action)) for key in binding.key.split(","))
        table.add_row(keys, LONG_WORDS.get(binding.id or "", binding.description))
    return table


class KeysHelp(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close", id="help.close")]

    def __init__(self, sections: Sequence[tuple[str, Sequence[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Label("Your queue, step by step", classes="dialog-title")
            yield Static(Text(HOW_IT_WORKS))
            for title, bindings in self.sections:
                yield Static(keys_table(title, bindings, self.app.get_key_display), classes="help-section")
            yield Static(Text("Escape closes this.", style="italic dim"), classes="help-section")

    def action_close(self) -> None:
        self.dismiss(None)
