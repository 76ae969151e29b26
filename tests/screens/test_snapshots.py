"""What the coordinator sees, at 120x40, on the seeded demo program as of a fixed date."""

from tests.tui import make_app, settle

SIZE = (120, 40)


def test_candidates_tab(snap_compare, demo_db):
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=settle)


def test_candidates_filtered(snap_compare, demo_db):
    async def filter_engineering(pilot):
        await settle(pilot)
        await pilot.press("slash", *"engineering")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=filter_engineering)


def test_scoring_tab(snap_compare, demo_db):
    async def open_scoring(pilot):
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=open_scoring)


def test_scoring_a_candidate(snap_compare, demo_db):
    async def start_scoring(pilot):
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("end")
        await settle(pilot)
        await pilot.press("enter", "4", "3")

    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=start_scoring)


def test_help_screen(snap_compare, demo_db):
    async def open_help(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=open_help)


def test_cohort_tab(snap_compare, demo_db):
    async def open_cohort(pilot):
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)

    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=open_cohort)


def test_content_library(snap_compare, demo_db):
    async def open_content(pilot):
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)

    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=open_content)


def test_content_queue(snap_compare, demo_db):
    async def open_queue(pilot):
        await settle(pilot)
        await pilot.press("4", "u")
        await settle(pilot)

    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=open_queue)


def test_recognition_tab(snap_compare, demo_db):
    async def open_recognition(pilot):
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)

    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=open_recognition)


def test_metrics_tab(snap_compare, demo_db):
    async def open_metrics(pilot):
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)

    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=open_metrics)
