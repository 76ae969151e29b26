"""Step 6's tick: what one run found and did, and the weekly report it writes.

The report describes the week as the store holds it (the 7 days ending the tick's day),
never "what this run did", so a second run on the same day writes the same report and
changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from advocacy_tui.program.content.authenticity import CopyWarning
from advocacy_tui.program.content.coverage import TARGET_WEEKS, CategoryCoverage
from advocacy_tui.program.content.reminders import DueDelivery

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def is_drop_day(on: date, weekday: str) -> bool:
    return WEEKDAYS[on.weekday()] == weekday


def next_drop(on: date, weekday: str) -> date:
    """The next drop day after `on` (a week later when `on` is one)."""
    ahead = (WEEKDAYS.index(weekday) - on.weekday()) % 7 or 7
    return on + timedelta(days=ahead)


@dataclass(frozen=True)
class Drop:
    advocate: str
    titles: tuple[str, ...]
    short: bool  # fewer than a full drop: the library ran out for them


@dataclass(frozen=True)
class Inactive:
    advocate: str
    email: str
    last_post: date | None

    def sentence(self, on: date) -> str:
        if self.last_post is None:
            return f"{self.advocate}: no post yet"
        return f"{self.advocate}: last post {self.last_post:%a %d %b} ({(on - self.last_post).days} days ago)"


@dataclass(frozen=True)
class Performer:
    advocate: str
    posts: int
    impressions: int
    engagement_rate: float  # mean over their posts with impressions


@dataclass(frozen=True)
class WeekFigures:
    """The week as the store holds it: what the report says."""

    on: date
    delivered: int
    shared: int
    skipped: int
    advocates_served: int
    enrolled: int
    posts: int
    due_soon: int
    reminders_sent: int
    open_feedback: dict[str, int]
    held_assets: int

    @property
    def utilization(self) -> float | None:
        return self.shared / self.delivered if self.delivered else None


@dataclass
class TickResult:
    on: date
    weekday: str
    drop_day: bool
    forced: bool = False
    drops: list[Drop] = field(default_factory=list)  # made by this run
    already_served: int = 0  # advocates who already had this week's drop
    starved: list[str] = field(default_factory=list)  # nothing left to deliver to them
    without_category: list[str] = field(default_factory=list)
    reminders: list[DueDelivery] = field(default_factory=list)  # written by this run
    reminders_before: int = 0  # due soon, written by an earlier run
    inactive: list[Inactive] = field(default_factory=list)
    top: list[Performer] = field(default_factory=list)
    coverage: list[CategoryCoverage] = field(default_factory=list)
    copies: list[CopyWarning] = field(default_factory=list)
    week: WeekFigures | None = None
    report: Path | None = None
    report_written: bool = False  # False when the same report was already there
    outbox: Path | None = None

    @property
    def changed(self) -> bool:
        return bool(self.drops or self.reminders or self.report_written)

    def summary_lines(self, inactivity_days: int) -> list[str]:
        """What `advocacy tick` prints and the tab shows."""
        lines = [f"Tick for {self.on:%A %d %B %Y}."]
        if self.drop_day or self.forced:
            delivered = sum(len(drop.titles) for drop in self.drops)
            reason = "" if self.drop_day else " (on request)"
            if self.drops:
                lines.append(
                    f"Drop{reason}: {delivered} assets to {len(self.drops)} advocates, due {self.on + timedelta(days=7):%a %d %b}"
                    + (f"; {self.already_served} already had this week's drop." if self.already_served else ".")
                )
            elif self.already_served:
                lines.append(f"Drop{reason}: all {self.already_served} advocates already had this week's drop.")
            elif not self.starved:
                lines.append(f"Drop{reason}: nobody is enrolled to receive it.")
            else:
                lines.append(f"Drop{reason}: nothing delivered.")
            short = [drop.advocate for drop in self.drops if drop.short]
            if short:
                lines.append(f"  Short drops (the library ran out for them): {', '.join(short)}.")
            if self.starved:
                lines.append(f"  Nothing left to deliver to: {', '.join(self.starved)}. Approve more content.")
            if self.without_category:
                lines.append(
                    f"  No category, so only general assets: {', '.join(self.without_category)}."
                )
        else:
            lines.append(f"Drop: not today (the drop goes out on {self.weekday.capitalize()}s; next {next_drop(self.on, self.weekday):%a %d %b}).")
        lines.append(
            f"Reminders: {len(self.reminders)} written"
            + (f" to {self.outbox}" if self.reminders and self.outbox else "")
            + (f"; {self.reminders_before} already written earlier." if self.reminders_before else ".")
        )
        if self.inactive:
            lines.append(f"No post in {inactivity_days} days ({len(self.inactive)}):")
            lines.extend(f"  {item.sentence(self.on)}" for item in self.inactive)
        else:
            lines.append(f"Everyone enrolled has posted in the last {inactivity_days} days.")
        if self.top:
            lines.append("Top performers by engagement rate (30 days):")
            lines.extend(
                f"  {p.advocate}: {p.engagement_rate:.1%} over {p.posts} posts, {p.impressions:,} impressions"
                for p in self.top
            )
        under = [row for row in self.coverage if row.under_target]
        if under:
            lines.append("Coverage under target: " + "; ".join(row.sentence() for row in under) + ".")
        for warning in self.copies[:3]:
            lines.append("Authenticity: " + warning.sentence())
        if self.report is not None:
            lines.append(f"Report: {self.report}" + ("" if self.report_written else " (unchanged)"))
        if not self.changed:
            lines.append("Nothing changed: this tick had already run today.")
        return lines


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def report_name(on: date) -> str:
    year, week, _ = on.isocalendar()
    return f"weekly-report-{year}-W{week:02d}.md"


def weekly_report(result: TickResult, inactivity_days: int) -> str:
    """The weekly report, Markdown; a function of the store's state only (see module doc)."""
    week = result.week
    assert week is not None
    start = week.on - timedelta(days=6)
    out = [
        f"# Advocacy program: week ending {week.on:%A %d %B %Y}",
        "",
        f"The 7 days {start:%d %b} to {week.on:%d %b %Y}. Drops go out on {result.weekday.capitalize()}s.",
        "",
        "## Queue",
        "",
        "| | |",
        "|---|---|",
        f"| Enrolled advocates | {week.enrolled} |",
        f"| Advocates who received content | {week.advocates_served} |",
        f"| Assets delivered | {week.delivered} |",
        f"| Shared | {week.shared} |",
        f"| Skipped | {week.skipped} |",
        f"| Queue utilization (shared / delivered) | {_percent(week.utilization)} |",
        f"| Posts | {week.posts} |",
        f"| Deliveries due within a day, not shared | {week.due_soon} |",
        f"| Reminders written for them | {week.reminders_sent} |",
        "",
        f"## Advocates with no post in {inactivity_days} days",
        "",
    ]
    if result.inactive:
        out += [f"- {item.sentence(week.on)}" for item in result.inactive]
        out += ["", "The guide's diagnosis for low participation: friction or recognition gaps. Ask them which."]
    else:
        out.append("Everyone enrolled has posted.")
    out += ["", "## Top performers (engagement rate, last 30 days)", ""]
    if result.top:
        out += ["| Advocate | Posts | Impressions | Engagement rate |", "|---|---:|---:|---:|"]
        out += [
            f"| {p.advocate} | {p.posts} | {p.impressions:,} | {p.engagement_rate:.1%} |" for p in result.top
        ]
        out += ["", "Candidates for this month's recognition (step 5)."]
    else:
        out.append("No posts with impressions in the last 30 days.")
    out += ["", f"## Content coverage (target: {TARGET_WEEKS} weeks per category)", ""]
    if result.coverage:
        out += ["| Category | Advocates | Assets ready | Weeks | |", "|---|---:|---:|---:|---|"]
        for row in result.coverage:
            mark = f"under target: approve {row.short_by} more" if row.under_target else "ok"
            out.append(f"| {row.category or '(general)'} | {row.advocates} | {row.deliverable} | {row.weeks:.1f} | {mark} |")
    else:
        out.append("No approved content and nobody enrolled yet.")
    out += ["", "## Feedback and authenticity", ""]
    feedback = week.open_feedback
    out.append(
        f"Open feedback: {feedback.get('flag', 0)} flags of inauthentic content, "
        f"{feedback.get('topic', 0)} topic ideas, {feedback.get('support', 0)} support requests."
    )
    if week.held_assets:
        out.append(f"{week.held_assets} assets are held back from drops until their flags are resolved.")
    for warning in result.copies:
        out.append(f"- {warning.sentence()}")
    out.append("")
    return "\n".join(out)
