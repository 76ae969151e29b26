"""The benchmarks' company: one seeded database at a size given on the command line, cached.

    python bench/company.py [--employees 100000] [--signals 1000000] [--posts 200000]
                            [--deliveries 500000] [--applications 50000] [--seed 2026]
                            [--cache-dir DIR] [--rebuild]

Prints the path of the database (writing it first if it is not cached yet). Every other
benchmark in bench/ takes the same size flags (`add_size_arguments`) and asks this module
for its file (`company_database`), so `make bench BENCH_ARGS="--employees 10000 ..."`
gives every figure the same, smaller company.

How it is made, in two parts, both from the seed:

1. `advocacy demo` at company size (advocacy_tui.store.demo.write_demo): Northwind
   Robotics with `--employees` people and about `--signals` audit signals (the demo's
   per-employee rate is set so the total lands within a fraction of a percent of it), its
   scored candidates, its cohort of about fourteen and their eight weeks of queue.
2. Three years of the program at company scale on top of it (`scale_up` below): other
   cohorts over those years (an advocate a `TENURE_WEEKS`-ish stint each; a quarter of
   them still enrolled), the weekly drops of three assets per category that reached them,
   the posts they shared, and job applications carrying advocates' tracked links; the
   deliveries, posts and applications tables are filled up to exactly the asked sizes.

The Candidates ranking cache (audit_rank) is built at the end, as the app leaves it after
its first start, so a benchmark sees the app as it usually opens. The file is written to
a `.partial` name and renamed when complete; it is reused while its name matches the
sizes, the seed and the schema (a hash of the models' DDL), so repeated runs never
regenerate it. The demo, the 300-employee sample `advocacy demo` writes, is cached beside
it (`demo_database`).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 23)  # a Monday, as in the tests: weekly windows line up with the drops
DEMO_EMPLOYEES = 300  # what `advocacy demo` writes by default
CACHE_DIR = Path(tempfile.gettempdir()) / "advocacy-bench"
GENERATOR_VERSION = 1  # bump when the rows this module writes change
HISTORY_WEEKS = 156  # the company-scale program's three years
PER_DROP = 3  # assets per category per weekly drop, as the demo's
TENURE_WEEKS = 83  # a typical advocate's stint: 3 x 83 = about 250 deliveries each
STILL_ENROLLED = 0.25


@dataclass(frozen=True)
class Sizes:
    employees: int = 100_000
    signals: int = 1_000_000
    posts: int = 200_000
    deliveries: int = 500_000
    applications: int = 50_000

    def label(self) -> str:
        return (
            f"{self.employees:,} employees, {self.signals:,} signals, {self.posts:,} posts, "
            f"{self.deliveries:,} deliveries, {self.applications:,} applications"
        )

    def key(self) -> str:
        return f"e{self.employees}-s{self.signals}-p{self.posts}-d{self.deliveries}-a{self.applications}"


def add_size_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags every benchmark takes: the company's size, the seed and the cache folder."""
    default = Sizes()
    group = parser.add_argument_group("company size (bench/company.py)")
    group.add_argument("--employees", type=int, default=default.employees, help=f"default {default.employees:,}")
    group.add_argument("--signals", type=int, default=default.signals, help=f"default {default.signals:,}")
    group.add_argument("--posts", type=int, default=default.posts, help=f"default {default.posts:,}")
    group.add_argument("--deliveries", type=int, default=default.deliveries, help=f"default {default.deliveries:,}")
    group.add_argument(
        "--applications", type=int, default=default.applications, help=f"default {default.applications:,}"
    )
    group.add_argument("--scale", type=float, default=None,
                       help="multiply every default size by this (e.g. 0.1); explicit flags win")
    group.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same rows)")
    group.add_argument("--cache-dir", type=Path, default=CACHE_DIR, help=f"where generated files are kept ({CACHE_DIR})")
    group.add_argument("--rebuild", action="store_true", help="write the cached files again")


