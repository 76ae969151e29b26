"""The normalised records an export becomes, one frozen dataclass per kind of row.

Every record keeps `row`, the spreadsheet row it came from, so a preview or a "matches no
one" report can point at the line the coordinator sees. Counts the file does not carry are
0 where the tool simply has no such figure (Slack has no replies) and None where the row
says nothing either way (a TOP POSTS half that lacks the post): the store keeps what it has
for a None instead of overwriting it with 0.

Personal data is kept to what matching needs: no candidate names, no tenant names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Union

SOURCES = ("slack", "teams", "linkedin-creator", "linkedin-page", "ga4", "lever", "greenhouse")
SOURCE_LABELS = {
    "slack": "Slack member analytics",
    "teams": "Microsoft Teams user activity",
    "linkedin-creator": "LinkedIn creator analytics",
    "linkedin-page": "LinkedIn Page content",
    "ga4": "Google Analytics 4",
    "lever": "Lever candidates",
    "greenhouse": "Greenhouse applications",
}


@dataclass(frozen=True)
class PersonRef:
    """Who a row is about, in the tool's own words; the store matches it to an employee.

    Matching order (issue 10): `email`, then `principal` (Teams' sign-in name, usually the
    email), then a confirmed alias, keyed by one of `alias_keys`. A concealed person (Teams
    with names hidden: the principal is a hash) matches nobody and is reported as such.
    """

    email: str | None = None
    principal: str | None = None  # Teams' User Principal Name (or its hash when concealed)
    user_id: str | None = None  # the tool's own id: Slack's U012AB3CD, Teams' object id
    name: str | None = None  # the full or display name the tool shows
    handle: str | None = None  # Slack's username; the raw name piece of a LinkedIn file name
    concealed: bool = False

    @property
    def label(self) -> str:
        """How a coordinator reads this person in a list of unmatched people."""
        if self.concealed:
            return f"concealed Teams user {self.principal or self.user_id or '?'}"
        shown = self.name or self.handle or self.email or self.principal or self.user_id or "?"
        address = self.email or self.principal
        if address and address != shown:
            return f"{shown} <{address}>"
        return shown

    @property
    def alias_keys(self) -> tuple[str, ...]:
        """What an alias can be remembered by, steadiest first: an id survives a renamed
        person, a name survives a re-created account. Empty when concealed (a hash changes
        with every report, so remembering it would match nothing next time)."""
        if self.concealed:
            return ()
        keys = (self.user_id, self.principal, self.email, self.name, self.handle)
        return tuple(dict.fromkeys(key for key in keys if key))


@dataclass(frozen=True)
class ChatActivity:
    """Slack or Teams: one person's activity over one period (the internal signals)."""

    source: str  # "slack" or "teams"
    person: PersonRef
    period_start: date
    period_end: date
    posts: int  # Slack: messages posted in channels; Teams: Post Messages (older files: Team Chat Message Count)
    answers: int  # Teams: Reply Messages; 0 for Slack and older Teams files, which do not split
    reactions: int  # Slack: Reactions added; 0 for Teams (the report has none)
    messages: int  # every message, including direct and private chats
    days_active: int | None  # Slack only
    last_active_on: date | None
    row: int


@dataclass(frozen=True)
class CreatorPost:
    """LinkedIn creator analytics: one of the owner's posts from TOP POSTS (both halves
    merged by URL). A figure is None when the post is on one half only."""

    url: str
    published_on: date
    impressions: int | None
    engagements: int | None  # LinkedIn's total: reactions + comments + reposts + clicks...
    row: int  # the first row the post is on


@dataclass(frozen=True)
class CompanyPost:
    """LinkedIn Page content: one of the company's own posts (no employee in it)."""

    url: str | None  # "Post link" (older files: "Update link"); empty for some sponsored posts
    title: str | None
    created_on: date
    post_type: str | None  # Organic, Sponsored...
    content_type: str | None
    campaign_name: str | None
    posted_by: str | None
    audience: str | None
    impressions: int
    views: int
    offsite_views: int
    clicks: int
    likes: int
    comments: int
    reposts: int  # older files: "Shares"
    follows: int
    click_through_rate: float | None  # as the file gives it, a fraction: 2% -> 0.02
    engagement_rate: float | None
    approximate: tuple[str, ...]  # the rate fields read from "< 1%" (0.005, see cells.py)
    row: int

    @property
    def engagements(self) -> int:
        """LinkedIn's own engagement-rate numerator: clicks, likes, comments, reposts and
        follows; the company baseline divides it by impressions."""
        return self.clicks + self.likes + self.comments + self.reposts + self.follows


@dataclass(frozen=True)
class CampaignVisits:
    """Google Analytics 4: sessions of one source/medium/campaign/ad-content, on one day
    (`on`, from a Date column) or over the file's window."""

    source: str | None
    medium: str | None
    campaign: str | None
    content: str | None  # Session manual ad content: utm_content as the link carried it
    tracking_value: str | None  # `content` when it is an advocacy tracking value, lower case
    on: date | None
    window_start: date | None
    window_end: date | None
    sessions: int
    engaged_sessions: int
    key_events: int
    row: int

    @property
    def last_day(self) -> date | None:
        """The day the store attributes by: the post of that asset on or before it."""
        return self.on or self.window_end


@dataclass(frozen=True)
class Candidacy:
    """Lever or Greenhouse: one application."""

    ats: str  # "lever" or "greenhouse"
    applied_on: date
    source: str  # the first source that is not a tracking value, else Lever's Origin
    sources: tuple[str, ...]  # every source listed (Lever's Sources may hold several)
    tracking_value: str | None  # from a lever-source value or a source name, lower case
    referrer_name: str | None  # kept for matching the advocate by name
    employee_referral: bool
    job_title: str | None  # Lever's Posting Title, Greenhouse's Job
    job_id: str | None  # Lever's Posting ID, Greenhouse's Job ID / Requisition ID
    candidate_id: str | None  # Lever's Profile ID, Greenhouse's Candidate ID
    application_id: str | None
    stage: str | None
    row: int


Record = Union[ChatActivity, CreatorPost, CompanyPost, CampaignVisits, Candidacy]


@dataclass(frozen=True)
class ExportBatch:
    """One file read: what it was taken for, its records and what the coordinator should
    know (concealed names, rows skipped as totals, a block not read)."""

    file: str  # the file's name, as messages name it
    source: str  # one of SOURCES
    recognised_by: str  # a sentence: which source and why
    records: tuple[Record, ...]
    warnings: tuple[str, ...] = ()
    # The window the file states (Teams, GA4, a LinkedIn file name) or the caller gave
    # (Slack); None for files that have none (LinkedIn Page, Lever, Greenhouse).
    period_start: date | None = None
    period_end: date | None = None
    owner: PersonRef | None = None  # LinkedIn creator analytics: whose file it is
    kind: str = field(default="csv")  # "csv", "xlsx" or "xls": how it was read

    @property
    def label(self) -> str:
        return SOURCE_LABELS[self.source]
