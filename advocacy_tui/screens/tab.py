"""What the six tabs share: the workspace handed down by the app, and error reporting."""

from __future__ import annotations

from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive

from advocacy_tui.workspace import Workspace


class ProgramTab(Vertical):
    """A tab's content. The app sets `workspace` (attributes down); the tab loads from it."""

    TAB_ID = ""
    TAB_TITLE = ""
    DEFAULT_CLASSES = "drawless"  # lays out its widgets, draws nothing itself (app.tcss)

    workspace: reactive[Workspace | None] = reactive(None, init=False, always_update=True, repaint=False)

    class DataChanged(Message):
        """Posted up when a tab wrote something other tabs show; the app reloads them."""

    # Set by the app when its tab is the one shown (attributes down). The shown tab reads
    # the store at once; the others are marked stale, and the app has them read ahead one
    # at a time once nothing else is reading (`read_ahead`), so start-up, an import or a
    # write waits for one tab's queries, not six, and a tab opened later has its rows.
    # Nothing is drawn from it: no repaint (a repaint of the whole tab on each switch).
    shown: reactive[bool] = reactive(False, init=False, repaint=False)
    stale = True

    def watch_workspace(self, workspace: Workspace | None) -> None:
        if workspace is None:
            return
        self.stale = True
        if self.shown:
            self._refresh(workspace)

    def watch_shown(self, shown: bool) -> None:
        if shown and self.stale and self.workspace is not None:
            self._refresh(self.workspace)

    def _refresh(self, workspace: Workspace) -> None:
        self.stale = False
        self.load(workspace)

    def read_ahead(self) -> None:
        """Read what the tab shows while it is hidden (the app calls this when idle)."""
        if self.stale and self.workspace is not None:
            self._refresh(self.workspace)

    # The row a write was about: after the reload, the cursor goes back to it.
    follow: str | None = None

    def show_rows(self, table, rows) -> int | None:
        """Hand the table freshly loaded in-memory rows (`MemoryRows`), keeping the cursor
        on the followed row, or else on the row it was on; returns that row's new index."""
        # A tab may hold several tables reloading in any order: the followed row is taken
        # by the table that has it, and the others keep their own cursor.
        index = rows.index_of(self.follow) if self.follow else None
        if index is not None:
            self.follow = None
        else:
            index = rows.index_of(table.cursor_key)
        table.set_source(rows)
        if index is not None:
            table.move_cursor(index)
        return index

    def main_table(self):
        """The table that takes focus when the tab is shown."""
        from advocacy_tui.widgets.paged_table import PagedTable

        return self.query(PagedTable).first()

    def load(self, workspace: Workspace) -> None:
        """Fetch what the tab shows; runs its database work in workers."""

    def report(self, message: str) -> None:
        """An error a coordinator should see, in their words (never a traceback)."""
        self.notify(message, title="Not done", severity="error", timeout=8)

    def nominate(self, employee_id: str | None, name: str) -> None:
        """Ask how this person enters the cohort pipeline, then record it."""
        from advocacy_tui.screens.nominate import ask_nomination

        if employee_id is None or self.workspace is None:
            return

        def done(message: str) -> None:
            self.notify(message, timeout=8)
            self.post_message(self.DataChanged())

        ask_nomination(self.app, self.workspace, employee_id, name, done)
