"""The Metrics tab (step 7): the tiers as of a day the coordinator moves, and the report."""

from pathlib import Path

from advocacy_tui.config import Settings
from tests.tui import make_app, screen_text, settle


async def test_metrics_tab_shows_the_tiers_and_moves_a_week_back(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        shown = screen_text(app)
        assert "As of Monday 23 November 2026" in shown
        for heading in ("Weekly · 7 days", "Monthly · 30 days", "Quarterly · 91 days", "Health"):
            assert heading in shown
        assert "Enrolled advocates" in shown and "Lift against the launch baseline" in shown
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "As of Monday 16 November 2026 (today is 23 Nov)" in screen_text(app)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert "As of Monday 23 November 2026" in screen_text(app)  # never past today
        await pilot.press("m")
        await settle(pilot)
        assert "the last 12 months (30 days)" in screen_text(app)


async def test_x_writes_the_retrospective_in_both_formats(demo_db, tmp_path: Path):
    settings = Settings.model_validate({"paths": {"reports": str(tmp_path / "reports")}})
    tmp_path = tmp_path / "reports"
    app = make_app(demo_db, settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == ["retrospective-2026-11-23.html", "retrospective-2026-11-23.md"]
    page = (tmp_path / "retrospective-2026-11-23.html").read_text()
    assert page.count("<svg") == 3 and "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
