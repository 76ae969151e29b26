"""Start-up figures for `make bench`: process start to first frame, next to a bare Textual app.

    python bench/startup.py [--runs N] [--employees 100000] [--data-dir DIR] [--rebuild] [--verbose]

Every program is started as it would be in a terminal: a fresh process attached to a
pseudo-terminal of 120x40 (TERM=xterm-256color). Its output is fed to a tiny screen model
(cursor moves and text; colours ignored), and a figure is the time from just before the
process is spawned to the moment the screen first shows:

  first paint    Textual's first full-screen write, with the tab bar ("1 Candidates",
                 "2 Scoring") on it. Textual brackets frames with the synchronized-update
                 sequences (ESC[?2026h / ESC[?2026l) only when the terminal answers its
                 DECRQM query; a bare pty does not answer, so the screen is the marker.
  footer drawn   the footer's key labels ("^p palette" at least) on the bottom line. Textual
                 fills the footer in a frame of its own after the first one; this is when the
                 screen looks finished to a person.
  table filled   (advocacy only) the Candidates summary says "... flagged as candidates" and
                 the ranked row 1 is in the table: the database is open, ranked and paged in.
                 "cold" runs start with the ranking cache (audit_rank) emptied, as after
                 `advocacy demo`; "warm" runs reuse the cache the previous run built.

The baseline is bench/bare_app.py: a Header, the same two TabPanes (a Static in each) and a
Footer, nothing of ours. The demo databases are written once with `advocacy demo --no-open`
into --data-dir (default: advocacy-bench in the system temp folder) and reused while they
hold the asked number of employees. One untimed run of each program warms the OS caches
and the .pyc files first; then the programs take turns, round after round.

Prints figures only: it asserts nothing and is not part of the test suite.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
BARE_APP = Path(__file__).resolve().parent / "bare_app.py"
TODAY = "2026-11-23"
SMALL = 300
LINES, COLUMNS = 40, 120
FRAME_TIMEOUT = 60.0  # seconds to wait for a first frame before calling it a failure
FILL_TIMEOUT = 600.0  # a cold 100,000-employee ranking is allowed to be slow, not stuck


# The screen ---------------------------------------------------------------------------------

# What Textual writes: cursor positioning (ESC[row;colH), SGR colours, private modes, OSC
# strings and line ends. Only the cursor moves and the text matter for what is on screen.
_TOKEN = re.compile(
    rb"\x1b\[(\d+);(\d+)H"  # cursor position
    rb"|\x1b\[[0-?]*[ -/]*[@-~]"  # any other CSI sequence
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC ... BEL / ST
    rb"|\x1b[@-Z\\^_]"  # two-byte escapes (not CSI "[" or OSC "]")
    rb"|\r\n|\r|\n"
)


def _incomplete_utf8(data: bytes) -> int:
    """How many bytes at the end of data start a UTF-8 character that is not complete yet."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte & 0xC0 == 0x80:  # a continuation byte: look further back for the lead
            continue
        if byte < 0xC0:
            return 0
        needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
        return back if back < needed else 0
    return 0


def _cell_width(char: str) -> int:
    from rich.cells import get_character_cell_size

    return max(1, get_character_cell_size(char))


class Screen:
    """Just enough of a terminal to know which text is where."""

    def __init__(self, lines: int = LINES, columns: int = COLUMNS) -> None:
        self.lines = lines
        self.columns = columns
        self.cells = [[" "] * columns for _ in range(lines)]
        self.written: set[int] = set()  # rows that received text
        self.x = self.y = 0
        self._pending = b""

    def feed(self, data: bytes) -> None:
        data = self._pending + data
        # Hold back an escape sequence or a UTF-8 character that the read cut in two.
        cut = data.rfind(b"\x1b")
        if cut != -1 and not _TOKEN.match(data, cut) and len(data) - cut < 64:
            data, self._pending = data[:cut], data[cut:]
        else:
            cut = len(data) - _incomplete_utf8(data)
            data, self._pending = data[:cut], data[cut:]
        position = 0
        for match in _TOKEN.finditer(data):
            self._text(data[position : match.start()])
            position = match.end()
            if match.group(1):
                self.y, self.x = int(match.group(1)) - 1, int(match.group(2)) - 1
            elif match.group(0) in (b"\r\n", b"\n"):
                self.y, self.x = self.y + 1, 0
            elif match.group(0) == b"\r":
                self.x = 0
        self._text(data[position:])

    def _text(self, data: bytes) -> None:
        if not data:
            return
        for char in data.decode("utf-8", "replace"):
            if 0 <= self.y < self.lines and 0 <= self.x < self.columns:
                self.cells[self.y][self.x] = char
                self.written.add(self.y)
            self.x += _cell_width(char)

    def rows(self) -> list[str]:
        return ["".join(row).rstrip() for row in self.cells]

    def text(self) -> str:
        return "\n".join(self.rows())


