"""Step 3's documents, as Markdown from plain data: the one-page brief that asks department
heads for nominees, the personalised direct-outreach invitation, and the orientation agenda.

Nothing here is invented about a person: an invitation names the signal the audit found
(its kind, source, date and engagement) or, when there is none, says only that the audit
flagged them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from advocacy_tui.program.profile import attribute_lines, rubric_table_lines
from advocacy_tui.program.scoring import Thresholds

WEEKLY_MINUTES = "20 to 30 minutes a week"
ORIENTATION_MINUTES = 30

KIND_PHRASES = {
    "share": "share of our content",
    "tag": "post tagging us",
    "mention": "mention of us",
    "post": "post",
    "answer": "answer",
}
SOURCE_PHRASES = {
    "platform": "on our advocacy platform",
    "linkedin": "on LinkedIn",
    "internal": "in our internal channels",
}


@dataclass(frozen=True)
class InvitationSignal:
    """The audit signal an invitation names: the candidate's strongest real one."""

    kind: str
    source: str
    occurred_on: date
    impressions: int
    reactions: int
    comments: int
    shares: int
    url: str | None = None
    in_window: bool = True  # inside the audit's 90 days (else: their best ever)

    @property
    def engagement(self) -> int:
        return self.reactions + self.comments + self.shares

    @property
    def described(self) -> str:
        """'post on LinkedIn', 'answer in our internal channels', ..."""
        kind = KIND_PHRASES.get(self.kind, self.kind)
        return f"{kind} {SOURCE_PHRASES.get(self.source, 'on ' + self.source)}"


def _company(company: str | None) -> str:
    return company.strip() if company and company.strip() else "our company"


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _plural(number: int, word: str) -> str:
    return f"{number:,} {word}" + ("" if number == 1 else "s")


def profile_section(limits: Thresholds, company: str) -> list[str]:
    """The profile and rubric from step 2, in the same words as the profile document."""
    lines = [
        *attribute_lines(company),
        "",
        "We score each attribute from 1 to 5:",
        "",
        *rubric_table_lines(),
        "",
        f"We look for people who score **consistently** across all four (every attribute at "
        f"least {limits.consistent_min:g}, no two more than {limits.max_spread:g} apart), not "
        f"those who reach {limits.lopsided_high:g} on one and {limits.lopsided_low:g} on another.",
    ]
    return lines


def department_brief(
    limits: Thresholds,
    today: date,
    *,
    company: str | None = None,
    max_size: int = 20,
    coordinator: str = "the program coordinator",
) -> str:
    """The one-page brief for department heads: goals, the profile, the ask."""
    name = _company(company)
    lines = [
        "# Employee advocacy: a brief for department heads",
        "",
        f"*{name[:1].upper() + name[1:]}, {_long_date(today)}*",
        "",
        "## What the program is for",
        "",
        f"The most credible voice for {name}'s employer brand is already on the payroll. We are "
        "building a small cohort of internal micro-influencers: colleagues whose professional "
        "networks trust them for their expertise and authentic engagement, not their follower "
        "count. The program's goals:",
        "",
        "- **Reach the right people**: talent pools, customers and industry peers, through "
        "voices they already trust.",
        "- **Fill roles faster**: candidates who come through advocates' posts are tracked, so "
        "we can show what the program brings to hiring.",
        "- **Support the advocates**: professional visibility, ready-to-share content and "
        "recognition, as a career development opportunity, not a marketing task.",
        "",
        f"We start small, with 10 to {max_size} advocates who have explicitly opted in, and prove "
        "the model before growing it.",
        "",
        "## Who we are looking for",
        "",
        *profile_section(limits, name),
        "",
        "Please do not nominate by seniority: mid-level experts with smaller, highly relevant "
        "networks usually outperform senior leaders with broad but shallow ones.",
        "",
        "## What we ask of you",
        "",
        "**Nominate one or two people from your team who fit this profile.** You know who is "
        "influential offline or across teams, which our data audit misses. For each nominee, "
        "send their name, email and one sentence on why they fit, to "
        f"{coordinator}.",
        "",
        "## What happens next",
        "",
        f"Each nominee is invited to a {ORIENTATION_MINUTES}-minute orientation on the program's "
        f"goals, the time it takes ({WEEKLY_MINUTES}), the content and disclosure guidelines, and "
        "recognition. Nobody joins without acknowledging the social media policy and explicitly "
        "opting in; anyone can say no, or leave later, without consequence.",
        "",
    ]
    return "\n".join(lines)


