"""The one-widget keys footer: what it shows, at any width, and what a click on it does."""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from advocacy_tui.widgets.keys_footer import KeysFooter


class FooterApp(App[None]):
    BINDINGS = [
        Binding("a", "add", "Add one"),
        Binding("h", "hidden", "Hidden", show=False),
        Binding("l", "locked", "Locked step"),
        Binding("w", "wide", "A rather long description"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, compact: bool = False) -> None:
        super().__init__()
        self.compact = compact
        self.added = 0
        self.locked_ran = False

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield KeysFooter(compact=self.compact)

    def action_add(self) -> None:
        self.added += 1

    def action_locked(self) -> None:
        self.locked_ran = True

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return None if action == "locked" else True  # shown, but disabled


def footer_line(app: App) -> str:
    return "".join(segment.text for segment in app.screen._compositor.render_strips()[-1])


async def test_the_footer_shows_the_shown_keys_and_the_palette_at_the_right():
    app = FooterApp()
    async with app.run_test(size=(100, 5)) as pilot:
        await pilot.pause()
        line = footer_line(app)
        assert line.startswith(" a Add one  l Locked step  w A rather long description  q Quit ")
        assert "Hidden" not in line
        assert line.endswith("▏^p palette ")
        assert len(line) == 100


async def test_a_narrow_footer_leaves_out_whole_keys_and_keeps_the_palette():
    app = FooterApp(compact=True)
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        line = footer_line(app)
        assert line.startswith("a Add one l Locked step ")
        assert "w A rather" not in line and " w " not in line  # not cut in the middle
        assert line.rstrip().endswith("▏^p palette")


async def test_a_click_presses_the_key_and_a_disabled_key_does_nothing():
    app = FooterApp()
    async with app.run_test(size=(100, 5)) as pilot:
        await pilot.pause()
        line = footer_line(app)
        await pilot.click(KeysFooter, offset=(line.index("Add one"), 0))
        await pilot.pause()
        assert app.added == 1
        await pilot.click(KeysFooter, offset=(line.index("Locked"), 0))
        await pilot.pause()
        assert not app.locked_ran
        await pilot.click(KeysFooter, offset=(line.index("palette"), 0))
        await pilot.pause()
        from textual.command import CommandPalette

        assert isinstance(app.screen, CommandPalette)
