"""Metrics figures: `program_metrics`, `trend` and `rankings` next to the same aggregates
written as plain SQL strings run through sqlite3, and the `advocacy metrics --json`
command next to a plain script printing the same figures.

    python bench/metrics_bench.py [size flags of bench/company.py] [--runs 5]

The data is the company database of bench/company.py (at the size asked; cached), as of
its day (2026-11-23). In one process, each measure is run once to warm the page cache,
and then `--runs` times in turns (ours, plain, ours, plain...); the table shows the median
wall time of each side and ours / plain, on wall and on CPU time (1.0: no overhead; CPU
time is less disturbed by other programs on a shared machine). Both sides' figures are
compared and the run says if they differ. Plain = the same queries as SQL strings on a
sqlite3 connection (medians in Python from the sorted durations, as ours).

`metrics --json` is timed as a command, process start to exit: `advocacy --db DB --today
DAY metrics --json`, against `python bench/metrics_bench.py --plain-json DB`, which runs
the plain queries and prints them as JSON (Python, sqlite3 and json only).

Prints figures only: it asserts nothing and is not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

AS_OF = date(2026, 11, 23)  # bench/company.py's day


# --------------------------------------------------------------------------- plain SQL

LIVE_POSTS = "deleted_at IS NULL AND posted_on BETWEEN ? AND ?"
ENGAGEMENT = "avg(CASE WHEN impressions > 0 THEN CAST(reactions + comments + shares AS FLOAT) / impressions END)"
TOKEN = ("CASE WHEN instr(a.utm_content, '-') > 0 THEN substr(a.utm_content, 1, instr(a.utm_content, '-') - 1) "
         "ELSE a.utm_content END")
ENROLLED_ACTIVE = f"""
    SELECT count(*), sum(CASE WHEN EXISTS (SELECT 1 FROM post p WHERE p.advocate_id = e.id
                                           AND p.deleted_at IS NULL AND p.posted_on BETWEEN ? AND ?)
                         THEN 1 ELSE 0 END)
    FROM enrollment n JOIN employee e ON e.id = n.employee_id
    WHERE n.deleted_at IS NULL AND n.status = 'enrolled' AND e.deleted_at IS NULL AND n.opted_in_on <= ?"""
POST_FIGURES = f"""
    SELECT count(*), sum(impressions), {ENGAGEMENT}, count(DISTINCT advocate_id), sum(referral_visits)
    FROM post WHERE {LIVE_POSTS}"""
ATTRIBUTED = f"""
    SELECT a.id, e.id AS advocate_id FROM application a JOIN employee e ON e.advocate_token = {TOKEN}
    WHERE a.deleted_at IS NULL AND e.deleted_at IS NULL AND a.applied_on BETWEEN ? AND ?"""


def _window(days: int, end: date = AS_OF) -> tuple[str, str]:
    return (end - timedelta(days=days - 1)).isoformat(), end.isoformat()


def _previous(days: int, end: date = AS_OF) -> tuple[str, str]:
    return _window(days, end - timedelta(days=days))


def _median(values: list) -> float | None:
    return float(statistics.median(values)) if values else None


def plain_weekly(c: sqlite3.Connection) -> tuple:
    week = _window(7)
    enrolled, active = c.execute(ENROLLED_ACTIVE, (*week, week[1])).fetchone()
    posts = c.execute(f"SELECT count(*) FROM post WHERE {LIVE_POSTS}", week).fetchone()[0]
    delivered, shared = c.execute(
        "SELECT count(*), sum(status = 'shared') FROM delivery WHERE deleted_at IS NULL AND delivered_on BETWEEN ? AND ?",
        week,
    ).fetchone()
    return enrolled, active or 0, posts, delivered, shared or 0


def plain_monthly(c: sqlite3.Connection) -> tuple:
    posts, reach, engagement, posters, visits = c.execute(POST_FIGURES, _window(30)).fetchone()
    previous = c.execute(f"SELECT sum(impressions) FROM post WHERE {LIVE_POSTS}", _previous(30)).fetchone()[0]
    return reach or 0, engagement, posters, visits or 0, posts, previous or 0


def plain_quarterly(c: sqlite3.Connection) -> tuple:
    quarter = _window(91)
    attributed = c.execute(f"SELECT count(*) FROM ({ATTRIBUTED})", quarter).fetchone()[0]
    durations = c.execute(
        "SELECT promoted, CAST(round(julianday(filled_on) - julianday(opened_on)) AS INTEGER) AS days "
        "FROM requisition WHERE deleted_at IS NULL AND filled_on BETWEEN ? AND ? ORDER BY promoted, days",
        quarter,
    ).fetchall()
    promoted = _median([days for flag, days in durations if flag])
    control = _median([days for flag, days in durations if not flag])
    sentiment = "SELECT avg(score) FROM survey WHERE deleted_at IS NULL AND survey_on BETWEEN ? AND ?"
    return (attributed, promoted, control, c.execute(sentiment, quarter).fetchone()[0],
            c.execute(sentiment, _previous(91)).fetchone()[0])


def plain_all(c: sqlite3.Connection) -> tuple:
    return plain_weekly(c), plain_monthly(c), plain_quarterly(c)


def plain_trend(c: sqlite3.Connection) -> list:
    points = []
    for back in reversed(range(12)):
        end = AS_OF - timedelta(days=7 * back)
        window = _window(7, end)
        enrolled, active = c.execute(ENROLLED_ACTIVE, (*window, window[1])).fetchone()
        reach, engagement = c.execute(f"SELECT sum(impressions), {ENGAGEMENT} FROM post WHERE {LIVE_POSTS}",
                                      window).fetchone()
        points.append((enrolled, active or 0, reach or 0, engagement))
    return points


def plain_rankings(c: sqlite3.Connection) -> tuple:
    month, quarter = _window(30), _window(91)
    topics = c.execute(f"""
        SELECT s.topic, count(*), sum(p.impressions),
               avg(CASE WHEN p.impressions > 0 THEN CAST(p.reactions + p.comments + p.shares AS FLOAT) / p.impressions END) AS rate
        FROM post p JOIN asset s ON s.id = p.asset_id
        WHERE p.deleted_at IS NULL AND p.posted_on BETWEEN ? AND ? AND s.deleted_at IS NULL
        GROUP BY s.topic ORDER BY rate IS NULL, rate DESC, sum(p.impressions) DESC, s.topic""", month).fetchall()
    advocates = c.execute(f"""
        SELECT e.name, e.email, coalesce(v.visits, 0), coalesce(x.applications, 0)
        FROM employee e
        LEFT JOIN (SELECT advocate_id, sum(referral_visits) AS visits FROM post WHERE {LIVE_POSTS}
                   GROUP BY advocate_id) v ON v.advocate_id = e.id
        LEFT JOIN (SELECT advocate_id, count(*) AS applications FROM ({ATTRIBUTED}) GROUP BY advocate_id) x
               ON x.advocate_id = e.id
        WHERE e.deleted_at IS NULL AND (coalesce(v.visits, 0) > 0 OR coalesce(x.applications, 0) > 0)
        ORDER BY coalesce(v.visits, 0) DESC, coalesce(x.applications, 0) DESC, lower(e.name), e.id
        LIMIT 10""", (*month, *quarter)).fetchall()
    platforms = c.execute(f"""
        SELECT platform, count(*), sum(impressions), {ENGAGEMENT} FROM post WHERE {LIVE_POSTS}
        GROUP BY platform ORDER BY sum(impressions) DESC, platform""", month).fetchall()
    return topics, advocates, platforms


# --------------------------------------------------------------------------- ours


def ours_measures(store, settings):
    from advocacy_tui.program.metrics import Window
    from advocacy_tui.store import metrics as m

    def weekly():
        week = Window.ending(AS_OF, 7)
        with store.reading() as session:
            return (*m._enrolled_active(session, week), m._count_posts(session, week), *m._deliveries(session, week))

    def monthly():
        month = Window.ending(AS_OF, 30)
        with store.reading() as session:
            posts, reach, engagement, posters, visits = m._post_figures(session, month)
            return reach, engagement, posters, visits, posts, m._reach(session, month.previous())

    def quarterly():
        quarter = Window.ending(AS_OF, 91)
        with store.reading() as session:
            return (m._attributed_count(session, quarter), *m._time_to_fill(session, quarter),
                    m._sentiment(session, quarter), m._sentiment(session, quarter.previous()))

    def everything():
        f = m.program_metrics(store, settings, AS_OF)
        w, mo, q = f.weekly, f.monthly, f.quarterly
        return (
            (w.enrolled, w.active_advocates, w.posts, w.deliveries, w.shared),
            (mo.reach, mo.engagement_rate, mo.posters, mo.referral_visits, mo.posts, mo.previous_reach),
            (q.attributed_applications, q.time_to_fill_promoted_days, q.time_to_fill_control_days, q.sentiment,
             q.previous_sentiment),
        )

    def trend():
        return [(p.enrolled, p.active_advocates, p.reach, p.engagement_rate)
                for p in m.trend(store, settings, AS_OF, periods=12, unit="week")]

    def rankings():
        r = m.rankings(store, AS_OF)
        return ([(t.topic, t.posts, t.reach, t.engagement_rate) for t in r.topics],
                [(a.name, a.email, a.referral_visits, a.attributed_applications) for a in r.advocates],
                [(p.platform, p.posts, p.reach, p.engagement_rate) for p in r.platforms])

    return {
        "weekly tier (3 queries)": (weekly, plain_weekly),
        "monthly tier (2 queries)": (monthly, plain_monthly),
        "quarterly tier (4 queries)": (quarterly, plain_quarterly),
        "program_metrics (all 9)": (everything, plain_all),
        "trend, 12 weeks (24)": (trend, plain_trend),
        "rankings (3)": (rankings, plain_rankings),
    }


def _same(left, right) -> bool:
    """Equal, floats to 9 significant digits; tuples and lists alike."""
    if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
        return len(left) == len(right) and all(_same(a, b) for a, b in zip(left, right))
    if isinstance(left, float) or isinstance(right, float):
        return left is not None and right is not None and abs(left - right) <= 1e-9 * max(1.0, abs(left))
    return left == right


def _timed(function) -> tuple[float, float]:
    """Wall and CPU milliseconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