# What counts as drawn ---------------------------------------------------------------------


def _tab_bar(rows: list[str]) -> bool:
    return any("1 Candidates" in row and "2 Scoring" in row for row in rows)


def first_paint(screen: Screen) -> bool:
    """Every line written once (a full-screen update) and the tab bar on it."""
    return len(screen.written) == screen.lines and _tab_bar(screen.rows())


def footer_drawn(screen: Screen) -> bool:
    rows = screen.rows()
    return _tab_bar(rows) and "palette" in rows[-1]


_RANK_ONE = re.compile(r"^\s*1\s+(?:★\s*)?[^\s…]")


def table_filled(screen: Screen) -> bool:
    """The summary is in ('... flagged as candidates', however it wraps) and row 1 is loaded."""
    rows = screen.rows()
    if "flagged as candidates" not in " ".join(" ".join(rows).split()):
        return False
    for index, row in enumerate(rows[:-1]):
        if "#" in row and "Name" in row and "Qual" in row:  # the table's header line
            return bool(_RANK_ONE.match(rows[index + 1]))
    return False


# Running a program on a pty ---------------------------------------------------------------


@dataclass
class Outcome:
    seconds: dict[str, float] = field(default_factory=dict)  # marker -> seconds since spawn
    screen: Screen | None = None
    exit_code: int | None = None  # set if the program ended by itself


def terminal_environment(config: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEXTUAL", "ADVOCACY_")) and key not in ("NO_COLOR", "FORCE_COLOR")
    }
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        COLUMNS=str(COLUMNS),
        LINES=str(LINES),
        ADVOCACY_CONFIG=str(config),  # a file that does not exist: the default settings
    )
    return env


