"""Export files built from code in tmp_path, in the layouts the tools publish (issue 10).

Every value is synthetic. The builders return the path they wrote. Workbooks are written
with openpyxl (XLSX) and, for the legacy XLS, by `xls_bytes`: a minimal BIFF8 workbook in
an OLE2 container, enough for xlrd (the reader's dependency) to open. xlwt is not available,
so this small writer stands in for Excel 97; it is test scaffolding, not a parser.
"""

from __future__ import annotations

import csv
import io
import struct
from datetime import datetime
from pathlib import Path

import openpyxl

# Tracking values as program/links.py makes them: <advocate token>-<asset token>, [a-z2-7]{8}.
ANN_ASSET1 = "annadvoc-asset222"
BEN_ASSET2 = "benadvoc-asset333"
ANN_ASSET2 = "annadvoc-asset333"

# ----------------------------------------------------------------------------- CSV


def write_csv(path: Path, rows: list[list[str]], *, bom: bool = False, lines: list[str] | None = None) -> Path:
    """`rows` as CSV (CRLF, as the tools write), after any raw `lines` (GA4's # preamble)."""
    buffer = io.StringIO()
    for line in lines or []:
        buffer.write(line + "\r\n")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


SLACK_HEADER = [
    "Name", "What I Do", "User ID", "Username", "Account type", "Account created (UTC)",
    "Claimed Date (UTC)", "Deactivated date (UTC)", "Days active", "Days active (Desktop)",
    "Days active (Android)", "Days active (iOS)", "Messages posted", "Messages posted in channels",
    "Reactions added", "Last active (UTC)", "Last active (Desktop) (UTC)", "Last active (Android) (UTC)",
    "Last active (iOS) (UTC)",
]
SLACK_NEWER = ["Display name", "Email", "Days using Slack Connect", "Files uploaded", "Slack Huddles", "Searches", "Channels joined"]


def slack_csv(tmp_path: Path, *, newer: bool = True, name: str = "slack-members.csv") -> Path:
    """UTF-8 with a BOM, `Mar 17, 2025` dates, a count written `1,234`."""
    header = SLACK_HEADER + (SLACK_NEWER if newer else [])
    people = [
        # name, user id, username, messages, in channels, reactions, last active, display, email
        ["Ann Archer", "U01ANN", "ann", "1,234", "310", "42", "Mar 17, 2025", "ann.a", "ann@example.com"],
        ["Ben Brook", "U02BEN", "ben", "12", "0", "3", "Jan 2, 2025", "", ""],
        ["Cy Chen", "U03CY", "cy", "7", "5", "", "", "cy", "cy@example.com"],
    ]
    rows = [header]
    for name_, user_id, username, messages, channels, reactions, last, display, email in people:
        row = [
            name_, "Engineer", user_id, username, "Member", "Jan 5, 2021", "Jan 5, 2021", "",
            "20", "18", "0", "4", messages, channels, reactions, last, last, "", last,
        ]
        if newer:
            row += [display, email, "0", "2", "1", "9", "14"]
        rows.append(row)
    return write_csv(tmp_path / name, rows, bom=True)


TEAMS_HEADER = [
    "Report Refresh Date", "Tenant Display Name", "Shared Channel Tenant Display Names", "User Id",
    "User Principal Name", "Last Activity Date", "Is Deleted", "Deleted Date", "Assigned Products",
    "Team Chat Message Count", "Private Chat Message Count", "Call Count", "Meeting Count",
    "Post Messages", "Reply Messages", "Urgent Messages", "Meetings Organized Count",
    "Meetings Attended Count", "Report Period",
]
CONCEALED = "5f2b1c9e8a7d6b4c3e2f1a0b9c8d7e6f"  # how a tenant with concealed names writes a user


def teams_row(principal: str, last_activity: str = "2026-05-29", posts: str = "1", replies: str = "0") -> list[str]:
    """A row of the current Teams layout, refreshed 2026-05-31 over 30 days."""
    return ["2026-05-31", "Example Ltd", "", f"id-{principal}", principal, last_activity, "False", "",
            "MICROSOFT 365 E3", "1", "0", "0", "0", posts, replies, "0", "0", "0", "30"]


