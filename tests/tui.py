"""Driving the app in tests: one factory with a fixed date and config, and a way to wait
until every worker has finished and every table has its rows."""

from __future__ import annotations

from pathlib import Path

from advocacy_tui.app import AdvocacyApp
from advocacy_tui.config import Settings
from advocacy_tui.widgets.paged_table import PagedTable
from tests.conftest import TODAY


def make_app(db: Path, *, settings: Settings | None = None, config_path: Path | None = None) -> AdvocacyApp:
    return AdvocacyApp(
        db=str(db),
        settings=settings or Settings(),
        config_path=config_path or db.with_name("config.toml"),
        today=TODAY,
    )


async def settle(pilot, rounds: int = 400, *, ready=lambda app: app.workspace is not None) -> None:
    """Wait until the app is `ready` (by default: the database is open), no worker runs
    and no table is fetching."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        busy = (
            not ready(app)
            or any(worker.is_running for worker in app.workers)
            or any(table.pending for table in app.query(PagedTable))
        )
        if not busy:
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise AssertionError(f"{type(app).__name__} did not settle")


def table_text(table: PagedTable) -> list[str]:
    """The visible lines of a table, header first, as the user reads them."""
    return [table.render_line(y).text for y in range(table.size.height)]


def screen_text(app) -> str:
    """The whole screen as plain text, the way a person reads it (the same render that
    Textual's screenshots use)."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, force_terminal=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()
