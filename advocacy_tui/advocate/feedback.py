"""View 3, my feedback: the advocate's flags, topic ideas and requests for help, with where
each one stands and what the coordinator answered."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from advocacy_tui.advocate.labels import long_day
from advocacy_tui.advocate.view import ASK_BINDINGS, DeskSnapshot, DeskView
from advocacy_tui.widgets.memory_rows import MemoryRows
from advocacy_tui.widgets.paged_table import Column, PagedTable

FEEDBACK_COLUMNS = (
    Column("given", "Given", 11),
    Column("status", "Status", 8),
    Column("kind", "Kind", 15),
    Column("about", "About", 26),
    Column("text", "What you said", 50),
)


def feedback_cells(_index: int, row) -> tuple:
    status = Text("answered", style="green") if row.status == "resolved" else Text("open", style="bold yellow")
    return (
        long_day(row.created_on),
        status,
        row.kind_label,
        row.asset_title or Text("\u2013", style="dim"),
        row.text,
    )


def feedback_detail(row) -> Text:
    text = Text()
    about = f" about \u201c{row.asset_title}\u201d" if row.asset_title else ""
    text.append(f"{row.kind_label}{about}, {long_day(row.created_on)}\n", style="bold")
    text.append(f"{row.text}\n")
    if row.status == "resolved":
        text.append(f"\nThe coordinator answered on {long_day(row.resolved_on)}: ", style="bold green")
        text.append(row.resolution or "(no note)")
    else:
        text.append("\nOpen: the coordinator has not answered yet.", style="italic")
        if row.kind == "flag":
            text.append(" The post is held back from new drops meanwhile.", style="italic")
    return text


class FeedbackView(DeskView):
    BINDINGS = ASK_BINDINGS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows: MemoryRows = MemoryRows([], key=lambda row: row.id, cells=feedback_cells)

    def compose(self) -> ComposeResult:
        yield Static(
            "Your notes to the coordinator, and what they answered.",
            id="feedback-intro",
        )
        yield PagedTable(
            FEEDBACK_COLUMNS,
            id="feedback-list",
            empty_text="Nothing yet. t suggests a topic, h asks for help with a post idea.",
        )
        yield Static("", id="feedback-detail")

    def show(self, snapshot: DeskSnapshot) -> None:
        table = self.query_one("#feedback-list", PagedTable)
        follow = table.cursor_key
        self.rows = MemoryRows(list(snapshot.feedback), key=lambda row: row.id, cells=feedback_cells)
        index = self.rows.index_of(follow)
        table.set_source(self.rows)
        if index is not None:
            table.move_cursor(index)
        if not self.rows.items:
            self.query_one("#feedback-detail", Static).update("")

    @on(PagedTable.RowHighlighted, "#feedback-list")
    def _highlighted(self, event: PagedTable.RowHighlighted) -> None:
        row = self.rows.item_at(event.index)
        self.query_one("#feedback-detail", Static).update(feedback_detail(row) if row else "")