# --------------------------------------------------------------------------- main


def _commands(db: Path) -> tuple[list[str], list[str]]:
    script = Path(sys.executable).with_name("advocacy")
    ours = [str(script)] if script.exists() else [sys.executable, "-m", "advocacy_tui"]
    ours += ["--db", str(db), "--today", AS_OF.isoformat(), "metrics", "--json"]
    return ours, [sys.executable, __file__, "--plain-json", str(db)]


def time_commands(db: Path, runs: int) -> tuple[float, float]:
    """Median seconds of `metrics --json` and of the plain script, started in turns."""
    import os

    env = {key: value for key, value in os.environ.items() if not key.startswith("ADVOCACY_")}
    env["ADVOCACY_CONFIG"] = str(db.with_name("no-config.toml"))  # the default settings
    ours, plain = _commands(db)
    times: dict[str, list[float]] = {"ours": [], "plain": []}
    for round_number in range(runs + 1):  # the first round warms the caches, untimed
        for side, command in (("ours", ours), ("plain", plain)):
            began = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
            if round_number:
                times[side].append(time.perf_counter() - began)
    return statistics.median(times["ours"]), statistics.median(times["plain"])


def measure(db: Path, runs: int) -> list[tuple]:
    """(label, ours ms, ours cpu ms, plain ms, plain cpu ms, same figures) per measure."""
    from advocacy_tui.config import Settings
    from advocacy_tui.store.database import open_store

    store = open_store(db)
    plain = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    settings = Settings()
    rows = []
    try:
        for label, (ours, plain_sql) in ours_measures(store, settings).items():
            print(f"bench: metrics: {label}...", file=sys.stderr, flush=True)
            baseline = lambda plain_sql=plain_sql: plain_sql(plain)  # noqa: E731
            same = _same(ours(), baseline())  # also warms the cache for both
            times: dict[str, list[tuple[float, float]]] = {"ours": [], "plain": []}
            for _ in range(runs):
                times["ours"].append(_timed(ours))
                times["plain"].append(_timed(baseline))
            medians = [statistics.median(t[i] for t in times[side]) for side in ("ours", "plain") for i in (0, 1)]
            rows.append((label, *medians, same))
    finally:
        store.close()
        plain.close()
    return rows


