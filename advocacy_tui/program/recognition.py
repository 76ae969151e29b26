"""Step 5's rules beyond the milestones: quarters, the spotlight, the outcome message and the
written recognition framework.

The guide: recognition tied to visible outcomes sustains participation better than points;
design it before launch. So the spotlight ranks by what posts brought (attributed
applications, then engagement rate), never by how many posts someone made, and the outcome
message tells each advocate what their posts did.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from advocacy_tui.program.content.reminders import greeting_name
from advocacy_tui.program.milestones import POST_COUNTS, STREAK_GAP_DAYS, STREAK_MILESTONE_DAYS


def quarter_of(day: date) -> str:
    """'2026-Q4'."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


@dataclass(frozen=True)
class SpotlightCandidate:
    advocate_id: str
    advocate: str
    posts: int
    engagement_rate: float
    referral_visits: int
    applications: int


def outcome_message(
    name: str, email: str, sentences: list[str], results, *, sender: str, on: date
) -> EmailMessage:
    """'Your post on X brought 200 visits and 2 applications': the loop closed, by email."""
    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    message["To"] = Address(display_name=name, addr_spec=email)
    message["Subject"] = "What your posts brought in"
    message["Date"] = format_datetime(datetime.combine(on, time(8, 0), tzinfo=timezone.utc))
    message["Message-ID"] = f"<outcomes-{on:%Y-%m}-{email.lower()}@advocacy.invalid>"
    lines = [f"Hi {greeting_name(name)},", "", "Here is what your posts did:", ""]
    lines += [f"  - {sentence}" for sentence in sentences]
    lines += [
        "",
        f"In all: {len(results.posts)} posts, {results.impressions:,} impressions, "
        f"{results.referral_visits:,} visits to our pages and {results.applications} applications "
        "that came through your links.",
    ]
    if results.streak is not None and results.streak.days:
        lines += ["", results.streak.sentence()]
    lines += ["", "Thank you: this is what a trusted voice does.", "The advocacy program"]
    message.set_content("\n".join(lines) + "\n")
    return message


def framework_markdown(rewards: list[str], post_counts: tuple[int, ...] = POST_COUNTS) -> str:
    """The recognition framework, written down before it is needed (the guide's step 5)."""
    counts = ", ".join(str(count) for count in post_counts) or "none"
    lines = [
        "# Recognition framework",
        "",
        "Recognition is tied to visible outcomes, not points: what an advocate's posts brought in",
        "is what we celebrate.",
        "",
        "## Milestones (detected from the data, confirmed by the coordinator)",
        "",
        "| Milestone | When it is reached |",
        "|---|---|",
        "| First post | The advocate's first post. |",
        f"| {STREAK_MILESTONE_DAYS}-day streak | A run of posts spanning at least {STREAK_MILESTONE_DAYS} days with no gap over {STREAK_GAP_DAYS} days. |",
        "| Attributed application | A candidate applied through the advocate's tracked link. |",
        f"| Post counts | {counts} posts. |",
        "",
        "## Rewards",
        "",
        *[f"- {reward}" for reward in rewards],
        "",
        "Each confirmed milestone gets one reward from this list, with a personal note.",
        "",
        "## Cadence",
        "",
        "- Weekly: the tick flags advocates with no post in the inactivity window and lists top performers.",
        "- Monthly: every advocate receives an outcome message: what their posts brought in",
        "  (visits, applications), in their own inbox.",
        "- Quarterly: the spotlight. Candidates are ranked by attributed applications, then by",
        "  engagement rate, never by post count; the coordinator confirms one and names them at",
        "  the all-hands.",
        "",
    ]
    return "\n".join(lines)
