"""`read_export`: one export file -> an `ExportBatch`, or an `ExportError`. No writes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from advocacy_tui.program.exports import ga4, greenhouse, lever, linkedin_creator, linkedin_page, slack, teams
from advocacy_tui.program.exports.errors import ExportError
from advocacy_tui.program.exports.reading import Reading, Request
from advocacy_tui.program.exports.records import SOURCE_LABELS, SOURCES, ExportBatch
from advocacy_tui.program.exports.recognise import recognise
from advocacy_tui.program.exports.workbook import Workbook, open_workbook

READERS: dict[str, Callable[[Workbook, Request], Reading]] = {
    "slack": slack.read,
    "teams": teams.read,
    "linkedin-creator": linkedin_creator.read,
    "linkedin-page": linkedin_page.read,
    "ga4": ga4.read,
    "lever": lever.read,
    "greenhouse": greenhouse.read,
}
assert tuple(READERS) == SOURCES
# Sources that use the caller's period: Slack always, GA4 when the file has no dates.
USES_PERIOD = ("slack", "ga4")
MAX_PERIOD_DAYS = 3660  # ten years: beyond any export's range, and no date arithmetic overflow


def read_export(
    path: Path | str,
    source: str = "auto",
    *,
    period_end: date | None = None,
    period_days: int | None = None,
) -> ExportBatch:
    """Read one export. `source` is one of SOURCES or "auto" (recognised from the sheets
    and headers; `batch.recognised_by` says which and why). `period_end` and `period_days`
    give the window of a file that has none (Slack; GA4 without dates); both or neither."""
    path = Path(path)
    file = path.name
    if source != "auto" and source not in READERS:
        raise ExportError(file, reason=f'"{source}" is not a source; use one of {", ".join(SOURCES)} or auto')
    _check_period(file, period_end, period_days)
    book = open_workbook(path)
    if source == "auto":
        source, recognised_by = recognise(book)
    else:
        recognised_by = f"Read as {SOURCE_LABELS[source]}, the source given."
    reading = READERS[source](book, Request(period_end, period_days))
    warnings = list(reading.warnings)
    if not reading.records:
        warnings.append("The file has no rows under its header: nothing to import.")
    if period_end is not None and source not in USES_PERIOD:
        warnings.append(f"The period given is not used: {SOURCE_LABELS[source]} files say their own dates.")
    return ExportBatch(
        file=file,
        source=source,
        recognised_by=recognised_by,
        records=reading.records,
        warnings=tuple(warnings),
        period_start=reading.period_start,
        period_end=reading.period_end,
        owner=reading.owner,
        kind=book.kind,
    )


def _check_period(file: str, period_end: date | None, period_days: int | None) -> None:
    if (period_end is None) != (period_days is None):
        raise ExportError(file, reason="give both the period's last day and its length in days, or neither")
    if period_days is not None and (
        isinstance(period_days, bool) or not isinstance(period_days, int) or not 1 <= period_days <= MAX_PERIOD_DAYS
    ):
        raise ExportError(file, reason=f"the period's length must be 1 to {MAX_PERIOD_DAYS} days, not {period_days}")
