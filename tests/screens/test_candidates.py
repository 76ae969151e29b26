"""The Candidates tab (step 1) as a coordinator uses it, on the demo program."""

from datetime import date

from sqlalchemy import select

from advocacy_tui.screens.signals import SignalsScreen
from advocacy_tui.store.database import open_store
from advocacy_tui.store.models import Baseline
from advocacy_tui.widgets.paged_table import PagedTable
from tests.conftest import TODAY
from tests.tui import make_app, settle, table_text


async def test_opens_on_candidates_ranked_with_focus_on_the_table(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.query_one("#candidates-table", PagedTable)
        assert app.focused is table
        assert table.row_count >= 250
        lines = table_text(table)
        assert lines[0].split()[:3] == ["#", "★", "Name"]
        assert lines[1].split()[0] == "1" and "★" in lines[1]
        summary = str(app.query_one("#candidates-summary").render())
        assert "flagged as candidates" in summary
        # Arrow keys work at once.
        await pilot.press("down", "down")
        assert table.cursor_row == 2


async def test_ranking_is_by_quality_not_network_size(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.query_one("#candidates-table", PagedTable)
        rows = [table.row_at(i) for i in range(20)]
        qualities = [float(cells[-1]) for _, cells in rows]
        assert qualities == sorted(qualities, reverse=True)
        networks = [int(cells[6].replace(",", "")) for _, cells in rows]
        assert networks != sorted(networks, reverse=True)


async def test_slash_filters_as_you_type_and_escape_clears(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.query_one("#candidates-table", PagedTable)
        everyone = table.row_count
        await pilot.press("slash", *"finance")
        await settle(pilot)
        assert 0 < table.row_count < everyone
        assert all("Finance" in line for line in table_text(table)[1 : table.row_count + 1])
        # Digits typed into the filter are text, not tab switches.
        await pilot.press("2")
        assert app.query_one("#tabs").active == "candidates"
        await pilot.press("backspace")
        await pilot.press("escape")
        await settle(pilot)
        assert table.row_count == everyone
        assert app.focused is table


async def test_enter_opens_the_employees_signals(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.query_one("#candidates-table", PagedTable)
        _, cells = table.row_at(0)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SignalsScreen)
        assert screen.employee.name == cells[2]
        assert screen.query_one("#signals-table").row_count > 0
        await pilot.press("escape")
        assert not isinstance(app.screen, SignalsScreen)


async def test_b_records_a_dated_baseline_after_confirmation(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        body = str(app.screen.query_one("#confirm-body").render())
        assert "signals_7d" not in body and "audit signals in the 7 days" in body
        await pilot.press("n")  # cancelled: nothing written
        await settle(pilot)
        store = open_store(demo_db)
        with store.reading() as session:  # only the demo's own pre-launch baseline
            assert {row.taken_on for row in session.scalars(select(Baseline))} == {date(2026, 10, 2)}
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        with store.reading() as session:
            rows = session.scalars(select(Baseline).where(Baseline.taken_on == TODAY)).all()
        store.close()
        assert rows
        assert {"reach_30d", "active_advocates_7d", "signals_7d"} <= {row.metric for row in rows}
        assert "Last baseline: 2026-11-23" in str(app.query_one("#candidates-summary").render())


async def test_typing_shows_exactly_the_stores_rows_at_every_key(demo_db):
    """Each key asks the store once (or narrows the last matches without it): the table
    shows the rows the store lists for the text, in rank order, at every key."""
    from advocacy_tui.store.audit import audit_page

    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.query_one("#candidates-table", PagedTable)
        store = app.workspace.store
        await pilot.press("slash")
        typed = ""
        for char in "senior eng x":
            typed += char
            await pilot.press("space" if char == " " else char)
            await settle(pilot)
            expected = [row.employee_id for row in audit_page(store, 0, 10_000, typed)]
            shown = [table.row_at(index)[0] for index in range(min(table.row_count, 200))]
            assert shown == expected[:200], typed
            assert table.row_count == len(expected) or (not table.count_exact and len(expected) > 200), typed
        await pilot.press("escape")
        await settle(pilot)
        assert table.row_count >= 250 and table.count_exact
