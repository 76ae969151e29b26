"""PagedTable: a window of rows fetched on demand, so 100,000 rows open as fast as 300."""

from __future__ import annotations

import threading
import time

import pytest
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult

from advocacy_tui.widgets.paged_table import Column, PagedTable

COLUMNS = (Column("name", "Name", 20), Column("number", "Number", 8, "right"))
VISIBLE_ROWS = 23  # an 80x24 terminal: one header line, 23 rows


class NumberSource:
    """Row i is (f"k{i}", (f"{prefix} {i}", str(i))), generated lazily."""

    def __init__(self, n: int = 100_000, prefix: str = "Name") -> None:
        self.n = n
        self.prefix = prefix
        self.count_calls = 0
        self.rows_calls: list[tuple[int, int]] = []
        self.release = threading.Event()
        self.release.set()  # set to block: clear() it
        self.finished = threading.Event()

    def count(self) -> int:
        self.count_calls += 1
        return self.n

    def rows(self, offset: int, limit: int) -> list[tuple[str, tuple]]:
        self.rows_calls.append((offset, limit))
        self.release.wait(5)
        try:
            return [(f"k{i}", (f"{self.prefix} {i}", str(i))) for i in range(offset, min(self.n, offset + limit))]
        finally:
            self.finished.set()


class SlowCountSource(NumberSource):
    def __init__(self, n: int = 100_000, prefix: str = "Name") -> None:
        super().__init__(n, prefix)
        self.started = threading.Event()

    def count(self) -> int:
        self.started.set()
        self.release.wait(5)
        try:
            return super().count()
        finally:
            self.finished.set()


class BrokenSource(NumberSource):
    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where

    def count(self) -> int:
        if self.where == "count":
            raise RuntimeError("The database file is locked by another program.")
        return super().count()

    def rows(self, offset: int, limit: int) -> list[tuple[str, tuple]]:
        if self.where == "rows":
            raise RuntimeError("The database file is locked by another program.")
        return super().rows(offset, limit)


class TableApp(App):
    def __init__(self, source: NumberSource | None, **table_options) -> None:
        super().__init__()
        self.source = source
        self.table_options = table_options
        self.messages: list = []

    def compose(self) -> ComposeResult:
        yield PagedTable(COLUMNS, **self.table_options)

    def on_mount(self) -> None:
        table = self.query_one(PagedTable)
        table.focus()
        if self.source is not None:
            table.set_source(self.source)

    def on_paged_table_row_selected(self, message: PagedTable.RowSelected) -> None:
        self.messages.append(("selected", message.index, message.key))

    def on_paged_table_row_highlighted(self, message: PagedTable.RowHighlighted) -> None:
        self.messages.append(("highlighted", message.index, message.key))

    def on_paged_table_loaded(self, message: PagedTable.Loaded) -> None:
        self.messages.append(("loaded", message.row_count))

    def on_paged_table_failed(self, message: PagedTable.Failed) -> None:
        self.messages.append(("failed", message.message))


async def settle(pilot, table: PagedTable) -> None:
    """Wait until the table has no count or page fetch in flight and messages are handled."""
    deadline = time.monotonic() + 5
    while table.pending:
        assert time.monotonic() < deadline, "PagedTable did not finish loading"
        await pilot.pause(0.002)
    await pilot.pause()


def screen_lines(table: PagedTable) -> list[str]:
    return [table.render_line(y).text.rstrip() for y in range(table.scrollable_content_region.height)]


def shown_numbers(table: PagedTable) -> list[int]:
    """The row numbers the user sees, top to bottom."""
    return [int(line.split()[-1]) for line in screen_lines(table)[1:] if line and line.split()[-1].isdigit()]


async def test_first_screen_shows_header_and_first_rows_from_one_page() -> None:
    source = NumberSource()
    app = TableApp(source)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)
        lines = screen_lines(table)
        assert lines[0].split() == ["Name", "Number"]
        assert lines[1] == "Name 0                      0"  # right-justified number column
        assert lines[23] == "Name 22                    22"
        assert shown_numbers(table) == list(range(VISIBLE_ROWS))
        # Paging: one count and one page of 200 rows, not 100,000 rows.
        assert source.count_calls == 1
        assert source.rows_calls == [(0, 200)]
        assert table.row_count == 100_000
        assert ("loaded", 100_000) in app.messages
        assert ("highlighted", 0, "k0") in app.messages
        assert table.cursor_key == "k0"


