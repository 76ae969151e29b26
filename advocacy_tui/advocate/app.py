"""The advocate's app: three views of one advocate's desk, and the keys to move between them.

Kept to composition and routing. The desk is read in a worker after the first frame; each
view shows the snapshot it is handed and posts `DeskView.Changed` after a write, upon
which the app reads the desk again.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Header, Static, TabbedContent, TabPane

from advocacy_tui.advocate.feedback import FeedbackView
from advocacy_tui.advocate.queue import QueueView
from advocacy_tui.advocate.results import ResultsView
from advocacy_tui.advocate.view import DeskSnapshot, DeskView
from advocacy_tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from advocacy_tui.config import Settings
    from advocacy_tui.store.desk import AdvocateDesk

VIEWS = (("queue", "Queue", QueueView), ("results", "My results", ResultsView), ("feedback", "My feedback", FeedbackView))


class AdvocateApp(App[None]):
    CSS_PATH = "advocate.tcss"
    AUTO_FOCUS = "#queue-list"
    # Advocates have a handful of keys, all in the footer and under ?: no palette to learn.
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = [
        *(
            Binding(str(number), f"show_view('{view_id}')", title, id=f"advocate.view.{view_id}", show=False)
            for number, (view_id, title, _view) in enumerate(VIEWS, start=1)
        ),
        Binding("question_mark,f1", "help", "Keys", id="advocate.help"),
        Binding("q", "quit", "Quit", id="advocate.quit"),
    ]

    snapshot: reactive[DeskSnapshot | None] = reactive(None, init=False, always_update=True)

    def __init__(self, desk: "AdvocateDesk", *, today: date, settings: "Settings") -> None:
        super().__init__()
        self.desk = desk
        self.today = today
        self.settings = settings
        self.medium = settings.tracking.utm_medium
        self.ats = settings.tracking.ats

    def compose(self) -> ComposeResult:
        yield Header(icon="\u2261")
        yield Static("", id="desk-banner")
        with TabbedContent(id="views"):
            for number, (view_id, title, view) in enumerate(VIEWS, start=1):
                with TabPane(f"{number} {title}", id=view_id):
                    yield view(self.desk, self.today, id=f"{view_id}-view").data_bind(AdvocateApp.snapshot)
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.title = f"advocacy \u2014 {self.desk.name}'s queue"
        self.sub_title = f"{self.today:%A %d %B %Y}"
        self.call_after_refresh(self.read_desk)

    @work(thread=True, exclusive=True, group="desk-read")
    def read_desk(self) -> None:
        from textual.worker import get_current_worker

        from advocacy_tui.advocate.view import read_desk
        from advocacy_tui.store.errors import StoreError

        try:
            snapshot = read_desk(self.desk, self.today, self.medium, self.ats)
        except StoreError as error:
            self.call_from_thread(self.notify, str(error), title="Could not read your queue", severity="error", timeout=10)
            return
        if not get_current_worker().is_cancelled:  # a newer read is on its way
            self.call_from_thread(self._show, snapshot)

    def _show(self, snapshot: DeskSnapshot) -> None:
        self.snapshot = snapshot
        banner = self.query_one("#desk-banner", Static)
        banner.display = not snapshot.enrolled
        if not snapshot.enrolled:
            banner.update(
                "You are no longer enrolled in the program: you can read your queue and results, "
                "but nothing new can be saved. Talk to the program's coordinator if this is a mistake."
            )

    @on(DeskView.Changed)
    def _changed(self) -> None:
        self.read_desk()

    # Routing --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # Under a dialog, its own keys answer; the app's letters and digits wait.
        if action in ("show_view", "quit", "help") and len(self.screen_stack) > 1:
            return False
        return True

    def action_show_view(self, view_id: str) -> None:
        self.query_one(TabbedContent).active = view_id
        self._focus_view()

    @on(TabbedContent.TabActivated)
    def _focus_view(self) -> None:
        active = self.query_one(TabbedContent).active
        view = self.query_one(f"#{active}-view", DeskView)
        target = view.main_widget()
        if target is not None:
            target.focus()

    def action_help(self) -> None:
        from advocacy_tui.advocate.keys_help import KeysHelp

        views = [Binding(str(n), "", f"Show {title}") for n, (_id, title, _view) in enumerate(VIEWS, start=1)]
        queue_keys = [b for b in QueueView.BINDINGS if b.id not in ("advocate.save", "advocate.leave_editor")]
        writing = [
            *(b for b in QueueView.BINDINGS if b.id in ("advocate.save", "advocate.leave_editor")),
            Binding("ctrl+z", "", "Undo (also undoes o and p)"),
            Binding("ctrl+y", "", "Redo"),
        ]
        lists = [Binding("up,down", "", "Move in a list"), Binding("pageup,pagedown", "", "A page up or down"),
                 Binding("home,end", "", "First or last")]
        self.push_screen(
            KeysHelp(
                [
                    ("Your queue (1)", queue_keys),
                    ("Writing in the text box", writing),
                    ("Everywhere", [*views, *self.BINDINGS[len(VIEWS):]]),
                    ("Lists", lists),
                ]
            )
        )

    async def action_quit(self) -> None:
        # A last look for unsaved words (ctrl+q from inside the text box).
        queue = self.query_one(QueueView)
        if queue.save_now():
            await self.workers.wait_for_complete()
        self.exit()
