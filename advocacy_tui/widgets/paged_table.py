"""A table that shows a window of rows fetched on demand, so 100,000 rows open as fast as 300.

`PagedTable` is a Line-API widget (like Textual's DataTable, but it never holds all rows).
It asks a `RowSource` for the row count and then for pages of rows, always in worker
threads; rows whose page has not arrived yet render as a dim placeholder. Pages live in a
small LRU, so memory stays flat however far the user scrolls.

One worker counts and then reads the pages the screen shows (one trip to a thread per new
source, not two), or a tab's own worker hands both in (`set_source(..., loaded=...)`), and a
filter narrowing as the user types keeps its rows on screen until the new ones come
(`keep_rows`). A source that can say "more than N" cheaper than it can count (a filter
over 100,000 employees) may offer `count_at_most(limit)`: the table then counts exactly only
when the cursor or the view comes near the end of what it knows. A source with `cancel()`
is told when the table stops wanting its answers (a newer source, a reload), so a query
that no longer matters can stop early.

Styling (in .tcss), all component classes of `PagedTable`:

    paged-table--header       the fixed header line (column labels)
    paged-table--even-row     rows 0, 2, 4, ...
    paged-table--odd-row      rows 1, 3, 5, ...
    paged-table--cursor       the cursor row (use `PagedTable:focus > .paged-table--cursor`
                              for the focused look)
    paged-table--placeholder  a row whose page is still loading
    paged-table--message      the loading / empty text
    paged-table--error        the error text shown when the source raised
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from functools import partial
from typing import Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from advocacy_tui.widgets.table_rows import Column, RowSource, row_text, spans_as_segments

__all__ = ["Column", "RowSource", "PagedTable"]

def _cancel(source: object) -> None:
    cancel = getattr(source, "cancel", None)
    if cancel is not None:
        try:
            cancel()
        except Exception:  # noqa: BLE001 - cancelling is a courtesy; the answers are ignored anyway
            pass


def _problem(error: BaseException) -> str:
    """An exception as one line a person can read (no traceback)."""
    text = str(error).strip()
    return text or type(error).__name__


# Private results posted from worker threads back to the widget (post_message is thread-safe).


class _CountDone(Message, bubble=False):
    def __init__(
        self,
        generation: int,
        count: int | None,
        error: str | None,
        exact: bool = True,
        refined: bool = False,
        pages: dict[int, list] | None = None,
    ) -> None:
        super().__init__()
        self.generation = generation
        self.count = count
        self.error = error
        self.exact = exact  # False: at least `count` rows (count_at_most said "more")
        self.refined = refined  # the exact count asked for once the first one was not
        self.pages = pages or {}  # the pages on screen, read with the count


class _PageDone(Message, bubble=False):
    def __init__(self, generation: int, page: int, rows: list | None, error: str | None) -> None:
        super().__init__()
        self.generation = generation
        self.page = page
        self.rows = rows
        self.error = error


class TableMessage(Message):
    """What every PagedTable message carries: the table, also as `control` for @on selectors."""

    def __init__(self, table: "PagedTable") -> None:
        super().__init__()
        self.table = table

    @property
    def control(self) -> "PagedTable":
        return self.table


class PagedTable(ScrollView, can_focus=True):
    """A focusable table over a `RowSource`, fetching only the pages it shows."""

    COMPONENT_CLASSES = {
        "paged-table--header",
        "paged-table--even-row",
        "paged-table--odd-row",
        "paged-table--cursor",
        "paged-table--placeholder",
        "paged-table--message",
        "paged-table--error",
    }

    DEFAULT_CSS = """
    PagedTable {
        height: 1fr;
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .paged-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .paged-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .paged-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .paged-table--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .paged-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .paged-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .paged-table--placeholder {
            color: $foreground-muted;
            text-style: dim;
        }
        & > .paged-table--message {
            color: $foreground-muted;
            text-style: italic;
        }
        & > .paged-table--error {
            color: $text-error;
            text-style: bold;
        }
    }
    """

    _restyle_when_shown = False

    BINDINGS = [
        Binding("up", "cursor_up", "Up", id="paged_table.cursor_up", show=False),
        Binding("down", "cursor_down", "Down", id="paged_table.cursor_down", show=False),
        Binding("pageup", "cursor_page_up", "Page up", id="paged_table.page_up", show=False),
        Binding("pagedown", "cursor_page_down", "Page down", id="paged_table.page_down", show=False),
        Binding("home,ctrl+home", "cursor_first", "First row", id="paged_table.first", show=False),
        Binding("end,ctrl+end", "cursor_last", "Last row", id="paged_table.last", show=False),
        Binding("enter", "select_cursor", "Select", id="paged_table.select", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, init=False)
    """Index of the cursor row (0-based, not counting the header)."""

    # Messages -------------------------------------------------------------------------

    class RowHighlighted(TableMessage):
        """The cursor moved onto a loaded row (posted again when the cursor row's page loads)."""

        def __init__(self, table: "PagedTable", index: int, key: str) -> None:
            super().__init__(table)
            self.index = index
            self.key = key

    class RowSelected(TableMessage):
        """Enter (or a click on the cursor row) on a loaded row."""

        def __init__(self, table: "PagedTable", index: int, key: str) -> None:
            super().__init__(table)
            self.index = index
            self.key = key

    class Loaded(TableMessage):
        """A count finished (after `set_source` or `reload`, and again when a count that
        was "more than" becomes exact); `exact` is False while `row_count` is a lower bound."""

        def __init__(self, table: "PagedTable", row_count: int, exact: bool = True) -> None:
            super().__init__(table)
            self.row_count = row_count
            self.exact = exact

    class Failed(TableMessage):
        """`count()` or `rows()` raised; `message` is what the table shows in place of rows."""

        def __init__(self, table: "PagedTable", message: str) -> None:
            super().__init__(table)
            self.message = message

    # Construction ---------------------------------------------------------------------

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        page_size: int = 200,
        max_pages: int = 50,
        empty_text: str = "Nothing to show.",
        loading_text: str = "Loading…",
        select_label: str | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        """
        Args:
            columns: The columns, left to right.
            page_size: Rows fetched per `rows()` call.
            max_pages: Pages kept in memory (least recently shown are dropped).
            empty_text: Shown when the source has no rows.
            loading_text: Shown while the first count is running.
            select_label: If given, Enter is shown in the footer with this label
                (it is hidden otherwise; the table's Enter shadows a screen's Enter binding).
        """
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.columns: tuple[Column, ...] = tuple(columns)
        self.page_size = page_size
        self.max_pages = max(1, max_pages)
        self.empty_text = empty_text
        self.loading_text = loading_text
        self._total_width = sum(c.width for c in self.columns) + max(0, len(self.columns) - 1)
        self._source: RowSource | None = None
        self._generation = 0
        self._row_count = 0
        self._counted = False  # has a count for the current source arrived?
        self._count_pending = False
        self._exact = True  # False: _row_count is a lower bound (count_at_most said "more")
        self._refining = False  # the exact count is being read
        self._last_pending = False  # End pressed before the exact count came
        self._error: str | None = None
        self._pages: OrderedDict[int, list[tuple[str, tuple]]] = OrderedDict()
        self._stale_pages: dict[int, list[tuple[str, tuple]]] = {}  # shown during reload()
        self._inflight: set[int] = set()
        self._select_pending: int | None = None
        self._strip_cache: LRUCache[tuple[int, bool], Strip] = LRUCache(1024)
        self._header_strip: Strip | None = None
        self._style_cache: dict[object, Style] = {}
        self._worker_group = "paged-table"
        if select_label is not None:
            self._label_select(select_label)
        self.virtual_size = Size(self._total_width, 1)

    def _label_select(self, label: str) -> None:
        bindings = self._bindings.key_to_bindings.get("enter", [])
        self._bindings.key_to_bindings["enter"] = [
            replace(binding, description=label, show=True) if binding.id == "paged_table.select" else binding
            for binding in bindings
        ]

    # Public interface -----------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """Rows in the current source (0 until counted)."""
        return self._row_count if self._counted else 0

    @property
    def source(self) -> RowSource | None:
        return self._source

    @property
    def pending(self) -> bool:
        """True while a count or a page fetch is in flight (handy to await in tests)."""
        return self._count_pending or self._refining or bool(self._inflight)

    @property
    def count_exact(self) -> bool:
        """False while `row_count` is only a lower bound (the source said "more than")."""
        return self._exact

    @property
    def error(self) -> str | None:
        """The message shown in place of rows after the source raised, else None."""
        return self._error

    @property
    def cursor_key(self) -> str | None:
        """Key of the cursor row if its page is loaded."""
        row = self.row_at(self.cursor_row)
        return row[0] if row is not None else None

    def row_at(self, index: int) -> tuple[str, tuple] | None:
        """The (key, cells) at `index` if its page is loaded for the current data, else None."""
        if index < 0 or (self._counted and index >= self._row_count):
            return None
        rows = self._pages.get(index // self.page_size)
        if rows is None:
            return None
        offset = index % self.page_size
        return rows[offset] if offset < len(rows) else None

    def set_source(
        self,
        source: RowSource | None,
        *,
        keep_cursor: bool = False,
        keep_rows: bool = False,
        loaded: "tuple[int, dict[int, list]] | None" = None,
    ) -> None:
        """Show a new source: drop all cached rows, count in a worker, then fetch around the cursor.

        Results still arriving for a previous source are ignored. `keep_rows`: the rows on
        screen stay until the new source's count and rows arrive (a filter narrowing as
        the user types), rather than the loading text. `loaded`: the count and pages
        (page number -> rows) a worker has already read from this source (with the rest
        of a tab's data): shown at once, with no trip to a worker.
        """
        if loaded is not None and source is not None:
            self._show_loaded(source, *loaded, keep_cursor=keep_cursor)
            return
        stale = {**self._stale_pages, **self._pages} if keep_rows and self._counted and self._error is None else {}
        self._new_generation()
        self._source = source
        self._stale_pages = stale
        if not stale:
            self._row_count = 0
            self._counted = source is None
        self._exact = True
        self._select_pending = None
        moved = self.cursor_row != 0 or int(self.scroll_y) != 0 or int(self.scroll_x) != 0
        if not keep_cursor:
            self.set_reactive(PagedTable.cursor_row, 0)
        self._update_virtual_size()
        self.scroll_to(0, 0, animate=False, force=True)
        if not stale or moved:
            self._invalidate()  # else the rows on screen stay as they are until the new ones come
        if source is not None:
            self._start_count()
        else:
            self.post_message(self.Loaded(self, 0))

    def _show_loaded(self, source: RowSource, count: int, pages: dict[int, list], *, keep_cursor: bool) -> None:
        self._new_generation()
        self._source = source
        self._stale_pages = {}
        self._select_pending = None
        if not keep_cursor:
            self.set_reactive(PagedTable.cursor_row, 0)
        self.scroll_to(0, 0, animate=False, force=True)
        self._count_pending = True
        self._count_done(_CountDone(self._generation, count, None, pages=pages))

    def reload(self) -> None:
        """Same source, changed data: re-count and re-fetch, keeping the cursor index (clamped).

        The rows on screen stay visible until their fresh page arrives (no flicker).
        """
        if self._source is None:
            return
        stale = {**self._stale_pages, **self._pages}
        if self._error is not None:  # nothing trustworthy on screen: show the loading text
            self._counted = False
            self._row_count = 0
            stale = {}
        self._new_generation()
        self._stale_pages = stale
        self._update_virtual_size()
        self._invalidate()
        self._start_count()

    def move_cursor(self, row: int) -> None:
        """Move the cursor to `row` (clamped once counted; remembered if the count is pending)."""
        self.cursor_row = row

    # Data flow --------------------------------------------------------------------------

    def _new_generation(self) -> None:
        busy = self._count_pending or self._refining or bool(self._inflight)
        self._generation += 1
        self._pages.clear()
        self._inflight.clear()
        self._error = None
        self._count_pending = False
        self._refining = False
        self._last_pending = False
        if self.is_attached:
            self.workers.cancel_group(self, self._worker_group)
        if busy and self._source is not None:
            _cancel(self._source)

    def _run(self, work) -> None:
        self.run_worker(work, thread=True, group=self._worker_group, exclusive=False, exit_on_error=False)

    def _post_from_thread(self, message: Message) -> None:
        try:
            self.post_message(message)
        except RuntimeError:  # the app has closed
            pass

    def _start_count(self) -> None:
        """Count in a worker that then reads the pages the screen will show, so a new
        source costs one trip to a thread, not two."""
        self._count_pending = True
        pages = self._pages_wanted()
        self._inflight.update(pages)
        self._run(partial(self._count_work, self._generation, self._source, pages, self.page_size))

    def _pages_wanted(self) -> list[int]:
        """The pages of the rows on screen and of the cursor row, as the screen is now."""
        top = int(self.scroll_y)
        last = top + self._rows_visible() - 1
        pages = list(range(top // self.page_size, last // self.page_size + 1))
        cursor_page = self.cursor_row // self.page_size
        if cursor_page not in pages:
            pages.append(cursor_page)
        return [page for page in pages if page not in self._pages]

    def _count_work(self, generation: int, source: RowSource, pages: list[int], page_size: int) -> None:
        exact = True
        try:
            at_most = getattr(source, "count_at_most", None)
            counted = at_most(page_size) if at_most is not None else source.count()
            if counted is None:
                count, exact = page_size + 1, False
            else:
                count = max(0, int(counted))
        except Exception as error:  # noqa: BLE001 - shown to the user, not raised
            self._post_from_thread(_CountDone(generation, None, _problem(error)))
            return
        # The count and the rows on screen reach the table together: one frame, not two.
        loaded: dict[int, list] = {}
        problem: tuple[int, str] | None = None
        for page in pages:
            if generation != self._generation:
                return  # superseded: _new_generation forgot these pages already
            if page * page_size >= count:
                loaded[page] = []
                continue
            try:
                loaded[page] = list(source.rows(page * page_size, page_size))[:page_size]
            except Exception as error:  # noqa: BLE001 - shown to the user, not raised
                problem = (page, _problem(error))
                break
        self._post_from_thread(_CountDone(generation, count, None, exact, pages=loaded))
        if problem is not None:
            self._post_from_thread(_PageDone(generation, problem[0], None, problem[1]))

    def _refine_count(self) -> None:
        """Ask for the exact count, once, when the lower bound is about to be reached."""
        if self._exact or self._refining or self._source is None or self._error is not None:
            return
        self._refining = True
        self._run(partial(self._refine_work, self._generation, self._source))

    def _refine_work(self, generation: int, source: RowSource) -> None:
        try:
            count = max(0, int(source.count()))
        except Exception as error:  # noqa: BLE001 - shown to the user, not raised
            self._post_from_thread(_CountDone(generation, None, _problem(error), refined=True))
        else:
            self._post_from_thread(_CountDone(generation, count, None, refined=True))

    def _page_work(self, generation: int, source: RowSource, page: int, page_size: int) -> None:
        try:
            rows = list(source.rows(page * page_size, page_size))[:page_size]
        except Exception as error:  # noqa: BLE001 - shown to the user, not raised
            self._post_from_thread(_PageDone(generation, page, None, _problem(error)))
        else:
            self._post_from_thread(_PageDone(generation, page, rows, None))

    def _request_rows(self, first: int, last: int) -> None:
        """Fetch the pages covering rows first..last (inclusive) that are neither cached nor in flight."""
        if self._source is None or not self._counted or self._error is not None or self._row_count == 0:
            return
        first = max(0, first)
        last = min(last, self._row_count - 1)
        if last < first:
            return
        for page in range(first // self.page_size, last // self.page_size + 1):
            if page in self._pages or page in self._inflight:
                continue
            self._inflight.add(page)
            self._run(partial(self._page_work, self._generation, self._source, page, self.page_size))

    def _request_visible(self) -> None:
        top = int(self.scroll_y)
        last = top + self._rows_visible() - 1
        self._request_rows(top, last)
        self._request_rows(self.cursor_row, self.cursor_row)
        if not self._exact and max(last, self.cursor_row) >= self._row_count - self._rows_visible():
            self._refine_count()

    @on(_CountDone)
    def _count_done(self, message: _CountDone) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        if message.refined:
            self._refined(message)
            return
        self._count_pending = False
        if message.error is not None:
            self._counted = True
            self._row_count = 0
            self._fail(message.error)
            return
        self._row_count = message.count or 0
        self._exact = message.exact
        self._counted = True
        for page, rows in message.pages.items():
            self._store_page(page, rows)
        # Drop stale rows past the new end.
        for page in [p for p in self._stale_pages if p * self.page_size >= self._row_count]:
            del self._stale_pages[page]
        self._update_virtual_size()
        self._invalidate()
        clamped = self.validate_cursor_row(self.cursor_row)
        if clamped != self.cursor_row:
            self.cursor_row = clamped  # the watcher scrolls and fetches
        self._scroll_cursor_into_view()
        self.call_after_refresh(self._scroll_cursor_into_view)
        self._request_visible()
        self.post_message(self.Loaded(self, self._row_count, self._exact))
        for page in message.pages:
            self._page_arrived(page)

    def _refined(self, message: _CountDone) -> None:
        self._refining = False
        if message.error is not None:
            self._fail(message.error)
            return
        self._row_count = message.count or 0
        self._exact = True
        self._update_virtual_size()
        self._invalidate()
        if self._last_pending:
            self._last_pending = False
            self.move_cursor(self._row_count - 1)
        elif self.cursor_row >= self._row_count:
            self.cursor_row = self.validate_cursor_row(self.cursor_row)
        self._request_visible()
        self.post_message(self.Loaded(self, self._row_count, True))

    @on(_PageDone)
    def _page_done(self, message: _PageDone) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._inflight.discard(message.page)
        if message.error is not None:
            self._fail(message.error)
            return
        self._store_page(message.page, message.rows or [])
        self._invalidate()
        self._page_arrived(message.page)

    def _store_page(self, page: int, rows: list) -> None:
        self._inflight.discard(page)
        self._pages[page] = rows
        self._pages.move_to_end(page)
        self._stale_pages.pop(page, None)
        keep = max(self.max_pages, self._rows_visible() // self.page_size + 3)
        while len(self._pages) > keep:
            self._pages.popitem(last=False)

    def _page_arrived(self, page: int) -> None:
        start = page * self.page_size
        if start <= self.cursor_row < start + self.page_size:
            self._post_highlight()
            if self._select_pending == self.cursor_row:
                self._select_pending = None
                self.action_select_cursor()

    def _fail(self, problem: str) -> None:
        first = self._error is None
        self._error = problem
        self._inflight.clear()
        self._stale_pages.clear()
        self._select_pending = None
        self._update_virtual_size()
        self._invalidate()
        if first:
            self.post_message(self.Failed(self, problem))

    # Cursor -----------------------------------------------------------------------------

    def validate_cursor_row(self, row: int) -> int:
        row = max(0, int(row))
        if self._counted:
            row = min(row, max(0, self._row_count - 1))
        return row

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_cursor_into_view()
        self._request_rows(new, new)
        if self._select_pending is not None and self._select_pending != new:
            self._select_pending = None
        self._post_highlight()

    def _post_highlight(self) -> None:
        row = self.row_at(self.cursor_row)
        if row is not None and self._error is None:
            self.post_message(self.RowHighlighted(self, self.cursor_row, row[0]))

    def _rows_visible(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_cursor_into_view(self) -> None:
        if not self._counted or self._error is not None or self._row_count == 0:
            return
        if self.scrollable_content_region.height <= 1:
            # Hidden (a tab read ahead): no row is on screen, so any row would be "below";
            # scrolling now would hide the rows above the cursor once shown. The resize
            # that shows the table brings the cursor into view then.
            return
        visible = self._rows_visible()
        top = int(self.scroll_y)
        row = self.cursor_row
        if row < top:
            target = row
        elif row >= top + visible:
            target = row - visible + 1
        else:
            return
        self.scroll_to(y=target, animate=False, force=True)

    def _refresh_row(self, index: int) -> None:
        self.refresh_line(index + 1)

    def _can_move(self) -> bool:
        return self._counted and self._error is None and self._row_count > 0

    def action_cursor_up(self) -> None:
        if self._can_move():
            self.move_cursor(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        if self._can_move():
            self.move_cursor(self.cursor_row + 1)

    def action_cursor_page_up(self) -> None:
        if self._can_move():
            self.move_cursor(self.cursor_row - self._rows_visible())

    def action_cursor_page_down(self) -> None:
        if self._can_move():
            self.move_cursor(self.cursor_row + self._rows_visible())

    def action_cursor_first(self) -> None:
        if self._can_move():
            self.move_cursor(0)

    def action_cursor_last(self) -> None:
        if not self._can_move():
            return
        if not self._exact:  # where the last row is waits for the exact count
            self._last_pending = True
            self._refine_count()
            return
        self.move_cursor(self._row_count - 1)

    def action_select_cursor(self) -> None:
        """Post RowSelected for the cursor row (once its page arrives, if it is still loading)."""
        if not self._can_move():
            return
        row = self.row_at(self.cursor_row)
        if row is None:
            self._select_pending = self.cursor_row
            self._request_rows(self.cursor_row, self.cursor_row)
            return
        self.post_message(self.RowSelected(self, self.cursor_row, row[0]))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1 or not self._can_move():
            return
        index = int(self.scroll_y) + offset.y - 1
        if index >= self._row_count:
            return
        if index == self.cursor_row:
            self.action_select_cursor()
        else:
            self.move_cursor(index)

    # Scrolling, size and style ---------------------------------------------------------

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if int(old_value) != int(new_value):
            self._request_visible()

    def _on_resize(self, event: events.Resize) -> None:
        # The cached lines hold whole rows and are cropped to the width as they are
        # drawn: a new size needs no new lines (a summary above that grows by a line
        # would otherwise have every row built again).
        self._scroll_cursor_into_view()
        self._request_visible()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._invalidate()

    def watch_has_focus(self, has_focus: bool) -> None:
        # A table that loses the focus because its tab was hidden is restyled when it is
        # next drawn, not now: Textual restyles a blurred widget at once (3 ms for a table,
        # its seven parts), and on a tab switch that was for a table nobody sees.
        if not has_focus and any(not node.display for node in self.ancestors_with_self):
            self._restyle_when_shown = True
            return
        self._restyle_when_shown = False
        super().watch_has_focus(has_focus)

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._restyle_when_shown:
            # Blurred while hidden (above), shown again without the focus: its focus
            # styles go before a line is drawn (they change colours only, not its size).
            self._restyle_when_shown = False
            self.app.stylesheet.update_nodes([self], animate=False)
        return super().render_lines(crop)

    def _on_focus(self, event: events.Focus) -> None:
        self._invalidate()

    def _on_blur(self, event: events.Blur) -> None:
        self._invalidate()

    def _update_virtual_size(self) -> None:
        if self._error is not None:
            height = 2
        elif self._counted:
            height = self._row_count + 1
        else:
            height = 1
        self.virtual_size = Size(self._total_width, height)

    def _invalidate(self) -> None:
        self._strip_cache.clear()
        self._style_cache.clear()
        self._header_strip = None
        self.refresh()

    # Rendering --------------------------------------------------------------------------

    def _cells_text(self, cells: Sequence) -> Text:
        return row_text(self.columns, cells)

    def _text_strip(self, text: Text, style: Style, post_style: Style | None = None) -> Strip:
        if text.spans or text.style:
            segments = spans_as_segments(text, self.app.console) or list(text.render(self.app.console))
        else:  # what Text.render gives for unstyled text, without its machinery
            segments = [Segment(text.plain)] if text.plain else []
        segments = list(Segment.apply_style(segments, style, post_style))
        return Strip(segments, text.cell_len)

    def _get_header_strip(self) -> Strip:
        if self._header_strip is None:
            style = self._style("paged-table--header")
            header = self._cells_text([Text(column.label) for column in self.columns])
            self._header_strip = self._text_strip(header, style)
        return self._header_strip

    def _style(self, *components: str) -> Style:
        """The widget's style plus component styles, cached until the next style change."""
        style = self._style_cache.get(components)
        if style is None:
            if "" not in self._style_cache:
                self._style_cache[""] = self.rich_style
            style = self._style_cache[""]
            for component in components:
                style += self.get_component_rich_style(component)
            self._style_cache[components] = style
        return style

    def _row_style(self, index: int, cursor: bool) -> Style:
        parity = "paged-table--odd-row" if index % 2 else "paged-table--even-row"
        return self._style(parity, "paged-table--cursor") if cursor else self._style(parity)

    def _get_row_strip(self, index: int, cells: Sequence, cursor: bool) -> Strip:
        key = (index, cursor)
        strip = self._strip_cache.get(key)
        if strip is None:
            style = self._row_style(index, cursor)
            post = Style(bgcolor=style.bgcolor) if cursor and style.bgcolor is not None else None
            strip = self._text_strip(self._cells_text(cells), style, post)
            self._strip_cache.set(key, strip)
        return strip

    def _message_strip(self, y: int, text: str, component: str, width: int) -> Strip:
        style = self._style(component)
        base = self._style()
        lines = Text(text).wrap(self.app.console, max(1, width - 1))
        if 0 <= y < len(lines):
            line = Text(" ") + lines[y]
            return self._text_strip(line, style).crop_extend(0, width, base)
        return Strip.blank(width, base)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        scroll_x = int(self.scroll_x)
        base = self._style()
        if y == 0:
            return self._get_header_strip().crop_extend(scroll_x, scroll_x + width, self._style("paged-table--header"))
        if self._error is not None:
            return self._message_strip(y - 1, self._error, "paged-table--error", width)
        if not self._counted:
            return self._message_strip(y - 1, self.loading_text, "paged-table--message", width)
        if self._row_count == 0:
            return self._message_strip(y - 1, self.empty_text, "paged-table--message", width)
        index = int(self.scroll_y) + y - 1
        if index >= self._row_count:
            return Strip.blank(width, base)
        cursor = index == self.cursor_row
        page = index // self.page_size
        rows = self._pages.get(page)
        if rows is not None:
            self._pages.move_to_end(page)
        else:
            rows = self._stale_pages.get(page)
        offset = index % self.page_size
        if rows is not None and offset < len(rows):
            strip = self._get_row_strip(index, rows[offset][1], cursor)
            return strip.crop_extend(scroll_x, scroll_x + width, self._row_style(index, cursor))
        row_style = self._row_style(index, cursor)
        placeholder = Text("…", style=self.get_component_rich_style("paged-table--placeholder", partial=True))
        return self._text_strip(placeholder, row_style).crop_extend(scroll_x, scroll_x + width, row_style)
