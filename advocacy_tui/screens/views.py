"""Tabs with several views of one subject (the Content queue's library, queue and inbox;
Recognition's pending awards, spotlight and awards), switched by a key each.

A view is a child of the tab's ContentSwitcher with the id `<tab>-<view>` holding a table
`<tab>-<view>-table`; the bar `<tab>-views` above them shows which one is on.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import ContentSwitcher, Static

from advocacy_tui.screens.tab import ProgramTab
from advocacy_tui.widgets.paged_table import PagedTable


class ViewsTab(ProgramTab):
    VIEWS: dict[str, tuple[str, str]] = {}  # view -> (label, key), the first one shown first

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.view = next(iter(self.VIEWS))

    def on_mount(self) -> None:
        self.show_view_bar()

    def main_table(self) -> PagedTable:
        return self.query_one(f"#{self.TAB_ID}-{self.view}-table", PagedTable)

    def action_view(self, view: str) -> None:
        self.view = view
        self.query_one(ContentSwitcher).current = f"{self.TAB_ID}-{view}"
        self.show_view_bar()
        self.view_changed()
        self.main_table().focus()
        self.refresh_bindings()

    def view_changed(self) -> None:
        """What a tab updates beyond the table when its view changes."""

    def show_view_bar(self) -> None:
        parts = []
        for view, (label, key) in self.VIEWS.items():
            style = "bold reverse" if view == self.view else "dim"
            parts += [Text(f" {label} ({key}) ", style=style), Text("  ")]
        self.query_one(f"#{self.TAB_ID}-views", Static).update(Text.assemble(*parts))
