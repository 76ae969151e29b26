"""The highlighted queue item, spelled out: everything needed to write and post it."""

from __future__ import annotations

from datetime import date

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from advocacy_tui.advocate.labels import day, long_day, platform_name
from advocacy_tui.program.desk import QueueItem


def _state_line(item: QueueItem, today: date) -> Text:
    line = Text()
    line.append(platform_name(item.platform), style="bold")
    if item.topic:
        line.append(f" \u00b7 {item.topic}")
    if item.status == "shared":
        line.append(f" \u00b7 shared {day(item.shared_on)}", style="green")
    elif item.status == "skipped":
        line.append(" \u00b7 skipped", style="dim")
    elif item.due_on is not None:
        if item.due_on < today:
            line.append(f" \u00b7 was due {day(item.due_on)}", style="bold red")
        elif item.due_on == today:
            line.append(" \u00b7 due today", style="bold yellow")
        else:
            line.append(f" \u00b7 due {day(item.due_on)}")
    return line


def asset_card(item: QueueItem, today: date) -> Group:
    """Platform and state (the title heads the box); the suggested caption; the numbered starters; hashtags,
    the platform's format tip and the advocate's own tracked link."""
    parts: list = [_state_line(item, today)]

    parts.append(Text.assemble(("\nSuggested caption", "bold"), ("  o starts from it", "dim italic")))
    parts.append(Padding(Text(item.caption or "(none: write your own)"), (0, 0, 0, 2)))

    if item.starters:
        parts.append(Text.assemble(("\nSentence starters", "bold"), ("  p cycles through them", "dim italic")))
        for number, starter in enumerate(item.starters, start=1):
            parts.append(Padding(Text(f"{number}. {starter}"), (0, 0, 0, 2)))

    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")
    facts.add_row("Hashtags", " ".join(item.hashtags) or "(none)")
    if item.format_tip:
        facts.add_row("Tip", item.format_tip)
    facts.add_row("Your link", Text(item.link, style="underline") if item.link else Text("(this post has no link)", style="dim"))
    for warning in item.link_warnings:
        facts.add_row("", Text(f"\u26a0 {warning}", style="yellow"))
    if item.status == "shared":
        facts.add_row("Your post", item.post_url or Text("(no address given: m adds it)", style="dim"))
    parts.append(Text(""))
    parts.append(facts)
    if item.this_week is False and not item.done:
        parts.append(Text(f"\nFrom an earlier week ({long_day(item.delivered_on)}): still fine to post, or skip it (k).", style="dim italic"))
    return Group(*parts)
