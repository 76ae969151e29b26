"""Lever candidates CSV -> `Candidacy`, one per application.

Dates are `YYYY-MM-DD HH:MM:SS` in GMT; the date part is kept. `Sources` may hold several
comma-separated values, and a career link's `lever-source=<value>` lands there: the first
value that looks like an advocacy tracking value (tracking.py) is the `tracking_value`, and
the first that does not is the `source` (else `Origin`, e.g. "applied"). A row without
`Applied At (GMT)` (a candidate added by hand) takes `Created At (GMT)`, with a warning.
Candidate names are not kept: matching needs the ids, the sources and the referral flags.
"""

from __future__ import annotations

from advocacy_tui.program.exports.cells import ISO_TIME
from advocacy_tui.program.exports.reading import Reading, Request, plural
from advocacy_tui.program.exports.records import Candidacy
from advocacy_tui.program.exports.tables import Column, Row, find_table
from advocacy_tui.program.exports.tracking import tracking_value
from advocacy_tui.program.exports.workbook import Workbook

WHAT = "a Lever candidates export"
DATES = (ISO_TIME,)

COLUMNS = (
    Column("profile_id", ("Profile ID",)),
    Column("application_id", ("Application ID",)),
    Column("posting_id", ("Posting ID",)),
    Column("posting_title", ("Posting Title",)),
    Column("origin", ("Origin",)),
    Column("sources", ("Sources",), required=True),
    Column("applied", ("Applied At (GMT)",), required=True),
    Column("created", ("Created At (GMT)",)),
    Column("stage", ("Current Stage",)),
    Column("referrer", ("Referrer", "Referrer Name", "Referred By")),
    Column("employee_referral", ("Is Employee Referral",)),
)
SIGNATURE = (("Profile ID", "Application ID"), ("Sources",), ("Applied At (GMT)",))


def split_sources(text: str | None) -> tuple[str, ...]:
    """Lever's comma-separated Sources, trimmed, empties and repeats dropped."""
    if not text:
        return ()
    return tuple(dict.fromkeys(piece.strip() for piece in text.split(",") if piece.strip()))


def read(book: Workbook, request: Request) -> Reading:
    table = find_table(book, COLUMNS, WHAT)
    records = []
    undated = 0
    for row in table.rows():
        applied = row.date("applied", DATES)
        if applied is None:
            applied = row.date("created", DATES)
            if applied is None:
                raise row.error("applied", "the date is empty, and so is Created At (GMT)")
            undated += 1
        records.append(_candidacy(row, applied))
    warnings = table.warnings()
    if undated:
        warnings.append(
            f"{plural(undated, 'row')} had no Applied At (GMT); "
            f"{'its' if undated == 1 else 'their'} Created At (GMT) date is used."
        )
    return Reading(tuple(records), tuple(warnings))


def _candidacy(row: Row, applied) -> Candidacy:
    sources = split_sources(row.text("sources"))
    tracked = next((value for value in map(tracking_value, sources) if value), None)
    plain = [source for source in sources if tracking_value(source) is None]
    return Candidacy(
        ats="lever",
        applied_on=applied,
        source=plain[0] if plain else (row.text("origin") or ""),
        sources=sources,
        tracking_value=tracked,
        referrer_name=row.text("referrer"),
        employee_referral=row.flag("employee_referral"),
        job_title=row.text("posting_title"),
        job_id=row.text("posting_id"),
        candidate_id=row.text("profile_id"),
        application_id=row.text("application_id"),
        stage=row.text("stage"),
        row=row.number,
    )