async def test_end_jumps_to_last_row_fetching_only_that_page_and_home_goes_back() -> None:
    source = NumberSource()
    app = TableApp(source)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)

        started = time.perf_counter()
        await pilot.press("end")
        await settle(pilot, table)
        assert time.perf_counter() - started < 1.0
        assert table.cursor_row == 99_999
        assert shown_numbers(table) == list(range(100_000 - VISIBLE_ROWS, 100_000))
        assert screen_lines(table)[0].split() == ["Name", "Number"]  # the header stays on top
        assert source.rows_calls == [(0, 200), (99_800, 200)]
        assert ("highlighted", 99_999, "k99999") in app.messages

        await pilot.press("home")
        await settle(pilot, table)
        assert table.cursor_row == 0
        assert shown_numbers(table)[:3] == [0, 1, 2]

        await pilot.press("ctrl+end")
        await settle(pilot, table)
        assert table.cursor_row == 99_999
        await pilot.press("ctrl+home")
        await settle(pilot, table)
        assert table.cursor_row == 0


async def test_arrows_and_pages_move_the_cursor_and_keep_it_in_view() -> None:
    app = TableApp(NumberSource())
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)

        await pilot.press("pagedown")
        await settle(pilot, table)
        assert table.cursor_row == VISIBLE_ROWS
        assert shown_numbers(table)[-1] == VISIBLE_ROWS  # scrolled one line to keep the cursor visible

        await pilot.press("pagedown", "pagedown", "down")
        await settle(pilot, table)
        assert table.cursor_row == 3 * VISIBLE_ROWS + 1
        assert shown_numbers(table)[-1] == 3 * VISIBLE_ROWS + 1

        await pilot.press("pageup", "up")
        await settle(pilot, table)
        assert table.cursor_row == 2 * VISIBLE_ROWS
        assert 2 * VISIBLE_ROWS in shown_numbers(table)

        await pilot.press("up")  # at the top already: nothing breaks
        await pilot.press("home", "up")
        assert table.cursor_row == 0


async def test_cursor_row_uses_the_cursor_style() -> None:
    app = TableApp(NumberSource())
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)
        await pilot.press("down")
        cursor_style = table.get_component_rich_style("paged-table--cursor")
        cursor_line = table.render_line(2)
        other_line = table.render_line(3)
        assert cursor_line.text.startswith("Name 1")
        assert all(segment.style.bgcolor == cursor_style.bgcolor for segment in cursor_line)
        assert any(segment.style.bgcolor != cursor_style.bgcolor for segment in other_line)


async def test_enter_posts_row_selected_with_the_cursor_key() -> None:
    app = TableApp(NumberSource())
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert ("highlighted", 2, "k2") in app.messages
        assert app.messages[-1] == ("selected", 2, "k2")


async def test_enter_before_the_page_arrives_selects_once_it_does() -> None:
    source = NumberSource()
    app = TableApp(source)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)
        source.release.clear()
        await pilot.press("end", "enter")
        assert "…" in screen_lines(table)[-1]  # not loaded yet: a placeholder, not stale data
        assert not any(m[0] == "selected" for m in app.messages)
        source.release.set()
        await settle(pilot, table)
        assert app.messages[-1] == ("selected", 99_999, "k99999")
        assert screen_lines(table)[-1].endswith("99999")


async def test_click_moves_the_cursor_and_a_second_click_selects() -> None:
    app = TableApp(NumberSource())
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)
        await pilot.click(PagedTable, offset=(2, 4))  # screen line 4 = row 3
        assert table.cursor_row == 3
        await pilot.click(PagedTable, offset=(2, 4))
        await pilot.pause()
        assert app.messages[-1] == ("selected", 3, "k3")


