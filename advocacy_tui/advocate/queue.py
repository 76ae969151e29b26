"""View 1, the queue: this week's posts first, then older ones; the highlighted one spelled
out; a text box for the advocate's own version.

The list keeps the keys. `w` (or Enter) goes into the text box, where letters type, and
`escape` comes back. Whatever was written is saved when the advocate leaves the text box
or the item (and on ctrl+s), so `o` and `p` can replace the text without asking: the
previous version is already saved, and ctrl+z in the box brings it back.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static, TextArea

from advocacy_tui.advocate.asset_card import asset_card
from advocacy_tui.advocate.labels import day, platform_name
from advocacy_tui.advocate.queue_rows import QUEUE_COLUMNS, QueueCells, queue_summary
from advocacy_tui.advocate.view import ASK_BINDINGS, DeskSnapshot, DeskView
from advocacy_tui.program.desk import QueueItem
from advocacy_tui.widgets.memory_rows import MemoryRows
from advocacy_tui.widgets.paged_table import PagedTable

if TYPE_CHECKING:
    from advocacy_tui.store.desk import AdvocateDesk

X_LIMIT = 280
X_LINK = 23
ITEM_ACTIONS = {"write", "from_caption", "from_starter", "copy_post", "preview", "mark_shared", "skip", "flag"}
EDITOR_HINT = (
    "Write it in your own words: what you did, what you saw, why it matters to you.\n\n"
    "o starts from the suggested caption, p from a sentence starter (press escape first)."
)


class EditorStatus(Widget):
    """The line under the text box (length, saved or not). It changes on every key, so it
    only repaints itself: a Static would lay the whole screen out again each time."""

    line: reactive[Text] = reactive(Text)

    def render(self) -> Text:
        return self.line


class QueueView(DeskView):
    BINDINGS = [
        Binding("w", "write", "Write", id="advocate.write", show=False),
        Binding("c", "copy_post", "Copy", id="advocate.copy"),
        Binding("m", "mark_shared", "Shared", id="advocate.shared"),
        # o and p are offered where they matter: in the post's box and the empty text box.
        Binding("o", "from_caption", "Caption", id="advocate.from_caption", show=False),
        Binding("p", "from_starter", "Starter", id="advocate.from_starter", show=False),
        Binding("k", "skip", "Skip", id="advocate.skip"),
        Binding("f", "flag", "Not for me", id="advocate.flag"),
        *ASK_BINDINGS,
        Binding("v", "preview", "Preview", id="advocate.preview", show=False),
        Binding("ctrl+s", "save", "Save", id="advocate.save"),
        Binding("escape", "leave_editor", "Back to the list", id="advocate.leave_editor"),
    ]

    def __init__(self, desk: "AdvocateDesk", today: date, *, id: str | None = None) -> None:
        super().__init__(desk, today, id=id)
        self.rows: MemoryRows[QueueItem] = MemoryRows([], key=lambda item: item.delivery_id, cells=QueueCells(today))
        self.current: QueueItem | None = None
        self.saved_text: str | None = ""  # what the store holds for `current`, as far as we know
        self.starter_index = -1

    def compose(self) -> ComposeResult:
        yield Static("", id="queue-summary")
        yield PagedTable(
            QUEUE_COLUMNS,
            id="queue-list",
            select_label="Write",
            empty_text="Nothing here yet.",
        )
        with Horizontal(id="queue-work"):
            with VerticalScroll(id="queue-card-box"):
                yield Static("", id="queue-card")
            with Vertical(id="queue-editor-box"):
                yield TextArea(
                    "", id="queue-editor", soft_wrap=True, tab_behavior="focus", placeholder=EDITOR_HINT
                )
                yield EditorStatus(id="queue-editor-status")

    def on_mount(self) -> None:
        self.query_one("#queue-card-box").border_title = "The post"
        self.query_one("#queue-editor-box").border_title = "Your version"

    @property
    def editor(self) -> TextArea:
        return self.query_one("#queue-editor", TextArea)

    @property
    def table(self) -> PagedTable:
        return self.query_one("#queue-list", PagedTable)

    # Showing ----------------------------------------------------------------------------

    def show(self, snapshot: DeskSnapshot) -> None:
        self.query_one("#queue-summary", Static).update(queue_summary(list(snapshot.queue), self.today))
        follow = self.current.delivery_id if self.current else None
        self.rows = MemoryRows(list(snapshot.queue), key=lambda item: item.delivery_id, cells=QueueCells(self.today))
        index = self.rows.index_of(follow)
        if follow is None:  # first look: the first post still to share
            index = next((n for n, item in enumerate(self.rows.items) if not item.done), None)
        self.table.set_source(self.rows)
        if index is not None:
            self.table.move_cursor(index)
        elif not self.rows.items:
            self._show_item(None)

    @on(PagedTable.RowHighlighted, "#queue-list")
    def _highlighted(self, event: PagedTable.RowHighlighted) -> None:
        self._show_item(self.rows.item_at(event.index))

    def _show_item(self, item: QueueItem | None) -> None:
        previous = self.current
        if previous is not None and (item is None or item.delivery_id != previous.delivery_id):
            self._save_if_changed(previous)
        same = item is not None and previous is not None and item.delivery_id == previous.delivery_id
        self.current = item
        card = self.query_one("#queue-card", Static)
        if (previous is None) != (item is None):
            self.refresh_bindings()  # the item keys come and go (the footer recomposes: not on every move)
        if item is None:
            self.query_one("#queue-card-box").border_title = "The post"
            card.update(Text("Nothing to show yet.", style="italic dim"))
            self._load_editor("")
            self.editor.disabled = True
            return
        self.editor.disabled = False
        self.query_one("#queue-card-box").border_title = item.title
        card.update(asset_card(item, self.today))
        if not same:
            self.starter_index = -1
            self.query_one("#queue-card-box").scroll_home(animate=False)
            self._load_editor(item.text)
        # The same item re-read after a write: the text box is left alone. This session is
        # the only writer of the text, and a read that raced a save must not undo typing.
        self._show_editor_status()

    def _load_editor(self, text: str) -> None:
        with self.editor.prevent(TextArea.Changed):
            self.editor.load_text(text)
        self.saved_text = text
        self._show_editor_status()

    def _changed(self) -> bool:
        """Does the text box hold words the store may not have? (`saved_text` is None after
        a save was refused: then it does, whatever it holds.)"""
        return self.current is not None and self.editor.text != self.saved_text

    @on(TextArea.Changed, "#queue-editor")
    def _show_editor_status(self) -> None:
        item = self.current
        found = self.query("#queue-editor-status")
        if not found:  # a late callback while the view is being torn down: nothing to show
            return
        status = found.first(EditorStatus)
        if item is None:
            status.line = Text()
            return
        post = item.post_text(self.editor.text)
        line = Text()
        if item.platform.lower() in ("x", "twitter"):
            # X counts any link as 23 characters.
            length = len(post) - (len(item.link) - X_LINK if item.link and item.link in post else 0)
            style = "bold red" if length > X_LIMIT else "dim"
            line.append(f"{length:,} of X's {X_LIMIT} characters, with hashtags and link", style=style)
        else:
            line.append(f"{len(post):,} characters with hashtags and link", style="dim")
        if self._changed():
            line.append(" \u00b7 unsaved (esc or ctrl+s saves)", style="yellow")
        elif self.editor.text:
            line.append(" \u00b7 saved", style="green")
        status.line = line

    # Writing ----------------------------------------------------------------------------

    def _save_if_changed(self, item: QueueItem | None = None) -> bool:
        """Save the text box for `item` (the current one by default) if it changed."""
        item = item or self.current
        if item is None or self.editor.text == self.saved_text:
            return False
        text = self.editor.text
        self.saved_text = text
        self.write([lambda desk: desk.save_text(item.delivery_id, text)], failed=self._not_saved(item.delivery_id, text))
        self._show_editor_status()
        return True

    def _not_saved(self, delivery_id: str, text: str):
        """When saving `text` was refused: keep the words, and say they are not saved."""

        def not_saved() -> None:
            if self.current is not None and self.current.delivery_id == delivery_id and self.saved_text == text:
                self.saved_text = None
                self._show_editor_status()

        return not_saved

    def save_now(self) -> bool:
        """Save the text box if it changed (the app calls this before quitting)."""
        return self._save_if_changed()

    @on(PagedTable.RowSelected, "#queue-list")
    def action_write(self) -> None:
        item = self.current
        if item is None:
            return
        self.add_class("-writing")  # on a short screen, the text box takes the list's place
        self.call_after_refresh(self._focus_editor)
        if item.status == "queued":
            self.write([lambda desk: desk.mark_seen(item.delivery_id)])

    def _focus_editor(self) -> None:
        self.editor.focus()
        self.editor.move_cursor(self.editor.document.end)

    def action_save(self) -> None:
        if self.current is None:
            return
        if not self._save_if_changed():
            self.notify("Already saved.", timeout=3)
        else:
            self.notify("Saved.", timeout=3)

    def action_leave_editor(self) -> None:
        self.table.focus()

    def on_descendant_focus(self, event) -> None:
        self.set_class(event.widget is self.editor, "-writing")

    def on_descendant_blur(self, event) -> None:
        """Leaving the text box (escape, a click, tab) saves what was written."""
        if event.widget is self.editor:
            self.remove_class("-writing")
            self._save_if_changed()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        writing = self.editor.has_focus
        if action in ("leave_editor", "save"):
            return writing
        if writing:
            return False  # letters type in the text box; the footer shows only its keys
        if action in ITEM_ACTIONS:
            return self.current is not None
        return True

    def _replace_text(self, text: str) -> None:
        editor = self.editor
        editor.replace(text, (0, 0), editor.document.end)
        editor.move_cursor(editor.document.end)
        editor.scroll_home(animate=False)

    def action_from_caption(self) -> None:
        if self.current is None:
            return
        self._replace_text(self.current.caption)
        self.notify("Started from the suggested caption: w (or Enter) to make it yours.", timeout=4)

    def action_from_starter(self) -> None:
        item = self.current
        if item is None:
            return
        if not item.starters:
            self.notify("This post has no sentence starters; o starts from the caption.", timeout=4)
            return
        self.starter_index = (self.starter_index + 1) % len(item.starters)
        starter = item.starters[self.starter_index].rstrip().rstrip("\u2026").rstrip(".").rstrip()
        self._replace_text(starter + " ")
        more = " (p again for the next)" if len(item.starters) > 1 else ""
        self.notify(f"Starter {self.starter_index + 1} of {len(item.starters)}{more}: w (or Enter) to go on writing.", timeout=4)

    # Posting ----------------------------------------------------------------------------

    def finished_post(self) -> str:
        return self.current.post_text(self.editor.text) if self.current else ""

    def action_copy_post(self) -> None:
        item = self.current
        if item is None:
            return
        self._save_if_changed()
        self.app.copy_to_clipboard(self.finished_post())
        where = platform_name(item.platform)
        self.notify(
            f"Copied: paste it into {where}. Then press m to mark it shared.",
            title="Your post is on the clipboard",
            timeout=8,
        )

    def action_preview(self) -> None:
        from advocacy_tui.advocate.preview import PostPreview

        item = self.current
        if item is not None:
            self.app.push_screen(PostPreview(item.title, platform_name(item.platform), self.finished_post()))

    def action_mark_shared(self) -> None:
        from advocacy_tui.advocate.asks import shared_dialog

        item = self.current
        if item is None:
            return
        self._save_if_changed()  # saved before the question: the post is what they wrote

        def answered(answer) -> None:
            if answer is None:
                return
            url = answer.text
            self.write(
                [lambda desk: desk.mark_shared(item.delivery_id, answer.on, url or None)],
                f"Marked \u201c{item.title}\u201d as shared. Thank you!",
            )

        self.app.push_screen(shared_dialog(self.today, item.title, item.post_url, platform_name(item.platform)), answered)

    def action_skip(self) -> None:
        from advocacy_tui.screens.confirm import ConfirmScreen

        item = self.current
        if item is None:
            return
        if item.status == "shared":
            self.notify(f"You shared it on {day(item.shared_on)}; there is nothing to skip.", timeout=5)
            return
        if item.status == "skipped":
            self.notify("Already skipped. You can still post it and press m.", timeout=5)
            return
        self._save_if_changed()
        self.app.push_screen(
            ConfirmScreen(
                f"Skip \u201c{item.title}\u201d?",
                "It leaves your to-do list; nobody minds, not every post fits everyone. "
                "If it does not feel authentic for you, f tells the coordinator why.",
                yes="Skip",
            ),
            lambda yes: yes and self.write(
                [lambda desk: desk.skip(item.delivery_id, self.today)], f"Skipped \u201c{item.title}\u201d."
            ),
        )

    def action_flag(self) -> None:
        from advocacy_tui.advocate.asks import flag_dialog

        item = self.current
        if item is None:
            return
        self.app.push_screen(
            flag_dialog(self.today, item.title),
            lambda answer: answer is not None and self.write(
                [lambda desk: desk.flag(item.asset_id, answer.text, answer.on)],
                "Thanks for saying so: the coordinator will look at it. Follow it under 3 My feedback.",
            ),
        )

    def support_asset(self) -> tuple[str, str] | None:
        return (self.current.asset_id, self.current.title) if self.current else None
