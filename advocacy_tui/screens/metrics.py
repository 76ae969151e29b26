"""Tab 6, Metrics (step 7): the three tiers as of a day the coordinator moves, each figure
beside its value at the launch baseline; trends; what worked; and the health signals.

Every figure comes from the store's SQL aggregates (`store.metrics`); this tab only lays
them out. `[` and `]` move the day a week, `t` goes back to today, `m` switches the trends
between weeks and months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rich.cells import cell_len
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from advocacy_tui.screens.tab import ProgramTab
from advocacy_tui.widgets.side_by_side import SideBySide
from advocacy_tui.widgets.trend_panel import TrendPanel
from advocacy_tui.workspace import Workspace

class FiguresScroll(VerticalScroll):
    """The tab's scrolling body, which takes the focus when the tab is shown.

    Textual restyles a widget and everything inside it when its focus changes, in case a
    rule styles the children by it; none of ours does, and restyling the 22 widgets inside
    cost 11 to 13 ms on entering and again on leaving the tab. Only the scroll is restyled.
    """

    def watch_has_focus(self, _has_focus: bool) -> None:
        self.app.stylesheet.update_nodes([self], animate=True)


# figure -> (label, kind, baseline metric); kind "count", "rate" or "days"/"score"
WEEKLY = (
    ("enrolled", "Enrolled advocates", "count", None),
    ("active_advocates", "Active (posted)", "count", "active_advocates_7d"),
    ("participation_rate", "Participation", "rate", None),
    ("posts", "Posts", "count", "advocate_posts_7d"),
    ("deliveries", "Deliveries", "count", None),
    ("shared", "Shared", "count", None),
    ("queue_utilization", "Queue utilization", "rate", "queue_utilization_7d"),
)
MONTHLY = (
    ("reach", "Reach (impressions)", "count", "reach_30d"),
    ("engagement_rate", "Engagement rate", "rate", "engagement_rate_30d"),
    ("reach_per_advocate", "Reach per advocate", "count", None),
    ("referral_visits", "Referral visits", "count", "referral_visits_30d"),
    ("reach_growth", "Reach growth", "signed", None),
    ("posts", "Posts", "count", None),
)
QUARTERLY = (
    ("attributed_applications", "Attributed applications", "count", None),
    ("time_to_fill_promoted_days", "Time to fill, promoted", "days", None),
    ("time_to_fill_control_days", "Time to fill, others", "days", None),
    ("sentiment", "Candidate sentiment", "score", None),
    ("sentiment_shift", "Sentiment shift", "signed_score", None),
)


def show_value(value, kind: str) -> str:
    if value is None:
        return "n/a"
    if kind == "rate":
        return f"{value:.1%}"
    if kind == "signed":
        return f"{value:+.1%}"
    if kind == "days":
        return f"{value:.0f} d"
    if kind == "score":
        return f"{value:.2f}"
    if kind == "signed_score":
        return f"{value:+.2f}"
    return f"{value:,.0f}"


def lift(value, baseline, kind: str) -> str:
    """Against the launch baseline: points for a rate, a relative change for a count."""
    if value is None or baseline is None:
        return ""
    if kind == "rate":
        return f"{(value - baseline) * 100:+.1f} pts"
    if baseline == 0:
        return "new" if value else ""
    return f"{value / baseline - 1:+.0%}"


def tier_table(title: str, window: str, tier, rows, baseline: dict) -> Table:
    table = Table(title=f"{title} · {window}", title_justify="left", title_style="bold", box=None,
                  padding=(0, 1), expand=True, show_edge=False)
    table.add_column("", ratio=5, no_wrap=True)
    table.add_column("now", justify="right", ratio=2, no_wrap=True)
    table.add_column("baseline", justify="right", ratio=2, no_wrap=True, style="dim")
    table.add_column("lift", justify="right", ratio=2, no_wrap=True)
    for attribute, label, kind, metric in rows:
        value = getattr(tier, attribute)
        before = baseline.get(metric) if metric else None
        change = lift(value, before, kind)
        style = "green" if change.startswith("+") else ("red" if change.startswith("-") else "")
        table.add_row(label, show_value(value, kind), show_value(before, kind) if metric and before is not None else "",
                      Text(change, style=style))
    return table


def health_text(health) -> Text:
    """The health signals, each with its mark, and the diagnosis under them."""
    signals = [
        ("Participation", health.participation_ok, f"at least {health.participation_target:.0%} of advocates post weekly"),
        ("Reach", health.reach_ok, f"reach growing and engagement above the company's {health.engagement_baseline:.1%}"
            f" ({health.baseline_basis})"),
        ("Attribution", health.attribution_ok, "applications traced to advocates' links"),
    ]
    lines = [Text("Health", style="bold")]
    for name, ok, rule in signals:
        mark = Text("✔ ", style="bold green") if ok else Text("✘ ", style="bold red")
        lines.append(Text.assemble(mark, (name, "bold"), f": {rule}"))
    lines += [Text(f"  → {sentence}", style="yellow") for sentence in health.diagnosis]
    return Text("\n").join(lines)


class FastTable:
    """A rich `Table` drawn as rich draws it, at a fraction of the cost, for the tables of
    this tab: no box, one space of padding each side, expanded, every column with a ratio
    and on one line. Their columns' widths then follow from the ratios alone (rich measures
    every cell first, then throws the measures away), and each cell is one line of text,
    so the lines are built straight from the cells' `Text`; a layout asks for the same
    width several times (the height, then the lines), so each width's lines are kept.
    Any other table, or a width too narrow for the ratios, is drawn by rich itself."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self._lines: dict[tuple, list[Segment] | None] = {}

    def __rich_measure__(self, console, options) -> Measurement:
        return Measurement.get(console, options, self.table)

    def __rich_console__(self, console, options):
        # What a table's lines depend on (its cells set their own justify, overflow and
        # highlighting, and its height is its rows'): a layout's measure of the height and
        # its drawing of the lines then share one drawing.
        key = (options.max_width, options.overflow, options.no_wrap, options.markup, options.legacy_windows,
               options.ascii_only, options.encoding)
        if key not in self._lines:
            self._lines[key] = self._draw(console, options)
        segments = self._lines[key]
        if segments is None:
            yield self.table
        else:
            yield from segments

    def _simple(self) -> bool:
        table = self.table
        return (
            table.box is None and not table.show_edge and table.expand and table.show_header
            and not table.show_footer and table.padding == (0, 1, 0, 1) and table.pad_edge
            and not table.collapse_padding and table.width is None and table.min_width is None
            and not table.row_styles and not table.caption and not table.highlight and table.style in ("", "none")
            and all(row.style is None for row in table.rows)
            and all(
                column.ratio and column.no_wrap and column.width is None and column.justify in ("left", "right")
                and column.vertical == "top" and not column.highlight
                for column in table.columns
            )
        )

    def _draw(self, console, options) -> list[Segment] | None:
        """The table's segments, or None where rich must draw it (see the class)."""
        from rich._ratio import ratio_distribute

        table = self.table
        if not table.columns or not self._simple():
            return None
        max_width = options.max_width
        ratios = [column.ratio for column in table.columns]
        widths = ratio_distribute(max_width, ratios, [3] * len(ratios))  # 1 cell + padding
        if sum(widths) != max_width:
            return None
        get_style = console.get_style
        blank = get_style("none")
        header_style = get_style(table.header_style or "")
        rows = [[(header_style + get_style(column.header_style), column.header) for column in table.columns]]
        styles = [get_style(column.style or "") for column in table.columns]
        cells = [column._cells for column in table.columns]
        rows += [list(zip(styles, row)) for row in zip(*cells)]
        segments: list[Segment] = []
        if table.title:
            title = table.title
            text = console.render_str(title, style=Style.pick_first(table.title_style, "table.title"), highlight=False) \
                if isinstance(title, str) else title
            render_options = options.update(width=max_width, highlight=table.highlight, height=None)
            segments += console.render(text, options=render_options.update(justify=table.title_justify))
        for row in rows:
            for (style, content), width, column in zip(row, widths, table.columns):
                line = self._cell(console, content, width - 2, column.justify, options.markup)
                if line is None:
                    return None
                cell = [Segment(" ", blank), *line, Segment(" ", blank)]
                if style:
                    cell = [Segment(text, style + segment_style) for text, segment_style, _control in cell]
                segments += cell
            segments.append(Segment.line())
        return segments

    @staticmethod
    def _cell(console, content, width: int, justify: str, markup: bool | None) -> list[Segment] | None:
        """One cell's line, `width` wide, as rich's Text renders it on one line (None: not one line)."""
        plain = FastTable._plain(content)
        if plain is not None and cell_len(plain) <= width:
            # What the general way below gives for printable text that fits: the text
            # padded to the width on the side away from its justification.
            padding = " " * (width - cell_len(plain))
            line = plain + padding if justify == "left" else padding + plain
            style = content.style if isinstance(content, Text) else ""
            if not style:
                return [Segment(line)]
            get_style = console.get_style
            return [Segment(line, Style.combine([get_style("", default=Style.null()), get_style(style, default=Style.null())]))]
        if isinstance(content, str):
            text = console.render_str(content, highlight=False, markup=markup)
        elif isinstance(content, Text):
            text = content
        else:
            return None
        if "\n" in text.plain:
            return None
        tab_size = console.tab_size if text.tab_size is None else text.tab_size
        lines = text.wrap(
            console, width, justify=text.justify or justify, overflow=text.overflow or "ellipsis",
            tab_size=tab_size or 8, no_wrap=True if text.no_wrap is None else text.no_wrap,
        )
        rendered = Text("\n").join(lines).render(console, end=text.end)
        split = list(Segment.split_and_crop_lines(rendered, width, include_new_lines=False, pad=True))
        return split[0] if len(split) == 1 else None

    @staticmethod
    def _plain(content) -> str | None:
        """The text of a cell that is drawn as it is: printable, no trailing space, nothing
        markup or emoji codes would change (no '[' or ':'), and for a `Text`, one style
        and no settings of its own; None for any other cell."""
        if isinstance(content, str):
            plain = content
            if "[" in plain or ":" in plain:
                return None
        elif isinstance(content, Text):
            if content.spans or content.justify or content.overflow or content.no_wrap is not None or content.end != "\n":
                return None
            plain = content.plain
        else:
            return None
        if not plain.isprintable() or plain[-1:].isspace():
            return None
        return plain