def teams_csv(tmp_path: Path, *, name: str = "teams.csv", last_activity: str = "2026-05-29") -> Path:
    """The current layout, refreshed 2026-05-31 over 30 days, one concealed user."""
    rows = [
        TEAMS_HEADER,
        ["2026-05-31", "Example Ltd", "", "id-ann", "ann@example.com", last_activity, "False", "",
         "MICROSOFT 365 E3", "14", "30", "2", "6", "9", "5", "0", "1", "4", "30"],
        ["2026-05-31", "Example Ltd", "", "id-hidden", CONCEALED, "2026-05-20", "False", "",
         "MICROSOFT 365 E3", "3", "0", "0", "0", "1", "2", "0", "0", "0", "30"],
        ["2026-05-31", "Example Ltd", "", "id-ben", "Ben@Example.com", "", "False", "",
         "MICROSOFT 365 E3", "0", "0", "0", "0", "0", "0", "0", "0", "0", "30"],
    ]
    return write_csv(tmp_path / name, rows, bom=True)


TEAMS_OLDER_HEADER = [
    "Report Refresh Date", "User Principal Name", "Last Activity Date", "Is Deleted", "Deleted Date",
    "Assigned Products", "Team Chat Message Count", "Private Chat Message Count", "Call Count",
    "Meeting Count", "Has Other Action", "Report Period",
]


def teams_older_csv(tmp_path: Path) -> Path:
    """The older 12-column layout (no post/reply split), 7 days, no BOM."""
    rows = [
        TEAMS_OLDER_HEADER,
        ["2026-04-12", "cy@example.com", "2026-04-10", "False", "", "OFFICE 365 E1", "8", "2", "0", "1", "No", "7"],
    ]
    return write_csv(tmp_path / "teams-older.csv", rows)


GA4_PREAMBLE = [
    "# ----------------------------------------",
    "# Traffic acquisition: Session manual ad content",
    "# Account: Example",
    "# Property: Example careers",
    "# ----------------------------------------",
    "#",
    "# All Users",
    "# Start date: 20260501",
    "# End date: 20260531",
    "# ----------------------------------------",
]
GA4_HEADER = [
    "Session source / medium", "Session campaign", "Session manual ad content", "Sessions",
    "Engaged sessions", "Key events",
]


def ga4_csv(tmp_path: Path) -> Path:
    """Preamble, a block with a Grand total row, a second block of campaign rows after a
    blank line, then a chart block of another shape (skipped with a warning)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for line in GA4_PREAMBLE:
        buffer.write(line + "\n")
    buffer.write("\n")
    writer.writerows([
        GA4_HEADER,
        ["Grand total", "", "", "1,530", "1,002", "41"],
        ["linkedin / employee_advocacy", "spring", ANN_ASSET1, "1,204", "800", "30"],
        ["linkedin / employee_advocacy", "spring", BEN_ASSET2, "96", "50", "3"],
        ["google / organic", "(organic)", "(not set)", "200", "140", "8"],
    ])
    buffer.write("\n")
    writer.writerows([
        GA4_HEADER,
        ["linkedin / employee_advocacy", "autumn", ANN_ASSET2.upper(), "30", "12", "0"],
    ])
    buffer.write("\n")
    writer.writerows([
        ["Nth day", "linkedin / employee_advocacy", "google / organic"],
        ["0000", "40", "7"],
        ["0001", "39", "6"],
    ])
    path = tmp_path / "ga4.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def ga4_daily_csv(tmp_path: Path) -> Path:
    """No preamble; a Date column (YYYYMMDD) and the manual source/medium/campaign columns."""
    rows = [
        ["Date", "Session manual source", "Session manual medium", "Session manual campaign name",
         "Session manual ad content", "Sessions", "Engaged sessions", "Key events"],
        ["20260502", "linkedin", "employee_advocacy", "spring", ANN_ASSET1, "17", "9", "1"],
        ["20260503", "linkedin", "employee_advocacy", "spring", ANN_ASSET1, "2,001", "1,500", "12"],
    ]
    return write_csv(tmp_path / "ga4-daily.csv", rows)


LEVER_HEADER = [
    "Candidate Name", "Profile ID", "Application ID", "Posting ID", "Posting Title", "Posting Owner Name",
    "Origin", "Sources", "Applied At (GMT)", "Created At (GMT)", "Candidate Owner Name", "Current Stage",
    "Archive Reason", "Referred", "Is Social Referral", "Is Employee Referral", "Is Manual Referral",
]


def lever_csv(tmp_path: Path) -> Path:
    """`Sources` with several values, one of them a lever-source tracking value."""
    rows = [
        LEVER_HEADER,
        ["Dana Doe", "prof-1", "app-1", "post-9", "Data Engineer", "Hiring Lead", "applied",
         f"LinkedIn, {ANN_ASSET1}", "2026-05-04 13:22:10", "2026-05-04 13:22:09", "Recruiter",
         "New applicant", "", "false", "false", "false", "false"],
        ["Eli Eng", "prof-2", "app-2", "post-9", "Data Engineer", "Hiring Lead", "referred",
         "Employee Referral", "2026-05-06 08:00:00", "2026-05-05 17:45:00", "Recruiter",
         "Phone screen", "", "true", "false", "true", "false"],
        ["Fay Fox", "prof-3", "app-3", "post-7", "Designer", "Hiring Lead", "sourced",
         "", "", "2026-05-07 09:30:00", "Recruiter", "Reached out", "", "false", "false", "false", "false"],
    ]
    return write_csv(tmp_path / "lever.csv", rows)


def greenhouse_csv(tmp_path: Path) -> Path:
    """A coordinator's report: referrer names, a source named with a tracking value."""
    rows = [
        ["Candidate ID", "Application Date", "Source", "Referrer", "Job", "Status"],
        ["1001", "05/04/2026", f"Advocate link {BEN_ASSET2}", "", "Data Engineer", "Active"],
        ["1002", "5/6/2026", "Referral", "Ann Archer", "Designer", "Hired"],
        ["1003", "2026-05-07", "Indeed", "", "Designer", "Rejected"],
    ]
    return write_csv(tmp_path / "greenhouse.csv", rows)


