"""The settings modal: edit from the keyboard, ctrl+s checks and writes, escape writes nothing."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets import Input, Select, Static

from advocacy_tui.config import Settings, load_settings
from advocacy_tui.screens.settings import SettingsScreen

SIZE = (120, 40)


class SettingsApp(App[None]):
    def __init__(self, path: Path, settings: Settings | None = None) -> None:
        super().__init__()
        self.path = path
        self.settings = settings or Settings()
        self.results: list[Settings | None] = []

    def on_mount(self) -> None:
        self.push_screen(SettingsScreen(self.settings, self.path), self.results.append)


def error_text(app: App) -> str:
    error = app.screen.query_one("#settings-error", Static)
    return str(error.render()) if error.display else ""


async def retype(pilot, widget_id: str, text: str) -> None:
    pilot.app.screen.query_one(f"#{widget_id}", Input).focus()
    await pilot.press("end", "ctrl+u", *text)


async def test_typing_a_new_value_and_ctrl_s_saves_it(tmp_path):
    path = tmp_path / "config.toml"
    app = SettingsApp(path)
    async with app.run_test(size=SIZE) as pilot:
        assert app.focused is app.screen.query_one("#setting-scorer", Input)  # first field on open
        await retype(pilot, "setting-scoring-candidates", "25")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)
    assert load_settings(path).scoring.candidates == 25
    assert [result.scoring.candidates for result in app.results] == [25]


async def test_tab_walks_the_settings_and_scrolls_the_focused_one_into_view(tmp_path):
    app = SettingsApp(tmp_path / "config.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        assert app.focused.name == "scoring.consistent_min"
        # Backwards past the first setting: Cancel, Save, then the last setting, below the fold at first.
        form = app.screen.query_one("#settings-form")
        last = app.screen.query_one("#setting-access-ssh_users", Input)
        assert not form.region.contains_region(last.region)
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "shift+tab")
        await pilot.pause()
        assert app.focused is last
        assert form.region.contains_region(last.region)


async def test_refused_values_are_named_nothing_is_written_until_fixed(tmp_path):
    path = tmp_path / "config.toml"
    app = SettingsApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await retype(pilot, "setting-scoring-candidates", "0")
        await pilot.press("tab", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert "scoring.candidates" in error_text(app)
        assert app.focused.name == "scoring.candidates"  # back on the field to fix
        assert not path.exists()

        await pilot.press("ctrl+u", "3")
        await retype(pilot, "setting-scoring-lopsided_low", "5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_text(app) == "scoring.lopsided_low must be below scoring.lopsided_high"
        assert isinstance(app.screen, SettingsScreen) and app.results == []
        assert not path.exists()

        await retype(pilot, "setting-scoring-lopsided_low", "2")
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = load_settings(path)
    assert (saved.scoring.candidates, saved.scoring.lopsided_low) == (3, 2)
    assert app.results == [saved]


async def test_letters_in_a_number_field_are_refused_and_empty_is_reported(tmp_path):
    path = tmp_path / "config.toml"
    app = SettingsApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await retype(pilot, "setting-scoring-candidates", "abc")
        assert app.focused.value == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_text(app) == "scoring.candidates: must be a whole number"
        assert isinstance(app.screen, SettingsScreen) and app.results == []
    assert not path.exists()


async def test_escape_discards_edits_and_writes_nothing(tmp_path):
    path = tmp_path / "config.toml"
    app = SettingsApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await retype(pilot, "setting-scoring-candidates", "25")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)
    assert app.results == [None]
    assert not path.exists()


async def test_weekday_is_picked_from_a_list_and_saved(tmp_path):
    path = tmp_path / "config.toml"
    app = SettingsApp(path)
    async with app.run_test(size=SIZE) as pilot:
        weekday = app.screen.query_one("#setting-delivery-weekday", Select)
        weekday.focus()
        await pilot.press("enter", "down", "down", "enter")
        assert weekday.value == "wednesday"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert load_settings(path).delivery.weekday == "wednesday"
    assert app.results[0].delivery.weekday == "wednesday"
    assert app.results[0].scoring == Settings().scoring  # untouched settings kept


async def test_unwritable_path_is_reported_and_the_modal_stays(tmp_path):
    (tmp_path / "blocker").write_text("a file, not a folder")
    path = tmp_path / "blocker" / "config.toml"
    app = SettingsApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_text(app).startswith(f"Cannot write {path}: ")
        assert isinstance(app.screen, SettingsScreen) and app.results == []


async def test_existing_values_are_shown_and_unchanged_ones_survive_a_save(tmp_path):
    path = tmp_path / "config.toml"
    settings = Settings.model_validate({"scorer": "dana", "delivery": {"weekday": "friday"}, "paths": {"outbox": "/srv/out"}})
    app = SettingsApp(path, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert screen.query_one("#setting-scorer", Input).value == "dana"
        assert screen.query_one("#setting-delivery-weekday", Select).value == "friday"
        assert screen.query_one("#setting-paths-outbox", Input).value == "/srv/out"
        await retype(pilot, "setting-cohort-executive_share", "0.5")
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = load_settings(path)
    assert (saved.scorer, saved.delivery.weekday, saved.paths.outbox, saved.cohort.executive_share) == (
        "dana",
        "friday",
        "/srv/out",
        0.5,
    )


def test_snapshot_on_defaults(snap_compare):
    """Every default visible at 120x40: headings, keys, values, descriptions, Save/Cancel and the footer keys."""
    app = SettingsApp(Path("/home/coordinator/.config/advocacy/config.toml"))
    assert snap_compare(app, terminal_size=SIZE)
