"""The Recognition tab (step 5), by keys: a milestone confirmed with a configured reward."""

from sqlalchemy import select

from advocacy_tui.config import Settings
from advocacy_tui.screens.step_dialog import StepDialog
from advocacy_tui.store.database import open_store
from advocacy_tui.store.models import Award
from advocacy_tui.widgets.paged_table import PagedTable
from tests.tui import make_app, settle


async def test_confirm_the_oldest_pending_milestone_with_a_reward(demo_db):
    settings = Settings.model_validate({"recognition": {"rewards": "Conference pass, Gift card"}})
    app = make_app(demo_db, settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        table = app.query_one("#recognition-pending-table", PagedTable)
        before = table.row_count
        _key, (reached, advocate, milestone, _waiting) = table.row_at(0)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, StepDialog)
        await pilot.press(*"Thank you!")
        await pilot.press("enter")
        await settle(pilot)
        assert table.row_count == before - 1
        await pilot.press("w")
        await settle(pilot)
        given = app.query_one("#recognition-given-table", PagedTable)
        assert given.row_at(0)[1][1:4] == (advocate, milestone, "Conference pass")
    store = open_store(str(demo_db))
    with store.reading() as session:
        award = session.scalars(select(Award).where(Award.note == "Thank you!")).one()
        assert award.reward == "Conference pass" and award.milestone == milestone.lower()
    store.close()


async def test_spotlight_view_ranks_by_outcomes(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("5", "s")
        await settle(pilot)
        table = app.query_one("#recognition-spotlight-table", PagedTable)
        applications = [int(table.row_at(index)[1][2]) for index in range(table.row_count)]
        assert table.row_count > 0 and applications == sorted(applications, reverse=True)
