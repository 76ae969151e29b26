"""How the advocate's view words things: platforms, statuses and dates, in plain language."""

from __future__ import annotations

from datetime import date

from rich.text import Text

PLATFORM_NAMES = {
    "linkedin": "LinkedIn",
    "x": "X",
    "twitter": "X",
    "instagram": "Instagram",
    "facebook": "Facebook",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "threads": "Threads",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "xing": "XING",
}

# The store's delivery statuses, as an advocate reads them.
STATUS_WORDS = {"queued": "new", "delivered": "opened", "shared": "shared", "skipped": "skipped"}
STATUS_STYLES = {"queued": "bold yellow", "delivered": "", "shared": "green", "skipped": "dim"}


def platform_name(platform: str) -> str:
    return PLATFORM_NAMES.get(platform.strip().lower(), platform.strip().capitalize() or "the platform")


def status_text(status: str) -> Text:
    return Text(STATUS_WORDS.get(status, status), style=STATUS_STYLES.get(status, ""))


def day(value: date | None) -> str:
    """'Mon 30 Nov'."""
    return value.strftime("%a %d %b") if value else ""


def long_day(value: date | None) -> str:
    """'30 Nov 2026'."""
    return value.strftime("%d %b %Y") if value else ""


def due_text(due: date | None, today: date, done: bool) -> Text:
    """The due date, yellow on the day and red once it has passed (unless it is done)."""
    if due is None:
        return Text("")
    if done:
        return Text(day(due), style="dim")
    if due < today:
        return Text(day(due), style="bold red")
    if due == today:
        return Text("today", style="bold yellow")
    return Text(day(due))


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (many or word + 's')}"
