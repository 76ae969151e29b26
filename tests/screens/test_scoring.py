"""The Scoring tab (step 2): scoring by key presses changes the ranking and the marks."""

from sqlalchemy import select

from advocacy_tui.store.database import open_store
from advocacy_tui.store.models import Score
from advocacy_tui.widgets.paged_table import PagedTable
from advocacy_tui.widgets.rubric import RubricInput
from tests.conftest import TODAY
from tests.tui import make_app, settle, table_text


def row_of(table: PagedTable, name: str) -> tuple[int, tuple]:
    for index in range(table.row_count):
        key, cells = table.row_at(index)
        if cells[1] == name:
            return index, cells
    raise AssertionError(f"{name} is not listed")


async def open_scoring(pilot):
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    table = pilot.app.query_one("#scoring-table", PagedTable)
    assert pilot.app.focused is table
    return table


async def test_consistent_candidates_come_first_and_unscored_last(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await open_scoring(pilot)
        marks = [str(table.row_at(i)[1][10]) for i in range(table.row_count)]
        first_other = next(i for i, mark in enumerate(marks) if "consistent" not in mark)
        assert all("consistent" in mark for mark in marks[:first_other])
        assert any("lopsided" in mark for mark in marks)
        assert marks[-1] == "not scored"
        composites = [float(table.row_at(i)[1][8]) for i in range(first_other)]
        assert composites == sorted(composites, reverse=True)


async def test_scoring_by_keys_saves_and_moves_the_candidate_up(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await open_scoring(pilot)
        await pilot.press("end")
        await settle(pilot)
        last_index = table.row_count - 1
        _, cells = table.row_at(last_index)
        name = cells[1]
        assert str(cells[10]) == "not scored"
        await pilot.press("enter")
        rubric = app.query_one(RubricInput)
        assert app.focused is rubric
        await pilot.press("4", "4", "3", "5", "enter")
        await settle(pilot)
        index, cells = row_of(table, name)
        assert index < last_index
        assert str(cells[10]) == "✔ consistent"
        assert cells[4:9] == ("4.0", "4.0", "3.0", "5.0", "4.0")
        assert cells[11] == TODAY.isoformat()
        assert table.cursor_row == index  # the cursor followed the candidate
        assert app.focused is table
        # Re-scoring the same day corrects the marks: now lopsided, and it drops below
        # every consistent candidate.
        await pilot.press("enter", "5", "1", "5", "5", "enter")
        await settle(pilot)
        index, cells = row_of(table, name)
        assert str(cells[10]) == "⚠ lopsided"
        consistent = sum("consistent" in str(table.row_at(i)[1][10]) for i in range(table.row_count))
        assert index >= consistent
    store = open_store(demo_db)
    with store.reading() as session:
        mine = session.scalars(select(Score).where(Score.scorer == "coordinator", Score.scored_on == TODAY)).all()
    store.close()
    assert len(mine) == 1
    assert (mine[0].network_relevance, mine[0].engagement_quality) == (5, 1)


async def test_move_between_dimensions_and_refuse_an_incomplete_rubric(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await open_scoring(pilot)
        await pilot.press("end")
        await settle(pilot)
        before = table.row_count
        await pilot.press("enter", "right", "right", "2", "enter")
        rubric = app.query_one(RubricInput)
        assert rubric.marks["subject_depth"] == 2
        assert rubric.marks["network_relevance"] is None
        assert "missing: Network relevance" in rubric.problem
        assert app.focused is rubric  # still editing, nothing saved
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is table
        assert str(table.row_at(before - 1)[1][10]) == "not scored"
    store = open_store(demo_db)
    with store.reading() as session:
        assert session.scalars(select(Score).where(Score.scored_on == TODAY)).all() == []
    store.close()


async def test_x_writes_the_ranked_list_and_profile_as_markdown(demo_db, tmp_path):
    from advocacy_tui.config import Settings

    settings = Settings.model_validate({"paths": {"reports": str(tmp_path / "reports")}})
    app = make_app(demo_db, settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await open_scoring(pilot)
        first = table.row_at(0)[1][1]
        await pilot.press("x")
        await settle(pilot)
    document = (tmp_path / "reports" / f"candidate-profile-{TODAY.isoformat()}.md").read_text()
    assert document.startswith("# Micro-influencer candidates and profile")
    for attribute in ("Network relevance", "Engagement quality", "Subject-matter depth", "Cultural alignment"):
        assert attribute in document
    assert "| 1 | " + first + " |" in document
    assert "consistent" in document and "The rubric" in document
