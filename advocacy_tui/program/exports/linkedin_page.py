"""LinkedIn Page content export (XLS or XLSX) -> `CompanyPost`s, the company's own posts.

Sheet `All posts`: row 1 a description banner, headers on row 2, dates `MM/DD/YYYY`. Older
files say `Update title`, `Update link` and `Update type` for the post's, and `Shares` for
`Reposts`; both are read. Rates come as `2%`, `< 1%` (0.005, listed in `approximate`) or
as a spreadsheet's fraction. No employee is in these rows: the store keeps them apart from
advocates' posts and computes the company engagement-rate baseline from them.
"""

from __future__ import annotations

from advocacy_tui.program.exports.cells import ISO, US_PADDED
from advocacy_tui.program.exports.reading import Reading, Request
from advocacy_tui.program.exports.records import CompanyPost
from advocacy_tui.program.exports.tables import Column, Row, find_table
from advocacy_tui.program.exports.workbook import Workbook

WHAT = "a LinkedIn Page content export"
SHEET = "All posts"
DATES = (US_PADDED, ISO)
COUNTS = ("impressions", "views", "offsite_views", "clicks", "likes", "comments", "reposts", "follows")

COLUMNS = (
    Column("title", ("Post title", "Update title")),
    Column("url", ("Post link", "Update link"), required=True),
    Column("post_type", ("Post type", "Update type")),
    Column("campaign_name", ("Campaign name",)),
    Column("posted_by", ("Posted by",)),
    Column("created", ("Created date",), required=True),
    Column("audience", ("Audience",)),
    Column("impressions", ("Impressions",), required=True),
    Column("views", ("Views",)),
    Column("offsite_views", ("Offsite Views",)),
    Column("clicks", ("Clicks",)),
    Column("ctr", ("Click through rate (CTR)",)),
    Column("likes", ("Likes",)),
    Column("comments", ("Comments",)),
    Column("reposts", ("Reposts", "Shares")),
    Column("follows", ("Follows",)),
    Column("engagement_rate", ("Engagement rate",)),
    Column("content_type", ("Content Type",)),
)
SIGNATURE = (("Post link", "Update link"), ("Created date",), ("Impressions",))


def read(book: Workbook, request: Request) -> Reading:
    table = find_table(book, COLUMNS, WHAT, sheet_name=SHEET)
    records = tuple(_post(row) for row in table.rows())
    return Reading(records, tuple(table.warnings()))


def _post(row: Row) -> CompanyPost:
    counts = {key: row.count(key) for key in COUNTS}
    rates: dict[str, float | None] = {}
    approximate = []
    for key, field in (("ctr", "click_through_rate"), ("engagement_rate", "engagement_rate")):
        rate = row.rate(key)
        rates[field] = None if rate is None else rate[0]
        if rate is not None and rate[1]:
            approximate.append(field)
    return CompanyPost(
        url=row.text("url"),
        title=row.text("title"),
        created_on=row.required_date("created", DATES),
        post_type=row.text("post_type"),
        content_type=row.text("content_type"),
        campaign_name=row.text("campaign_name"),
        posted_by=row.text("posted_by"),
        audience=row.text("audience"),
        **counts,
        **rates,
        approximate=tuple(approximate),
        row=row.number,
    )
