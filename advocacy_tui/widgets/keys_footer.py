"""Textual's Footer, rebuilt only when the keys it shows change.

Textual asks the footer to rebuild on every change of focus, twice (the focus watcher, and
again after the next refresh), and each rebuild re-creates and restyles every key on it.
Switching tabs moves the focus, so that was about a third of a tab switch; the second ask,
and any ask that leaves the keys as they were, now costs a comparison.
"""

from __future__ import annotations

from textual.widgets import Footer


class KeysFooter(Footer):
    _shown: tuple | None = None

    def _keys(self) -> tuple:
        """What the footer would show: every shown key with its label and state."""
        if not self._bindings_ready:
            return ()
        return (
            self.show_command_palette,
            tuple(
                (binding.key, binding.description, binding.action, binding.group, enabled, tooltip)
                for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
                if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING
            ),
        )

    async def recompose(self) -> None:
        keys = self._keys()
        if keys == self._shown:
            return
        self._shown = keys
        await super().recompose()
