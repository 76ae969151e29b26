"""Tab 6, Metrics (step 7): the three tiers as of a day the coordinator moves, each figure
beside its value at the launch baseline; trends; what worked; and the health signals.

Every figure comes from the store's SQL aggregates (`store.metrics`); this tab only lays
them out. `[` and `]` move the day a week, `t` goes back to today, `m` switches the trends
between weeks and months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Sparkline, Static

from advocacy_tui.screens.tab import ProgramTab
from advocacy_tui.workspace import Workspace

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
        with VerticalScroll(id="metrics-scroll", can_focus=True):
            yield Static("Loading the figures…", id="metrics-summary", classes="tab-summary")
            # Two columns: each tier's table needs its label, value, baseline and lift.
            with Horizontal(classes="metrics-row"):
                yield Static("", id="metrics-weekly", classes="metrics-tier")
                yield Static("", id="metrics-monthly", classes="metrics-tier")
            with Horizontal(classes="metrics-row"):
                yield Static("", id="metrics-quarterly", classes="metrics-tier")
                yield Static("", id="metrics-health", classes="metrics-tier")
            yield Static("", id="metrics-trend-title", classes="metrics-heading")
            with Horizontal(id="metrics-trends"):
                for name in ("participation", "reach", "engagement"):
                    with Vertical(classes="metrics-trend"):
                        yield Static("", id=f"trend-{name}-label")
                        yield Sparkline([], id=f"trend-{name}", summary_function=max)
            with Horizontal(id="metrics-rankings"):
                for name in ("topics", "advocates", "platforms"):
                    yield Static("", id=f"rank-{name}", classes="metrics-rank")

    def main_table(self):
        return self.query_one("#metrics-scroll", VerticalScroll)

    # Loading --------------------------------------------------------------------------

    def load(self, workspace: Workspace) -> None:
        if self.as_of is None:
            self.as_of = workspace.today
        self.fetch(workspace, self.as_of, self.unit)

    @work(thread=True, exclusive=True, group="metrics-load")
    def fetch(self, workspace: Workspace, as_of: date, unit: str) -> None:
        from advocacy_tui.store.baselines import launch_baseline
        from advocacy_tui.store.errors import StoreError
        from advocacy_tui.store.metrics import program_metrics, rankings, trend

        try:
            baseline_on, baseline = launch_baseline(workspace.store, as_of)
            state = MetricsState(
                figures=program_metrics(workspace.store, workspace.settings, as_of),
                trend=trend(workspace.store, workspace.settings, as_of, periods=12, unit=unit),
                rankings=rankings(workspace.store, as_of, limit=6),
                baseline_on=baseline_on,
                baseline=baseline,
            )
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
        for tier, rows in (("weekly", WEEKLY), ("monthly", MONTHLY), ("quarterly", QUARTERLY)):
            self.query_one(f"#metrics-{tier}", Static).update(
                tier_table(tier.capitalize(), windows[tier], getattr(figures, tier), rows, state.baseline)
            )
        self._show_health(figures.health)
        self._show_trend(state.trend)
        self._show_rankings(state.rankings)

    def _show_health(self, health) -> None:
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
        self.query_one("#metrics-health", Static).update(Text("\n").join(lines))

    def _show_trend(self, points) -> None:
        unit = "weeks" if self.unit == "week" else "months (30 days)"
        self.query_one("#metrics-trend-title", Static).update(
            Text.assemble(("Trends", "bold"), f", the last {len(points)} {unit} (m switches)")
        )
        series = {
            "participation": ([p.participation_rate or 0.0 for p in points], "Participation", "rate"),
            "reach": ([float(p.reach) for p in points], "Reach", "count"),
            "engagement": ([p.engagement_rate or 0.0 for p in points], "Engagement rate", "rate"),
        }
        for name, (values, label, kind) in series.items():
            latest = values[-1] if values else None
            peak = max(values) if values else None
            shown = (lambda v: "n/a" if v is None else f"{v:.0%}") if kind == "rate" else (lambda v: show_value(v, kind))
            self.query_one(f"#trend-{name}-label", Static).update(f"{label} {shown(latest)} · peak {shown(peak)}")
            self.query_one(f"#trend-{name}", Sparkline).data = values or [0.0]

    def _show_rankings(self, rankings) -> None:
        def small(title: str, headers: tuple[str, ...], rows: list[tuple]) -> Table:
            table = Table(title=title, title_justify="left", title_style="bold", box=None, padding=(0, 1),
                          expand=True, show_edge=False)
            for index, header in enumerate(headers):
                table.add_column(header, justify="left" if index == 0 else "right", no_wrap=True,
                                 overflow="ellipsis", ratio=3 if index == 0 else 1)
            for row in rows:
                table.add_row(*row)
            if not rows:
                table.add_row("(no posts in the window)", *([""] * (len(headers) - 1)))
            return table

        self.query_one("#rank-topics", Static).update(
            small("Topics by engagement (30 d)", ("topic", "posts", "rate"),
                  [(t.topic, str(t.posts), show_value(t.engagement_rate, "rate")) for t in rankings.topics])
        )
        self.query_one("#rank-advocates", Static).update(
            small("Advocates: visits (30 d), applications (91 d)", ("advocate", "visits", "apps"),
                  [(a.name, f"{a.referral_visits:,}", str(a.attributed_applications)) for a in rankings.advocates])
        )
        self.query_one("#rank-platforms", Static).update(
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
