"""View 2, my results: what the advocate's posts did, said first in sentences (the guide's
"tell them"), then the totals, the streak, milestones and awards, then every post."""

from __future__ import annotations


from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from advocacy_tui.advocate.labels import long_day, platform_name
from advocacy_tui.advocate.view import ASK_BINDINGS, DeskSnapshot, DeskView
from advocacy_tui.program.desk import AdvocateResults, PostResult
from advocacy_tui.widgets.memory_rows import MemoryRows
from advocacy_tui.widgets.paged_table import Column, PagedTable

POST_COLUMNS = (
    Column("posted", "Posted", 11),
    Column("platform", "Platform", 9),
    Column("impressions", "Seen by", 8, "right"),
    Column("engagement", "Engaged", 7, "right"),
    Column("visits", "Visits", 6, "right"),
    Column("applications", "Applied", 7, "right"),
    Column("title", "Post", 58),
)
CARDS = (
    ("posts", "posts"),
    ("impressions", "impressions"),
    ("visits", "site visits"),
    ("applications", "applications"),
)


def post_cells(_index: int, post: PostResult) -> tuple:
    rate = post.engagement_rate
    return (
        long_day(post.posted_on),
        platform_name(post.platform),
        f"{post.impressions:,}" if post.impressions else Text("\u2013", style="dim"),
        f"{rate:.1%}" if rate is not None else Text("\u2013", style="dim"),
        f"{post.referral_visits:,}",
        Text(str(post.applications), style="bold green") if post.applications else "0",
        post.title,
    )


def story(results: AdvocateResults) -> Group:
    """The loop-closing sentences, best first, each a bullet with a hanging indent."""
    lines = results.sentences()
    heading = Text("What your posts did", style="bold")
    if not lines:
        quiet = (
            "Your posts are out there: visits and applications show here as they come in."
            if results.posts
            else "Nothing yet: share something from your queue (1) and its results show here."
        )
        return Group(heading, Text(quiet, style="italic"))
    bullets = Table.grid(padding=(0, 1))
    bullets.add_column(style="green", no_wrap=True)
    bullets.add_column()
    for line in lines:
        bullets.add_row("\u2022", line)
    return Group(heading, bullets)


def recognition(results: AdvocateResults) -> Text:
    text = Text()
    text.append("Streak  ", style="bold")
    text.append((results.streak.sentence() if results.streak else "No streak running: a post this week starts one.") + "\n")
    text.append("Milestones  ", style="bold")
    if results.milestones:
        text.append(" \u00b7 ".join(milestone.sentence() for milestone in results.milestones) + "\n")
    else:
        text.append("none yet: your first post is the first one.\n", style="italic")
    if results.awards:
        text.append("Awards\n", style="bold")
        for award in results.awards:
            text.append("\u2605 ", style="yellow")
            text.append(f"{award.milestone.capitalize()}", style="bold")
            text.append(f", {long_day(award.awarded_on)}: {award.reward}")
            if award.note:
                note = award.note.strip()
                text.append(f". {note}" + ("" if note[-1:] in ".!?" else "."), style="italic")
            if award.spotlight_quarter:
                text.append(f" Spotlight {award.spotlight_quarter}.", style="bold yellow")
            text.append("\n")
    text.rstrip()
    return text


class ResultsView(DeskView):
    BINDINGS = ASK_BINDINGS

    def compose(self) -> ComposeResult:
        with Horizontal(id="results-cards"):
            for key, label in CARDS:
                card = Static("", id=f"card-{key}", classes="results-card")
                card.border_subtitle = label
                yield card
        with VerticalScroll(id="results-story"):
            yield Static("Reading your results\u2026", id="results-sentences")
            yield Static("", id="results-recognition")
        yield PagedTable(POST_COLUMNS, id="results-posts", empty_text="No posts yet.")

    def show(self, snapshot: DeskSnapshot) -> None:
        results = snapshot.results
        self.query_one("#results-sentences", Static).update(story(results))
        figures = {
            "posts": len(results.posts),
            "impressions": results.impressions,
            "visits": results.referral_visits,
            "applications": results.applications,
        }
        for key, value in figures.items():
            self.query_one(f"#card-{key}", Static).update(Text(f"{value:,}", style="bold"))
        self.query_one("#results-recognition", Static).update(recognition(results))
        rows = MemoryRows(results.posts, key=lambda post: f"{post.posted_on}:{post.title}:{post.platform}", cells=post_cells)
        self.query_one("#results-posts", PagedTable).set_source(rows)