def sizes_from(args: argparse.Namespace, argv: list[str] | None = None) -> Sizes:
    default = Sizes()
    given = set()
    for token in sys.argv[1:] if argv is None else argv:
        if token.startswith("--"):
            given.add(token[2:].split("=")[0])
    values = {}
    for name in Sizes.__dataclass_fields__:
        value = getattr(args, name)
        if args.scale is not None and name not in given:
            value = max(1, round(getattr(default, name) * args.scale))
        if value < (1 if name == "employees" else 0):
            raise SystemExit(f"bench: --{name} must be at least {1 if name == 'employees' else 0}")
        values[name] = value
    return Sizes(**values)


def schema_key() -> str:
    """A short hash of the models' DDL: a file written under another schema is not reused."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    from advocacy_tui.store.files import SCHEMA_VERSION
    from advocacy_tui.store.models import Base
    from advocacy_tui.store.search import SQLITE_DDL

    dialect = sqlite.dialect()
    parts = [str(SCHEMA_VERSION), str(GENERATOR_VERSION)]
    for table in Base.metadata.sorted_tables:
        parts.append(str(CreateTable(table).compile(dialect=dialect)))
        parts.extend(sorted(str(CreateIndex(index).compile(dialect=dialect)) for index in table.indexes))
    parts.extend(SQLITE_DDL)  # the employee search index, which the metadata cannot describe
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:10]


def say(text: str) -> None:
    print(f"bench: {text}", file=sys.stderr, flush=True)


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _cached(path: Path, rebuild: bool, build) -> Path:
    if path.exists() and not rebuild:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    _remove(partial)
    _remove(path)
    build(partial)
    # Fold the WAL into the file so one file is the whole database, then rename it.
    import sqlite3

    connection = sqlite3.connect(partial)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    os.replace(partial, path)
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    return path


def company_database(sizes: Sizes, seed: int = 2026, cache_dir: Path = CACHE_DIR, rebuild: bool = False) -> Path:
    """The company database of these sizes, written once and then reused."""
    path = Path(cache_dir) / f"company-{sizes.key()}-seed{seed}-{schema_key()}.sqlite"

    def build(target: Path) -> None:
        say(f"writing the company database ({sizes.label()}); once, later runs reuse it...")
        began = time.perf_counter()
        write_company(target, sizes, seed)
        say(f"  written in {time.perf_counter() - began:,.0f} s: {path}")

    return _cached(path, rebuild, build)


def demo_database(seed: int = 2026, cache_dir: Path = CACHE_DIR, rebuild: bool = False) -> Path:
    """What `advocacy demo` writes (300 employees), with its ranking cache built."""
    path = Path(cache_dir) / f"demo-{DEMO_EMPLOYEES}-seed{seed}-{schema_key()}.sqlite"

    def build(target: Path) -> None:
        from advocacy_tui.config import Settings
        from advocacy_tui.store.audit import refresh_ranking
        from advocacy_tui.store.database import open_store
        from advocacy_tui.store.demo import write_demo

        store = open_store(target)
        try:
            write_demo(store, today=TODAY, seed=seed, employees=DEMO_EMPLOYEES)
            refresh_ranking(store, TODAY, Settings().scoring.candidates)
        finally:
            store.close()

    return _cached(path, rebuild, build)


def table_counts(path: Path, tables=("employee", "signal", "post", "delivery", "application")) -> dict[str, int]:
    import sqlite3

    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}
    finally:
        connection.close()


# --------------------------------------------------------------------------- writing


def _signals_per_active(seed: int, employees: int, signals: int) -> float:
    """The demo's rate (signals per employee who signals at all) that gives `signals` in total.

    The demo draws about rate x activity / mean activity signals per active person, so the
    total is rate x (active people), to within rounding; the people are drawn here from
    the same stream `write_demo` uses, to count them.
    """
    from advocacy_tui.store.demo.ids import Ids
    from advocacy_tui.store.demo.people import make_people

    rng = random.Random(f"{seed}:people")
    active = sum(1 for person in make_people(rng, Ids(rng), employees) if person.activity > 0)
    return signals / max(1, active)


def write_company(path: Path, sizes: Sizes, seed: int) -> None:
    from advocacy_tui.config import Settings
    from advocacy_tui.store.audit import refresh_ranking
    from advocacy_tui.store.database import open_store
    from advocacy_tui.store.demo import write_demo

    store = open_store(path)
    try:
        last = [""]

        def progress(label: str, _fraction: float) -> None:
            if label != last[0]:
                last[0] = label
                say(f"  demo part: {label}")

        write_demo(
            store,
            today=TODAY,
            seed=seed,
            employees=sizes.employees,
            signals_per_employee=_signals_per_active(seed, sizes.employees, sizes.signals),
            progress=progress,
        )
        say("  company-scale program: advocates, assets, deliveries, posts, applications")
        with store.writing() as session:
            scale_up(session.connection(), sizes, seed)
        say("  ranking the audit (the Candidates cache)")
        refresh_ranking(store, TODAY, Settings().scoring.candidates)
    finally:
        store.close()


def _without_indexes(connection, models):
    """Drop the models' secondary indexes for a bulk load; returns them to create after."""
    dropped = []
    for model in models:
        for index in sorted(model.__table__.indexes, key=lambda index: index.name):
            connection.exec_driver_sql(f'DROP INDEX IF EXISTS "{index.name}"')
            dropped.append(index)
    return dropped


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Split `total` by weights, largest remainders first (deterministic)."""
    if not weights:
        return []
    raw = [total * weight / sum(weights) for weight in weights]
    counts = [int(value) for value in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def scale_up(connection, sizes: Sizes, seed: int) -> None:
    """Fill deliveries, posts and applications up to the asked sizes with three years of a
    company-scale program (see the module's docstring)."""
    from sqlalchemy import func, select

    from advocacy_tui.program.tokens import asset_token
    from advocacy_tui.store.demo.bulk import bulk
    from advocacy_tui.store.demo.cohort import make_history
    from advocacy_tui.store.demo.company import CAREERS, CATEGORIES, CATEGORY_OF
    from advocacy_tui.store.demo.dates import midnight
    from advocacy_tui.store.demo.ids import Ids
    from advocacy_tui.store.demo.library import PLATFORMS
    from advocacy_tui.store.models import (
        Application,
        Asset,
        Delivery,
        Employee,
        Enrollment,
        EnrollmentEvent,
        Post,
        Requisition,
    )

    def existing(model) -> int:
        return connection.execute(select(func.count()).select_from(model)).scalar()

    need_deliveries = max(0, sizes.deliveries - existing(Delivery))
    need_posts = max(0, sizes.posts - existing(Post))
    need_applications = max(0, sizes.applications - existing(Application))
    if not (need_deliveries or need_posts or need_applications):
        return
    rng = random.Random(f"{seed}:company-scale")
    ids = Ids(rng)
    monday = TODAY - timedelta(days=TODAY.weekday())
    mondays = [monday - timedelta(weeks=HISTORY_WEEKS - 1 - week) for week in range(HISTORY_WEEKS)]
    first_day = mondays[0]

    def row(born: date, updated: date | None = None, **values) -> dict:
        return {"id": ids.uuid(), "created_at": midnight(born), "updated_at": midnight(updated or born),
                "deleted_at": None, **values}

    # The advocates: employees outside the demo's cohort, by seeded draw.
    enrolled_already = set(connection.execute(select(Enrollment.employee_id)).scalars())
    people = [
        (employee_id, department, token)
        for employee_id, department, token in connection.execute(
            select(Employee.id, Employee.department, Employee.advocate_token)
            .where(Employee.deleted_at.is_(None))
            .order_by(Employee.id)
        )
        if employee_id not in enrolled_already
    ]
    wanted = max(1, round(max(need_deliveries, need_posts) / (PER_DROP * TENURE_WEEKS)))
    advocates = rng.sample(people, min(len(people), wanted))
    # Each advocate's stint in weeks, about TENURE_WEEKS, adding up to the deliveries asked.
    stint_weeks = _allocate(-(-need_deliveries // PER_DROP), [rng.uniform(0.8, 1.2) for _ in advocates])

    # The library: each category's drop of three, every Monday of the three years.
    platforms = [name for name, _ in PLATFORMS]
    platform_weights = [weight for _, weight in PLATFORMS]
    topics = ("culture story", "team achievement", "industry insight", "product milestone", "job posting")
    drops: dict[tuple[str, int], list[dict]] = {}
    asset_rows = []
    for week, day in enumerate(mondays):
        for category in CATEGORIES:
            drop = []
            for slot in range(PER_DROP):
                topic = topics[(week + slot) % len(topics)]
                platform = rng.choices(platforms, platform_weights)[0]
                available = day - timedelta(days=3)
                asset = row(
                    available - timedelta(days=4), available,
                    title=f"{category}: {topic}, week of {day:%d %b %Y} ({slot + 1})",
                    topic=topic, platform=platform, tone="", caption=f"A {topic} from Northwind Robotics.",
                    hashtags="#northwind|#robotics", format="", starters="", link=f"{CAREERS}/stories/{week}-{slot}",
                    campaign="always-on", category=category, status="approved", available_from=available,
                    expires_on=None,
                )
                asset["token"] = asset_token(asset["id"])
                drop.append(asset)
            drops[(category, week)] = drop
            asset_rows.extend(drop)

    # Enrollments: a stint of about weeks_each weeks each; a quarter still enrolled today.
    enrollment_rows = []
    stints = []
    for (employee_id, department, token), weeks in zip(advocates, stint_weeks):
        weeks = max(1, min(HISTORY_WEEKS, weeks))
        current = rng.random() < STILL_ENROLLED
        # A stint that ended: its last week anywhere it fits before this one.
        last_week = HISTORY_WEEKS - 1 if current else rng.randrange(min(weeks, HISTORY_WEEKS - 1) - 1, HISTORY_WEEKS - 1)
        start_week = max(0, last_week - weeks + 1)
        oriented = mondays[start_week] - timedelta(days=7)
        opted = oriented + timedelta(days=2)
        closed = mondays[last_week] + timedelta(days=5) if not current else opted
        category = CATEGORY_OF[department]
        enrollment = row(
            oriented - timedelta(days=10), min(closed, TODAY),
            employee_id=employee_id, channel=rng.choice(("manager", "volunteer", "outreach")), nominated_by=None,
            status="enrolled" if current else "withdrawn", category=category,
            orientation_on=oriented, policy_ack_on=oriented + timedelta(days=1), opted_in_on=opted,
        )
        enrollment_rows.append(enrollment)
        stints.append((employee_id, token, category, start_week, last_week, current))

    # Deliveries (and the posts they became), week by week, until the asked counts.
    share = min(0.95, need_posts / need_deliveries) if need_deliveries else 0.0
    statuses_open = ("queued", "delivered")
    delivery_rows: list[dict] = []
    post_rows: list[dict] = []

    def post_of(advocate_id: str, asset_id: str | None, platform: str, day: date, url: str) -> dict:
        impressions = 0 if rng.random() < 0.05 else int(rng.lognormvariate(6.5, 1.1))
        engaged = impressions * rng.uniform(0.005, 0.06)
        clicks = int(impressions * rng.uniform(0.004, 0.02))
        return row(
            day, advocate_id=advocate_id, asset_id=asset_id, platform=platform, posted_on=day, url=url,
            impressions=impressions, reactions=int(engaged * 0.72), comments=int(engaged * 0.18),
            shares=int(engaged * 0.10), clicks=clicks, referral_visits=int(clicks * rng.uniform(0.4, 0.8)),
        )

    for employee_id, _token, category, start_week, last_week, _current in stints:
        for week in range(start_week, last_week + 1):
            day = mondays[week]
            age = (TODAY - day).days
            for asset in drops[(category, week)]:
                if len(delivery_rows) >= need_deliveries:
                    break
                shared_on = post_url = None
                if rng.random() < share and (delay := min(4, int(rng.expovariate(0.5)))) <= age:
                    status, shared_on = "shared", day + timedelta(days=delay)
                    post_url = f"https://www.linkedin.com/feed/update/urn:li:activity:{7200000000000000000 + rng.getrandbits(56)}"
                    if len(post_rows) < need_posts:
                        post_rows.append(post_of(employee_id, asset["id"], asset["platform"], shared_on, post_url))
                elif age < 7:
                    status = rng.choice(statuses_open)
                else:
                    status = "skipped" if rng.random() < 0.6 else "delivered"
                delivery_rows.append(row(
                    day, shared_on or day, advocate_id=employee_id, asset_id=asset["id"], delivered_on=day,
                    due_on=day + timedelta(days=7), status=status, shared_on=shared_on, post_url=post_url,
                    personalized_text="",
                ))
    # Posts of their own (no asset) for whatever the queue did not give.
    while len(post_rows) < need_posts and stints:
        employee_id, _token, _category, start_week, last_week, _current = rng.choice(stints)
        day = min(TODAY, mondays[rng.randint(start_week, last_week)] + timedelta(days=rng.randrange(7)))
        post_rows.append(post_of(employee_id, None, "linkedin", day,
                                 f"https://www.linkedin.com/posts/activity-{7200000000000000000 + rng.getrandbits(56)}"))

    # Requisitions and applications over the three years; about half from tracked links.
    requisition_rows = []
    span = (TODAY - first_day).days
    for number in range(max(20, need_applications // 100)):
        opened = first_day + timedelta(days=rng.randrange(span))
        filled = opened + timedelta(days=rng.randint(20, 90))
        requisition_rows.append(row(
            opened, min(filled, TODAY), title=f"Role {number + 1}", opened_on=opened,
            filled_on=filled if filled <= TODAY else None, promoted=rng.random() < 0.4,
        ))
    application_rows = []
    for _ in range(need_applications):
        requisition = rng.choice(requisition_rows)
        applied = min(TODAY, requisition["opened_on"] + timedelta(days=rng.randrange(60)))
        draw = rng.random()
        content = None
        if stints and draw < 0.5:
            _employee_id, token, category, start_week, last_week, _current = rng.choice(stints)
            content = token
            if draw < 0.4:
                asset = rng.choice(drops[(category, rng.randint(start_week, last_week))])
                content = f"{token}-{asset['token']}"
        elif draw < 0.52:
            content = "zzzzzzzz-qqqqqqqq"  # nobody's token
        application_rows.append(row(
            applied, requisition_id=requisition["id"], applied_on=applied,
            source="employee post" if content else rng.choice(("linkedin jobs", "careers site", "referral")),
            utm_campaign="always-on" if content else None, utm_content=content,
        ))

    rebuild = _without_indexes(connection, (Asset, Enrollment, EnrollmentEvent, Delivery, Post, Requisition, Application))
    bulk(connection, Asset, asset_rows)
    bulk(connection, Enrollment, enrollment_rows)
    bulk(connection, EnrollmentEvent, make_history(rng, Ids(rng), enrollment_rows))
    bulk(connection, Requisition, requisition_rows)
    bulk(connection, Delivery, delivery_rows)
    bulk(connection, Post, post_rows)
    bulk(connection, Application, application_rows)
    for index in rebuild:
        index.create(connection)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write (once) and print the benchmarks' company database.")
    add_size_arguments(parser)
    parser.add_argument("--demo", action="store_true", help="print the demo database's path instead")
    args = parser.parse_args(argv)
    if args.demo:
        path = demo_database(args.seed, args.cache_dir, args.rebuild)
    else:
        sizes = sizes_from(args, argv)
        path = company_database(sizes, args.seed, args.cache_dir, args.rebuild)
        say("rows: " + ", ".join(f"{table} {count:,}" for table, count in table_counts(path).items()))
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
