"""Keystroke figures for `make bench`: the real app driven by Textual's Pilot, in process, on
the company database, next to stock Textual doing the same job.

    python bench/tui_bench.py [size flags of bench/company.py] [--keystrokes 20]

Each app runs in a fresh process (`app.run_test()`, a 120x40 headless screen). A figure is
the time from just before the key is sent to the first frame that shows its result:

  * frames: the app's `_display` (what hands a compositor update to the terminal driver)
    is wrapped to note the time of every frame, and to render the update to the escape
    codes a terminal would get (the headless driver skips that step; we do not);
  * its result: when each frame is drawn, a check of what it shows (the tab is the one
    asked for and every row its tables show is loaded; for the filter, the table shows
    the latest text; for End and PageDown, the cursor row and the visible rows are
    loaded). The key's work is over when, in addition, no worker is pending or running
    and no frame came for 0.15 s; the figure is the first frame that passed the check
    after the last change of data (a worker's result applied through call_from_thread,
    or a PagedTable's count or page arriving), so a frame drawn before the data came
    does not count, nor one drawn later by an animation (the tab underline). A change
    that no later frame drew (a hidden tab read ahead meanwhile) is not the key's. The waits
    are polled with asyncio.sleep, never with `pilot.pause()`, which would force a
    repaint the real app does not get.

What is measured, and against what:

  tab N opened   keys 2..6, each in an app of its own: the tab's first opening; after 2,
                 key 1 back to Candidates. Twice: once the app has read the hidden tabs
                 ahead (it does so, one at a time, once nothing else is reading), and
                 as soon as the Candidates tab is filled, while that reading goes on. A tab not shown after
                 TAB_TIMEOUT (120 s) is reported as such and its process left. Baseline:
                 the same key in bench/bare_app.py (the same six tabs, a Static in each):
                 what Textual itself costs to switch tabs.
  filter key     once the hidden tabs are read ahead (as for scrolling below),
                 "/" then --filter-text typed one key at a time (20 keys), each to the frame
                 with the filtered rows; baseline: bench/plain_table.py --mode filter, an
                 Input over a stock DataTable refilled, on each change, with the same
                 filter's count and first page of 200 rows read with plain sqlite3.
  End            first to last row of the full Candidates table (100,000 rows at default);
  PageDown       from the first row until the cursor has passed 1,000 rows, each key timed;
                 baseline for both: bench/plain_table.py --mode all, a stock DataTable
                 holding every ranked row in memory (loaded before timing), with its
                 own keys for the same moves (ctrl+end; pagedown).

Prints figures only: it asserts nothing and is not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(1, str(BENCH.parent))

from company import TODAY, add_size_arguments, company_database, sizes_from  # noqa: E402
from report import Row, median, print_table, rows_to_json  # noqa: E402

SIZE = (120, 40)
QUIET = 0.15  # seconds without a new frame that count as "settled"
TIMEOUT = 300.0
TAB_TIMEOUT = 120.0  # a tab that takes longer is reported as "> 120 s" (its process is left)
FILTER_TEXT = "senior robotics engi"  # 20 keys; every word matches titles of the demo company
PAGED_ROWS = 1000
BASELINES = {
    "bare app": "bench/bare_app.py: the same six tabs with a Static in each, same keys",
    "DataTable": "bench/plain_table.py: a stock DataTable over the same rows read with sqlite3 (see tui_bench.py)",
}


# ------------------------------------------------------------------------------ timing


class Frames:
    """Every frame the app draws, with whether `probe()` held when it was drawn, and every
    change of data on screen (see the module's docstring)."""

    def __init__(self, app) -> None:
        from textual._compositor import CompositorUpdate

        self.frames: list[tuple[float, bool]] = []
        self.changes: list[float] = []
        self.probe = lambda: True
        display = app._display
        console = app.console

        def timed_display(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is not None and not app._batch_count:
                if isinstance(renderable, CompositorUpdate):
                    renderable.render_segments(console)
                self.frames.append((time.perf_counter(), bool(self.probe())))

        app._display = timed_display

        # Results of workers reach the screen through call_from_thread (every tab's loading)
        # and a PagedTable's pages through its _invalidate: note when each was applied.
        call_from_thread = app.call_from_thread

        def noted_call_from_thread(callback, *args, **kwargs):
            def applied(*inner_args, **inner_kwargs):
                try:
                    return callback(*inner_args, **inner_kwargs)
                finally:
                    self.changes.append(time.perf_counter())

            return call_from_thread(applied, *args, **kwargs)

        app.call_from_thread = noted_call_from_thread
        try:
            from advocacy_tui.widgets.paged_table import PagedTable
        except ImportError:  # a baseline process: nothing of ours is loaded
            return
        if not getattr(PagedTable, "_bench_noted", False):
            invalidate = PagedTable._invalidate
            changes = self.changes

            def noted_invalidate(table) -> None:
                invalidate(table)
                changes.append(time.perf_counter())

            PagedTable._invalidate = noted_invalidate
            PagedTable._bench_noted = True


def _idle(app) -> bool:
    from textual.worker import WorkerState

    return not any(worker.state in (WorkerState.PENDING, WorkerState.RUNNING) for worker in app.workers)


class TimedOut(Exception):
    pass


async def _until(ready, what: str, timeout: float = TIMEOUT) -> None:
    began = time.perf_counter()
    while not ready():
        if time.perf_counter() - began > timeout:
            print(f"bench: {what} did not happen within {timeout:.0f} s", file=sys.stderr, flush=True)
            raise TimedOut(what)
        await asyncio.sleep(0.002)


async def timed_key(pilot, frames: Frames, key: str, shown, what: str, *, settled=lambda: True,
                    timeout: float = TIMEOUT) -> float:
    """Milliseconds from sending `key` to the first frame that shows its result.

    `shown()` says the result is on screen (checked as each frame is drawn); the app is
    then left to settle (`settled()`, e.g. no worker running, and no new frame for QUIET
    seconds), and the figure is the first frame drawn with `shown()` true after the last
    change of data the key caused.
    """
    frames.probe = shown
    first_frame, first_change = len(frames.frames), len(frames.changes)
    start = time.perf_counter()
    await pilot.press(key)
    await _until(lambda: shown() and settled(), what, timeout)
    while True:
        seen = len(frames.frames)
        await asyncio.sleep(QUIET)
        if len(frames.frames) == seen and shown() and settled():
            break
    drawn = frames.frames[first_frame:]
    # A change after the last frame drew nothing (a hidden tab read ahead): not the key's.
    last_drawn = drawn[-1][0] if drawn else start
    last_change = max([start, *(when for when in frames.changes[first_change:] if when <= last_drawn)])
    for when, held in drawn:
        if held and when >= last_change:
            return (when - start) * 1000
    raise SystemExit(f"bench: {what}: no frame showed the result")


# ------------------------------------------------------------------------------ ours


def _visible_rows_loaded(table) -> bool:
    if table.error is not None:
        return True
    if table.pending or not table._counted:
        return False
    if table.row_count == 0:
        return True
    top = int(table.scroll_y)
    last = min(table.row_count, top + table._rows_visible())
    return table.row_at(table.cursor_row) is not None and all(table.row_at(i) is not None for i in range(top, last))


def _ours(db: Path):
    from advocacy_tui.app import AdvocacyApp
    from advocacy_tui.config import Settings

    folder = Path(tempfile.mkdtemp(prefix="advocacy-tui-bench-"))
    return AdvocacyApp(db=str(db), settings=Settings(), config_path=folder / "config.toml", today=TODAY)


def _tab_ready(app, tab_id: str):
    """The tab is the current one, its load has started and its tables show loaded rows."""
    from advocacy_tui.widgets.paged_table import PagedTable

    def ready() -> bool:
        tab = app.current_tab()
        if app.workspace is None or tab is None or tab.TAB_ID != tab_id or tab.stale:
            return False
        return all(_visible_rows_loaded(table) for table in tab.query(PagedTable))

    return ready


async def _ours_started(app, pilot) -> Frames:
    from textual.widgets import Input

    frames = Frames(app)
    await _until(lambda: _tab_ready(app, "candidates")() and _idle(app), "the Candidates tab filling")
    for text_input in app.query(Input):
        text_input.cursor_blink = False  # a blinking cursor draws a frame every half second
    await asyncio.sleep(QUIET)
    return frames


async def run_ours_tab(db: Path, number: int, ahead: bool = False) -> dict:
    """Key `number` from the Candidates tab: the tab's first opening (and for 2, key 1 back).

    With `ahead`, the key waits until the app has read the hidden tabs ahead (what a
    person who looks at the Candidates tab for a few seconds first gets); without, it is
    pressed as soon as the Candidates tab is filled, while that reading is going on."""
    app = _ours(db)
    figures: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        frames = await _ours_started(app, pilot)
        if ahead:
            await _until(lambda: app.tabs_read() and _idle(app), "the hidden tabs read ahead")
            await asyncio.sleep(QUIET)
        order = [tab.tab_id for tab in app.tabs()]
        keys = (number, 1) if number == 2 else (number,)
        for key in keys:
            try:
                figures[f"tab {key}"] = [await timed_key(
                    pilot, frames, str(key), _tab_ready(app, order[key - 1]), f"tab {key}",
                    settled=lambda: _idle(app), timeout=TAB_TIMEOUT,
                )]
            except TimedOut:
                # Its worker is still running and would keep the app from closing: report and leave.
                figures[f"tab {key}"] = [None]
                print(json.dumps(figures), flush=True)
                os._exit(0)
    return figures


async def run_ours_candidates(db: Path, filter_text: str) -> dict:
    from textual.widgets import Input

    from advocacy_tui.widgets.paged_table import PagedTable

    app = _ours(db)
    figures: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        frames = await _ours_started(app, pilot)
        # Typed once the app has read the hidden tabs ahead: the filter's own figures, not
        # those of a keystroke that lands on that reading (the tab rows show both cases).
        await _until(lambda: app.tabs_read() and _idle(app), "the hidden tabs read ahead")
        await asyncio.sleep(QUIET)

        def idle() -> bool:
            return _idle(app)

        candidates = app.query_one("#candidates-tab")
        table = app.query_one("#candidates-table", PagedTable)
        filter_input = app.query_one("#candidates-filter", Input)

        def shows(text: str):
            def ready() -> bool:
                source = candidates.source
                return (
                    filter_input.value == text
                    and source is not None
                    and source.text == text.strip()
                    and table.source is source
                    and _visible_rows_loaded(table)
                )

            return ready

        await pilot.press("slash")
        await _until(lambda: filter_input.has_focus, "the filter taking focus")
        typed = ""
        figures["filter"] = []
        for char in filter_text:
            typed += char
            key = "space" if char == " " else char
            figures["filter"].append(await timed_key(pilot, frames, key, shows(typed), f"filter {typed!r}", settled=idle))
        await pilot.press("escape")
        await _until(lambda: table.has_focus and shows("")() and idle(), "the filter clearing")

        def at_last() -> bool:
            return table.row_count > 0 and table.cursor_row == table.row_count - 1 and _visible_rows_loaded(table)

        figures["rows"] = [table.row_count]
        figures["end"] = [await timed_key(pilot, frames, "end", at_last, "End", settled=idle)]
        await pilot.press("home")
        await _until(lambda: table.cursor_row == 0 and idle() and _visible_rows_loaded(table), "Home")
        figures["pagedown"] = []
        while table.cursor_row < PAGED_ROWS and table.cursor_row < table.row_count - 1:
            before = table.cursor_row

            def moved(before=before) -> bool:
                return table.cursor_row > before and _visible_rows_loaded(table)

            figures["pagedown"].append(await timed_key(pilot, frames, "pagedown", moved, "PageDown", settled=idle))
        figures["paged_to"] = [table.cursor_row]
    return figures


# ------------------------------------------------------------------------------ baselines


async def run_bare() -> dict:
    from textual.widgets import TabbedContent

    from bare_app import TABS, BareApp

    app = BareApp()
    figures: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        frames = Frames(app)
        await asyncio.sleep(QUIET)
        for number in (2, 3, 4, 5, 6, 1):
            tab_id = TABS[number - 1][0]

            def ready(tab_id=tab_id) -> bool:
                return app.query_one(TabbedContent).active == tab_id

            figures[f"tab {number}"] = [
                await timed_key(pilot, frames, str(number), ready, f"bare tab {number}", settled=lambda: _idle(app))
            ]
    return figures


async def run_plain_filter(db: Path, filter_text: str) -> dict:
    from textual.widgets import Input

    from plain_table import PlainTable

    app = PlainTable(str(db), "filter")
    figures: dict[str, list[float]] = {"filter": []}
    async with app.run_test(size=SIZE) as pilot:
        frames = Frames(app)
        text_input = app.query_one(Input)
        text_input.cursor_blink = False
        await _until(lambda: app.shown_text == "" and text_input.has_focus, "the plain table filling")
        await asyncio.sleep(QUIET)
        typed = ""
        for char in filter_text:
            typed += char
            key = "space" if char == " " else char
            figures["filter"].append(
                await timed_key(pilot, frames, key, lambda typed=typed: app.shown_text == typed, f"plain filter {typed!r}")
            )
    return figures


async def run_plain_all(db: Path) -> dict:
    from textual.widgets import DataTable

    from plain_table import PlainTable

    app = PlainTable(str(db), "all")
    figures: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        frames = Frames(app)
        table = app.query_one(DataTable)
        await _until(lambda: table.row_count > 0 and table.has_focus, "the plain table filling")
        await asyncio.sleep(QUIET)
        figures["rows"] = [table.row_count]
        figures["end"] = [
            await timed_key(pilot, frames, "ctrl+end", lambda: table.cursor_row == table.row_count - 1, "plain ctrl+end")
        ]
        await pilot.press("ctrl+home")
        await _until(lambda: table.cursor_row == 0, "plain ctrl+home")
        await asyncio.sleep(QUIET)
        figures["pagedown"] = []
        while table.cursor_row < PAGED_ROWS and table.cursor_row < table.row_count - 1:
            before = table.cursor_row
            figures["pagedown"].append(
                await timed_key(pilot, frames, "pagedown", lambda before=before: table.cursor_row > before, "plain PageDown")
            )
        figures["paged_to"] = [table.cursor_row]
    return figures


SIDES = {
    "ours-tab": lambda args: run_ours_tab(Path(args.db), args.tab),
    "ours-tab-ahead": lambda args: run_ours_tab(Path(args.db), args.tab, ahead=True),
    "ours-candidates": lambda args: run_ours_candidates(Path(args.db), args.filter_text),
    "bare": lambda args: run_bare(),
    "plain-filter": lambda args: run_plain_filter(Path(args.db), args.filter_text),
    "plain-all": lambda args: run_plain_all(Path(args.db)),
}


def run_side(side: str, db: Path, filter_text: str, tab: int = 0) -> dict:
    """One app, in a fresh process; its figures."""
    command = [sys.executable, __file__, "--side", side, "--db", str(db), "--filter-text", filter_text, "--tab", str(tab)]
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TEXTUAL", "ADVOCACY_"))}
    result = subprocess.run(command, stdout=subprocess.PIPE, text=True, env=env, cwd=BENCH.parent)
    if result.returncode != 0:
        raise SystemExit(f"bench: tui_bench side {side} failed ({result.returncode})")
    return json.loads(result.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------ the rows


def measure(db: Path, filter_text: str = FILTER_TEXT) -> list[Row]:
    ours: dict[str, list] = {}
    ahead: dict[str, list] = {}
    for number in (2, 3, 4, 5, 6):
        print(f"bench: keystrokes: the app, opening tab {number}...", file=sys.stderr, flush=True)
        ours.update(run_side("ours-tab", db, filter_text, number))
        ahead.update(run_side("ours-tab-ahead", db, filter_text, number))
    print("bench: keystrokes: the app, Candidates filter and scrolling...", file=sys.stderr, flush=True)
    ours.update(run_side("ours-candidates", db, filter_text))
    print("bench: keystrokes: the bare app and the plain DataTable...", file=sys.stderr, flush=True)
    bare = run_side("bare", db, filter_text)
    plain_filter = run_side("plain-filter", db, filter_text)
    plain_all = run_side("plain-all", db, filter_text)
    titles = ("Candidates", "Scoring", "Cohort", "Content queue", "Recognition", "Metrics")
    rows = []
    for figures, when in ((ahead, "hidden tabs read ahead"), (ours, "as Candidates fills")):
        for number in (2, 3, 4, 5, 6, 1):
            (value,) = figures[f"tab {number}"]
            what = f"key {number}: open {titles[number - 1]}" if number != 1 else "key 1: back to Candidates"
            note = f"(gave up after {TAB_TIMEOUT:.0f} s)" if value is None else ""
            rows.append(Row(f"{what} ({when})", value, bare[f"tab {number}"][0], "ms", "bare app", "< 50 ms",
                            value is not None and value < 50, note=note))
    keys = len(ours["filter"])
    for label, pick in (("median", median), ("worst", max)):
        value = pick(ours["filter"])
        rows.append(Row(f"Candidates filter, {label} of {keys} keys", value, pick(plain_filter["filter"]), "ms",
                        "DataTable", "< 50 ms", value < 50))
    rows.append(Row(f"End: row 1 to {ours['rows'][0]:,}", ours["end"][0], plain_all["end"][0], "ms", "DataTable"))
    presses, base_presses = len(ours["pagedown"]), len(plain_all["pagedown"])
    rows.append(Row(f"PageDown to row {PAGED_ROWS:,}: all {presses} keys", sum(ours["pagedown"]),
                    sum(plain_all["pagedown"]) * presses / max(1, base_presses), "ms", "DataTable",
                    note=f"(DataTable: {base_presses} keys, scaled to {presses})" if base_presses != presses else ""))
    for label, pick in (("median", median), ("worst", max)):
        rows.append(Row(f"PageDown, {label} key", pick(ours["pagedown"]), pick(plain_all["pagedown"]), "ms", "DataTable"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Keystroke figures: the app under Pilot next to stock Textual.")
    add_size_arguments(parser)
    parser.add_argument("--filter-text", default=FILTER_TEXT, help=f"what is typed into the filter ({FILTER_TEXT!r})")
    parser.add_argument("--rows-json", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--side", choices=sorted(SIDES), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--tab", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.side:
        figures = asyncio.run(SIDES[args.side](args))
        print(json.dumps(figures))
        return 0
    sizes = sizes_from(args, argv)
    db = company_database(sizes, args.seed, args.cache_dir, args.rebuild)
    rows = measure(db, args.filter_text)
    if args.rows_json:
        print(rows_to_json(rows))
    else:
        print_table(rows, f"advocacy keystrokes, {sizes.label()}", BASELINES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
