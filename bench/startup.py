"""Start-up and memory figures for `make bench`: process start to first frame, next to a
bare Textual app, and the app's peak memory at company size next to the demo.

    python bench/startup.py [size flags of bench/company.py] [--runs N] [--cold] [--verbose]

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
                 "warm" runs find the ranking cache (audit_rank) the generator built; with
                 --cold, "cold" runs start with it emptied first, as after `advocacy demo`.

Peak memory: the app is started on the pty, and once the Candidates table is filled its
VmHWM (the peak resident set, /proc/PID/status) is read; then the keys 2..6 open the other
tabs (each given until its loading texts are gone and the screen has been still for a
second and a half, at most 150 s) and VmHWM is read again.

The baseline is bench/bare_app.py: a Header, the same six TabPanes (a Static in each) and
a Footer, nothing of ours. The databases come from bench/company.py: the company at the
size asked (default 100,000 employees...) and the demo (300 employees), both cached. One
untimed run of each program warms the OS caches and the .pyc files first; then the
programs take turns, round after round.

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
import statistics
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
BARE_APP = BENCH / "bare_app.py"

from company import TODAY as TODAY_DATE, add_size_arguments, company_database, demo_database, sizes_from  # noqa: E402
from report import Row, print_table, rows_to_json  # noqa: E402

TODAY = TODAY_DATE.isoformat()
QUIET_AFTER_KEY = 1.5  # seconds of a still screen (with no loading text) that count as "the tab is open"
TAB_LOAD_TIMEOUT = 150.0  # a tab still loading after this long is noted, and the tour goes on
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
    then: Callable[[subprocess.Popen, int, Screen], None] | None = None,
) -> Outcome:
    """Spawn argv on a fresh 120x40 pty and time when each marker first holds on its screen.

    Returns once all markers were seen (and `then(process, pty_master, screen)` has run, if
    given), the program ended, or `timeout` passed; the program is then stopped (SIGTERM,
    then SIGKILL) and reaped.
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
        if then is not None and not waiting and process.poll() is None:
            then(process, master, screen)
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


