"""Slack member analytics CSV -> `ChatActivity`, one per member, over the caller's period.

The file (Workspace analytics > Members > Export, UTF-8 with a BOM) has no date window of
its own: the period has to come from the caller (`--period-end`, `--period-days`), and
without it the reader refuses rather than guess. "Messages posted in channels" is the
member's public voice (signals of kind `post`); "Messages posted" adds direct messages and
is kept as `messages`. Slack has no reply count, so `answers` is 0. Newer files add
`Display name` and `Email`; the email is what matches an employee first.
"""

from __future__ import annotations

from advocacy_tui.program.exports.cells import CellError, ISO, MONTH_NAME, window
from advocacy_tui.program.exports.errors import ExportError
from advocacy_tui.program.exports.reading import Reading, Request
from advocacy_tui.program.exports.records import ChatActivity, PersonRef
from advocacy_tui.program.exports.tables import Column, find_table
from advocacy_tui.program.exports.workbook import Workbook

WHAT = "a Slack member analytics export"
DATES = (MONTH_NAME, ISO)

COLUMNS = (
    Column("user_id", ("User ID",), required=True),
    Column("name", ("Name",)),
    Column("username", ("Username",)),
    Column("display_name", ("Display name",)),
    Column("email", ("Email",)),
    Column("days_active", ("Days active",)),
    Column("messages", ("Messages posted",)),
    Column("channel_messages", ("Messages posted in channels",), required=True),
    Column("reactions", ("Reactions added",)),
    Column("last_active", ("Last active (UTC)",)),
)
# What `auto` looks for in a header row.
SIGNATURE = (("User ID",), ("Messages posted in channels",), ("Days active",))


def read(book: Workbook, request: Request) -> Reading:
    if request.period_end is None or request.period_days is None:
        raise ExportError(
            book.file,
            reason="a Slack member analytics file does not say which days it covers; give the "
            "period (--period-end YYYY-MM-DD --period-days N, the range chosen in Slack)",
        )
    try:
        start, end = window(request.period_end, request.period_days)
    except CellError as error:
        raise ExportError(book.file, reason=str(error)) from None
    table = find_table(book, COLUMNS, WHAT)
    records = []
    for row in table.rows():
        person = PersonRef(
            email=_email(row.text("email")),
            user_id=row.text("user_id"),
            name=row.text("name") or row.text("display_name"),
            handle=row.text("username"),
        )
        if person.user_id is None and person.email is None and person.name is None:
            raise row.error("user_id", "the row names no one (no User ID, Name or Email)")
        posts = row.count("channel_messages")
        records.append(
            ChatActivity(
                source="slack",
                person=person,
                period_start=start,
                period_end=end,
                posts=posts,
                answers=0,
                reactions=row.count("reactions"),
                # Older files without "Messages posted" still have the channel messages.
                messages=row.count("messages") if table.has("messages") else posts,
                days_active=row.optional_count("days_active"),
                last_active_on=row.date("last_active", DATES),
                row=row.number,
            )
        )
    return Reading(tuple(records), tuple(table.warnings()), start, end)


def _email(text: str | None) -> str | None:
    """The Email cell when it is one (Slack leaves it empty for hidden emails)."""
    if text and "@" in text.strip("@") and " " not in text:
        return text.lower()
    return None
