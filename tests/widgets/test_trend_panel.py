"""The trends' sparklines are drawn as Textual's own sparkline renderable draws them."""

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.color import Color
from rich.console import Console
from textual.renderables.sparkline import Sparkline

from advocacy_tui.widgets.trend_panel import sparkline_rows

VALUES = st.lists(st.one_of(st.sampled_from([0.0, 1.0, 0.5]), st.floats(0, 1e6, allow_nan=False)), min_size=2, max_size=40)


@settings(max_examples=300, deadline=None)
@given(VALUES, st.integers(1, 70), st.integers(1, 4))
def test_a_sparkline_drawn_column_by_column_is_textuals(values, width, height):
    console = Console(color_system="truecolor", width=200)
    low, high = Color.from_rgb(1, 69, 120), Color.from_rgb(255, 166, 43)
    textual = console.render_lines(
        Sparkline(values, width=width, height=height, min_color=low, max_color=high, summary_function=max),
        console.options.update(width=width, height=height),
    )
    ours = sparkline_rows(values, width, height, low, high)
    assert [[(s.text, s.style) for s in line] for line in ours] == [[(s.text, s.style) for s in line] for line in textual]


def test_fewer_than_two_values_are_left_to_textual():
    assert sparkline_rows([3.0], 10, 3, Color.from_rgb(0, 0, 0), Color.from_rgb(9, 9, 9)) is None