# ----------------------------------------------------------------------------- XLSX

CREATOR_NAME = "Content_2026-05-01_2026-05-31_JaneDoe.xlsx"
POST_A = "https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000001"
POST_B = "https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000002"
POST_C = "https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000003"


def creator_xlsx(tmp_path: Path, name: str = CREATOR_NAME) -> Path:
    """The five sheets; TOP POSTS with its banner, blank row, header on row 3, and two
    halves listing partly the same posts in another order (one date a real Excel date,
    numbers partly text)."""
    book = openpyxl.Workbook()
    discovery = book.active
    discovery.title = "DISCOVERY"
    discovery.append(["Overall Performance", "5/1/2026 - 5/31/2026"])
    discovery.append(["Impressions", "12,345"])
    discovery.append(["Members reached", "4,321"])
    engagement = book.create_sheet("ENGAGEMENT")
    engagement.append(["Date", "Impressions", "Engagements"])
    engagement.append(["5/1/2026", "1,200", "31"])
    top = book.create_sheet("TOP POSTS")
    top.append(["Maximum of 50 posts available to include in this list"])
    top.append([])
    top.append(["Post URL", "Post publish date", "Engagements", None, "Post URL", "Post publish date", "Impressions"])
    top.append([POST_A, "5/3/2026", "120", None, POST_B, datetime(2026, 5, 10), "9,876"])
    top.append([POST_B, datetime(2026, 5, 10), 45, None, POST_A + "/", "5/3/2026", 4321])
    top.append([POST_C, "05/21/2026", "7", None, None, None, None])
    followers = book.create_sheet("FOLLOWERS")
    followers.append(["Total followers on 5/31/2026:", "1,024"])
    demographics = book.create_sheet("DEMOGRAPHICS")
    demographics.append(["Top Demographics", "Value", "Percentage"])
    demographics.append(["Job titles", "Data Engineer", "2%"])
    demographics.append(["Job titles", "Designer", "< 1%"])
    path = tmp_path / name
    book.save(path)
    return path


PAGE_HEADER = [
    "Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date",
    "Campaign start date", "Campaign end date", "Audience", "Impressions", "Views", "Offsite Views",
    "Clicks", "Click through rate (CTR)", "Likes", "Comments", "Reposts", "Follows",
    "Engagement rate", "Content Type",
]
PAGE_BANNER = "All posts: This report includes all organic and sponsored posts in the selected date range."
PAGE_ROWS = [
    ["We're hiring data engineers", "https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000101",
     "Organic", "", "Pat Page", "05/02/2026", "", "", "All followers", "10,000", "", "", "250", "2.5%",
     "180", "12", "8", "5", "4.55%", "Image"],
    ["Meet the design team", "https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000102",
     "Sponsored", "Spring hiring", "Pat Page", "05/09/2026", "05/09/2026", "05/20/2026", "Targeted",
     "3,000", "1,200", "40", "20", "< 1%", "15", "1", "0", "2", "1.27%", "Video"],
]


