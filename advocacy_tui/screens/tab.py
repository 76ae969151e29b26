"""What the six tabs share: the workspace handed down by the app, and error reporting."""

from __future__ import annotations

from textual.containers import Vertical
from textual.reactive import reactive

from advocacy_tui.workspace import Workspace


class ProgramTab(Vertical):
    """A tab's content. The app sets `workspace` (attributes down); the tab loads from it."""

    TAB_ID = ""
    TAB_TITLE = ""

    workspace: reactive[Workspace | None] = reactive(None, init=False, always_update=True)

    def watch_workspace(self, workspace: Workspace | None) -> None:
        if workspace is not None:
            self.load(workspace)

    def load(self, workspace: Workspace) -> None:
        """Fetch what the tab shows; runs its database work in workers."""

    def report(self, message: str) -> None:
        """An error a coordinator should see, in their words (never a traceback)."""
        self.notify(message, title="Not done", severity="error", timeout=8)
