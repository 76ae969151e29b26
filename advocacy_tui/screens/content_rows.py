"""The Content tab's rows: its tables' columns and cells, the row sources that page the
library and the queue from the store, and the reading the tab starts as it loads.

The summary line and the library's first page are read together, in threads of this
module's own pool started as the tab loads (`read_tab`): a Textual worker's thread would
start only after the frame that shows the tab, and this reading overlaps that frame.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

from rich.text import Text

from advocacy_tui.widgets.paged_table import Column
from advocacy_tui.workspace import Workspace


FILTERS = (("topic", "Topic"), ("platform", "Platform"), ("tone", "Tone"), ("category", "Category"), ("status", "Status"))

LIBRARY_COLUMNS = (
    Column("status", "Status", 8),
    Column("title", "Title", 30),
    Column("topic", "Topic", 17),
    Column("platform", "Platform", 9),
    Column("tone", "Tone", 11),
    Column("category", "Category", 14),
    Column("from", "From", 5),
    Column("expires", "Exp.", 5),
    Column("sent", "Sent", 4, "right"),
    Column("shared", "Shrd", 4, "right"),
)
QUEUE_COLUMNS = (
    Column("advocate", "Advocate", 18),
    Column("category", "Category", 18),
    Column("asset", "Asset", 36),
    Column("platform", "Platform", 9),
    Column("delivered", "Sent", 6),
    Column("due", "Due", 6),
    Column("status", "Status", 9),
    Column("utilization", "Used", 5, "right"),
)
FEEDBACK_COLUMNS = (
    Column("status", "Status", 8),
    Column("kind", "Kind", 15),
    Column("advocate", "Advocate", 18),
    Column("asset", "Asset", 28),
    Column("text", "What they said", 32),
    Column("given", "Given", 6),
)
STATUS_STYLES = {
    "approved": "green",
    "draft": "yellow",
    "retired": "dim",
    "shared": "bold green",
    "skipped": "dim",
    "queued": "",
    "delivered": "",
    "open": "bold yellow",
    "resolved": "dim",
}


def _day(value: date | None) -> str:
    return value.strftime("%m-%d") if value else ""


def percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


class LibraryCells:
    """Library rows; an approved asset past its expiry date shows as expired."""

    def __init__(self, today: date) -> None:
        self.today = today

    def __call__(self, _index: int, row) -> tuple:
        fields = row.fields
        if row.held:
            status = Text("review", style="bold red")
        elif row.status == "approved" and fields.expires_on is not None and fields.expires_on <= self.today:
            status = Text("expired", style="dim")
        else:
            status = Text(row.status, style=STATUS_STYLES.get(row.status, ""))
        return library_cells(status, fields, row)


def library_cells(status: Text, fields, row) -> tuple:
    return (
        status,
        fields.title,
        fields.topic,
        fields.platform,
        fields.tone,
        fields.category or "(everyone)",
        _day(fields.available_from),
        _day(fields.expires_on),
        str(row.delivered),
        str(row.shared),
    )


def queue_cells(row, first: bool) -> tuple:
    """A queue row, with the advocate named once per group (`first`), so the eye finds
    each person."""
    if row.delivery_id is None:
        asset = Text("nothing delivered this week", style="italic dim")
    else:
        asset = row.asset_title
    return (
        row.advocate if first else "",
        (row.category or "(none)") if first else "",
        asset,
        row.platform,
        _day(row.delivered_on),
        _day(row.due_on),
        Text(row.status, style=STATUS_STYLES.get(row.status, "")),
        percent(row.utilization) if first else "",
    )


def feedback_cells(_index: int, row) -> tuple:
    return (
        Text(row.status, style=STATUS_STYLES.get(row.status, "")),
        row.kind_label,
        row.advocate,
        row.asset_title,
        row.text,
        _day(row.created_on),
    )


class LibrarySource:
    """The asset library as the table's row source: a count and pages read from the store
    in the table's workers, each page's deliveries counted for its assets only."""

    def __init__(self, workspace: Workspace, filters: dict[str, str]) -> None:
        self.workspace = workspace
        self.filters = dict(filters)
        self.cells = LibraryCells(workspace.today)
        self.rows_by_key: dict = {}

    def count(self) -> int:
        from advocacy_tui.store.content.library import asset_count

        return asset_count(self.workspace.store, self.filters)

    def rows(self, offset: int, limit: int) -> list[tuple[str, tuple]]:
        from advocacy_tui.store.content.library import asset_rows

        page = asset_rows(self.workspace.store, self.filters, offset, limit)
        self.rows_by_key.update((row.id, row) for row in page)
        return [(row.id, self.cells(offset + index, row)) for index, row in enumerate(page)]

    def position(self, asset_id: str | None) -> int | None:
        """Where the asset is in the listing (in a worker: it asks the store)."""
        from advocacy_tui.store.content.library import asset_position

        return asset_position(self.workspace.store, self.filters, asset_id) if asset_id else None

    def item(self, key: str | None):
        return self.rows_by_key.get(key) if key else None


class QueueSource:
    """This week's queue as the table's row source, read a page at a time."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.rows_by_key: dict = {}

    def count(self) -> int:
        from advocacy_tui.store.content.queue import queue_count

        return queue_count(self.workspace.store, self.workspace.today)

    def rows(self, offset: int, limit: int) -> list[tuple[str, tuple]]:
        from advocacy_tui.store.content.queue import queue_rows

        tracking = self.workspace.settings.tracking
        # One row before the page says whether its first row starts an advocate's group.
        start = max(0, offset - 1)
        page = queue_rows(
            self.workspace.store, self.workspace.today, tracking.utm_medium, tracking.ats, start, limit + offset - start
        )
        previous = page[0] if offset and page else None
        page = page[offset - start :]
        self.rows_by_key.update((row.delivery_id or row.advocate_id, row) for row in page)
        result = []
        for row in page:
            first = previous is None or previous.advocate_id != row.advocate_id
            result.append((row.delivery_id or row.advocate_id, queue_cells(row, first)))
            previous = row
        return result

    def item(self, key: str | None):
        return self.rows_by_key.get(key) if key else None


