"""The keys line at the bottom: one widget that draws every shown key as text.

Textual's Footer is a container with a widget per key, rebuilt (removed, composed, mounted
and restyled) whenever the focus moves, which is every tab switch: that rebuild and the
full re-layout of the screen that followed cost 40 to 170 ms after each switch, a time in
which the next key waited. This footer draws the same line (the same styles, compact or
not, the palette key at the right behind a thin bar) and, when the keys change, only
repaints its one line. A click on a key presses it, as with Textual's footer.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget


class FooterKey(NamedTuple):
    key: str  # what a click presses
    display: str  # how the key is written (e.g. "^p")
    description: str
    enabled: bool


class KeysFooter(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "keys-footer--item",
        "keys-footer--key",
        "keys-footer--description",
        "keys-footer--hover",
        "keys-footer--bar",
    }
    # The colours and spacing of Textual's own Footer, so both apps look as they did.
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .keys-footer--item {
            background: $footer-item-background;
        }
        & > .keys-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keys-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .keys-footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .keys-footer--bar {
            color: $foreground 20%;
        }
    }
    """

    compact = reactive(False)
    hovered: reactive[int | None] = reactive(None)

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(KeysFooter.compact, compact)
        self._keys: tuple[FooterKey, ...] = ()
        self._palette: FooterKey | None = None
        # Where each key is drawn: start and end column, its index (the palette's is last).
        self._spans: list[tuple[int, int, int, FooterKey]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self._bindings_changed, self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys, palette = self._read_keys()
        if (keys, palette) != (self._keys, self._palette):
            self._keys, self._palette = keys, palette
            self.refresh()

    def _read_keys(self) -> tuple[tuple[FooterKey, ...], FooterKey | None]:
        app = self.app
        keys: list[FooterKey] = []
        actions: set[str] = set()
        palette = None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = FooterKey(binding.key, app.get_key_display(binding), binding.description, enabled)
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)  # one key per action, as Textual's footer shows
                keys.append(FooterKey(binding.key, app.get_key_display(binding), binding.description, enabled))
        return tuple(keys), palette

    # Drawing ------------------------------------------------------------------------------

    def _key_segments(self, index: int, item: FooterKey, palette: bool = False) -> list[Segment]:
        hover = self.hovered == index
        base = self.get_component_rich_style("keys-footer--hover" if hover else "keys-footer--item")
        key_style = base + self.get_component_rich_style("keys-footer--key", partial=True)
        description_style = base + self.get_component_rich_style("keys-footer--description", partial=True)
        if not item.enabled:
            key_style, description_style = key_style + Style(dim=True), description_style + Style(dim=True)
        if self.compact or palette:  # Textual's footer draws its palette key compact, always
            key, description = item.display, f" {item.description}" if item.description else ""
        else:
            key, description = f" {item.display} ", f"{item.description} " if item.description else ""
        segments = [Segment(key, key_style)]
        if description:
            segments.append(Segment(description, description_style))
        if palette:  # its padding (or, compact, its margin) on the right
            under = self.rich_style if self.compact else base
            segments.append(Segment(" ", Style(bgcolor=under.bgcolor)))
        return segments

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        background = Style(bgcolor=self.rich_style.bgcolor)
        gap = Segment(" ", background)
        right: list[Segment] = []
        if self._palette is not None:
            item = self.get_component_rich_style("keys-footer--item")
            # The bar's colour is translucent: blended over the key's background here.
            under = self.get_component_styles("keys-footer--item").background
            bar = self.get_component_styles("keys-footer--bar").color
            blended = (self.styles.background + under + bar).rich_color
            right = [Segment("▏", item + Style(color=blended))]
            right += self._key_segments(len(self._keys), self._palette, palette=True)
        room = width - sum(segment.cell_length for segment in right)
        left: list[Segment] = []
        spans: list[tuple[int, int, int, FooterKey]] = []
        x = 0
        for index, item in enumerate(self._keys):
            segments = self._key_segments(index, item)
            length = sum(segment.cell_length for segment in segments)
            if x + length > room:
                break  # the keys that do not fit are left out, as Textual's footer crops them
            left += segments
            spans.append((x, x + length, index, item))
            x += length
            if self.compact:
                left.append(gap)
                x += 1
        if right:
            spans.append((room + 1, width, len(self._keys), self._palette))  # type: ignore[arg-type]
        self._spans = spans
        line = Strip(left, x).extend_cell_length(max(0, room), background).crop(0, max(0, room))
        return Strip.join([line, Strip(right)]).crop_extend(0, width, background)

    # Mouse --------------------------------------------------------------------------------

    def _key_at(self, x: int) -> int | None:
        for start, end, index, _item in self._spans:
            if start <= x < end:
                return index
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.hovered = self._key_at(event.x)

    def on_leave(self, event: events.Leave) -> None:
        self.hovered = None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        item = next((item for start, end, _index, item in self._spans if start <= event.x < end), None)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
