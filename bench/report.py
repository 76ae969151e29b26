"""The one table `make bench` prints: what was measured, our figure, the baseline measured
in the same run, their ratio, and the aim where issue 8 gives one."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable

BENCH = Path(__file__).resolve().parent


@dataclass
class Row:
    what: str
    ours: float | None
    baseline: float | None = None
    unit: str = "ms"  # ms | s | MB | %
    against: str = ""  # what the baseline is (a short name, explained under the table)
    aim: str = ""  # as the issue words it: "≤ 1.2x", "< 50 ms", "≤ +60 MB", "≤ 10%"
    met: bool | None = None
    ratio: float | None = None  # ours / baseline unless set
    note: str = ""

    def __post_init__(self) -> None:
        if self.ratio is None and self.ours is not None and self.baseline:
            self.ratio = self.ours / self.baseline


def median(values: Iterable[float]) -> float | None:
    values = list(values)
    return statistics.median(values) if values else None


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"
    if unit == "s":
        return f"{value:,.2f} s" if value < 10 else f"{value:,.1f} s"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "%":
        return f"{value:+.1f}%"
    return f"{value:,.2f} {unit}"


def print_table(rows: list[Row], title: str, baselines: dict[str, str], file=None) -> None:
    file = file or sys.stdout
    what_width = max([len(row.what) for row in rows] + [8])
    header = (
        f"{'what':<{what_width}}  {'ours':>11}  {'baseline':>11}  {'vs':<11}  {'ratio':>6}  "
        f"{'aim':<9}  {'met':<4}"
    )
    print(title, file=file)
    print(header, file=file)
    print("-" * len(header), file=file)
    for row in rows:
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else "—"
        met = "" if row.met is None else ("yes" if row.met else "NO")
        line = (
            f"{row.what:<{what_width}}  {_figure(row.ours, row.unit):>11}  {_figure(row.baseline, row.unit):>11}  "
            f"{row.against:<11}  {ratio:>6}  {row.aim:<9}  {met:<4}"
        )
        print(line + (f"  {row.note}" if row.note else ""), file=file)
    print(file=file)
    print("ratio = ours / baseline (lower is better); every baseline was measured in this run.", file=file)
    used = {row.against for row in rows if row.against}
    for name, meaning in baselines.items():
        if name in used:
            print(f"  {name:<11} {meaning}", file=file)


def rows_to_json(rows: list[Row]) -> str:
    return json.dumps([asdict(row) for row in rows])


def rows_from_json(text: str) -> list[Row]:
    return [Row(**values) for values in json.loads(text)]


def run_part(script: str, argv: list[str]) -> list[Row]:
    """Run bench/<script> --rows-json with these arguments; its rows (its progress goes to stderr)."""
    command = [sys.executable, str(BENCH / script), *argv, "--rows-json"]
    result = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if result.returncode != 0:
        print(f"bench: {script} failed ({result.returncode})", file=sys.stderr)
        return [Row(f"{script}: failed (exit {result.returncode}), see above", None)]
    return rows_from_json(result.stdout.strip().splitlines()[-1])
