"""Microsoft Teams user activity CSV -> `ChatActivity`, one per user, over the file's period.

The period is the file's own: it ends on `Report Refresh Date` and spans `Report Period`
days (7, 30, 90 or 180), so each row carries it (two reports pasted together keep theirs).
The current layout splits channel messages into `Post Messages` (signals of kind `post`)
and `Reply Messages` (kind `answer`); the older 12-column layout (ending `Meeting Count,
Has Other Action, Report Period`) has only `Team Chat Message Count`, which then counts as
posts, with a warning that replies are not told apart.

When the tenant conceals user names in reports, `User Principal Name` is a 32-character
hex hash: such a person is `concealed`, matches nobody, and is reported in a warning with
where the setting is.
"""

from __future__ import annotations

import re

from advocacy_tui.program.exports.cells import CellError, ISO, window
from advocacy_tui.program.exports.reading import Reading, Request, plural
from advocacy_tui.program.exports.records import ChatActivity, PersonRef
from advocacy_tui.program.exports.tables import Column, find_table
from advocacy_tui.program.exports.workbook import Workbook

WHAT = "a Microsoft Teams user activity export"
DATES = (ISO,)
MAX_PERIOD = 366  # the four published periods, and room for a custom one

COLUMNS = (
    Column("refreshed", ("Report Refresh Date",), required=True),
    Column("user_id", ("User Id",)),
    Column("principal", ("User Principal Name",), required=True),
    Column("display_name", ("Display Name",)),
    Column("last_activity", ("Last Activity Date",)),
    Column("team_chat", ("Team Chat Message Count",), required=True),
    Column("private_chat", ("Private Chat Message Count",)),
    Column("posts", ("Post Messages",)),
    Column("replies", ("Reply Messages",)),
    Column("period", ("Report Period",), required=True),
)
SIGNATURE = (("Report Refresh Date",), ("User Principal Name",), ("Team Chat Message Count",))

_HASH_RE = re.compile(r"[0-9a-fA-F]{32}")


def is_concealed(principal: str | None) -> bool:
    """A principal name that is a hash: 32 hex characters and no '@'."""
    return bool(principal) and _HASH_RE.fullmatch(principal) is not None


def read(book: Workbook, request: Request) -> Reading:
    table = find_table(book, COLUMNS, WHAT)
    split = table.has("posts") and table.has("replies")
    records = []
    concealed = 0
    for row in table.rows():
        principal = row.text("principal")
        if principal is None:
            raise row.error("principal", "the cell is empty; every row names a user")
        hidden = is_concealed(principal)
        concealed += hidden
        refreshed = row.required_date("refreshed", DATES)
        days = row.count("period", default=-1)
        if not 1 <= days <= MAX_PERIOD:
            shown = row.text("period") or "empty"
            raise row.error("period", f"{shown} is not a report period (7, 30, 90 or 180 days)")
        try:
            start, end = window(refreshed, days)
        except CellError as error:
            raise row.error("period", str(error)) from None
        team_chat = row.count("team_chat")
        records.append(
            ChatActivity(
                source="teams",
                person=PersonRef(
                    principal=principal,
                    user_id=row.text("user_id"),
                    name=None if hidden else row.text("display_name"),
                    concealed=hidden,
                ),
                period_start=start,
                period_end=end,
                posts=row.count("posts") if split else team_chat,
                answers=row.count("replies") if split else 0,
                reactions=0,
                messages=team_chat + row.count("private_chat"),
                days_active=None,
                last_active_on=row.date("last_activity", DATES),
                row=row.number,
            )
        )
    warnings = table.warnings()
    if not split and records:
        warnings.append(
            "This is the older Teams layout without Post Messages and Reply Messages: "
            "channel messages (Team Chat Message Count) count as posts, none as answers."
        )
    if concealed:
        warnings.append(
            f"{plural(concealed, 'Teams user')} {'is' if concealed == 1 else 'are'} concealed "
            "(the tenant hides user names in reports) and cannot be matched to anyone; a "
            "Microsoft 365 admin can show names under Settings > Org settings > Reports."
        )
    period_start = min((record.period_start for record in records), default=None)
    period_end = max((record.period_end for record in records), default=None)
    return Reading(tuple(records), tuple(warnings), period_start, period_end)
