"""Greenhouse application report CSV -> `Candidacy`, one per application.

Greenhouse has no UTM field: a source is a strategy ("Referral", "Job board"...) plus a
source name, and an employee referral carries the referrer's name. The coordinator builds a
report with `Candidate ID, Application Date, Source, Referrer, Job, Status` style columns
(the names below are the ones Greenhouse's report builder offers for them); the tracking
value comes from a source name that carries one (a source named after a tracked link), and
the referrer's name is kept for the store to match against employees and aliases. Dates are
read as `MM/DD/YYYY` (the US report default) or `YYYY-MM-DD`, a time after either ignored.
"""

from __future__ import annotations

from advocacy_tui.program.exports.cells import ISO, US_PADDED
from advocacy_tui.program.exports.reading import Reading, Request
from advocacy_tui.program.exports.records import Candidacy
from advocacy_tui.program.exports.tables import Column, Row, find_table
from advocacy_tui.program.exports.tracking import tracking_value
from advocacy_tui.program.exports.workbook import Workbook

WHAT = "a Greenhouse applications report"
DATES = (US_PADDED, ISO)

COLUMNS = (
    Column("candidate_id", ("Candidate ID",), required=True),
    Column("application_id", ("Application ID",)),
    Column("applied", ("Application Date", "Applied On", "Applied Date", "Date Applied"), required=True),
    Column("source", ("Source", "Source Name"), required=True),
    Column("strategy", ("Source Strategy", "Source Type", "Strategy")),
    Column("referrer", ("Referrer", "Referrer Name", "Referred By")),
    Column("job", ("Job", "Job Name", "Job Title")),
    Column("job_id", ("Job ID", "Requisition ID", "Req ID")),
    Column("status", ("Status", "Current Stage", "Stage")),
)
SIGNATURE = (
    ("Candidate ID",),
    ("Application Date", "Applied On", "Applied Date", "Date Applied"),
    ("Source", "Source Name"),
)


def read(book: Workbook, request: Request) -> Reading:
    table = find_table(book, COLUMNS, WHAT)
    return Reading(tuple(_candidacy(row) for row in table.rows()), tuple(table.warnings()))


def _candidacy(row: Row) -> Candidacy:
    source = row.text("source") or ""
    strategy = row.text("strategy")
    referrer = row.text("referrer")
    return Candidacy(
        ats="greenhouse",
        applied_on=row.required_date("applied", DATES),
        source=source,
        sources=tuple(value for value in (strategy, source) if value),
        tracking_value=tracking_value(source),
        referrer_name=referrer,
        employee_referral=bool(referrer) or "referral" in (strategy or source).lower(),
        job_title=row.text("job"),
        job_id=row.text("job_id"),
        candidate_id=row.text("candidate_id"),
        application_id=row.text("application_id"),
        stage=row.text("status"),
        row=row.number,
    )