SUITE_MEASURES = ("program_metrics (all 9)", "trend, 12 weeks (24)", "rankings (3)")
BASELINES = {
    "sqlite3": "the same aggregates as SQL strings on a sqlite3 connection (bench/metrics_bench.py)",
    "plain cmd": "python bench/metrics_bench.py --plain-json: those queries printed as JSON",
}


def suite_rows(db: Path, runs: int):
    from report import Row

    rows = []
    for label, ours_ms, ours_cpu, plain_ms, plain_cpu, same in measure(db, runs):
        if label in SUITE_MEASURES:
            rows.append(Row(f"metrics: {label}", ours_ms, plain_ms, "ms", "sqlite3",
                            note=f"cpu ratio {ours_cpu / max(plain_cpu, 1e-6):.2f}" + ("" if same else "; FIGURES DIFFER")))
    print("bench: metrics: `metrics --json` as a command...", file=sys.stderr, flush=True)
    ours_s, plain_s = time_commands(db, runs)
    rows.append(Row("`advocacy metrics --json`, start to exit", ours_s * 1000, plain_s * 1000, "ms", "plain cmd"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows-json", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--plain-json", metavar="DB", help=argparse.SUPPRESS)
    if "--plain-json" in (sys.argv[1:] if argv is None else argv):
        args, _ = parser.parse_known_args(argv)
        connection = sqlite3.connect(f"file:{args.plain_json}?mode=ro", uri=True)
        weekly, monthly, quarterly = plain_all(connection)
        print(json.dumps({"as_of": AS_OF.isoformat(), "weekly": weekly, "monthly": monthly, "quarterly": quarterly}))
        return 0

    from company import add_size_arguments, company_database, sizes_from
    from report import rows_to_json

    add_size_arguments(parser)
    args = parser.parse_args(argv)
    sizes = sizes_from(args, argv)
    db = company_database(sizes, args.seed, args.cache_dir, args.rebuild)
    if args.rows_json:
        print(rows_to_json(suite_rows(db, args.runs)))
        return 0
    rows = measure(db, args.runs)
    print()
    print(f"Metrics as of {AS_OF}, {sizes.label()}; median of {args.runs}")
    header = f"{'measured':<28} {'ours (ms)':>10} {'baseline (ms)':>14} {'ratio':>6} {'cpu ratio':>9}  same figures"
    print(header)
    print("-" * len(header))
    for label, ours_ms, ours_cpu, plain_ms, plain_cpu, same in rows:
        print(f"{label:<28} {ours_ms:>10.1f} {plain_ms:>14.1f} {ours_ms / plain_ms:>6.2f} "
              f"{ours_cpu / max(plain_cpu, 1e-6):>9.2f}  {'yes' if same else 'NO'}")
    print("ratio = ours / baseline (wall time); cpu ratio the same on the process's CPU time.")
    ours_s, plain_s = time_commands(db, args.runs)
    print(f"`advocacy metrics --json`, start to exit: {ours_s * 1000:,.0f} ms; plain script {plain_s * 1000:,.0f} ms; "
          f"ratio {ours_s / plain_s:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
