"""Reading the exports coordinators already download (issue 10, first half: no writes).

`read_export(path, source="auto", *, period_end=None, period_days=None) -> ExportBatch`
turns one file into normalised records, or raises `ExportError` whose message names the
file, the row (1-based, as the spreadsheet shows it) and the column (by its header). It
imports only the standard library and, when a workbook comes, openpyxl (XLSX) or xlrd
(XLS): no database, no UI, so the CLI, the app's import dialog and tests all call it alike.

Sources: `slack`, `teams`, `linkedin-creator`, `linkedin-page`, `ga4`, `lever`,
`greenhouse`, or `auto` (recognise.py: by sheet names and header rows; the batch's
`recognised_by` says which and why). Shared reading rules: workbook.py (CSV UTF-8 with or
without BOM, XLSX, XLS, told apart by content), tables.py (the header found past banners,
blank and `#` rows; totals rows skipped and reported), cells.py (the date formats, `1,234`,
`2%`, `< 1%` = 0.005 flagged approximate).

The records (records.py) and what the store side will do with each:

- `PersonRef(email, principal, user_id, name, handle, concealed)`: who a row is about.
  The store matches an employee by `email`, then `principal` (Teams' sign-in name, compared
  with employee emails), then by a confirmed alias (`aliases` entity: alias, source,
  employee) keyed by one of `alias_keys`. Unmatched people are listed, never guessed;
  `concealed` people (hashed Teams names) are reported as such and have no alias keys.
- `ChatActivity(source, person, period_start, period_end, posts, answers, reactions,
  messages, days_active, last_active_on, row)` (Slack, Teams): internal signals of the
  matched employee, `source="internal"`, dated `period_end`: one signal of kind `post` with
  `count=posts` and one of kind `answer` with `count=answers` (a zero count writes none).
  Re-import replaces the signals of the same employee, source file kind and period.
- `CreatorPost(url, published_on, impressions, engagements, row)` with `batch.owner` (from
  the file name) (LinkedIn creator): that person's LinkedIn posts, keyed by url; impressions
  and the total `engagements` (posts gain an `engagements` column, used by the engagement
  rate instead of inventing a reactions/comments/shares split). A None figure leaves the
  stored one alone.
- `CompanyPost(url, title, created_on, ..., impressions, clicks, likes, comments, reposts,
  follows, click_through_rate, engagement_rate, approximate, row)` (LinkedIn Page): the
  company's own posts in a table of their own (keyed by url, else title + date); the health
  signal's company engagement-rate baseline for a window is sum(engagements) /
  sum(impressions) of those created in it, instead of the configured constant.
- `CampaignVisits(source, medium, campaign, content, tracking_value, on, window_start,
  window_end, sessions, engaged_sessions, key_events, row)` (GA4): a row whose
  `tracking_value` names an advocate and an asset sets `referral_visits` = sessions of that
  advocate's post of that asset, the latest on or before `last_day`; setting (not adding)
  keeps a re-import idempotent. Rows with a tracking value that matches no post are
  reported; rows without one are other traffic and ignored.
- `Candidacy(ats, applied_on, source, sources, tracking_value, referrer_name,
  employee_referral, job_title, job_id, candidate_id, application_id, stage, row)` (Lever,
  Greenhouse): applications with `utm_content = tracking_value`, or the advocate matched by
  `referrer_name` (employee, then alias); the requisition matched by `job_id` (an external
  id) or `job_title`; keyed by (ats, application_id or candidate_id + job) for re-import.

`ExportBatch(file, source, recognised_by, records, warnings, period_start, period_end,
owner, kind)` also carries the warnings a coordinator should see before importing:
concealed Teams users, rows skipped as totals, GA4 blocks not read, an older Teams layout,
a creator file whose name names no one.
"""

from __future__ import annotations

from advocacy_tui.program.exports.cells import LESS_THAN_ONE_PERCENT
from advocacy_tui.program.exports.errors import ExportError
from advocacy_tui.program.exports.read import read_export
from advocacy_tui.program.exports.records import (
    SOURCE_LABELS,
    SOURCES,
    CampaignVisits,
    Candidacy,
    ChatActivity,
    CompanyPost,
    CreatorPost,
    ExportBatch,
    PersonRef,
    Record,
)

__all__ = [
    "LESS_THAN_ONE_PERCENT",
    "SOURCES",
    "SOURCE_LABELS",
    "CampaignVisits",
    "Candidacy",
    "ChatActivity",
    "CompanyPost",
    "CreatorPost",
    "ExportBatch",
    "ExportError",
    "PersonRef",
    "Record",
    "read_export",
]