async def test_mouse_wheel_scrolls_and_fetches_the_rows_it_reaches() -> None:
    source = NumberSource()
    app = TableApp(source)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)
        for _ in range(150):
            table.post_message(events.MouseScrollDown(table, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause()
        await settle(pilot, table)
        top = int(table.scroll_y)
        assert top > 200  # past the first page
        assert shown_numbers(table)[0] == top
        assert len(source.rows_calls) <= 3
        assert table.cursor_row == 0  # the wheel scrolls; it does not move the cursor


async def test_a_fast_second_source_wins_over_a_slow_first_one() -> None:
    slow = NumberSource(prefix="Stale")
    fast = NumberSource(prefix="Fresh")
    app = TableApp(None)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        slow.release.clear()
        table.set_source(slow)
        deadline = time.monotonic() + 5
        while not slow.rows_calls:  # the slow source is counted, its first page is in flight
            assert time.monotonic() < deadline
            await pilot.pause(0.005)
        table.set_source(fast)
        await settle(pilot, table)
        slow.release.set()
        assert slow.finished.wait(5)
        await pilot.pause(0.05)
        await pilot.pause()
        lines = screen_lines(table)
        assert lines[1].startswith("Fresh 0")
        assert not any("Stale" in line for line in lines)
        assert table.cursor_key == "k0"


async def test_a_slow_count_from_an_old_source_is_ignored() -> None:
    slow = SlowCountSource(n=5, prefix="Stale")
    fast = NumberSource(n=3, prefix="Fresh")
    app = TableApp(None)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        slow.release.clear()
        table.set_source(slow)
        deadline = time.monotonic() + 5
        while not slow.started.is_set():  # the slow count is running in its thread
            assert time.monotonic() < deadline
            await pilot.pause(0.005)
        table.set_source(fast)
        await settle(pilot, table)
        slow.release.set()
        assert slow.finished.wait(5)
        await pilot.pause(0.05)
        await pilot.pause()
        assert table.row_count == 3
        assert shown_numbers(table) == [0, 1, 2]
        assert [m for m in app.messages if m[0] == "loaded"] == [("loaded", 3)]


async def test_loading_text_shows_while_counting_then_rows() -> None:
    source = SlowCountSource(n=3)
    source.release.clear()
    app = TableApp(source, loading_text="Ranking employees…")
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await pilot.pause()
        assert "Ranking employees…" in screen_lines(table)[1]
        source.release.set()
        await settle(pilot, table)
        assert shown_numbers(table) == [0, 1, 2]


async def test_rows_not_yet_loaded_show_a_placeholder() -> None:
    source = NumberSource()
    app = TableApp(source)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)
        source.release.clear()
        table.scroll_to(y=5_000, animate=False)
        await pilot.pause()
        while len(source.rows_calls) < 2:
            await pilot.pause(0.005)
        assert screen_lines(table)[1] == "…"
        source.release.set()
        await settle(pilot, table)
        assert screen_lines(table)[1].startswith("Name 5000")


async def test_the_first_page_comes_with_the_count_in_one_frame() -> None:
    source = NumberSource()
    source.release.clear()
    app = TableApp(source, loading_text="Counting…")
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        while not source.rows_calls:
            await pilot.pause(0.005)
        await pilot.pause()
        # Counted, first page in flight: the loading text stays (no frame of placeholders).
        assert "Counting…" in screen_lines(table)[1]
        source.release.set()
        await settle(pilot, table)
        assert screen_lines(table)[1].startswith("Name 0")
        assert source.count_calls == 1 and source.rows_calls == [(0, 200)]


class BoundedSource(NumberSource):
    """A source that can say "more than a page" without counting (count_at_most)."""

    def __init__(self, n: int) -> None:
        super().__init__(n)
        self.bounded_calls: list[int] = []
        self.cancelled = 0

    def count_at_most(self, limit: int) -> int | None:
        self.bounded_calls.append(limit)
        return self.n if self.n <= limit else None

    def cancel(self) -> None:
        self.cancelled += 1


async def test_a_bounded_count_shows_a_page_and_counts_only_near_the_end() -> None:
    source = BoundedSource(5_000)
    app = TableApp(source)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)
        assert source.bounded_calls == [200] and source.count_calls == 0
        assert table.row_count == 201 and not table.count_exact
        assert ("loaded", 201) in app.messages
        assert shown_numbers(table) == list(range(VISIBLE_ROWS))
        await pilot.press("pagedown")  # far from the end: still no count
        await settle(pilot, table)
        assert source.count_calls == 0
        table.move_cursor(190)  # within a screen of what is known: count now
        await settle(pilot, table)
        assert source.count_calls == 1 and table.row_count == 5_000 and table.count_exact
        assert ("loaded", 5_000) in app.messages
        assert table.cursor_row == 190