@dataclass(frozen=True)
class ContentSummary:
    """What the tab shows above every view, read when the tab loads (`read_tab`)."""

    counts: dict
    coverage: list
    copies: list
    drop_missed: bool  # drop day, someone receives, and nothing went out this week


PAGE = 50  # rows a content table reads at a time: a screen and a half


@dataclass(frozen=True)
class LibraryRead:
    """The library table's source with its count and the page its cursor goes to."""

    source: LibrarySource
    loaded: tuple[int, dict[int, list]]
    index: int | None  # where the cursor goes (None: the top)
    followed: str | None  # the followed asset, when it was found
    values: dict[str, list[str]]  # the filter bar's values


def read_library(workspace: Workspace, filters: dict[str, str], follow: str | None, cursor: str | None) -> LibraryRead:
    """The library's count and the page its cursor goes to (the followed asset's, else the
    one it was on), with the filter bar's values: shown at once, the table does not go
    back to a worker for its first rows."""
    from advocacy_tui.store.content.library import filter_values

    source = LibrarySource(workspace, filters)
    index = source.position(follow)
    followed = follow if index is not None else None
    if index is None:
        index = source.position(cursor)
    count = source.count()
    page = (index or 0) // PAGE
    rows = source.rows(page * PAGE, PAGE) if count else []
    return LibraryRead(source, (count, {page: rows}), index, followed, filter_values(workspace.store))


def _read_summary(workspace: Workspace) -> tuple[dict, list, bool]:
    """The summary but coverage: the library's counts, the authenticity check, and on drop
    day whether the drop went out."""
    from advocacy_tui.program.content.tick import is_drop_day
    from advocacy_tui.store.content.authenticity import near_identical
    from advocacy_tui.store.content.library import library_counts
    from advocacy_tui.store.content.queue import drop_missed

    store, today, delivery = workspace.store, workspace.today, workspace.settings.delivery
    counts = library_counts(store)
    copies = near_identical(store, today, delivery.similarity)
    return counts, copies, is_drop_day(today, delivery.weekday) and drop_missed(store, today)


# The Content tab's reading when it loads: started at once (see ContentTab.load), coverage,
# the library and the rest of the summary each in a thread (SQLite lets go of the GIL while
# it reads, and a thread waiting for the GIL while the app draws does not hold up the others).
_READING = ThreadPoolExecutor(max_workers=4, thread_name_prefix="content-read")


def read_tab(workspace: Workspace, library: tuple | None) -> "Future[tuple[ContentSummary, LibraryRead | None]]":
    """The summary line and, given (filters, followed asset, cursor asset), the library."""
    from advocacy_tui.store.content.drops import coverage

    delivery = workspace.settings.delivery
    covered = _READING.submit(coverage, workspace.store, workspace.today, delivery.per_drop)
    listed = _READING.submit(read_library, workspace, *library) if library is not None else None

    def rest() -> tuple[ContentSummary, LibraryRead | None]:
        try:
            counts, copies, missed = _read_summary(workspace)
            read = listed.result() if listed is not None else None
            return ContentSummary(counts, covered.result(), copies, missed), read
        finally:
            covered.cancel()
            if listed is not None:
                listed.cancel()

    return _READING.submit(rest)
