"""The Content queue tab (steps 4 and 6), driven by keys as a coordinator would."""

from pathlib import Path

from sqlalchemy import func, select

from advocacy_tui.config import Settings
from advocacy_tui.screens.asset_form import AssetForm
from advocacy_tui.screens.step_dialog import StepDialog
from advocacy_tui.screens.summary import SummaryScreen
from advocacy_tui.store.database import open_store
from advocacy_tui.store.models import Asset, Delivery, Feedback
from advocacy_tui.widgets.paged_table import PagedTable
from tests.conftest import TODAY
from tests.tui import make_app, screen_text, settle


def titles(table: PagedTable) -> list[str]:
    return [table.row_at(index)[1][1] for index in range(table.row_count)]


def find(table: PagedTable, title: str) -> int:
    for index in range(table.row_count):
        if table.row_at(index)[1][1] == title:
            return index
    raise AssertionError(f"{title!r} is not in the table")


async def open_content(pilot) -> None:
    await settle(pilot)
    await pilot.press("4")
    await settle(pilot)


async def fill_form(pilot, values: list[str]) -> None:
    """Type into the form's fields in order (Tab between them); '' leaves one empty."""
    for index, value in enumerate(values):
        if value:
            await pilot.press(*value)
        if index < len(values) - 1:
            await pilot.press("tab")


async def test_create_then_approve_an_asset_by_keyboard(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_content(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, AssetForm)
        # Title, topic, platform, tone, caption (text area), hashtags, format, starters,
        # link, campaign, category: the form's order.
        await fill_form(
            pilot,
            [
                "Atlas climbs stairs",
                "product milestone",
                "linkedin",
                "proud",
                "Our robots now climb stairs.",
                "#robotics #stairs",
                "",
                "I worked on this",
                "https://careers.northwind.example/news/stairs?ref=home",
                "product-news",
                "Engineering voices",
            ],
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, AssetForm)
        table = app.query_one("#content-library-table", PagedTable)
        index = find(table, "Atlas climbs stairs")
        assert table.cursor_row == index  # the cursor follows the new asset
        assert str(table.row_at(index)[1][0]) == "draft"

        await pilot.press("a")
        await settle(pilot)
        assert str(table.row_at(find(table, "Atlas climbs stairs"))[1][0]) == "approved"

    store = open_store(str(demo_db))
    with store.reading() as session:
        asset = session.scalars(select(Asset).where(Asset.title == "Atlas climbs stairs")).one()
        assert asset.status == "approved"
        assert asset.hashtags == "#robotics|#stairs" and asset.starters == "I worked on this"
        assert asset.category == "Engineering voices" and asset.campaign == "product-news"
    store.close()


async def test_approval_refused_names_the_problem_and_changes_nothing(demo_db):
    settings = Settings.model_validate({"compliance": {"disclosure": "#employee"}})
    app = make_app(demo_db, settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_content(pilot)
        await pilot.press("n")
        await pilot.pause()
        await fill_form(pilot, ["No caption yet", "culture story", "linkedin", "", "", "#2024"])
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = app.query_one("#content-library-table", PagedTable)
        table.move_cursor(find(table, "No caption yet"))
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        shown = " ".join(notice.message for notice in app._notifications)
        assert "cannot be approved" in shown
        assert "no suggested caption" in shown and "#2024" in shown and "#employee" in shown
        assert str(table.row_at(find(table, "No caption yet"))[1][0]) == "draft"
    store = open_store(str(demo_db))
    with store.reading() as session:
        assert session.scalars(select(Asset.status).where(Asset.title == "No caption yet")).one() == "draft"
    store.close()


async def test_a_bad_date_keeps_the_form_open_with_the_reason(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_content(pilot)
        await pilot.press("n")
        await pilot.pause()
        await fill_form(pilot, ["Dated", "culture story", "linkedin", "", "", "", "", "", "", "", "", "next week"])
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AssetForm)
        assert "is not a date" in screen_text(app)
        assert app.screen.query_one("#asset-title").value == "Dated"  # nothing typed is lost


async def test_filter_by_status_lists_only_drafts(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_content(pilot)
        table = app.query_one("#content-library-table", PagedTable)
        everything = table.row_count
        app.query_one("#filter-status").value = "draft"
        await settle(pilot)
        drafts = [str(table.row_at(index)[1][0]) for index in range(table.row_count)]
        assert 0 < len(drafts) < everything and set(drafts) == {"draft"}
        await pilot.press("c")
        await settle(pilot)
        assert table.row_count == everything


async def test_resolving_a_flag_records_the_note(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_content(pilot)
        await pilot.press("f")
        await settle(pilot)
        table = app.query_one("#content-feedback-table", PagedTable)
        assert str(table.row_at(0)[1][0]) == "open"
        feedback_id = table.row_at(0)[0]
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, StepDialog)
        await pilot.press(*"Reworded the caption")
        await pilot.press("enter")
        await settle(pilot)
    store = open_store(str(demo_db))
    with store.reading() as session:
        feedback = session.get(Feedback, feedback_id)
        assert feedback.status == "resolved" and feedback.resolution == "Reworded the caption"
        assert feedback.resolved_on == TODAY
    store.close()


async def test_tick_from_the_tab_shows_its_summary_and_is_idempotent(demo_db, tmp_path: Path):
    settings = Settings.model_validate(
        {"paths": {"outbox": str(tmp_path / "outbox"), "reports": str(tmp_path / "reports")}}
    )
    app = make_app(demo_db, settings=settings)
    store = open_store(str(demo_db))

    def deliveries() -> int:
        with store.reading() as session:
            return session.execute(select(func.count()).select_from(Delivery)).scalar()

    before = deliveries()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_content(pilot)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert "Tick for Monday 23 November 2026" in screen_text(app)
        await pilot.press("escape")
        after_first = deliveries()
        reports = sorted(path.name for path in (tmp_path / "reports").iterdir())
        assert reports == ["weekly-report-2026-W48.md"]
        await pilot.press("t")
        await settle(pilot)
        assert "Nothing changed" in screen_text(app)
    assert deliveries() == after_first >= before
    store.close()
