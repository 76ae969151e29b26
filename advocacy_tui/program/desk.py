"""What an advocate sees of the program: their queue and their own results (the "desk").

Closing the loop is the guide's most underused engagement tool: "When someone's post about an
open role generated 200 profile views of the job listing and two applications, tell them."
`AdvocateResults.sentences` says exactly that, per asset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from advocacy_tui.program.milestones import Milestone, Streak


@dataclass(frozen=True)
class QueueItem:
    """One delivery in the advocate's own queue, with everything needed to post it."""

    delivery_id: str
    asset_id: str
    title: str
    topic: str
    platform: str
    caption: str
    starters: tuple[str, ...]
    hashtags: tuple[str, ...]
    format_tip: str
    link: str  # the advocate's own tracked link
    link_warnings: tuple[str, ...]
    delivered_on: date
    due_on: date | None
    status: str
    shared_on: date | None
    post_url: str | None
    text: str  # their own version, as last saved
    this_week: bool

    @property
    def done(self) -> bool:
        return self.status in ("shared", "skipped")

    def post_text(self, text: str | None = None) -> str:
        """The finished post: their words, the hashtags, their tracked link."""
        body = (self.text if text is None else text).strip() or self.caption.strip()
        tags = " ".join(tag for tag in self.hashtags if tag.casefold() not in body.casefold())
        parts = [body]
        if tags:
            parts.append(tags)
        if self.link and self.link not in body:
            parts.append(self.link)
        return "\n\n".join(parts)


@dataclass(frozen=True)
class PostResult:
    title: str  # the asset's title, or "(your own post)"
    platform: str
    posted_on: date
    url: str | None
    impressions: int
    engagement: int  # reactions + comments + shares
    referral_visits: int
    applications: int  # attributed to this asset through their link

    @property
    def engagement_rate(self) -> float | None:
        return self.engagement / self.impressions if self.impressions else None


@dataclass(frozen=True)
class Award:
    milestone: str
    awarded_on: date
    reward: str
    note: str
    spotlight_quarter: str | None


@dataclass
class AdvocateResults:
    posts: list[PostResult] = field(default_factory=list)
    applications: int = 0  # every application attributed to their token
    streak: Streak | None = None
    milestones: list[Milestone] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)

    @property
    def impressions(self) -> int:
        return sum(post.impressions for post in self.posts)

    @property
    def referral_visits(self) -> int:
        return sum(post.referral_visits for post in self.posts)

    def sentences(self, limit: int = 5) -> list[str]:
        """'Your post on "X" brought 200 visits and 2 applications.', best first."""
        by_title: dict[str, list[int]] = {}
        for post in self.posts:
            if post.title.startswith("("):
                continue
            visits, applications = by_title.setdefault(post.title, [0, 0])
            by_title[post.title] = [visits + post.referral_visits, max(applications, post.applications)]
        ranked = sorted(by_title.items(), key=lambda item: (-item[1][1], -item[1][0], item[0]))
        lines = []
        for title, (visits, applications) in ranked[:limit]:
            if not visits and not applications:
                continue
            brought = [f"{visits:,} visit{'s' if visits != 1 else ''}"]
            if applications:
                brought.append(f"{applications} application{'s' if applications != 1 else ''}")
            lines.append(f"Your post on \u201c{title}\u201d brought {' and '.join(brought)}.")
        return lines
