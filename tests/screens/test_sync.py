"""Import and export dialogs: CSV sync from inside the app, checked before anything is written."""

import sqlite3

from advocacy_tui.screens.sync import ExportScreen, ImportScreen
from advocacy_tui.widgets.paged_table import PagedTable
from tests.tui import make_app, settle


def employees(db) -> int:
    connection = sqlite3.connect(db)
    try:
        return connection.execute("SELECT count(*) FROM employee WHERE deleted_at IS NULL").fetchone()[0]
    finally:
        connection.close()


async def test_export_writes_every_entity_to_the_chosen_folder(demo_db, tmp_path):
    folder = tmp_path / "sync"
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("E")
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#export-folder").value = str(folder)
        await pilot.press("ctrl+s")
        await settle(pilot)
        status = str(app.screen.query_one("#export-status").render())
        assert "Wrote 16 files" in status
    assert len(list(folder.glob("*.csv"))) == 16
    assert (folder / "employees.csv").read_text().count("\n") == employees(demo_db) + 1


async def test_import_checks_first_then_imports_and_the_tables_reload(demo_db, tmp_path):
    new_hire = tmp_path / "employees.csv"
    new_hire.write_text("email,name,department,title,network_size\nnew.hire@northwind.example,Zed Newhire,Finance,Analyst,250\n")
    before = employees(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.query_one("#candidates-table", PagedTable)
        assert table.row_count == before
        await pilot.press("I")
        assert isinstance(app.screen, ImportScreen)
        app.screen.query_one("#import-path").value = str(new_hire)
        await pilot.press("enter")  # check (a dry run)
        await settle(pilot)
        status = str(app.screen.query_one("#import-status").render())
        assert "Check passed" in status and "employees.csv" in status
        assert employees(demo_db) == before  # nothing written by the check
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Imported" in str(app.screen.query_one("#import-status").render())
        await pilot.press("escape")
        await settle(pilot)
        assert table.row_count == before + 1
    assert employees(demo_db) == before + 1


async def test_a_bad_file_shows_line_and_column_and_cannot_be_imported(demo_db, tmp_path):
    bad = tmp_path / "employees.csv"
    bad.write_text("email,name,network_size\nok@northwind.example,Ok,10\nbad@northwind.example,Bad,-5\n")
    before = employees(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("I")
        app.screen.query_one("#import-path").value = str(bad)
        await pilot.press("enter")
        await settle(pilot)
        status = str(app.screen.query_one("#import-status").render())
        assert "line 3, column network_size" in status
        assert app.screen.query_one("#import").disabled
        await pilot.press("ctrl+s")  # refused: not checked
        await settle(pilot)
    assert employees(demo_db) == before