async def test_end_on_a_bounded_count_counts_then_goes_to_the_last_row() -> None:
    source = BoundedSource(3_000)
    app = TableApp(source)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)
        await pilot.press("end")
        await settle(pilot, table)
        assert table.cursor_row == 2_999 and table.count_exact
        assert shown_numbers(table)[-1] == 2_999


async def test_a_small_bounded_count_is_exact_at_once() -> None:
    source = BoundedSource(7)
    app = TableApp(source)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)
        assert table.row_count == 7 and table.count_exact and source.count_calls == 0


async def test_a_replaced_source_busy_in_its_thread_is_told_to_cancel() -> None:
    slow = SlowCountSource(n=5)
    slow.cancel_calls = 0

    def cancel() -> None:
        slow.cancel_calls += 1

    slow.cancel = cancel
    app = TableApp(None)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        slow.release.clear()
        table.set_source(slow)
        while not slow.started.is_set():
            await pilot.pause(0.005)
        table.set_source(NumberSource(n=3))
        assert slow.cancel_calls == 1
        slow.release.set()
        await settle(pilot, table)
        assert table.row_count == 3


async def test_keep_rows_shows_the_old_rows_until_the_new_ones_come() -> None:
    app = TableApp(NumberSource(n=50, prefix="Old"))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)
        new = NumberSource(n=10, prefix="New")
        new.release.clear()
        table.set_source(new, keep_rows=True)
        await pilot.pause()
        assert screen_lines(table)[1].startswith("Old 0")  # not the loading text
        assert table.pending and table.row_at(0) is None  # the old rows are not the new source's
        new.release.set()
        await settle(pilot, table)
        assert screen_lines(table)[1].startswith("New 0")
        assert shown_numbers(table) == list(range(10))


async def test_empty_source_shows_the_empty_text() -> None:
    app = TableApp(NumberSource(n=0), empty_text="No employees match.")
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)
        assert "No employees match." in screen_lines(table)[1]
        assert table.row_count == 0
        await pilot.press("down", "end", "enter")
        assert not any(m[0] == "selected" for m in app.messages)


@pytest.mark.parametrize("where", ["count", "rows"])
async def test_a_failing_source_shows_its_message_and_posts_failed(where: str) -> None:
    app = TableApp(BrokenSource(where))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)
        lines = screen_lines(table)
        assert lines[0].split() == ["Name", "Number"]
        assert "The database file is locked by another program." in lines[1]
        assert not any("Traceback" in line or "Name 0" in line for line in lines)
        assert ("failed", "The database file is locked by another program.") in app.messages


async def test_reload_keeps_the_cursor_row_and_shows_changed_data() -> None:
    source = NumberSource(n=1_000)
    app = TableApp(source)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)
        table.move_cursor(450)
        await settle(pilot, table)
        assert table.cursor_key == "k450"

        source.prefix = "Renamed"
        table.reload()
        await settle(pilot, table)
        assert table.cursor_row == 450
        assert any(line.startswith("Renamed 450") for line in screen_lines(table))
        assert not any(line.startswith("Name ") for line in screen_lines(table)[1:])
        assert app.messages[-1] == ("highlighted", 450, "k450")

        source.n = 100  # rows were deleted: the cursor stays on the last row
        table.reload()
        await settle(pilot, table)
        assert table.cursor_row == 99
        assert shown_numbers(table)[-1] == 99
        assert ("loaded", 100) in app.messages


async def test_move_cursor_right_after_set_source_lands_once_counted() -> None:
    app = TableApp(None)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        table.set_source(NumberSource(n=500))
        table.move_cursor(321)
        await settle(pilot, table)
        assert table.cursor_row == 321
        assert 321 in shown_numbers(table)
        assert ("highlighted", 321, "k321") in app.messages


async def test_a_new_source_can_keep_the_cursor() -> None:
    app = TableApp(NumberSource(n=500))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)
        table.move_cursor(40)
        table.set_source(NumberSource(n=30, prefix="Filtered"), keep_cursor=True)
        await settle(pilot, table)
        assert table.cursor_row == 29
        assert screen_lines(table)[-1].startswith("Filtered 29")
        assert table.cursor_key == "k29"
        table.set_source(NumberSource(n=30, prefix="Other"))
        await settle(pilot, table)
        assert table.cursor_row == 0


