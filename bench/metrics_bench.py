"""Metrics figures: `program_metrics`, `trend` and `rankings` next to the same aggregates
written as plain SQL strings run through sqlite3.

    python bench/metrics_bench.py [--posts 1000000] [--deliveries 100000] [--employees N]
                                  [--runs 5] [--seed 2026] [--data-dir DIR]

Writes (seeded, once per size: reused while the marker file is there) a program into a
fresh advocacy database: the schema from `open_store`, then rows bulk-loaded with sqlite3
executemany (secondary indexes dropped before and rebuilt after, as the demo's bulk load
does). Posts and deliveries spread over the 365 days ending the as-of day, 1% tombstones;
employees default to posts / 100, 60% of them enrolled; applications posts / 20 (half of
them carrying an advocate token in utm_content); requisitions and surveys a few thousand.
No ANALYZE, like a database the app writes.

Then, in one process, each measure is run once to warm the page cache, and then `--runs`
times in turns (ours, plain, ours, plain...); the table shows the median wall time of
each side and ours / plain, on wall and on CPU time (1.0: no overhead; the aim is at most
2; CPU time is less disturbed by other programs on a shared machine). Both sides' figures
are compared and the run says if they differ. Plain = the same queries as SQL strings on
a sqlite3 connection (medians in Python from the sorted durations, as ours).

Prints figures only: it asserts nothing and is not part of the test suite.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AS_OF = date(2026, 11, 23)
SPAN_DAYS = 365
STAMP = "2026-11-01 09:00:00.000000"
ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
PLATFORMS = ("linkedin", "linkedin", "linkedin", "x", "instagram")
TOPICS = ("culture story", "team achievement", "industry insight", "product milestone", "job posting")
TABLES = ("employee", "enrollment", "asset", "delivery", "post", "requisition", "application", "survey")


# --------------------------------------------------------------------------- data


def _token(number: int) -> str:
    """Eight [a-z2-7] characters, a different one for every number below 32**8."""
    return "".join(ALPHABET[(number >> (5 * place)) & 31] for place in range(8))


def _id(prefix: int, number: int) -> str:
    return f"{prefix:08x}-0000-4000-8000-{number:012x}"


def _day(rng: random.Random) -> str:
    return (AS_OF - timedelta(days=rng.randrange(SPAN_DAYS))).isoformat()


def _insert(connection: sqlite3.Connection, table: str, columns: list[str], rows) -> None:
    marks = ", ".join("?" for _ in columns)
    connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def generate(path: Path, posts: int, deliveries: int, employees: int, seed: int) -> None:
    from advocacy_tui.store.database import open_store

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    open_store(path).close()
    rng = random.Random(seed)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    marks = ", ".join("?" for _ in TABLES)
    indexes = connection.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
        TABLES,
    ).fetchall()
    connection.execute("BEGIN")
    for name, _sql in indexes:
        connection.execute(f'DROP INDEX "{name}"')
    stamps = (STAMP, STAMP)
    _insert(connection, "employee", [
        "id", "email", "name", "department", "title", "seniority", "manager_email", "network_size", "location",
        "advocate_token", "ssh_keys", "created_at", "updated_at", "deleted_at",
    ], ((_id(1, n), f"person{n}@northwind.example", f"Person {n}", "Engineering", "Engineer", "ic",
         "boss@northwind.example", rng.randrange(20, 5000), "Berlin", _token(n), "", *stamps,
         STAMP if rng.random() < 0.01 else None) for n in range(employees)))
    enrolled = [n for n in range(employees) if n % 5 < 3]
    is_enrolled = set(enrolled)
    _insert(connection, "enrollment", [
        "id", "employee_id", "channel", "status", "category", "orientation_on", "policy_ack_on", "opted_in_on",
        "created_at", "updated_at", "deleted_at",
    ], ((_id(2, n), _id(1, n), "volunteer", "enrolled" if n in is_enrolled else "invited", "",
         "2026-01-05", "2026-01-06", (date(2026, 1, 7) + timedelta(days=rng.randrange(320))).isoformat(), *stamps,
         None) for n in range(employees)))
    assets = deliveries // max(1, len(enrolled)) + 50
    _insert(connection, "asset", [
        "id", "title", "topic", "platform", "tone", "caption", "hashtags", "format", "starters", "link",
        "campaign", "category", "status", "token", "created_at", "updated_at",
    ], ((_id(3, n), f"Asset {n}", TOPICS[n % len(TOPICS)], PLATFORMS[n % len(PLATFORMS)], "", "A caption", "",
         "", "", "https://careers.example/jobs", "always-on", "", "approved", _token(10**7 + n), *stamps)
        for n in range(assets)))
    statuses = ("shared", "shared", "delivered", "skipped", "queued")
    # The n-th delivery goes to enrolled advocate n mod E with asset n div E: every pair once.
    _insert(connection, "delivery", [
        "id", "advocate_id", "asset_id", "delivered_on", "status", "personalized_text",
        "created_at", "updated_at", "deleted_at",
    ], ((_id(4, n), _id(1, enrolled[n % len(enrolled)]), _id(3, n // len(enrolled)), _day(rng),
         rng.choice(statuses), "", *stamps, STAMP if rng.random() < 0.01 else None) for n in range(deliveries)))
    _insert(connection, "post", [
        "id", "advocate_id", "asset_id", "platform", "posted_on", "impressions", "reactions", "comments", "shares",
        "clicks", "referral_visits", "created_at", "updated_at", "deleted_at",
    ], _posts(rng, posts, enrolled, assets))
    requisitions = max(50, posts // 500)
    _insert(connection, "requisition", [
        "id", "title", "opened_on", "filled_on", "promoted", "created_at", "updated_at", "deleted_at",
    ], _requisitions(rng, requisitions))
    _insert(connection, "application", [
        "id", "requisition_id", "applied_on", "source", "utm_campaign", "utm_content",
        "created_at", "updated_at", "deleted_at",
    ], ((_id(7, n), _id(6, rng.randrange(requisitions)), _day(rng), "employee post", "always-on",
         _utm(rng, employees, assets), *stamps, STAMP if rng.random() < 0.01 else None)
        for n in range(max(100, posts // 20))))
    _insert(connection, "survey", ["id", "survey_on", "score", "created_at", "updated_at", "deleted_at"],
            ((_id(8, n), _day(rng), float(rng.randint(1, 5)), *stamps, None) for n in range(max(100, posts // 200))))
    for _name, sql in indexes:
        connection.execute(sql)
    connection.execute("COMMIT")
    connection.close()


def _posts(rng: random.Random, count: int, enrolled: list[int], assets: int):
    for n in range(count):
        impressions = 0 if rng.random() < 0.05 else int(rng.lognormvariate(6, 1.2))
        yield (
            _id(5, n), _id(1, rng.choice(enrolled)), _id(3, rng.randrange(assets)) if rng.random() < 0.8 else None,
            rng.choice(PLATFORMS), _day(rng), impressions, rng.randrange(40), rng.randrange(8), rng.randrange(5),
            rng.randrange(30), rng.randrange(10), STAMP, STAMP, STAMP if rng.random() < 0.01 else None,
        )


def _requisitions(rng: random.Random, count: int):
    for n in range(count):
        opened = AS_OF - timedelta(days=rng.randrange(SPAN_DAYS + 120))
        filled = opened + timedelta(days=rng.randrange(20, 90))
        yield (_id(6, n), f"Role {n}", opened.isoformat(), filled.isoformat() if filled <= AS_OF else None,
               rng.random() < 0.4, STAMP, STAMP, None)


def _utm(rng: random.Random, employees: int, assets: int) -> str | None:
    draw = rng.random()
    if draw < 0.4:
        return f"{_token(rng.randrange(employees))}-{_token(10**7 + rng.randrange(assets))}"
    if draw < 0.5:
        return _token(rng.randrange(employees))
    if draw < 0.52:
        return "zzzzzzzz-qqqqqqqq"  # nobody's token
    return None


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--deliveries", type=int, default=100_000)
    parser.add_argument("--employees", type=int, default=None, help="default: posts / 100 (at least 100)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--data-dir", default=None)
    args = parser.parse_args()
    employees = args.employees or max(100, args.posts // 100)

    from advocacy_tui.config import Settings
    from advocacy_tui.store.database import open_store

    data = Path(args.data_dir or Path(tempfile.gettempdir()) / "advocacy-metrics-bench")
    data.mkdir(parents=True, exist_ok=True)
    name = f"metrics-{args.posts}-{args.deliveries}-{employees}-{args.seed}"
    db, marker = data / f"{name}.sqlite", data / f"{name}.done"
    if not marker.exists():
        print(f"Writing {args.posts:,} posts, {args.deliveries:,} deliveries, {employees:,} employees to {db} ...",
              flush=True)
        started = time.perf_counter()
        generate(db, args.posts, args.deliveries, employees, args.seed)
        marker.touch()
        print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)

    store = open_store(db)
    plain = sqlite3.connect(db)
    settings = Settings()
    rows = []
    try:
        for label, (ours, plain_sql) in ours_measures(store, settings).items():
            baseline = lambda plain_sql=plain_sql: plain_sql(plain)  # noqa: E731
            same = _same(ours(), baseline())  # also warms the cache for both
            times: dict[str, list[tuple[float, float]]] = {"ours": [], "plain": []}
            for _ in range(args.runs):
                times["ours"].append(_timed(ours))
                times["plain"].append(_timed(baseline))
            medians = [statistics.median(t[i] for t in times[side]) for side in ("ours", "plain") for i in (0, 1)]
            rows.append((label, *medians, same))
    finally:
        store.close()
        plain.close()

    print()
    print(f"Metrics as of {AS_OF}, {args.posts:,} posts, {args.deliveries:,} deliveries, {employees:,} employees; "
          f"median of {args.runs}")
    header = f"{'measured':<28} {'ours (ms)':>10} {'baseline (ms)':>14} {'ratio':>6} {'cpu ratio':>9}  same figures"
    print(header)
    print("-" * len(header))
    for label, ours_ms, ours_cpu, plain_ms, plain_cpu, same in rows:
        print(f"{label:<28} {ours_ms:>10.1f} {plain_ms:>14.1f} {ours_ms / plain_ms:>6.2f} "
              f"{ours_cpu / max(plain_cpu, 1e-6):>9.2f}  {'yes' if same else 'NO'}")
    print("ratio = ours / baseline (wall time); cpu ratio the same on the process's CPU time.")


if __name__ == "__main__":
    main()
