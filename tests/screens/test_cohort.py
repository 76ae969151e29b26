"""The Cohort tab (step 3): one person walked from nomination to enrolled, by keys."""

from sqlalchemy import select

from advocacy_tui.screens.step_dialog import StepDialog
from advocacy_tui.store.database import open_store
from advocacy_tui.store.models import Enrollment, EnrollmentEvent
from advocacy_tui.widgets.paged_table import PagedTable
from tests.conftest import TODAY
from tests.tui import make_app, settle


def find(table: PagedTable, name: str) -> tuple[int, tuple]:
    for index in range(table.row_count):
        key, cells = table.row_at(index)
        if cells[1] == name:
            return index, cells
    raise AssertionError(f"{name} is not in the cohort table")


async def step(pilot, key: str, *typed: str) -> None:
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, StepDialog)
    if typed:
        await pilot.press(*typed)
    await pilot.press("enter")
    await settle(pilot)


async def test_walk_a_candidate_from_nomination_to_enrolled(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # An unscored audit candidate nobody has nominated yet: the last row of Scoring.
        await pilot.press("2")
        await settle(pilot)
        scoring = app.query_one("#scoring-table", PagedTable)
        await pilot.press("end")
        await settle(pilot)
        name = scoring.row_at(scoring.row_count - 1)[1][1]
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, StepDialog)
        await pilot.press("enter")  # manager nomination (the default), today, own manager
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        table = app.query_one("#cohort-table", PagedTable)
        index, cells = find(table, name)
        assert str(cells[0]) == "nominated" and cells[4] == "manager"
        table.move_cursor(index)
        await settle(pilot)
        # Enrolling straight away is refused by the gate: nothing changes.
        await step(pilot, "e")
        assert str(find(table, name)[1][0]) == "nominated"
        await step(pilot, "i")
        await step(pilot, "o")
        await step(pilot, "p")
        await step(pilot, "e")
        index, cells = find(table, name)
        assert str(cells[0]) == "enrolled"
        day = TODAY.strftime("%m-%d")
        assert cells[8:11] == (day, day, day)  # oriented, policy acknowledged, opted in
    store = open_store(demo_db)
    with store.reading() as session:
        enrollment = session.scalars(select(Enrollment).where(Enrollment.status == "enrolled", Enrollment.opted_in_on == TODAY)).one()
        steps = [event.step for event in session.scalars(
            select(EnrollmentEvent).where(EnrollmentEvent.enrollment_id == enrollment.id).order_by(EnrollmentEvent.created_at)
        )]
        recorded_by = {event.recorded_by for event in session.scalars(select(EnrollmentEvent).where(EnrollmentEvent.enrollment_id == enrollment.id))}
    store.close()
    assert steps == ["nominate", "invite", "orientation", "policy_ack", "opt_in"]
    assert recorded_by == {"coordinator"}


async def test_guards_are_visible_on_the_tab(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        warnings = str(app.query_one("#cohort-warnings").render())
        assert "never scored" in warnings
        assert "lopsided" in warnings


async def test_withdraw_needs_a_reason(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        table = app.query_one("#cohort-table", PagedTable)
        enrolled = next(i for i in range(table.row_count) if str(table.row_at(i)[1][0]) == "enrolled")
        name = table.row_at(enrolled)[1][1]
        table.move_cursor(enrolled)
        await settle(pilot)
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("enter")  # no reason given
        await pilot.pause()
        assert isinstance(app.screen, StepDialog)
        assert "Reason is needed" in str(app.screen.query_one("#step-problem").render())
        await pilot.press(*"moved teams", "enter")
        await settle(pilot)
        assert str(find(table, name)[1][0]) == "withdrawn"


def many_enrolled(path, nominated: int = 230, enrolled: int = 30) -> None:
    """A program past one page of the table: `nominated` people nominated and `enrolled`
    enrolled advocates nobody scored, written in one transaction."""
    from datetime import timedelta

    from advocacy_tui.store.models import Employee

    store = open_store(path)
    day = TODAY - timedelta(days=10)
    with store.writing() as session:
        for number in range(nominated + enrolled):
            employee = Employee(email=f"crowd{number:03d}@example.com", name=f"Crowd {number:03d}",
                                department="Sales", title="Account executive", manager_email="boss@example.com")
            session.add(employee)
            session.flush()
            status = "enrolled" if number >= nominated else "nominated"
            dates = {"orientation_on": day, "policy_ack_on": day, "opted_in_on": day} if status == "enrolled" else {}
            enrollment = Enrollment(employee_id=employee.id, channel="manager", nominated_by="boss@example.com",
                                    status=status, **dates)
            session.add(enrollment)
            session.flush()
            session.add(EnrollmentEvent(enrollment_id=enrollment.id, employee_id=employee.id, step="nominate",
                                        from_status=None, to_status="nominated", occurred_on=day, recorded_by="coordinator"))
    store.close()


async def test_a_large_cohort_pages_and_a_step_follows_its_person(demo_db):
    """Past one page of rows: the tab opens on its first page, a row past it is read when
    the cursor gets there, a step taken on it lands on the same person (now elsewhere in
    the order), and the guards name a few people and count the others."""
    from advocacy_tui.store.models import Employee

    many_enrolled(demo_db)
    store = open_store(demo_db)
    with store.reading() as session:
        person = session.scalars(select(Employee.id).where(Employee.name == "Crowd 229")).one()
    store.close()
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        tab = app.query_one("#cohort-tab")
        table = app.query_one("#cohort-table", PagedTable)
        assert table.row_count > table.page_size
        assert table.row_at(table.page_size) is None  # the second page is not read yet
        warnings = str(app.query_one("#cohort-warnings").render())
        assert "never scored on the rubric" in warnings and " more." in warnings
        assert "Crowd 259" not in warnings  # counted, not named
        # The last nominated of the crowd lies past the first page.
        index = tab.rows.index_of(person)
        assert index >= table.page_size
        table.move_cursor(index)
        await settle(pilot)
        key, cells = table.row_at(index)
        assert (key, cells[1], str(cells[0])) == (person, "Crowd 229", "nominated")
        await step(pilot, "i")
        index = tab.rows.index_of(person)
        assert table.cursor_row == index  # the cursor followed the person
        key, cells = table.row_at(index)
        assert (cells[1], str(cells[0]), cells[7]) == ("Crowd 229", "invited", TODAY.strftime("%m-%d"))
        assert tab.rows.item_at(index).name == "Crowd 229"