async def test_cells_are_cropped_padded_and_keep_rich_styles() -> None:
    class StyledSource(NumberSource):
        def rows(self, offset, limit):
            return [("a", (Text("Alexandria Ocasio-Smithsonian", style="bold red"), "7"))][offset : offset + limit]

    app = TableApp(StyledSource(n=1))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)
        await pilot.press("down")  # (stays on the only row)
        line = table.render_line(1)
        assert line.text.rstrip() == "Alexandria Ocasio-S…        7"
        name_segment = next(segment for segment in line if segment.text.startswith("Alexandria"))
        assert name_segment.style.bold
        assert name_segment.style.color is not None and name_segment.style.color.name == "red"


async def test_memory_stays_flat_while_paging_through_many_rows() -> None:
    source = NumberSource(n=100_000)
    app = TableApp(source, page_size=50, max_pages=4)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)
        await pilot.press("pagedown")
        for _ in range(12):
            table.move_cursor(table.cursor_row + 5 * VISIBLE_ROWS)
            await settle(pilot, table)
        assert table.cursor_row == 61 * VISIBLE_ROWS
        assert shown_numbers(table)[-1] == 61 * VISIBLE_ROWS
        assert table.row_at(0) is None  # the first page was dropped from memory
        await pilot.press("home")
        await settle(pilot, table)
        assert shown_numbers(table)[:2] == [0, 1]  # and is fetched again when needed


async def test_rows_read_beforehand_show_at_once_without_a_worker() -> None:
    source = NumberSource(n=1_000)
    app = TableApp(None)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        first = source.rows(0, 200)
        source.rows_calls.clear()
        table.set_source(source, loaded=(1_000, {0: first}))
        assert table.row_count == 1_000 and not table.pending
        assert table.row_at(0) == ("k0", ("Name 0", "0"))
        await pilot.pause()
        assert shown_numbers(table) == list(range(VISIBLE_ROWS))
        assert source.count_calls == 0 and source.rows_calls == []
        assert ("highlighted", 0, "k0") in app.messages
        table.move_cursor(500)  # later pages are read as usual
        await settle(pilot, table)
        assert source.rows_calls == [(400, 200)]


# A row's text is drawn without Text.render when its spans do not overlap -----------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.style import Style  # noqa: E402
from rich.text import Span  # noqa: E402

from advocacy_tui.widgets.table_rows import spans_as_segments  # noqa: E402

_STYLES = st.sampled_from(["bold", "red", "green on blue", "dim", "no-such-style", "", Style(color="yellow", italic=True)])


@st.composite
def _styled_texts(draw):
    plain = draw(st.text(alphabet="ab ★✔é漢", max_size=30))
    spans = draw(st.lists(st.tuples(st.integers(0, len(plain) + 2), st.integers(0, 4), _STYLES), max_size=5))
    return Text(plain, spans=[Span(start, start + length, style) for start, length, style in spans], end="")


@settings(max_examples=400, deadline=None)
@given(_styled_texts())
def test_a_row_drawn_the_quick_way_is_what_rich_draws(text):
    console = Console(color_system="truecolor")
    quick = spans_as_segments(text, console)
    if quick is None:  # overlapping spans, or past the end: left to rich
        return
    assert [(segment.text, segment.style) for segment in quick] == [
        (segment.text, segment.style) for segment in text.render(console)
    ]


class HiddenTableApp(TableApp):
    def compose(self) -> ComposeResult:
        from textual.containers import Vertical
        from textual.widgets import Input

        with Vertical(id="holder"):
            yield PagedTable(COLUMNS, **self.table_options)
        yield Input(id="elsewhere")


async def test_a_table_blurred_while_hidden_shows_the_blurred_cursor_when_shown_again():
    app = HiddenTableApp(NumberSource(n=50))
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot, table)
        focused = table.render_line(1).text, [segment.style.bgcolor for segment in table.render_line(1)][0]
        holder = app.query_one("#holder")
        holder.display = False  # as a tab is hidden, then the focus moves on
        app.query_one("#elsewhere").focus()
        await pilot.pause()
        holder.display = True
        await pilot.pause()
        await pilot.pause()
        assert not table.has_focus
        shown = table.render_line(1).text, [segment.style.bgcolor for segment in table.render_line(1)][0]
        assert shown[0] == focused[0]  # the same cursor row...
        assert shown[1] != focused[1]  # ...in the blurred cursor's colours
        table.focus()
        await pilot.pause()
        assert [segment.style.bgcolor for segment in table.render_line(1)][0] == focused[1]