def invitation(
    name: str,
    title: str,
    signal: InvitationSignal | None,
    today: date,
    *,
    company: str | None = None,
    coordinator: str = "the program coordinator",
) -> str:
    """A personal direct-outreach invitation that names the candidate's strongest signal."""
    where = _company(company)
    lines = [
        f"# An invitation to {where}'s employee advocacy program",
        "",
        f"*{_long_date(today)}*",
        "",
        f"Dear {name},",
        "",
    ]
    if signal is not None:
        detail = ", ".join(
            [
                _plural(signal.reactions, "reaction"),
                _plural(signal.comments, "comment"),
                _plural(signal.shares, "share"),
            ]
        )
        seen = (
            f" and was seen {_plural(signal.impressions, 'time')}" if signal.impressions > 0 else ""
        )
        lines += [
            f"We noticed your {signal.described} on {_long_date(signal.occurred_on)}: it drew "
            f"{_plural(signal.engagement, 'engagement')} ({detail}){seen}. That is the kind of "
            "engagement that comes from a network that trusts you, and we would like to support it "
            "with content resources and broader reach.",
            "",
        ]
        if signal.url:
            lines += [f"(The {KIND_PHRASES.get(signal.kind, signal.kind)} we mean: <{signal.url}>)", ""]
    else:
        lines += [
            "Our audit of who already shares and discusses our work flagged you as someone whose "
            "network engages with what you post, and we would like to support that with content "
            "resources and broader reach.",
            "",
        ]
    perspective = (
        f" Your perspective as {title.strip()} is what the people we want to reach listen to."
        if title.strip()
        else ""
    )
    lines += [
        "We are inviting a small group of colleagues to share what they know, with "
        f"ready-to-share content, support and recognition.{perspective} What it involves:",
        "",
        f"- a {ORIENTATION_MINUTES}-minute orientation on the program's goals, the content and "
        "disclosure guidelines, and recognition;",
        f"- about {WEEKLY_MINUTES}: a short weekly queue of pre-approved posts you personalise "
        "in your own voice, or skip;",
        "- professional visibility, content support and recognition for what you share.",
        "",
        "It is entirely your choice: nothing starts unless you opt in after the orientation, and "
        "you can leave at any time.",
        "",
        f"If you are interested, reply to {coordinator} and we will find an orientation slot.",
        "",
    ]
    return "\n".join(lines)


def orientation_agenda(
    today: date,
    *,
    company: str | None = None,
    disclosure: str = "",
    weekday: str = "monday",
    per_drop: int = 3,
    inactivity_days: int = 7,
) -> str:
    """The 30-minute orientation: goals, time, content guidelines, disclosure, recognition."""
    where = _company(company)
    disclosure = disclosure.strip()
    if disclosure:
        disclosure_lines = [
            f"Every post about {where} must say that you work here. Approved captions already "
            "carry the required disclosure; keep it when you personalise a post:",
            "",
            f"> {disclosure}",
        ]
    else:
        disclosure_lines = [
            f"Every post about {where} must make clear that you work here (for example, "
            f"\"I work at {where}\" or the platform's employee disclosure). Never present a "
            "post you were asked to share as unprompted.",
        ]
    lines = [
        f"# Orientation: {where}'s employee advocacy program",
        "",
        f"*{ORIENTATION_MINUTES} minutes, prepared {_long_date(today)}*",
        "",
        "| minutes | topic |",
        "|---|---|",
        "| 0-5 | Program goals |",
        "| 5-10 | Time expectations |",
        "| 10-18 | Content guidelines |",
        "| 18-24 | Disclosure requirements |",
        "| 24-28 | What recognition looks like |",
        "| 28-30 | Questions, the policy acknowledgement and the opt-in |",
        "",
        "## 1. Program goals",
        "",
        f"- Reach talent pools, customers and peers through voices they trust, for {where}'s "
        "employer brand.",
        "- An attributable candidate pipeline: links in your posts are tracked to the roles they fill.",
        "- Professional visibility and content support for you: a career development "
        "opportunity, not a marketing task.",
        "",
        "## 2. Time expectations",
        "",
        f"Realistically **{WEEKLY_MINUTES}**. Every {weekday.capitalize()} your queue receives up "
        f"to {per_drop} ready-to-share items. If nothing is posted for {inactivity_days} days we "
        "check in with you, to help, not to chase.",
        "",
        "## 3. Content guidelines",
        "",
        "- Share only approved, unexpired items from your queue; each comes with a suggested "
        "caption, hashtags and a platform format.",
        "- Personalise: start from the sentence starters and write in your own voice. Identical "
        "posts across advocates read as a campaign, not as you.",
        "- Skip anything that does not feel authentic, and flag it, suggest topics you are "
        "confident about, or ask for help with a post idea of your own.",
        "- Nothing confidential, no customer names without approval, no comments on competitors.",
        "",
        "## 4. Disclosure requirements",
        "",
        *disclosure_lines,
        "",
        "## 5. What recognition looks like",
        "",
        "- Milestones: your first post, a 30-day posting streak, post-count milestones, and "
        "a post that brought in a candidate who applied.",
        "- A quarterly spotlight for the advocates whose posts resonated most (engagement, not volume).",
        "- A regular report of the reach and engagement your posts earned.",
        "",
        "## 6. Before you join",
        "",
        "- Acknowledge the social media policy (dated).",
        "- Opt in explicitly (dated). Nobody is enrolled without it, and nothing reaches your "
        "queue before it.",
        "- You can withdraw at any time; tell the coordinator and your queue stops.",
        "",
    ]
    return "\n".join(lines)
