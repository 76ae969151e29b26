"""The command palette (ctrl+p): every tab, the settings, and the current tab's actions."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Callable, Iterator

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from advocacy_tui.app import AdvocacyApp


class ProgramCommands(Provider):
    def _commands(self) -> Iterator[tuple[str, str, Callable]]:
        app: AdvocacyApp = self.app  # type: ignore[assignment]
        for number, tab in enumerate(app.tabs(), start=1):
            yield (f"Go to {tab.title}", f"Tab {number}", partial(app.action_show_tab, tab.tab_id))
        yield ("Settings", "Change any setting and save config.toml", app.action_settings)
        yield ("Import CSV files", "Key I: a folder of exports or one entity's file", app.action_import_csv)
        yield ("Import from a tool", "Key T: Slack, Teams, LinkedIn, GA4, Lever or Greenhouse exports", app.action_import_tool)
        yield ("Export CSV files", "Key E: one file per entity, for sync or a spreadsheet", app.action_export_csv)
        yield ("Help: keys", "Every key of every tab", app.action_help)
        current = app.current_tab()
        if current is not None:
            for binding in current.BINDINGS:
                yield (
                    f"{current.TAB_TITLE}: {binding.description}",  # type: ignore[union-attr]
                    f"Key {app.get_key_display(binding)}",  # type: ignore[arg-type]
                    partial(current.run_action, binding.action),  # type: ignore[union-attr]
                )
        yield ("Quit", "Leave advocacy", app.action_quit)

    async def discover(self) -> Hits:
        for title, help_text, command in self._commands():
            yield DiscoveryHit(title, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, command in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, help=help_text)
