"""The app shell: tabs by digit, help, command palette, settings, and refusing a bad file."""

import sqlite3

from textual.command import CommandPalette

from advocacy_tui.config import load_settings
from advocacy_tui.screens.help import HelpScreen
from advocacy_tui.widgets.paged_table import PagedTable
from tests.tui import make_app, screen_text, settle, table_text


async def test_digits_switch_tabs_and_focus_their_table(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        tabs = app.query_one("#tabs")
        assert tabs.active == "candidates"
        await pilot.press("2")
        assert tabs.active == "scoring"
        assert app.focused is app.query_one("#scoring-table", PagedTable)
        await pilot.press("1")
        assert tabs.active == "candidates"
        assert app.focused is app.query_one("#candidates-table", PagedTable)


async def test_help_lists_every_key_of_every_tab(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause()
        text = ""
        help_scroll = app.screen.query_one("#help-dialog")
        for _ in range(10):  # read it all, scrolling down as a person would
            text += screen_text(app)
            help_scroll.scroll_page_down(animate=False)
            await pilot.pause()
        for words in ("Filter", "Record baseline", "Signals", "Score", "Export profile", "Save score", "Quit", "Command palette", "Last row", "Mark 1", "? / f1"):
            assert words in text, words
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_palette_offers_tabs_settings_and_the_current_tabs_actions(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"go to scoring")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one("#tabs").active == "scoring"
        await pilot.press("ctrl+p", *"export profile")
        await pilot.pause(0.3)
        hits = app.screen.query_one("CommandList")
        assert hits.option_count >= 1
        assert "Scoring: Export profile" in str(hits.get_option_at_index(0).prompt)


async def test_the_import_and_export_keys_left_out_of_the_footer_are_in_the_palette(demo_db):
    from advocacy_tui.screens.tool_import import ToolImportScreen

    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in "123456":
            await pilot.press(key)
            await settle(pilot)
            footer = screen_text(app).splitlines()[-1]
            # Every tab's own keys leave room for help and quit at 120 columns.
            assert "? Help" in footer and "q Quit" in footer, (key, footer)
            assert "From a tool" not in footer
        await pilot.press("1")
        await pilot.press("ctrl+p", *"import from a tool")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ToolImportScreen)


async def test_settings_from_the_palette_are_saved_and_applied(demo_db, tmp_path):
    config = tmp_path / "config.toml"
    app = make_app(demo_db, config_path=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"settings")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        field = app.screen.query_one("#setting-scoring-candidates")
        field.focus()
        field.value = ""
        await pilot.press(*"10", "ctrl+s")
        await settle(pilot)
        assert load_settings(config).scoring.candidates == 10
        assert "10 flagged as candidates" in str(app.query_one("#candidates-summary").render())


async def test_a_database_from_a_newer_version_closes_the_app_with_a_message(demo_db, capsys):
    db = sqlite3.connect(demo_db)
    db.execute("UPDATE store_meta SET value = '999' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            await pilot.pause(0.01)
            if app.return_code is not None:
                break
    assert app.return_code == 1
    assert "newer version" in capsys.readouterr().err


async def test_a_bad_config_closes_the_app_naming_the_key_before_any_tab_loads(demo_db, tmp_path, capsys):
    from advocacy_tui.app import AdvocacyApp
    from tests.conftest import TODAY

    config = tmp_path / "config.toml"
    config.write_text("[scoring]\nmax_spread = 9\n")
    app = AdvocacyApp(db=str(demo_db), config_path=config, today=TODAY)  # settings read by the app
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(300):
            await pilot.pause(0.01)
            if app.return_code is not None:
                break
        assert app.workspace is None  # no tab ever ran on the half-read config
    assert app.return_code == 1
    assert "scoring.max_spread" in capsys.readouterr().err


async def test_hidden_tabs_are_read_ahead_so_opening_one_shows_its_rows_at_once(demo_db):
    from sqlalchemy import select

    from advocacy_tui.store import cohort
    from advocacy_tui.store.models import Employee, Enrollment
    from tests.conftest import TODAY

    def all_read(app) -> bool:
        return app.workspace is not None and app.tabs_read()

    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, ready=all_read)
        assert app.query_one("#tabs").active == "candidates"
        hidden = [tab for tab in app._built.values() if tab.TAB_ID != "candidates"]
        assert len(hidden) == 5 and not any(tab.stale for tab in hidden)  # all read, none shown

        # A write elsewhere (as after an import): the hidden Cohort tab is read again.
        store = app.workspace.store
        with store.reading() as session:
            enrolled = select(Enrollment.employee_id)
            employee_id, name = session.execute(
                select(Employee.id, Employee.name).where(Employee.id.not_in(enrolled)).order_by(Employee.name).limit(1)
            ).one()
        cohort.nominate(store, employee_id, "manager", None, TODAY, "coordinator")
        app.workspace = app.workspace
        await pilot.pause()  # the tabs are handed the workspace, and marked out of date
        await settle(pilot, ready=all_read)
        cohort_tab = app._built["cohort"]
        assert not cohort_tab.stale
        await pilot.press("3")
        await pilot.pause()
        # Shown from what was read ahead: no reading started by the key.
        assert not any(worker.is_running for worker in app.workers)
        assert any(name in line for line in table_text(cohort_tab.table))


async def test_reading_ahead_waits_while_the_coordinator_is_pressing_keys(demo_db):
    def all_read(app) -> bool:
        return app.workspace is not None and app.tabs_read()

    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, ready=all_read)
        app.workspace = app.workspace  # as after an import: every tab is out of date
        for _ in range(10):  # two seconds of moving down the table, a key every 0.2 s
            await pilot.press("down")
            await pilot.pause(0.2)
        assert not any(worker.is_running for worker in app.workers)  # Candidates is read again
        assert all(tab.stale for tab in app._built.values() if not tab.shown)  # the others wait
        await settle(pilot, ready=all_read)  # and are read once the keys stop
        assert app.tabs_read()


async def test_the_footer_follows_the_tab_and_a_click_on_a_key_presses_it(demo_db):
    from advocacy_tui.widgets.keys_footer import KeysFooter

    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Score" not in screen_text(app).splitlines()[-1]
        await pilot.press("2")
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Score" in footer and "^p palette" in footer  # the Scoring tab's own keys
        await pilot.click(KeysFooter, offset=(footer.index("? Help") + 3, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_the_layout_containers_are_not_drawn_and_everything_in_them_is(demo_db):
    """Containers that only lay out others are left out of the compositor (app.tcss,
    "drawless"), so a tab switch does not redraw them; what they hold is drawn."""
    from textual.containers import Container
    from textual.widgets import ContentSwitcher, Static, TabbedContent, TabPane

    from advocacy_tui.screens.tab import ProgramTab

    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in "123456":
            await pilot.press(key)
            await settle(pilot)
            drawn = set(app.screen._compositor.visible_widgets)
            assert not any(isinstance(widget, (TabbedContent, ContentSwitcher, TabPane, ProgramTab)) for widget in drawn)
            tab = app.current_tab()
            shown = [widget for widget in tab.query("*") if widget.display and isinstance(widget, (Static, PagedTable))
                     and not isinstance(widget, Container) and widget.region.height and all(a.display for a in widget.ancestors if hasattr(a, "display"))]
            assert shown and all(widget in drawn for widget in shown if widget.region.y < 39), key
