"""What an advocate sees, at 120x40 and at 80x24, on the seeded demo program as of TODAY."""

from tests.advocate.harness import advocate_app, settle

SIZE = (120, 40)


def test_queue_view(snap_compare, demo_db):
    with advocate_app(demo_db) as app:
        assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_results_view(snap_compare, demo_db):
    async def open_results(pilot):
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)

    with advocate_app(demo_db) as app:
        assert snap_compare(app, terminal_size=SIZE, run_before=open_results)


def test_writing_at_80x24(snap_compare, demo_db):
    async def start_writing(pilot):
        await settle(pilot)
        await pilot.press("o", "w")
        await settle(pilot)
        pilot.app.query_one("#queue-editor").cursor_blink = False

    with advocate_app(demo_db) as app:
        assert snap_compare(app, terminal_size=(80, 24), run_before=start_writing)
