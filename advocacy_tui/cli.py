"""The command line: the TUI by default, plus subcommands for scripts and cron.

Exit codes: 0 done, 1 bad input (a message on stderr, never a traceback), 2 usage.
Imports stay light here: SQLAlchemy loads only for commands that touch the database, and
for the TUI only after its first frame.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from functools import cached_property
from typing import TYPE_CHECKING

from advocacy_tui.errors import ConfigError
from advocacy_tui.locations import resolve_config_path, resolve_db
from advocacy_tui.store.errors import StoreError

if TYPE_CHECKING:
    from advocacy_tui.config import Settings


@dataclass
class Invocation:
    """What every command needs: where the data is, the settings, and which day it is."""

    db: str
    config_path: Path
    today: date

    @cached_property
    def settings(self) -> "Settings":
        """Read (and validated) on first use: the TUI reads it after its first frame, so
        start-up does not wait for pydantic."""
        from advocacy_tui.config import load_settings

        return load_settings(self.config_path)


class UsageError(Exception):
    pass


def parse_today(text: str | None, option: str = "--today") -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} wants a date as YYYY-MM-DD, not {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="advocacy",
        description="Run an internal micro-influencer (employee advocacy) program.",
    )
    parser.add_argument("--db", metavar="PATH_OR_URL", help="database file or URL (default: ADVOCACY_DB or the user data folder)")
    parser.add_argument("--config", metavar="PATH", help="config.toml (default: ADVOCACY_CONFIG or the user config folder)")
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="treat this date as today (default: ADVOCACY_TODAY or the real date)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", help="write a realistic sample program and open it")
    demo.add_argument("--no-open", action="store_true", help="write the demo and exit")
    demo.add_argument("--force", action="store_true", help="replace the data in a non-empty database")
    demo.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same data)")
    demo.add_argument("--employees", type=int, default=300, help="how many employees (default 300)")
    export = commands.add_parser("export", help="write one CSV per entity into a folder")
    export.add_argument("folder", metavar="DIR", help="folder to write the sixteen CSV files into")
    load = commands.add_parser("import", help="import CSV files (or folders of them) in one transaction")
    load.add_argument("paths", metavar="FILE_OR_DIR", nargs="+", help="CSV files named after their entity, or folders holding them")
    load.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    sources = commands.add_parser(
        "import-from",
        help="import exports from Slack, Teams, LinkedIn, GA4, Lever or Greenhouse",
        description="Read exports downloaded from the tools a coordinator already uses, match "
        "their people to employees, and store them (all files in one transaction).",
    )
    sources.add_argument(
        "source", choices=("auto", "slack", "teams", "linkedin-creator", "linkedin-page", "ga4", "lever", "greenhouse"),
        help="where the files come from; auto recognises each file from its sheets and headers",
    )
    sources.add_argument("files", metavar="FILE", nargs="+", help="CSV, XLSX or XLS files as the tool exported them")
    sources.add_argument("--dry-run", action="store_true", help="show what would be stored and who is unmatched; write nothing")
    sources.add_argument("--advocate", metavar="EMAIL", help="whose LinkedIn creator analytics these are (else the file name says)")
    sources.add_argument("--period-end", metavar="YYYY-MM-DD", help="last day of the period a Slack export covers")
    sources.add_argument("--period-days", metavar="N", type=int, help="how many days that period is long (e.g. 30)")
    sources.add_argument(
        "--accept-suggested", action="store_true",
        help="confirm each unmatched person whose name is exactly one employee's as that employee (remembered)",
    )
    cohort = commands.add_parser("cohort", help="the cohort by stage and channel, with the guards")
    cohort.add_argument("--json", action="store_true", help="print JSON (enrolled, stages, channels, warnings)")
    keys = commands.add_parser("keys", help="an advocate's SSH public keys (for the SSH door)")
    key_commands = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    key_add = key_commands.add_parser("add", help="record a public key from a file")
    key_add.add_argument("email")
    key_add.add_argument("key_file", metavar="PUBKEY_FILE")
    key_list = key_commands.add_parser("list", help="list an advocate's keys")
    key_list.add_argument("email")
    key_remove = key_commands.add_parser("remove", help="remove a key by its fingerprint")
    key_remove.add_argument("email")
    key_remove.add_argument("fingerprint")
    tick = commands.add_parser(
        "tick", help="the weekly automation, safe from cron at any hour: drop, reminders, flags, report"
    )
    tick.add_argument("--today", dest="tick_today", metavar="YYYY-MM-DD", help="run as of this date")
    queue = commands.add_parser("queue", help="an advocate's own view: their weekly queue and results")
    who = queue.add_mutually_exclusive_group(required=True)
    who.add_argument("--advocate", metavar="EMAIL", help="the enrolled advocate whose view to open")
    who.add_argument(
        "--ssh-user",
        metavar="LOGIN",
        nargs="?",
        const="",
        help="the advocate behind an SSH login (OpenSSH ForceCommand): LOGIN, or $USER when omitted",
    )
    serve = commands.add_parser("serve-ssh", help="the SSH door advocates use to reach their view")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=2222, help="port to listen on (default 2222)")
    serve.add_argument("--host-key", metavar="PATH", help="the server's private host key (created on first start)")
    metrics = commands.add_parser("metrics", help="the three tiers of figures and the health signals")
    metrics.add_argument("--json", action="store_true", help="print one JSON object (rates as fractions)")
    metrics.add_argument("--as-of", metavar="YYYY-MM-DD", help="the day the windows end on (default: today)")
    report = commands.add_parser("report", help="the monthly retrospective, as Markdown or one HTML page")
    report.add_argument("--as-of", metavar="YYYY-MM-DD", help="the day the period ends on (default: today)")
    report.add_argument("--format", choices=("md", "html"), default="md", help="md (default) or html")
    report.add_argument("--out", metavar="FILE", help="write to FILE (default: print it)")
    commands.add_parser("paths", help="print where the database and config files are")
    backup = commands.add_parser("backup", help="a consistent copy of the database file, safe while it is in use")
    backup.add_argument(
        "dest", metavar="DEST", nargs="?",
        help="file (or folder) to write; default: next to the database, named with the time",
    )
    commands.add_parser(
        "check", help="integrity, orphaned rows, schema version and config; exit 1 on any problem"
    )
    return parser


def _invocation(args: argparse.Namespace) -> Invocation:
    # A subcommand's own --today (`advocacy tick --today D`) wins over the global one.
    today = parse_today(getattr(args, "tick_today", None) or args.today or os.environ.get("ADVOCACY_TODAY"))
    return Invocation(resolve_db(args.db), resolve_config_path(args.config), today)


def run_tui(invocation: Invocation) -> int:
    # No garbage collection until the first frame is drawn (the app turns it back on):
    # start-up allocates a few hundred thousand long-lived objects, and the full collection
    # they set off landed just before the first frame, 25 ms of it. Nothing made meanwhile
    # is garbage worth the wait.
    gc.disable()
    from advocacy_tui.store.files import check_sqlite_file, is_url, probe_sqlite

    if not is_url(invocation.db):
        # A foreign, damaged or newer file is refused here in milliseconds, as one line,
        # rather than by an app that opens and then closes again.
        check_sqlite_file(Path(invocation.db))
        probe_sqlite(Path(invocation.db))
    from advocacy_tui.app import AdvocacyApp

    app = AdvocacyApp(
        db=invocation.db,
        # Settings already read (by `demo`, say) are reused; otherwise the app reads them
        # in a worker after its first frame and closes with the message if they are bad.
        settings=invocation.__dict__.get("settings"),
        config_path=invocation.config_path,
        today=invocation.today,
    )
    app.run()
    return app.return_code or 0


def run_demo(invocation: Invocation, args: argparse.Namespace) -> int:
    from advocacy_tui.store import demo
    from advocacy_tui.store.database import open_store

    if args.employees < 1:
        raise UsageError("--employees must be at least 1")
    store = open_store(invocation.db)
    try:
        if not demo.is_empty(store):
            if not args.force:
                print(
                    f"{store.target} already holds a program; add --force to replace it with the demo.",
                    file=sys.stderr,
                )
                return 1
            demo.clear(store)
        summary = demo.write_demo(store, today=invocation.today, seed=args.seed, employees=args.employees)
        samples = None
        if "://" not in invocation.db:  # a file: sample tool exports beside it, to try `T` with
            from advocacy_tui.store.demo.exports import write_demo_exports

            samples = Path(invocation.db).parent / "exports"
            write_demo_exports(store, samples, invocation.today, args.seed)
    finally:
        store.close()
    counts = ", ".join(f"{value:,} {name}" for name, value in vars(summary).items())
    print(f"Wrote the demo program to {store.target} as of {invocation.today}: {counts}.")
    if samples is not None:
        print(f"Sample exports to try with T (import from a tool): {samples}")
    if args.no_open:
        return 0
    return run_tui(invocation)


def run_export(invocation: Invocation, args: argparse.Namespace) -> int:
    from advocacy_tui.store.csv_export import export_all

    folder = Path(args.folder).expanduser()
    store = _existing_store(invocation)
    try:
        written = export_all(store, folder)
    finally:
        store.close()
    for name, rows in written.items():
        print(f"{folder / name}: {rows:,} rows")
    return 0


def run_import(invocation: Invocation, args: argparse.Namespace) -> int:
    from advocacy_tui.store.csv_import import ImportRejected, expand_paths, import_files
    from advocacy_tui.store.database import open_store

    store = open_store(invocation.db)
    try:
        try:
            paths = expand_paths(Path(path).expanduser() for path in args.paths)
            report = import_files(store, paths, dry_run=args.dry_run)
        except ImportRejected as rejected:
            print(f"advocacy: nothing was imported; {rejected.total} problem(s):", file=sys.stderr)
            print(str(rejected), file=sys.stderr)
            return 1
    finally:
        store.close()
    from advocacy_tui.program.sync_report import counts_table

    print(("Dry run, nothing written:\n" if report.dry_run else "") + counts_table(report))
    return 0


def run_import_from(invocation: Invocation, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from advocacy_tui.program.exports import ExportError, read_export
    from advocacy_tui.program.exports.read import USES_PERIOD
    from advocacy_tui.store.imports import import_exports, remember_alias

    period_end = parse_today(args.period_end, "--period-end") if args.period_end else None
    try:
        batches = [
            read_export(Path(file).expanduser(), args.source, period_end=period_end, period_days=args.period_days)
            for file in args.files
        ]
    except ExportError as error:
        print(f"advocacy: nothing was imported; {error}", file=sys.stderr)
        return 1
    notes = []
    if period_end is not None:
        # The period is for the files without dates (Slack's); with several files, saying
        # so under every other file is noise: once, and only if no file used it.
        batches = [
            replace(batch, warnings=tuple(w for w in batch.warnings if not w.startswith("The period given is not used")))
            for batch in batches
        ]
        if not any(batch.source in USES_PERIOD for batch in batches):
            notes.append("note: --period-end and --period-days were not used: these files say their own dates.")
    store = _existing_store(invocation)
    try:
        if args.accept_suggested and not args.dry_run:
            # Confirm the same-name suggestions first, then import once: the counts printed
            # are the import's own.
            looked = import_exports(store, batches, advocate_email=args.advocate, dry_run=True)
            for batch, outcome in zip(batches, looked):
                for person in outcome.unmatched:
                    if person.suggestion is not None:
                        remember_alias(store, batch.source, person.person, person.suggestion.employee_id)
                        print(f"Confirmed: {person.label} is {person.suggestion.label} in {batch.label}")
        outcomes = import_exports(store, batches, advocate_email=args.advocate, dry_run=args.dry_run)
    finally:
        store.close()
    if args.dry_run:
        print("Dry run, nothing written:")
    for outcome in outcomes:
        print("\n".join(outcome.lines()))
    for note in notes:
        print(note)
    return 0


def _existing_store(invocation: Invocation):
    """Open the database for a command that reads what is there (never creates one)."""
    from advocacy_tui.store.database import open_store

    if "://" not in invocation.db and not Path(invocation.db).exists():
        raise StoreError(f"There is no database at {invocation.db}.")
    return open_store(invocation.db)


def run_cohort(invocation: Invocation, args: argparse.Namespace) -> int:
    import json

    from advocacy_tui.store.cohort import cohort_json

    store = _existing_store(invocation)
    try:
        report = cohort_json(store, invocation.settings)
    finally:
        store.close()
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print("Stages:   " + ", ".join(f"{stage} {count}" for stage, count in report["stages"].items()))
    print("Channels: " + ", ".join(f"{channel} {count}" for channel, count in report["channels"].items()))
    print(f"Enrolled: {len(report['enrolled'])}")
    for advocate in report["enrolled"]:
        print(f"  {advocate['name']} <{advocate['email']}> {advocate['category']}")
    for warning in report["warnings"]:
        print(f"warning: {warning['sentence']}")
    return 0


def run_keys(invocation: Invocation, args: argparse.Namespace) -> int:
    from advocacy_tui.store.cohort import add_ssh_key, list_ssh_keys, remove_ssh_key

    if args.keys_command == "add":
        try:
            key_text = Path(args.key_file).expanduser().read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or "not a text file"
            raise StoreError(f"cannot read {args.key_file}: {reason}") from None
    store = _existing_store(invocation)
    try:
        if args.keys_command == "add":
            key = add_ssh_key(store, args.email, key_text)
            print(f"Added {key.label} for {args.email}.")
        elif args.keys_command == "list":
            keys = list_ssh_keys(store, args.email)
            print("\n".join(key.label for key in keys) if keys else f"{args.email} has no SSH keys.")
        else:
            key = remove_ssh_key(store, args.email, args.fingerprint)
            print(f"Removed {key.fingerprint} ({key.comment or 'no comment'}) from {args.email}.")
    finally:
        store.close()
    return 0


def run_tick(invocation: Invocation) -> int:
    from advocacy_tui.config import outbox_dir, reports_dir
    from advocacy_tui.store.content.tick import run_tick as tick

    settings = invocation.settings
    store = _existing_store(invocation)
    try:
        result = tick(
            store, settings, invocation.today, outbox=outbox_dir(settings), reports=reports_dir(settings)
        )
    finally:
        store.close()
    print("\n".join(result.summary_lines(settings.delivery.inactivity_days)))
    return 0


def run_queue(invocation: Invocation, args: argparse.Namespace) -> int:
    from advocacy_tui.store.desk import AdvocateDesk, advocate_for_login

    store = _existing_store(invocation)
    try:
        if args.advocate is not None:
            email = args.advocate
        else:
            login = args.ssh_user or os.environ.get("USER", "")
            email = advocate_for_login(store, invocation.settings, login)
        desk = AdvocateDesk.open(store, email)
        from advocacy_tui.advocate.app import AdvocateApp

        app = AdvocateApp(desk, today=invocation.today, settings=invocation.settings)
        app.run()
        return app.return_code or 0
    finally:
        store.close()


def run_serve_ssh(invocation: Invocation, args: argparse.Namespace) -> int:
    from advocacy_tui.door.server import serve

    # The views follow the real date unless a date was fixed for this run (--today).
    fixed = parse_today(args.today) if args.today else None
    return serve(invocation, host=args.host, port=args.port, host_key=args.host_key, fixed_today=fixed)


def run_metrics(invocation: Invocation, args: argparse.Namespace) -> int:
    import json

    from advocacy_tui.program.metrics import metrics_lines
    from advocacy_tui.store.metrics import program_metrics

    as_of = parse_today(args.as_of, "--as-of") if args.as_of else invocation.today
    store = _existing_store(invocation)
    try:
        figures = program_metrics(store, invocation.settings, as_of)
    finally:
        store.close()
    if args.json:
        print(json.dumps(figures.as_json(), indent=2))
    else:
        print("\n".join(metrics_lines(figures)))
    return 0


def run_report(invocation: Invocation, args: argparse.Namespace) -> int:
    from advocacy_tui.store.report import render, retrospective

    as_of = parse_today(args.as_of, "--as-of") if args.as_of else invocation.today
    store = _existing_store(invocation)
    try:
        text = render(retrospective(store, invocation.settings, as_of), args.format)
    finally:
        store.close()
    if not args.out:
        sys.stdout.write(text)
        return 0
    from advocacy_tui.store.outbox import write_private_file

    out = Path(args.out).expanduser()
    write_private_file(out, text.encode("utf-8"))
    print(f"Wrote the retrospective as of {as_of} to {out}.")
    return 0


def run_backup(invocation: Invocation, args: argparse.Namespace) -> int:
    from advocacy_tui.store.files import display_target, is_url

    if is_url(invocation.db):
        target = display_target(invocation.db)
        print(
            f"advocacy: {target} is a database server: back it up with pg_dump "
            "(e.g. pg_dump --format=custom --file=advocacy.dump DATABASE_URL); nothing was written.",
            file=sys.stderr,
        )
        return 1
    from advocacy_tui.store.maintenance import backup_sqlite

    destination = Path(args.dest).expanduser() if args.dest else None
    if destination is not None and args.dest.endswith(("/", os.sep)):
        destination.mkdir(parents=True, exist_ok=True)  # "backups/": a folder, made if new
    backup = backup_sqlite(Path(invocation.db), destination)
    print(f"Backed up {invocation.db} to {backup.path} ({backup.size:,} bytes).")
    print("Rows: " + ", ".join(f"{count:,} {table}" for table, count in backup.rows.items()) + ".")
    return 0


def run_check(invocation: Invocation) -> int:
    from advocacy_tui.store.database import open_store
    from advocacy_tui.store.files import is_url
    from advocacy_tui.store.maintenance import check_config, check_store

    if not is_url(invocation.db) and not Path(invocation.db).exists():
        raise StoreError(f"There is no database at {invocation.db}.")
    # Read-only and not upgraded: a check never changes the file.
    store = open_store(invocation.db, upgrade=False, read_only=True)
    try:
        findings = check_store(store)
    finally:
        store.close()
    findings.append(check_config(invocation.config_path))
    for finding in findings:
        print(finding.line())
    problems = sum(finding.problem for finding in findings)
    print(f"{problems} problem(s) found." if problems else "All checks passed.")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        invocation = _invocation(args)
        if args.command is None:
            return run_tui(invocation)
        # These two look after the file whatever the config says (check reports on it).
        if args.command == "backup":
            return run_backup(invocation, args)
        if args.command == "check":
            return run_check(invocation)
        invocation.settings  # noqa: B018 - every subcommand refuses a bad config up front
        if args.command == "demo":
            return run_demo(invocation, args)
        if args.command == "export":
            return run_export(invocation, args)
        if args.command == "import":
            return run_import(invocation, args)
        if args.command == "import-from":
            return run_import_from(invocation, args)
        if args.command == "cohort":
            return run_cohort(invocation, args)
        if args.command == "keys":
            return run_keys(invocation, args)
        if args.command == "tick":
            return run_tick(invocation)
        if args.command == "metrics":
            return run_metrics(invocation, args)
        if args.command == "report":
            return run_report(invocation, args)
        if args.command == "queue":
            return run_queue(invocation, args)
        if args.command == "serve-ssh":
            return run_serve_ssh(invocation, args)
        from advocacy_tui.store.files import display_target

        print(f"database: {display_target(invocation.db)}")
        print(f"config:   {invocation.config_path}")
        return 0
    except UsageError as error:
        parser.print_usage(sys.stderr)
        print(f"advocacy: {error}", file=sys.stderr)
        return 2
    except (ConfigError, StoreError) as error:
        print(f"advocacy: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `advocacy metrics | head -1`: the reader left; that is not an error to report.
        # Point stdout at /dev/null so the interpreter's final flush does not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback
        return _report_crash(error)


def _report_crash(error: Exception) -> int:
    """Keep the traceback for a bug report, show the user one line."""
    import traceback

    from advocacy_tui.locations import data_dir

    log = data_dir() / "crash.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            traceback.print_exception(error, file=handle)
        where = f" (details in {log})"
    except OSError:
        where = ""
    print(f"advocacy: unexpected error: {error}{where}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
