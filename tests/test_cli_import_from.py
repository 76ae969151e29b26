"""`advocacy import-from` as a coordinator runs it: real processes, real files, exit codes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from advocacy_tui.store.database import open_store
from advocacy_tui.store.models import Employee
from tests.program.exports.fixtures import ga4_csv, slack_csv, teams_csv, write_csv
from tests.test_cli import run


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "program.sqlite"
    store = open_store(path)
    with store.writing() as session:
        session.add_all([
            Employee(email="ann@example.com", name="Ann Archer"),
            Employee(email="ben@example.com", name="Ben Brook"),
            Employee(email="cy@example.com", name="Cy Chen"),
        ])
    store.close()
    return path


def dump(path: Path) -> list:
    with sqlite3.connect(path) as connection:
        return [connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
                for table in ("signal", "alias", "post", "application", "company_post", "referral_visit")]


def test_auto_recognises_each_file_and_a_dry_run_writes_nothing(db, tmp_path):
    before = dump(db)
    done = run("--db", str(db), "import-from", "auto", str(teams_csv(tmp_path)), str(ga4_csv(tmp_path)), "--dry-run")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("Dry run, nothing written:")
    assert "teams.csv: Recognised as Microsoft Teams user activity" in out
    assert "ga4.csv: Recognised as Google Analytics 4" in out
    assert "2 added" in out  # Ann's 9 posts and 5 replies
    assert "1 Teams user is concealed" in out
    # No advocate has posted those assets in this program: the rows are named, not guessed.
    assert "row 14: annadvoc-asset222 (1,204 sessions, 1 May 2026 to 31 May 2026; no employee has that advocate token)" in out
    assert dump(db) == before


def test_slack_needs_its_period_and_then_lists_unmatched_people_until_confirmed(db, tmp_path):
    path = slack_csv(tmp_path)
    refused = run("--db", str(db), "import-from", "slack", str(path))
    assert refused.returncode == 1
    assert refused.stderr.startswith("advocacy: nothing was imported; slack-members.csv: ")
    assert "--period-end YYYY-MM-DD --period-days N" in refused.stderr
    assert "Traceback" not in refused.stderr

    period = ("--period-end", "2026-05-31", "--period-days", "30")
    first = run("--db", str(db), "import-from", "slack", str(path), *period)
    assert first.returncode == 0, first.stderr
    assert "2 added" in first.stdout
    assert "Ben Brook (row 3) - same name as Ben Brook <ben@example.com>" in first.stdout

    confirmed = run("--db", str(db), "import-from", "slack", str(path), *period, "--accept-suggested")
    assert confirmed.returncode == 0, confirmed.stderr
    assert "Confirmed: Ben Brook is Ben Brook <ben@example.com> in Slack member analytics" in confirmed.stdout
    assert "unmatched" not in confirmed.stdout
    assert "0 added, 2 unchanged" in confirmed.stdout  # Ben's 0 channel messages store nothing
    again = run("--db", str(db), "import-from", "slack", str(path), *period)
    assert "0 added, 2 unchanged" in again.stdout and "unmatched" not in again.stdout


def test_a_file_of_unknown_shape_or_a_bad_date_names_file_row_and_column(db, tmp_path):
    before = dump(db)
    unknown = write_csv(tmp_path / "people.csv", [["Name", "Shoe size"], ["Ann", "38"]])
    done = run("--db", str(db), "import-from", "auto", str(teams_csv(tmp_path)), str(unknown))
    assert done.returncode == 1
    assert done.stderr.startswith("advocacy: nothing was imported; people.csv")
    bad = teams_csv(tmp_path, name="teams-bad.csv", last_activity="31/02/2026")
    done = run("--db", str(db), "import-from", "teams", str(bad))
    assert done.returncode == 1
    assert 'teams-bad.csv, row 2, column "Last Activity Date"' in done.stderr
    assert dump(db) == before  # the good file given with the bad one was not imported either


def test_an_unknown_advocate_for_a_creator_file_is_one_line(db, tmp_path):
    from tests.program.exports.fixtures import creator_xlsx

    done = run("--db", str(db), "import-from", "linkedin-creator", str(creator_xlsx(tmp_path)),
               "--advocate", "nobody@example.com")
    assert done.returncode == 1
    assert done.stderr.strip() == "advocacy: No employee has the email nobody@example.com; nothing was imported."

