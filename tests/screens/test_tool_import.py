"""The import-from-a-tool dialog: recognise, preview, match the unmatched once, import."""

from __future__ import annotations

import sqlite3

from advocacy_tui.screens.tool_import import MatchPersonScreen, ToolImportScreen
from tests.program.exports.fixtures import SLACK_HEADER, SLACK_NEWER, write_csv
from tests.tui import make_app, screen_text, settle


def demo_people(db, count: int) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT name, email FROM employee WHERE deleted_at IS NULL ORDER BY email LIMIT ?", (count,)
        ).fetchall()


def slack_file(tmp_path, people):
    """Slack's newer layout: the first person with their email, the second without (as
    when a workspace hides emails), a third nobody in the program."""
    (first_name, first_email), (second_name, _) = people
    rows = [SLACK_HEADER + SLACK_NEWER]
    for name, user_id, email, channel_messages in (
        (first_name, "U01", first_email, "42"),
        (second_name, "U02", "", "7"),
        ("Quinn Outsider", "U03", "", "3"),
    ):
        rows.append([name, "", user_id, user_id.lower(), "Member", "Jan 5, 2021", "Jan 5, 2021", "", "20", "18",
                     "0", "4", "99", channel_messages, "1", "Nov 20, 2026", "", "", "", name, email, "0", "0", "0",
                     "0", "0"])
    return write_csv(tmp_path / "slack-members.csv", rows, bom=True)


def imported_signals(db) -> list[tuple[str, int]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT employee.email, signal.count FROM signal JOIN employee ON employee.id = signal.employee_id "
            "WHERE signal.origin IS NOT NULL AND signal.deleted_at IS NULL ORDER BY employee.email"
        ).fetchall()


async def read_file(pilot, path, *, period_end="2026-11-22", days="30"):
    app = pilot.app
    await pilot.press("T")
    assert isinstance(app.screen, ToolImportScreen)
    app.screen.query_one("#tool-period-end").value = period_end
    app.screen.query_one("#tool-period-days").value = days
    app.screen.query_one("#tool-file").value = str(path)
    app.screen.query_one("#tool-file").focus()
    await pilot.press("enter")
    await settle(pilot)


async def test_preview_then_match_once_then_import_and_the_alias_is_remembered(demo_db, tmp_path):
    people = demo_people(demo_db, 2)
    path = slack_file(tmp_path, people)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await read_file(pilot, path)
        dialog = app.screen
        text = screen_text(app)
        assert "Recognised as Slack member analytics" in text
        assert "Messages posted in channels -> an internal `post` signal" in text
        assert f"{people[0][0]}" in text and "post x 42" in text and "added" in text
        assert "2 unmatched" in text and "Quinn Outsider" in text
        assert imported_signals(demo_db) == []  # the preview wrote nothing

        # The second person has no email in the file: accept the same-name employee.
        unmatched = dialog.query_one("#tool-unmatched")
        assert unmatched.has_focus
        assert dialog.outcome.unmatched[0].suggestion is not None
        await pilot.press("a")
        await settle(pilot)
        assert "1 unmatched" in screen_text(app)

        # Quinn is nobody's name: choose an employee by searching.
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MatchPersonScreen)
        app.screen.query_one("#match-search").value = people[0][1]
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert app.screen is dialog
        assert "unmatched" not in str(dialog.query_one("#tool-status").render())

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Imported: 2 added" in str(dialog.query_one("#tool-status").render())
    # Quinn's 3 messages add to the first person's 42: the same employee, one row.
    assert imported_signals(demo_db) == sorted([(people[0][1], 45), (people[1][1], 7)])

    # Next time the same file needs no matching, and changes nothing.
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await read_file(pilot, path)
        status = str(app.screen.query_one("#tool-status").render())
        assert "0 added, 2 unchanged" in status and "unmatched" not in status


async def test_an_unreadable_file_names_its_row_and_nothing_can_be_imported(demo_db, tmp_path):
    path = write_csv(tmp_path / "people.csv", [["Name", "Shoe size"], ["Ann", "38"]])
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await read_file(pilot, path)
        status = str(app.screen.query_one("#tool-status").render())
        assert status.startswith("Nothing can be imported: people.csv")
        assert app.screen.query_one("#tool-import").disabled


def test_snapshot_of_the_preview(snap_compare, demo_db, tmp_path, monkeypatch):
    slack_file(tmp_path, demo_people(demo_db, 2))
    monkeypatch.chdir(tmp_path)  # the path typed is relative, so the picture does not name tmp
    path = "slack-members.csv"

    async def run_before(pilot):
        await settle(pilot)
        await read_file(pilot, path)

    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), run_before=run_before)
