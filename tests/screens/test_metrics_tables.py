"""The Metrics tab's tables are drawn by `FastTable`, which must draw exactly what rich's
Table draws (segment for segment), at every width, for every kind of cell the tab shows:
it only skips rich's measuring of cells the columns' ratios make useless."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from rich.console import Console
from rich.table import Table
from rich.text import Text

from advocacy_tui.screens.metrics import MONTHLY, QUARTERLY, WEEKLY, FastTable, tier_table


def small(title: str, headers: tuple[str, ...], rows: list[tuple]) -> Table:
    """As the tab's rankings are built (MetricsTab._show_rankings)."""
    table = Table(title=title, title_justify="left", title_style="bold", box=None, padding=(0, 1), expand=True,
                  show_edge=False)
    for index, header in enumerate(headers):
        table.add_column(header, justify="left" if index == 0 else "right", no_wrap=True, overflow="ellipsis",
                         ratio=3 if index == 0 else 1)
    for row in rows:
        table.add_row(*row)
    if not rows:
        table.add_row("(no posts in the window)", *([""] * (len(headers) - 1)))
    return table


WEEK = SimpleNamespace(enrolled=525, active_advocates=381, participation_rate=0.7257, posts=740, deliveries=1000,
                       shared=500, queue_utilization=None)
MONTH = SimpleNamespace(reach=3_486_649, engagement_rate=0.0301, reach_per_advocate=5753.5, referral_visits=0,
                        reach_growth=-0.0956, posts=3177)
QUARTER = SimpleNamespace(attributed_applications=0, time_to_fill_promoted_days=None, time_to_fill_control_days=31.5,
                          sentiment=4.1, sentiment_shift=-0.2)
BASELINE = {"active_advocates_7d": 300, "advocate_posts_7d": 0, "queue_utilization_7d": 0.4, "reach_30d": 3e6,
            "engagement_rate_30d": 0.05, "referral_visits_30d": 10}
TABLES = [
    tier_table("Weekly", "7 days", WEEK, WEEKLY, BASELINE),
    tier_table("Monthly", "30 days", MONTH, MONTHLY, BASELINE),
    tier_table("Quarterly", "91 days", QUARTER, QUARTERLY, {}),
    small("Advocates: visits (30 d), applications (91 d)", ("advocate", "visits", "apps"), [
        ("Zoë Ångström-Łukasiewicz the third of her name", "1,234", "5"),
        ("[bold]Bob[/bold] :smile: has markup", "0", "12"),  # drawn by rich's own way
        ("李小龍 宮本武蔵", "99,999,999", "0"),
        ("Tab\there", "1", "1"),
        ("Trailing space ", " lead", "\x07bell"),
        ("", "", ""),
    ]),
    small("Platforms (30 d)", ("platform", "posts", "reach", "rate"), []),
    small("Topics by engagement (30 d)", ("topic", "posts", "rate"), [
        ("culture", "2", Text("3.5%", style="green")), (Text("hiring", style="bold red"), "2", Text("")),
    ]),
]


# Every narrow width (where the ratios' minimums and the ellipses are), then a spread.
WIDTHS = [*range(1, 36), *range(36, 161, 9)]


@pytest.mark.parametrize("markup", [None, False])
@pytest.mark.parametrize("table", TABLES, ids=lambda table: str(table.title))
def test_fast_table_draws_what_rich_draws_at_every_width(table, markup) -> None:
    console = Console(width=200, file=None, force_terminal=True, color_system="truecolor", legacy_windows=False)
    for width in WIDTHS:
        options = console.options.update_width(width)
        if markup is not None:
            options = options.update(markup=markup)
        fast, expected = FastTable(table), list(console.render(table, options))
        assert list(console.render(fast, options)) == expected, width
        assert list(console.render(fast, options)) == expected, width  # the lines kept for the width


def test_fast_table_draws_its_own_way_where_the_tab_needs_it() -> None:
    """At the tab's widths the tables are drawn without rich's measuring (not handed back)."""
    console = Console(width=200, force_terminal=True)
    for table in TABLES[:3] + TABLES[4:]:
        assert FastTable(table)._draw(console, console.options.update_width(58)) is not None
    bordered = Table(title="t")  # a box: rich draws it
    bordered.add_column("a", ratio=1, no_wrap=True)
    assert FastTable(bordered)._draw(console, console.options.update_width(58)) is None