def page_xlsx(tmp_path: Path) -> Path:
    """Sheet `All posts`: the banner on row 1, headers on row 2; rates as text."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "All posts"
    sheet.append([PAGE_BANNER])
    sheet.append(PAGE_HEADER)
    for row in PAGE_ROWS:
        sheet.append(row)
    metrics = book.create_sheet("Metrics")
    metrics.append(["Date", "Impressions (organic)"])
    path = tmp_path / "page-content.xlsx"
    book.save(path)
    return path


OLD_PAGE_HEADER = [
    "Update title", "Update link", "Update type", "Campaign name", "Posted by", "Created date",
    "Campaign start date", "Campaign end date", "Audience", "Impressions", "Clicks",
    "Click through rate (CTR)", "Likes", "Comments", "Shares", "Follows", "Engagement rate",
]


def page_old_xls(tmp_path: Path) -> Path:
    """An older page export saved as Excel 97 (.xls): `Update ...` names, `Shares`, numbers
    as real numeric cells and as text, a rate as a fraction."""
    rows = [
        [PAGE_BANNER],
        OLD_PAGE_HEADER,
        ["Our new office", "https://www.linkedin.com/feed/update/urn:li:activity:7100000000000000201",
         "Organic", "", "Pat Page", "11/30/2023", "", "", "All followers",
         5000, 100, 0.02, 60, 4, 3, 1, 0.0336],
        ["Year in review", "https://www.linkedin.com/feed/update/urn:li:activity:7100000000000000202",
         "Organic", "", "Pat Page", "12/15/2023", "", "", "All followers",
         "1,500", "9", "< 1%", "20", "0", "2", "0", "2.07%"],
    ]
    path = tmp_path / "page-content-2023.xls"
    path.write_bytes(xls_bytes({"All posts": rows}))
    return path


# ----------------------------------------------------------------------------- XLS (BIFF8)


def _record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(stream_type: int) -> bytes:
    # BIFF8 (0x0600), build and year as Excel 97 writes them.
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, stream_type, 0x0DBB, 0x07CC, 0, 0x06))


def _unicode(text: str, length_bytes: int) -> bytes:
    """A BIFF8 unicode string: its length in characters, flags 1 (UTF-16LE), the text."""
    encoded = text.encode("utf-16-le")
    return struct.pack("<H" if length_bytes == 2 else "<B", len(text)) + b"\x01" + encoded


def _cell(row: int, column: int, value) -> bytes:
    if isinstance(value, str):
        return _record(0x0204, struct.pack("<HHH", row, column, 0) + _unicode(value, 2))  # LABEL
    return _record(0x0203, struct.pack("<HHHd", row, column, 0, float(value)))  # NUMBER


def xls_bytes(sheets: dict[str, list[list]]) -> bytes:
    """A BIFF8 workbook (globals, then one substream per sheet) in an OLE2 container."""
    substreams = []
    for rows in sheets.values():
        cells = b"".join(
            _cell(r, c, value) for r, row in enumerate(rows) for c, value in enumerate(row) if value not in (None, "")
        )
        width = max((len(row) for row in rows), default=0)
        dimensions = _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
        substreams.append(_bof(0x0010) + dimensions + cells + _record(0x000A))
    # The globals name each sheet with its substream's offset, so size them first.
    names = list(sheets)
    sheet_records_size = sum(4 + 6 + len(_unicode(name, 1)) for name in names)
    head = _bof(0x0005) + _record(0x0042, struct.pack("<H", 1200))  # CODEPAGE: UTF-16
    offset = len(head) + sheet_records_size + 4  # + the globals' EOF
    boundsheets = b""
    for name, substream in zip(names, substreams):
        boundsheets += _record(0x0085, struct.pack("<IBB", offset, 0, 0) + _unicode(name, 1))
        offset += len(substream)
    stream = head + boundsheets + _record(0x000A) + b"".join(substreams)
    return _ole2(stream)


def _ole2(stream: bytes) -> bytes:
    """An OLE2 compound file holding one stream, `Workbook`. The stream is padded to 4096
    bytes so it lives in ordinary sectors (smaller ones would need the mini stream)."""
    sector = 512
    stream = stream.ljust(max(4096, -(-len(stream) // sector) * sector), b"\x00")
    count = len(stream) // sector
    assert count <= 126, "one FAT sector maps 128 sectors"
    free, end_of_chain, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    directory_at = count + 1
    fat = [fat_sector] + [index + 1 for index in range(1, count)] + [end_of_chain, end_of_chain]
    fat += [free] * (128 - len(fat))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, directory_at, 0, 4096, end_of_chain, 0, end_of_chain, 0)
        + struct.pack("<109I", 0, *([free] * 108))
    )
    assert len(header) == sector

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", free, free, child)
            + bytes(16) + struct.pack("<I", 0) + bytes(16)
            + struct.pack("<III", start, size, 0)
        )

    directory = (
        entry("Root Entry", 5, 1, end_of_chain, 0)
        + entry("Workbook", 2, free, 1, len(stream))
        + entry("", 0, free, free, 0) * 2
    )
    return header + struct.pack("<128I", *fat) + stream + directory
