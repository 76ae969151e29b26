"""The command line as a user runs it: a real process, exit codes, no tracebacks."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.backends import count_rows


def run(*args, env=None, cwd=None):
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "advocacy_tui", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=120,
    )


def test_a_file_that_is_not_a_database_is_one_line_and_exit_1(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")
    result = run("--db", str(notes))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "not an advocacy database" in result.stderr
    assert notes.read_text() == "not a database"


def test_an_invalid_config_stops_before_the_app_naming_the_key(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[scoring]\ncandidates = -4\n")
    result = run("--config", str(config), "--db", str(tmp_path / "x.sqlite"), "paths")
    assert result.returncode == 1
    assert "scoring.candidates" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_today_is_a_usage_error(tmp_path):
    result = run("--today", "2026-13-40", "paths")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr


def test_paths_follow_the_overrides(tmp_path):
    result = run("paths", env={"ADVOCACY_DB": str(tmp_path / "env.sqlite")})
    assert f"database: {tmp_path / 'env.sqlite'}" in result.stdout
    result = run("--db", str(tmp_path / "flag.sqlite"), "paths", env={"ADVOCACY_DB": str(tmp_path / "env.sqlite")})
    assert f"database: {tmp_path / 'flag.sqlite'}" in result.stdout
    default = run("paths")
    assert os.environ["XDG_DATA_HOME"] in default.stdout  # platformdirs' user data folder


def test_demo_writes_once_and_refuses_to_overwrite_without_force(tmp_path):
    db = tmp_path / "sub" / "demo.sqlite"  # a missing parent folder is created
    first = run("--db", str(db), "--today", "2026-11-23", "demo", "--no-open")
    assert first.returncode == 0, first.stderr
    assert "employees" in first.stdout
    count = sqlite3.connect(db).execute("SELECT count(*) FROM employee").fetchone()[0]
    assert 250 <= count <= 350
    again = run("--db", str(db), "--today", "2026-11-23", "demo", "--no-open")
    assert again.returncode == 1
    assert "--force" in again.stderr
    forced = run("--db", str(db), "--today", "2026-11-23", "demo", "--no-open", "--force", "--seed", "5")
    assert forced.returncode == 0, forced.stderr
    assert sqlite3.connect(db).execute("SELECT count(*) FROM employee").fetchone()[0] == count


def test_a_newer_or_damaged_database_is_refused_in_one_line(tmp_path):
    db = tmp_path / "program.sqlite"
    assert run("--db", str(db), "--today", "2026-11-23", "demo", "--no-open").returncode == 0
    connection = sqlite3.connect(db)
    connection.execute("UPDATE store_meta SET value = '7' WHERE key = 'schema_version'")
    connection.commit()
    connection.close()
    newer = run("--db", str(db))
    assert newer.returncode == 1
    assert "newer version of advocacy" in newer.stderr
    assert newer.stderr.strip().count("\n") == 0
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    result = run("--db", str(damaged))
    assert result.returncode == 1
    assert "damaged or not an advocacy database" in result.stderr
    assert "Traceback" not in result.stderr


def test_cohort_json_reports_enrolled_stages_channels_and_warnings(demo_db):
    import json

    result = run("--db", str(demo_db), "cohort", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"enrolled", "stages", "channels", "warnings"}
    assert report["stages"]["enrolled"] == len(report["enrolled"]) > 0
    first = report["enrolled"][0]
    for field in ("email", "name", "channel", "category", "orientation_on", "policy_ack_on", "opted_in_on"):
        assert field in first
    assert {warning["code"] for warning in report["warnings"]} >= {"unscored"}
    assert all(warning["sentence"] for warning in report["warnings"])


def test_keys_add_list_remove(demo_db, tmp_path):
    import shutil

    if shutil.which("ssh-keygen") is None:
        pytest.skip("ssh-keygen is not installed")
    key = tmp_path / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ada@laptop", "-f", str(key)], check=True)
    email = sqlite3.connect(demo_db).execute("SELECT email FROM employee ORDER BY email LIMIT 1").fetchone()[0]
    added = run("--db", str(demo_db), "keys", "add", email, str(key) + ".pub")
    assert added.returncode == 0, added.stderr
    fingerprint = subprocess.run(["ssh-keygen", "-lf", str(key) + ".pub"], capture_output=True, text=True).stdout.split()[1]
    assert fingerprint in added.stdout
    listed = run("--db", str(demo_db), "keys", "list", email)
    assert fingerprint in listed.stdout and "ada@laptop" in listed.stdout
    bad = tmp_path / "bad.pub"
    bad.write_text("ssh-ed25519 not-base64!! someone\n")
    refused = run("--db", str(demo_db), "keys", "add", email, str(bad))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    removed = run("--db", str(demo_db), "keys", "remove", email, fingerprint)
    assert removed.returncode == 0, removed.stderr
    assert "has no SSH keys" in run("--db", str(demo_db), "keys", "list", email).stdout


def test_commands_on_a_missing_database_say_so(tmp_path):
    result = run("--db", str(tmp_path / "absent.sqlite"), "cohort", "--json")
    assert result.returncode == 1
    assert "There is no database" in result.stderr
    assert not (tmp_path / "absent.sqlite").exists()


def test_export_then_import_into_an_empty_database_round_trips(demo_target, new_target, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    assert run("--db", demo_target, "export", str(first)).returncode == 0
    copy = new_target("copy")
    dry = run("--db", copy, "import", str(first), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Dry run" in dry.stdout
    assert count_rows(copy, "employee") == 0
    loaded = run("--db", copy, "import", str(first))
    assert loaded.returncode == 0, loaded.stderr
    assert run("--db", copy, "export", str(second)).returncode == 0
    for path in sorted(first.glob("*.csv")):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_a_rejected_import_names_file_line_and_column_and_writes_nothing(demo_db, tmp_path):
    bad = tmp_path / "scores.csv"
    bad.write_text(
        "employee_email,scorer,network_relevance,engagement_quality,subject_depth,cultural_alignment,scored_on\n"
        "nobody@nowhere.example,coordinator,3,3,3,3,2026-11-01\n"
    )
    before = sqlite3.connect(demo_db).execute("SELECT count(*) FROM score").fetchone()[0]
    result = run("--db", str(demo_db), "import", str(bad))
    assert result.returncode == 1
    assert "scores.csv, line 2, column employee_email" in result.stderr
    assert "Traceback" not in result.stderr
    assert sqlite3.connect(demo_db).execute("SELECT count(*) FROM score").fetchone()[0] == before


def test_tick_from_cron_delivers_reminds_reports_and_a_second_run_changes_nothing(demo_target, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(
        f'[paths]\noutbox = "{tmp_path / "outbox"}"\nreports = "{tmp_path / "reports"}"\n', encoding="utf-8"
    )
    # The demo's Monday drop went out on 23 November, due a week later: on Sunday the 29th
    # every unshared delivery is due within a day, and the next Monday brings a new drop.
    first = run("--config", str(config), "--db", demo_target, "tick", "--today", "2026-11-29")
    assert first.returncode == 0, first.stderr
    assert "Tick for Sunday 29 November 2026." in first.stdout
    assert "Drop: not today" in first.stdout
    reminders = sorted((tmp_path / "outbox").glob("*.eml"))
    assert reminders and f"Reminders: {len(reminders)} written" in first.stdout
    report = tmp_path / "reports" / "weekly-report-2026-W48.md"
    written = report.read_bytes()
    assert b"# Advocacy program: week ending Sunday 29 November 2026" in written

    again = run("--config", str(config), "--db", demo_target, "tick", "--today", "2026-11-29")
    assert again.returncode == 0, again.stderr
    assert "Nothing changed" in again.stdout and f"{len(reminders)} already written earlier" in again.stdout
    assert sorted((tmp_path / "outbox").glob("*.eml")) == reminders
    assert report.read_bytes() == written

    monday = run("--config", str(config), "--db", demo_target, "tick", "--today", "2026-11-30")
    assert monday.returncode == 0, monday.stderr
    assert "Drop: " in monday.stdout and "assets to 14 advocates" in monday.stdout


def test_tick_on_a_missing_database_or_a_bad_date_says_so(tmp_path):
    missing = run("--db", str(tmp_path / "none.sqlite"), "tick")
    assert missing.returncode == 1 and "There is no database" in missing.stderr
    bad = run("--db", str(tmp_path / "none.sqlite"), "tick", "--today", "monday")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
    assert "Traceback" not in missing.stderr + bad.stderr


def test_report_writes_the_retrospective_as_markdown_or_one_html_file(demo_db, tmp_path):
    md = run("--db", str(demo_db), "report", "--as-of", "2026-11-23")
    assert md.returncode == 0, md.stderr
    for section in ("# Advocacy program: retrospective as of 23 November 2026", "## Weekly (7 days)",
                    "## Health", "## Best content types", "## Advocates driving referral traffic",
                    "## Best channels", "## Awards of the period"):
        assert section in md.stdout
    out = tmp_path / "retro.html"
    page = run("--db", str(demo_db), "report", "--as-of", "2026-11-23", "--format", "html", "--out", str(out))
    assert page.returncode == 0 and str(out) in page.stdout
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>") and text.count("<svg") == 3
    assert "<script" not in text and "<link" not in text and "src=" not in text  # one self-contained file
    bad = run("--db", str(demo_db), "report", "--as-of", "soon")
    assert bad.returncode == 2 and "--as-of" in bad.stderr


def test_output_cut_short_by_a_pipe_is_not_an_error(tmp_path):
    """`advocacy cohort | head -1`: the reader leaves before the output ends."""
    import subprocess
    import sys

    db = tmp_path / "demo.sqlite"
    assert run("--db", str(db), "--today", "2026-11-23", "demo", "--no-open", "--employees", "30").returncode == 0
    process = subprocess.Popen([sys.executable, "-m", "advocacy_tui", "--db", str(db), "cohort"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    process.stdout.close()  # the reader is gone before the first line is written
    stderr = process.stderr.read()
    assert process.wait(timeout=120) == 0
    assert stderr == ""
