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


def find(table: PagedTable, title: str) -> int:
    """The row of the asset titled `title` among the rows read so far (the table reads a
    page at a time; drafts, listed first, are on the first page)."""
    for index in range(table.row_count):
        row = table.row_at(index)
        if row is not None and row[1][1] == title:
            return index
    raise AssertionError(f"{title!r} is not in the rows read")


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
        await pilot.press("slash")  # the filter bar takes the focus: its menus get their values
        await settle(pilot)
        assert ("draft", "draft") in app.query_one("#filter-status")._options
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


async def test_only_the_shown_view_reads_and_the_library_reads_a_page_at_a_time(demo_db):
    from advocacy_tui.screens.content_rows import PAGE
    from advocacy_tui.store.content.library import asset_rows

    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_content(pilot)
        library = app.query_one("#content-library-table", PagedTable)
        queue = app.query_one("#content-queue-table", PagedTable)
        feedback = app.query_one("#content-feedback-table", PagedTable)
        every = asset_rows(app.workspace.store)
        assert library.row_count == len(every) > PAGE
        assert [library.row_at(index)[0] for index in range(PAGE)] == [row.id for row in every[:PAGE]]
        assert library.row_at(PAGE) is None  # the next page is read when it is reached
        assert queue.source is None and feedback.source is None  # not shown: not read
        assert "Coverage (target 4 weeks" in str(app.query_one("#content-summary").render())

        await pilot.press("end")
        await settle(pilot)
        assert library.row_at(len(every) - 1)[0] == every[-1].id

        await pilot.press("u")
        await settle(pilot)
        assert queue.row_count > 0 and queue.source is not None
        assert "delivered to" in str(app.query_one("#content-queue-totals").render())
        await pilot.press("f")
        await settle(pilot)
        assert feedback.row_count > 0


async def test_the_queue_pages_name_each_advocate_once(demo_db):
    from advocacy_tui.screens.content_rows import QueueSource
    from advocacy_tui.store.content.queue import queue_rows

    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_content(pilot)
        workspace = app.workspace
        every = queue_rows(workspace.store, workspace.today)
        source = QueueSource(workspace)
        assert source.count() == len(every)
        paged = [row for offset in range(0, len(every), 7) for row in source.rows(offset, 7)]
        whole = source.rows(0, len(every))
        assert paged == whole
        assert [key for key, _cells in whole] == [row.delivery_id or row.advocate_id for row in every]
        named = [cells[0] for _key, cells in whole if cells[0]]
        assert len(named) == len({row.advocate_id for row in every})  # once per advocate


async def test_the_filter_bar_opens_its_menus_when_used(demo_db):
    """The bar first shows the menus' faces (one widget each); a click on one puts the real
    menus in their places, with their values, and opens the one clicked."""
    from textual.widgets import Select

    from advocacy_tui.widgets.filter_face import FilterFace

    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_content(pilot)
        assert len(app.query(FilterFace)) == 5 and not app.query(Select)
        await pilot.click("#filter-face-platform")
        await settle(pilot)
        assert not app.query(FilterFace) and len(app.query(Select)) == 5
        platform = app.query_one("#filter-platform", Select)
        assert platform.expanded and platform.has_focus_within  # open: its list has the focus
        assert ("linkedin", "linkedin") in platform._options
        await pilot.press("escape")
        await pilot.press("c")  # clearing the filters works with the menus in place
        await settle(pilot)
        assert app.focused is app.query_one("#content-library-table", PagedTable)
