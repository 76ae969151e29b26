"""The queue's list: its columns, how a delivery reads in a row, and the line above it."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from advocacy_tui.advocate.labels import day, due_text, platform_name, status_text
from advocacy_tui.program.desk import QueueItem
from advocacy_tui.widgets.paged_table import Column

QUEUE_COLUMNS = (
    Column("week", "When", 9),
    Column("status", "Status", 7),
    Column("due", "Due", 10),
    Column("platform", "Platform", 9),
    Column("title", "Post", 60),
)


class QueueCells:
    """A delivery as a row: this week or earlier, status, due date, platform, title."""

    def __init__(self, today: date) -> None:
        self.today = today

    def __call__(self, _index: int, item: QueueItem) -> tuple:
        return (
            Text("This week", style="bold") if item.this_week else Text("Earlier", style="dim"),
            status_text(item.status),
            due_text(item.due_on, self.today, item.done),
            platform_name(item.platform),
            Text(item.title, style="dim") if item.done else item.title,
        )


def queue_summary(items: list[QueueItem], today: date) -> Text:
    """One short line: what is left to share this week, and what is still open from before."""
    if not items:
        return Text("Your queue is empty for now: new posts arrive with the weekly drop.", style="italic")
    week = [item for item in items if item.this_week]
    left = [item for item in week if not item.done]
    shared = sum(1 for item in week if item.status == "shared")
    earlier_open = sum(1 for item in items if not item.this_week and not item.done)
    line = Text()
    if left:
        line.append(f"This week: {len(left)} to share", style="bold")
        due = min((item.due_on for item in left if item.due_on), default=None)
        if due is not None:
            line.append(f" by {day(due)}" if due > today else (" today" if due == today else f", due {day(due)}"))
    elif week:
        line.append("This week: all done", style="bold green")
    else:
        line.append("Nothing new this week", style="bold")
    if shared:
        line.append(f", {shared} shared")
    line.append(".")
    if earlier_open:
        line.append(f" Earlier: {earlier_open} still open.")
    return line