def run_on_pty(
    argv: list[str],
    markers: dict[str, Callable[[Screen], bool]],
    env: dict[str, str],
    timeout: float,
) -> Outcome:
    """Spawn argv on a fresh 120x40 pty and time when each marker first holds on its screen.

    Returns once all markers were seen, the program ended, or `timeout` passed; the program
    is then stopped (SIGTERM, then SIGKILL) and reaped.
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    screen = Screen()
    outcome = Outcome(screen=screen)
    waiting = dict(markers)
    start = time.perf_counter()
    process = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,  # Textual draws on stderr
        env=env,
        cwd=ROOT,
        start_new_session=True,  # its own session: no controlling terminal of ours
    )
    os.close(slave)
    try:
        while waiting:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                break
            ready, _, _ = select.select([master], [], [], min(left, 0.5))
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 1 << 16)
            except OSError:  # EIO: the program closed the pty (it ended)
                data = b""
            now = time.perf_counter() - start
            if not data:
                break
            screen.feed(data)
            for name, holds in list(waiting.items()):
                if holds(screen):
                    outcome.seconds[name] = now
                    del waiting[name]
    finally:
        outcome.exit_code = process.poll()
        _stop(process)
        os.close(master)
    return outcome


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=3)
        except subprocess.TimeoutExpired:
            process.kill()
    process.wait()


# The databases ----------------------------------------------------------------------------


def advocacy_command() -> list[str]:
    """The installed `advocacy` script next to this Python, as a user starts it."""
    script = Path(sys.executable).with_name("advocacy")
    return [str(script)] if script.exists() else [sys.executable, "-m", "advocacy_tui"]


def employee_count(path: Path) -> int | None:
    if not path.exists():
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return connection.execute("SELECT count(*) FROM employee").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return None


def demo_database(data_dir: Path, employees: int, rebuild: bool) -> tuple[Path, str]:
    """The demo database with `employees` people, written once and then reused."""
    path = data_dir / f"demo-{employees}.sqlite"
    if not rebuild and employee_count(path) == employees:
        return path, "reused"
    partial = data_dir / f"demo-{employees}.partial.sqlite"
    for stale in (path, partial):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{stale}{suffix}").unlink(missing_ok=True)
    print(f"Writing the {employees:,}-employee demo database (once; later runs reuse it)...", file=sys.stderr, flush=True)
    began = time.perf_counter()
    result = subprocess.run(
        [*advocacy_command(), "--db", str(partial), "--today", TODAY, "demo", "--no-open", "--employees", str(employees)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"bench: `advocacy demo --employees {employees}` failed ({result.returncode}):\n{result.stderr.strip()}")
    os.replace(partial, path)
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    return path, f"written in {time.perf_counter() - began:.0f} s"


def empty_ranking_cache(path: Path) -> None:
    """Back to the state `advocacy demo` leaves: no audit_rank rows and no ranking stamp."""
    from sqlalchemy import delete

    from advocacy_tui.store.audit import STAMP_KEY
    from advocacy_tui.store.database import open_store
    from advocacy_tui.store.models import AuditRank, StoreMeta

    store = open_store(path)
    try:
        with store.writing() as session:
            session.execute(delete(AuditRank))
            session.execute(delete(StoreMeta).where(StoreMeta.key == STAMP_KEY))
    finally:
        store.close()


# The benchmark ----------------------------------------------------------------------------


@dataclass
class Subject:
    label: str
    argv: list[str]
    database: Path | None = None
    samples: dict[str, list[float]] = field(default_factory=dict)

    def add(self, key: str, seconds: float) -> None:
        self.samples.setdefault(key, []).append(seconds)


def _check(subject: Subject, markers: dict, outcome: Outcome, timeout: float) -> bool:
    """True if every marker was seen; else says which were not, and shows the last screen."""
    missing = [name for name in markers if name not in outcome.seconds]
    if missing:
        ended = f"it exited with {outcome.exit_code}" if outcome.exit_code is not None else f"after {timeout:.0f} s"
        print(
            f"bench: {subject.label}: no {', '.join(missing)} ({ended}). Last screen:\n{outcome.screen.text()}",
            file=sys.stderr,
        )
    return not missing


def _measure(
    subject: Subject, markers: dict, env: dict[str, str], timeout: float, prefix: str = "", verbose: bool = False
) -> None:
    outcome = run_on_pty(subject.argv, markers, env, timeout)
    _check(subject, markers, outcome, timeout)
    for name, seconds in outcome.seconds.items():
        subject.add(prefix + name, seconds)
    if "paint" in outcome.seconds and "filled" in outcome.seconds:
        subject.add(prefix + "after paint", outcome.seconds["filled"] - outcome.seconds["paint"])
    if verbose:
        figures = ", ".join(f"{name} {seconds * 1000:,.0f} ms" for name, seconds in outcome.seconds.items())
        print(f"  {subject.label}{', ' + prefix.strip() if prefix else ''}: {figures}", file=sys.stderr)


def _ms(values: list[float] | None, pick: Callable[[list[float]], float]) -> str:
    return f"{pick(values) * 1000:,.0f}" if values else "—"


def _ratio(values: list[float] | None, base: list[float] | None) -> str:
    """Median over the bare app's median / min over its min (the min shrugs off a busy machine)."""
    if not values or not base:
        return "—"
    return f"{statistics.median(values) / statistics.median(base):.2f}/{min(values) / min(base):.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time advocacy's start-up next to a bare Textual app.")
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each program (default 10)")
    parser.add_argument("--employees", type=int, default=100_000, help="size of the large demo database (default 100000)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "advocacy-bench",
        help="where the demo databases are kept between runs",
    )
    parser.add_argument("--rebuild", action="store_true", help="write the demo databases again")
    parser.add_argument("--verbose", action="store_true", help="print every run's figures (to stderr)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    args.data_dir.mkdir(parents=True, exist_ok=True)
    sizes = sorted({SMALL, args.employees})
    databases = {n: demo_database(args.data_dir, n, args.rebuild) for n in sizes}
    env = terminal_environment(args.data_dir / "no-config.toml")

    bare = Subject("bare Textual app, same tabs", [sys.executable, str(BARE_APP)])
    apps = [
        Subject(f"advocacy, {n:,} employees", [*advocacy_command(), "--db", str(path), "--today", TODAY], database=path)
        for n, (path, _) in databases.items()
    ]
    frame_markers = {"paint": first_paint, "footer": footer_drawn}
    fill_markers = {"paint": first_paint, "filled": table_filled}

    # Untimed: warm the OS caches and .pyc files, and leave each database with a ranking
    # cache, so the first-frame runs see the app as it usually starts.
    print("Warming up...", file=sys.stderr, flush=True)
    for subject, markers, timeout in [(bare, frame_markers, FRAME_TIMEOUT), *((app, fill_markers, FILL_TIMEOUT) for app in apps)]:
        if not _check(subject, markers, run_on_pty(subject.argv, markers, env, timeout), timeout):
            return 1  # a program that never draws would only time out N times more

    for round_ in range(1, args.runs + 1):
        print(f"First frame, round {round_}/{args.runs}...", file=sys.stderr, flush=True)
        for subject in (bare, *apps):
            _measure(subject, frame_markers, env, FRAME_TIMEOUT, verbose=args.verbose)

    for round_ in range(1, args.runs + 1):
        print(f"Table filled, round {round_}/{args.runs}...", file=sys.stderr, flush=True)
        for app in apps:
            empty_ranking_cache(app.database)
            _measure(app, fill_markers, env, FILL_TIMEOUT, prefix="cold ", verbose=args.verbose)
            _measure(app, fill_markers, env, FILL_TIMEOUT, prefix="warm ", verbose=args.verbose)

    # The report -----------------------------------------------------------------------------
    import textual

    median, low = statistics.median, min
    print()
    print(
        f"advocacy start-up: {args.runs} runs each, milliseconds (median / min), {COLUMNS}x{LINES} pty, "
        f"Python {sys.version.split()[0]}, Textual {textual.__version__}"
    )
    print("Measured from just before the process is spawned to when the screen first shows:")
    print("  first paint  = Textual's first full-screen frame, tab bar included")
    print("  footer drawn = the footer's key labels too (Textual draws them in a later frame)")
    print("The database is opened in a worker after the first frame; it is not in these figures.")
    print()
    print("vs bare = the figure over the bare app's: median over median / min over min.")
    print()
    header = f"{'':34} {'first paint':>26}   {'footer drawn':>26}"
    sub = f"{'what':34} {'median':>8} {'min':>6} {'vs bare':>10}   {'median':>8} {'min':>6} {'vs bare':>10}"
    print(header)
    print(sub)
    print("-" * len(sub))
    base_paint, base_footer = bare.samples.get("paint"), bare.samples.get("footer")
    for subject in (bare, *apps):
        paint, footer = subject.samples.get("paint"), subject.samples.get("footer")
        print(
            f"{subject.label:34} {_ms(paint, median):>8} {_ms(paint, low):>6} {_ratio(paint, base_paint):>10}   "
            f"{_ms(footer, median):>8} {_ms(footer, low):>6} {_ratio(footer, base_footer):>10}"
        )

    print()
    print("Candidates table filled: summary \"... flagged as candidates\" and ranked row 1 on screen.")
    print("  cold = the ranking cache (audit_rank) emptied first, as `advocacy demo` leaves it;")
    print("  warm = the cache the cold run just built.")
    print()
    sub = f"{'what':34} {'median':>8} {'min':>6} {'max':>6}   {'median':>8} {'min':>6} {'max':>6}"
    print(f"{'':34} {'after first paint':>22}   {'from process start':>22}")
    print(sub)
    print("-" * len(sub))
    for app in apps:
        for cache in ("cold", "warm"):
            fills = app.samples.get(f"{cache} filled")
            after = app.samples.get(f"{cache} after paint")
            print(
                f"{app.label + ', ' + cache:34} {_ms(after, median):>8} {_ms(after, low):>6} {_ms(after, max):>6}   "
                f"{_ms(fills, median):>8} {_ms(fills, low):>6} {_ms(fills, max):>6}"
            )
    print()
    for n, (path, how) in databases.items():
        size = path.stat().st_size / 1e6
        print(f"database {n:>7,} employees: {path} ({size:,.0f} MB, {how})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
