"""A table that shows a window of rows fetched on demand, so 100,000 rows open as fast as 300.

`PagedTable` is a Line-API widget (like Textual's DataTable, but it never holds all rows).
It asks a `RowSource` for the row count and then for pages of rows, always in worker
threads; rows whose page has not arrived yet render as a dim placeholder. Pages live in a
small LRU, so memory stays flat however far the user scrolls.

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
from dataclasses import dataclass, replace
from functools import partial
from typing import Protocol, Sequence, runtime_checkable

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

__all__ = ["Column", "RowSource", "PagedTable"]

_JUSTIFY = ("left", "right", "center")


@dataclass(frozen=True)
class Column:
    """One column: `key` names it, `label` heads it, `width` in terminal cells."""

    key: str
    label: str
    width: int
    justify: str = "left"  # "left" | "right" | "center"

    def __post_init__(self) -> None:
        if self.justify not in _JUSTIFY:
            raise ValueError(f"justify must be one of {_JUSTIFY}, not {self.justify!r}")
        if self.width < 0:
            raise ValueError("width must not be negative")


@runtime_checkable
class RowSource(Protocol):
    """Where the rows come from. Called from a worker thread, never on the UI loop."""

    def count(self) -> int: ...

    def rows(self, offset: int, limit: int) -> list[tuple[str, tuple]]:
        """(row_key, cells) for rows offset..offset+limit-1; a cell is str or rich.text.Text."""
        ...


def _problem(error: BaseException) -> str:
    """An exception as one line a person can read (no traceback)."""
    text = str(error).strip()
    return text or type(error).__name__


# Private results posted from worker threads back to the widget (post_message is thread-safe).


class _CountDone(Message, bubble=False):
    def __init__(self, generation: int, count: int | None, error: str | None) -> None:
        super().__init__()
        self.generation = generation
        self.count = count
        self.error = error


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
        """A count finished (after `set_source` or `reload`)."""

        def __init__(self, table: "PagedTable", row_count: int) -> None:
            super().__init__(table)
            self.row_count = row_count

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
        return self._count_pending or bool(self._inflight)

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

    def set_source(self, source: RowSource | None, *, keep_cursor: bool = False) -> None:
        """Show a new source: drop all cached rows, count in a worker, then fetch around the cursor.

        Results still arriving for a previous source are ignored.
        """
        self._new_generation()
        self._source = source
        self._stale_pages.clear()
        self._row_count = 0
        self._counted = source is None
        self._select_pending = None
        if not keep_cursor:
            self.set_reactive(PagedTable.cursor_row, 0)
        self._update_virtual_size()
        self.scroll_to(0, 0, animate=False, force=True)
        self._invalidate()
        if source is not None:
            self._start_count()
        else:
            self.post_message(self.Loaded(self, 0))

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
        self._generation += 1
        self._pages.clear()
        self._inflight.clear()
        self._error = None
        self._count_pending = False
        if self.is_attached:
            self.workers.cancel_group(self, self._worker_group)

    def _run(self, work) -> None:
        self.run_worker(
            work,
            thread=True,
            group=self._worker_group,
            exclusive=False,
            exit_on_error=False,
        )

    def _post_from_thread(self, message: Message) -> None:
        try:
            self.post_message(message)
        except RuntimeError:  # the app has closed
            pass

    def _start_count(self) -> None:
        self._count_pending = True
        self._run(partial(self._count_work, self._generation, self._source))

    def _count_work(self, generation: int, source: RowSource) -> None:
        try:
            count = max(0, int(source.count()))
        except Exception as error:  # noqa: BLE001 - shown to the user, not raised
            self._post_from_thread(_CountDone(generation, None, _problem(error)))
        else:
            self._post_from_thread(_CountDone(generation, count, None))

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
        self._request_rows(top, top + self._rows_visible() - 1)
        self._request_rows(self.cursor_row, self.cursor_row)

    @on(_CountDone)
    def _count_done(self, message: _CountDone) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._count_pending = False
        if message.error is not None:
            self._counted = True
            self._row_count = 0
            self._fail(message.error)
            return
        self._row_count = message.count or 0
        self._counted = True
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
        self.post_message(self.Loaded(self, self._row_count))

    @on(_PageDone)
    def _page_done(self, message: _PageDone) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._inflight.discard(message.page)
        if message.error is not None:
            self._fail(message.error)
            return
        self._pages[message.page] = message.rows or []
        self._pages.move_to_end(message.page)
        self._stale_pages.pop(message.page, None)
        keep = max(self.max_pages, self._rows_visible() // self.page_size + 3)
        while len(self._pages) > keep:
            self._pages.popitem(last=False)
        self._invalidate()
        start = message.page * self.page_size
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
        if self._can_move():
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
        self._invalidate()
        self._scroll_cursor_into_view()
        self._request_visible()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._invalidate()

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
        parts: list[Text] = []
        for index, column in enumerate(self.columns):
            cell = cells[index] if index < len(cells) else ""
            if isinstance(cell, Text):
                text = cell.copy()
                plain = text.plain
                if "\n" in plain or "\t" in plain:
                    text.plain = plain.replace("\n", " ").replace("\t", " ")
            else:
                text = Text("" if cell is None else str(cell).replace("\n", " ").replace("\t", " "))
            text.end = ""
            if column.width == 0:
                text = Text("")
            else:
                text.truncate(column.width, overflow="ellipsis")
                text.align(column.justify, column.width)  # type: ignore[arg-type]
            parts.append(text)
        return Text(" ").join(parts)

    def _text_strip(self, text: Text, style: Style, post_style: Style | None = None) -> Strip:
        segments = list(text.render(self.app.console))
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