def peak_kib(pid: int) -> int | None:
    """VmHWM: the process's peak resident set so far, in KiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


_LOADING = re.compile(r"Loading|Looking for milestones|Ranking the quarter|Ranking employees|Opening the database")


def read_until_still(master: int, screen: Screen, still: float, timeout: float, done=lambda screen: True) -> bool:
    """Keep reading the program's output until nothing came for `still` seconds while
    `done(screen)` holds; False if `timeout` passed first."""
    began = last = time.perf_counter()
    while time.perf_counter() - began < timeout:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                data = os.read(master, 1 << 16)
            except OSError:
                return False
            if not data:
                return False
            screen.feed(data)
            last = time.perf_counter()
        elif time.perf_counter() - last >= still and done(screen):
            return True
    return False


def measure_memory(subject: "Subject", env: dict[str, str]) -> dict:
    """Peak memory (MB) once the Candidates table is filled, and after opening tabs 2..6
    (each given until its loading texts are gone, at most TAB_LOAD_TIMEOUT seconds)."""
    figures: dict = {"unloaded": []}

    def loaded(screen: Screen) -> bool:
        return not _LOADING.search(screen.text())

    def tour(process: subprocess.Popen, master: int, screen: Screen) -> None:
        read_until_still(master, screen, 0.5, 10)
        figures["filled"] = (peak_kib(process.pid) or 0) / 1024
        for key, title in zip("23456", ("Scoring", "Cohort", "Content queue", "Recognition", "Metrics")):
            os.write(master, key.encode())
            if not read_until_still(master, screen, QUIET_AFTER_KEY, TAB_LOAD_TIMEOUT, loaded):
                figures["unloaded"].append(title)
        figures["tabs"] = (peak_kib(process.pid) or 0) / 1024

    markers = {"paint": first_paint, "filled": table_filled}
    outcome = run_on_pty(subject.argv, markers, env, FILL_TIMEOUT, then=tour)
    _check(subject, markers, outcome, FILL_TIMEOUT)
    return figures


def measure(sizes, seed: int, cache_dir: Path, rebuild: bool, runs: int, cold: bool = False,
            verbose: bool = False) -> tuple[list[Row], list[str]]:
    """The start-up and memory rows, and notes on the databases used."""
    company = company_database(sizes, seed, cache_dir, rebuild)
    demo = demo_database(seed, cache_dir, rebuild)
    env = terminal_environment(Path(cache_dir) / "no-config.toml")
    app_command = advocacy_command()
    bare = Subject("bare Textual app, same six tabs", [sys.executable, str(BARE_APP)])
    small = Subject("advocacy, the demo", [*app_command, "--db", str(demo), "--today", TODAY], database=demo)
    large = Subject(f"advocacy, {sizes.employees:,} employees", [*app_command, "--db", str(company), "--today", TODAY],
                    database=company)
    apps = [small, large]
    frame_markers = {"paint": first_paint, "footer": footer_drawn}
    fill_markers = {"paint": first_paint, "filled": table_filled}

    # Untimed: warm the OS caches and .pyc files (and check every program draws at all).
    print("bench: start-up: warming up...", file=sys.stderr, flush=True)
    for subject, markers, timeout in [(bare, frame_markers, FRAME_TIMEOUT), *((app, fill_markers, FILL_TIMEOUT) for app in apps)]:
        if not _check(subject, markers, run_on_pty(subject.argv, markers, env, timeout), timeout):
            raise SystemExit(1)  # a program that never draws would only time out N times more
    for round_ in range(1, runs + 1):
        print(f"bench: start-up: first frame, round {round_}/{runs}...", file=sys.stderr, flush=True)
        for subject in (bare, *apps):
            _measure(subject, frame_markers, env, FRAME_TIMEOUT, verbose=verbose)
    for round_ in range(1, runs + 1):
        print(f"bench: start-up: table filled, round {round_}/{runs}...", file=sys.stderr, flush=True)
        for app in apps:
            if cold:
                empty_ranking_cache(app.database)
                _measure(app, fill_markers, env, FILL_TIMEOUT, prefix="cold ", verbose=verbose)
            _measure(app, fill_markers, env, FILL_TIMEOUT, prefix="warm ", verbose=verbose)
    print("bench: peak memory...", file=sys.stderr, flush=True)
    memory = {app.label: measure_memory(app, env) for app in apps}

    def ms(subject: Subject, key: str) -> float | None:
        values = subject.samples.get(key)
        return statistics.median(values) * 1000 if values else None

    rows = []
    for marker, label in (("paint", "first frame"), ("footer", "footer drawn")):
        for app, name in ((small, "demo"), (large, f"{sizes.employees:,} employees")):
            value, base = ms(app, marker), ms(bare, marker)
            ok = value is not None and base is not None and value <= 1.2 * base
            rows.append(Row(f"start to {label}, {name}", value, base, "ms", "bare app", "≤ 1.2x", ok))
        value, base = ms(large, marker), ms(small, marker)
        if value is not None and base:
            change = (value / base - 1) * 100
            rows.append(Row(f"start to {label}: company vs demo", change, None, "%", "demo", "within 10%",
                            abs(change) <= 10, ratio=value / base))
    for cache in (("cold", "warm") if cold else ("warm",)):
        value, base = ms(large, f"{cache} filled"), ms(small, f"{cache} filled")
        rows.append(Row(f"start to Candidates filled ({cache} cache)", value, base, "ms", "demo"))
    for key, label in (("filled", "Candidates filled"), ("tabs", "six tabs opened")):
        value, base = memory[large.label].get(key), memory[small.label].get(key)
        ok = value is not None and base is not None and value - base <= 60
        note = f"(+{value - base:,.0f} MB)" if value is not None and base is not None else ""
        unloaded = memory[large.label].get("unloaded") if key == "tabs" else None
        if unloaded:
            note += f" ({', '.join(unloaded)} still loading after {TAB_LOAD_TIMEOUT:.0f} s)"
        rows.append(Row(f"peak memory, {label}", value, base, "MB", "demo", "≤ +60 MB", ok, note=note))
    notes = [
        f"company database: {company} ({company.stat().st_size / 1e6:,.0f} MB)",
        f"demo database:    {demo} ({demo.stat().st_size / 1e6:,.0f} MB)",
    ]
    return rows, notes


BASELINES = {
    "bare app": "bench/bare_app.py: Header, the same six tabs (a Static in each), Footer; nothing of ours",
    "demo": "the same app on the demo (`advocacy demo`, 300 employees)",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time advocacy's start-up next to a bare Textual app; peak memory.")
    add_size_arguments(parser)
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each program (default 10)")
    parser.add_argument("--cold", action="store_true", help="also time start-ups with the ranking cache emptied")
    parser.add_argument("--verbose", action="store_true", help="print every run's figures (to stderr)")
    parser.add_argument("--rows-json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    sizes = sizes_from(args, argv)
    rows, notes = measure(sizes, args.seed, args.cache_dir, args.rebuild, args.runs, args.cold, args.verbose)
    if args.rows_json:
        print(rows_to_json(rows))
        return 0
    import textual

    print_table(
        rows,
        f"advocacy start-up and memory: median of {args.runs} runs, {COLUMNS}x{LINES} pty, "
        f"Python {sys.version.split()[0]}, Textual {textual.__version__}; {sizes.label()}",
        BASELINES,
    )
    print()
    print("\n".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
