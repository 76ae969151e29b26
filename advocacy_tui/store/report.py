"""`advocacy report`: the monthly retrospective, read from the store and written to a file."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from advocacy_tui.program.report import AwardLine, Retrospective, html_page, markdown
from advocacy_tui.store.database import Store
from advocacy_tui.store.metrics import program_metrics, rankings, trend
from advocacy_tui.store.outbox import write_private_file
from advocacy_tui.store.recognition import awards

FORMATS = ("md", "html")


def retrospective(store: Store, settings, as_of: date) -> Retrospective:
    """The figures, 12 weeks of trend, the rankings and the awards of the 30 days to `as_of`."""
    since = as_of - timedelta(days=29)
    given = [
        AwardLine(row.advocate, row.milestone, row.awarded_on, row.reward, row.spotlight_quarter)
        for row in awards(store, since=since)
        if row.awarded_on <= as_of
    ]
    return Retrospective(
        figures=program_metrics(store, settings, as_of),
        trend=trend(store, settings, as_of, periods=12, unit="week"),
        rankings=rankings(store, as_of),
        awards=given,
    )


def render(retro: Retrospective, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"format must be md or html, not {fmt!r}")
    return markdown(retro) if fmt == "md" else html_page(retro)


def write_retrospective(store: Store, settings, as_of: date, path: Path, fmt: str) -> Path:
    write_private_file(path, render(retrospective(store, settings, as_of), fmt).encode("utf-8"))
    return path
