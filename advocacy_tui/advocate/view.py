"""What the advocate's three views share: the desk snapshot handed down by the app, the
asks every view offers (a topic, a request for help), and one worker for every write.

Attributes down, messages up: the app sets `snapshot` after reading the desk; a view that
wrote something posts `DeskView.Changed`, and the app reads the desk again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Callable, Sequence

from textual import work
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive

from advocacy_tui.program.desk import AdvocateResults, QueueItem

if TYPE_CHECKING:
    from advocacy_tui.store.content.feedback import FeedbackRow
    from advocacy_tui.store.desk import AdvocateDesk

DeskCall = Callable[["AdvocateDesk"], object]


@dataclass(frozen=True)
class DeskSnapshot:
    """Everything the views show, read from the desk in one worker."""

    queue: Sequence[QueueItem] = ()
    results: AdvocateResults = field(default_factory=AdvocateResults)
    feedback: Sequence["FeedbackRow"] = ()
    enrolled: bool = True


def read_desk(desk: "AdvocateDesk", today: date, medium: str, ats: str = "") -> DeskSnapshot:
    """Blocking: call from a worker thread."""
    return DeskSnapshot(
        queue=desk.queue(today, medium, ats),
        results=desk.results(today),
        feedback=desk.feedback(),
        enrolled=desk.still_enrolled(),
    )


# Every view offers these; each lists them where it wants them in its footer.
ASK_BINDINGS = [
    Binding("t", "suggest_topic", "Topic", id="advocate.topic"),
    Binding("h", "ask_support", "Ask help", id="advocate.support"),
]


class DeskView(Vertical):
    """One of the advocate's views. The app sets `snapshot`; the view shows it."""

    snapshot: reactive[DeskSnapshot | None] = reactive(None, init=False, always_update=True)

    class Changed(Message):
        """Posted up after a write: the app reads the desk again."""

    def __init__(self, desk: "AdvocateDesk", today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.desk = desk
        self.today = today

    def watch_snapshot(self, snapshot: DeskSnapshot | None) -> None:
        if snapshot is not None:
            self.show(snapshot)

    def show(self, snapshot: DeskSnapshot) -> None:
        """Show a freshly read snapshot."""

    def main_widget(self):
        """What takes focus when the view is shown."""
        from advocacy_tui.widgets.paged_table import PagedTable

        return self.query(PagedTable).first()

    def report(self, message: str) -> None:
        """A refusal from the store, in its own words (never a traceback)."""
        self.notify(message, title="Not saved", severity="error", timeout=8)

    # Writes -----------------------------------------------------------------------------

    @work(thread=True, group="desk-write")
    def write(self, calls: Sequence[DeskCall], done: str = "", failed: Callable[[], None] | None = None) -> None:
        """Run desk calls in order in a thread; the first refusal stops the rest, is shown,
        and calls `failed` (on the UI loop). Not exclusive: a write never cancels another."""
        from advocacy_tui.store.errors import StoreError

        try:
            for call in calls:
                call(self.desk)
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            if failed is not None:
                self.app.call_from_thread(failed)
            self.app.call_from_thread(self.post_message, self.Changed())
            return
        if done:
            self.app.call_from_thread(self.notify, done, timeout=6)
        self.app.call_from_thread(self.post_message, self.Changed())

    # Asks every view offers --------------------------------------------------------------

    def support_asset(self) -> tuple[str, str] | None:
        """(asset id, title) a request for help is about, if the view has one highlighted."""
        return None

    def action_suggest_topic(self) -> None:
        from advocacy_tui.advocate.asks import topic_dialog

        today = self.today
        self.app.push_screen(
            topic_dialog(today),
            lambda answer: answer is not None and self.write(
                [lambda desk: desk.suggest_topic(answer.text, answer.on)],
                "Thanks: your topic went to the coordinator. You can follow it under 3 My feedback.",
            ),
        )

    def action_ask_support(self) -> None:
        from advocacy_tui.advocate.asks import support_dialog

        about = self.support_asset()
        asset_id = about[0] if about else None
        self.app.push_screen(
            support_dialog(self.today, about[1] if about else None),
            lambda answer: answer is not None and self.write(
                [lambda desk: desk.request_support(answer.text, answer.on, asset_id)],
                "Sent: the coordinator will get back to you. You can follow it under 3 My feedback.",
            ),
        )