@dataclass(frozen=True)
class MetricsState:
    figures: object
    trend: list
    rankings: object
    baseline_on: date | None
    baseline: dict


class MetricsTab(ProgramTab):
    TAB_ID = "metrics"
    TAB_TITLE = "Metrics"
    BINDINGS = [
        Binding("left_square_bracket", "move(-7)", "Week back", id="metrics.back"),
        Binding("right_square_bracket", "move(7)", "Week on", id="metrics.on"),
        Binding("t", "today", "Today", id="metrics.today"),
        Binding("m", "unit", "Weeks/months", id="metrics.unit"),
        Binding("x", "report", "Write report", id="metrics.report"),
    ]

    def __init__(self) -> None:
        super().__init__(id="metrics-tab")
        self.as_of: date | None = None
        self.unit = "week"

    def compose(self) -> ComposeResult:
        with FiguresScroll(id="metrics-scroll", can_focus=True):
            yield Static("Loading the figures…", id="metrics-summary", classes="tab-summary")
            # Two columns: each tier's table needs its label, value, baseline and lift.
            yield SideBySide(2, id="metrics-weekly-monthly", classes="metrics-row")
            yield SideBySide(2, id="metrics-quarterly-health", classes="metrics-row")
            yield Static("", id="metrics-trend-title", classes="metrics-heading")
            yield TrendPanel(id="metrics-trends")
            yield SideBySide(3, id="metrics-rankings")

    def main_table(self):
        return self.query_one("#metrics-scroll", FiguresScroll)

    # Loading --------------------------------------------------------------------------

    def load(self, workspace: Workspace) -> None:
        if self.as_of is None:
            self.as_of = workspace.today
        self.fetch(workspace, self.as_of, self.unit)

    @work(thread=True, exclusive=True, group="metrics-load")
    def fetch(self, workspace: Workspace, as_of: date, unit: str) -> None:
        from advocacy_tui.store.baselines import launch_baseline
        from advocacy_tui.store.errors import StoreError
        from advocacy_tui.store.metrics import tab_figures

        try:
            baseline_on, baseline = launch_baseline(workspace.store, as_of)
            # The tiers, the trend and the rankings in one call: what they share is read
            # once, and its largest reads run side by side (store/metrics.py).
            figures, points, ranked = tab_figures(workspace.store, workspace.settings, as_of, periods=12, unit=unit,
                                                  limit=6)
            state = MetricsState(figures=figures, trend=points, rankings=ranked, baseline_on=baseline_on,
                                 baseline=baseline)
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        self.app.call_from_thread(self._show, workspace, state)

    def _show(self, workspace: Workspace, state: MetricsState) -> None:
        figures = state.figures
        as_of = figures.as_of
        moved = "" if as_of == workspace.today else f" (today is {workspace.today:%d %b})"
        baseline = (
            f"Lift against the launch baseline of {state.baseline_on:%d %b %Y}."
            if state.baseline_on
            else "No baseline yet: record one with b on the Candidates tab before launch to measure lift."
        )
        self.query_one("#metrics-summary", Static).update(
            Text(f"As of {as_of:%A %d %B %Y}{moved}. [ and ] move a week, t returns to today. {baseline}")
        )
        windows = {"weekly": "7 days", "monthly": "30 days", "quarterly": "91 days"}
        tiers = {
            tier: FastTable(tier_table(tier.capitalize(), windows[tier], getattr(figures, tier), rows, state.baseline))
            for tier, rows in (("weekly", WEEKLY), ("monthly", MONTHLY), ("quarterly", QUARTERLY))
        }
        self.query_one("#metrics-weekly-monthly", SideBySide).show(tiers["weekly"], tiers["monthly"])
        self.query_one("#metrics-quarterly-health", SideBySide).show(tiers["quarterly"], health_text(figures.health))
        self._show_trend(state.trend)
        self._show_rankings(state.rankings)

    def _show_trend(self, points) -> None:
        unit = "weeks" if self.unit == "week" else "months (30 days)"
        self.query_one("#metrics-trend-title", Static).update(
            Text.assemble(("Trends", "bold"), f", the last {len(points)} {unit} (m switches)")
        )
        series = (
            ([p.participation_rate or 0.0 for p in points], "Participation", "rate"),
            ([float(p.reach) for p in points], "Reach", "count"),
            ([p.engagement_rate or 0.0 for p in points], "Engagement rate", "rate"),
        )
        trends = []
        for values, label, kind in series:
            latest = values[-1] if values else None
            peak = max(values) if values else None
            shown = (lambda v: "n/a" if v is None else f"{v:.0%}") if kind == "rate" else (lambda v: show_value(v, kind))
            trends.append((f"{label} {shown(latest)} · peak {shown(peak)}", values))
        self.query_one("#metrics-trends", TrendPanel).show(trends)

    def _show_rankings(self, rankings) -> None:
        def small(title: str, headers: tuple[str, ...], rows: list[tuple]) -> FastTable:
            table = Table(title=title, title_justify="left", title_style="bold", box=None, padding=(0, 1),
                          expand=True, show_edge=False)
            for index, header in enumerate(headers):
                table.add_column(header, justify="left" if index == 0 else "right", no_wrap=True,
                                 overflow="ellipsis", ratio=3 if index == 0 else 1)
            for row in rows:
                table.add_row(*row)
            if not rows:
                table.add_row("(no posts in the window)", *([""] * (len(headers) - 1)))
            return FastTable(table)

        self.query_one("#metrics-rankings", SideBySide).show(
            small("Topics by engagement (30 d)", ("topic", "posts", "rate"),
                  [(t.topic, str(t.posts), show_value(t.engagement_rate, "rate")) for t in rankings.topics]),
            small("Advocates: visits (30 d), applications (91 d)", ("advocate", "visits", "apps"),
                  [(a.name, f"{a.referral_visits:,}", str(a.attributed_applications)) for a in rankings.advocates]),
            small("Platforms (30 d)", ("platform", "posts", "reach", "rate"),
                  [(p.platform, str(p.posts), f"{p.reach:,}", show_value(p.engagement_rate, "rate"))
                   for p in rankings.platforms])
        )

    # Actions --------------------------------------------------------------------------

    def action_move(self, days: int) -> None:
        if self.workspace is None or self.as_of is None:
            return
        moved = self.as_of + timedelta(days=days)
        if moved > self.workspace.today:
            self.notify("That is after today: the figures stop at today.")
            return
        self.as_of = moved
        self.fetch(self.workspace, self.as_of, self.unit)

    def action_today(self) -> None:
        if self.workspace is not None:
            self.as_of = self.workspace.today
            self.fetch(self.workspace, self.as_of, self.unit)

    def action_unit(self) -> None:
        self.unit = "month" if self.unit == "week" else "week"
        if self.workspace is not None and self.as_of is not None:
            self.fetch(self.workspace, self.as_of, self.unit)

    def action_report(self) -> None:
        if self.workspace is not None and self.as_of is not None:
            self.write_report(self.workspace, self.as_of)

    @work(thread=True, exclusive=True, group="metrics-report")
    def write_report(self, workspace: Workspace, as_of: date) -> None:
        from advocacy_tui.config import reports_dir
        from advocacy_tui.store.errors import StoreError
        from advocacy_tui.store.report import write_retrospective

        folder = reports_dir(workspace.settings)
        try:
            paths = [
                write_retrospective(workspace.store, workspace.settings, as_of, folder / f"retrospective-{as_of.isoformat()}.{fmt}", fmt)
                for fmt in ("md", "html")
            ]
        except StoreError as error:
            self.app.call_from_thread(self.report, str(error))
            return
        self.app.call_from_thread(self.notify, "Wrote " + " and ".join(str(path) for path in paths), timeout=10)
