"""Bad input: the file, row and column named, a reason, never a traceback."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import openpyxl
import pytest

from advocacy_tui.program.exports import ExportError, read_export

from .fixtures import (
    SLACK_HEADER,
    TEAMS_HEADER,
    creator_xlsx,
    page_xlsx,
    slack_csv,
    teams_csv,
    teams_row,
    write_csv,
)


def message(path, source="auto", **period) -> str:
    with pytest.raises(ExportError) as raised:
        read_export(path, source, **period)
    return str(raised.value)


def test_the_issues_example_a_date_no_format_reads(tmp_path):
    rows = [TEAMS_HEADER] + [teams_row(f"p{n}@example.com") for n in range(5)]
    rows.append(teams_row("p5@example.com", last_activity="31/02/2026"))  # row 7
    path = write_csv(tmp_path / "teams.csv", rows, bom=True)
    assert message(path) == 'teams.csv, row 7, column "Last Activity Date": "31/02/2026" is not a date (YYYY-MM-DD)'


def test_the_error_carries_its_parts(tmp_path):
    rows = [TEAMS_HEADER, teams_row("a@example.com", posts="many")]
    with pytest.raises(ExportError) as raised:
        read_export(write_csv(tmp_path / "teams.csv", rows))
    error = raised.value
    assert (error.file, error.row, error.column, error.sheet) == ("teams.csv", 2, "Post Messages", None)
    assert error.reason == '"many" is not a whole number'


def test_a_number_that_is_not_one_in_a_workbook_names_the_sheet(tmp_path):
    path = page_xlsx(tmp_path)
    book = openpyxl.load_workbook(path)
    book["All posts"]["J3"] = "lots"  # Impressions
    book.save(path)
    assert message(path) == 'page-content.xlsx, sheet "All posts", row 3, column "Impressions": "lots" is not a whole number'


def test_a_missing_column_the_mapping_needs(tmp_path):
    header = [name for name in TEAMS_HEADER if name != "Report Period"]
    path = write_csv(tmp_path / "teams.csv", [header, teams_row("a@example.com")[:-1]])
    assert message(path, "teams") == (
        'teams.csv, row 1, column "Report Period": the column is missing; '
        "reading a Microsoft Teams user activity export needs it"
    )


def test_a_missing_column_below_a_banner_names_the_header_row(tmp_path):
    path = page_xlsx(tmp_path)
    book = openpyxl.load_workbook(path)
    book["All posts"]["F2"] = "Posted on"  # was "Created date"
    book.save(path)
    assert message(path, "linkedin-page") == (
        'page-content.xlsx, sheet "All posts", row 2, column "Created date": the column is missing; '
        "reading a LinkedIn Page content export needs it"
    )


def test_top_posts_without_a_whole_half(tmp_path):
    path = creator_xlsx(tmp_path)
    book = openpyxl.load_workbook(path)
    book["TOP POSTS"]["B3"] = "Date"
    book["TOP POSTS"]["F3"] = "Date"
    book.save(path)
    assert message(path) == (
        f'{path.name}, sheet "TOP POSTS", row 3, column "Post publish date": the column is missing beside '
        "Post URL; reading a LinkedIn creator analytics export needs Post URL, Post publish date, then "
        "Engagements or Impressions"
    )


def test_a_creator_workbook_without_top_posts(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "DISCOVERY"
    book.save(tmp_path / "Content_x.xlsx")
    assert message(tmp_path / "Content_x.xlsx", "linkedin-creator") == (
        'Content_x.xlsx: the workbook has no sheet named TOP POSTS (it has "DISCOVERY"); '
        "a LinkedIn creator analytics export has one"
    )


def test_an_unknown_shape(tmp_path):
    path = write_csv(tmp_path / "notes.csv", [["Title", "Body"], ["hello", "world"]])
    assert message(path).startswith("notes.csv: the file is of an unknown shape: no sheet or header row of a known export")


def test_a_file_of_another_source_than_named(tmp_path):
    assert message(teams_csv(tmp_path), "lever") == (
        "teams.csv: no header row with Sources and Applied At (GMT) in the first 40 rows; "
        "this is not a Lever candidates export (or not the file it exports)"
    )


def test_a_non_utf8_csv(tmp_path):
    path = tmp_path / "slack.csv"
    path.write_bytes(",".join(SLACK_HEADER).encode() + "\nJos\u00e9,x\n".encode("latin-1"))
    assert message(path) == "slack.csv: the file is not UTF-8 text (line 2 is not); save it as CSV UTF-8"


def test_a_utf16_csv(tmp_path):
    path = tmp_path / "teams.csv"
    path.write_bytes(teams_csv(tmp_path).read_text(encoding="utf-8-sig").encode("utf-16"))
    assert message(path) == "teams.csv: the file is UTF-16 text; save it as CSV UTF-8"


def test_an_empty_file_and_a_missing_one(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"\xef\xbb\xbf\r\n")
    assert message(tmp_path / "empty.csv") == "empty.csv: the file is empty"
    assert message(tmp_path / "gone.csv").startswith("gone.csv: the file cannot be read (")


def test_a_corrupt_xlsx(tmp_path):
    good = creator_xlsx(tmp_path).read_bytes()
    path = tmp_path / "broken.xlsx"
    path.write_bytes(good[: len(good) // 2])  # a download cut short
    assert message(path).startswith("broken.xlsx: the file is not a readable XLSX workbook (")


def test_a_zip_that_is_no_workbook(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    path = tmp_path / "export.xlsx"
    path.write_bytes(buffer.getvalue())
    assert message(path).startswith("export.xlsx: the file is not a readable XLSX workbook (")


def test_an_xls_xlrd_cannot_read(tmp_path, capsys):
    path = tmp_path / "page.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))  # an OLE2 signature, then nothing
    assert message(path).startswith("page.xls: the file is not a readable XLS workbook (")
    assert capsys.readouterr().out == ""  # xlrd's own warnings do not leak to stdout


def test_a_workbook_name_on_a_file_that_is_no_workbook(tmp_path):
    path = tmp_path / "page.xls"
    path.write_text("<html><table><tr><td>Post link</td></tr></table></html>")
    assert message(path) == (
        "page.xls: the file is named .xls but is not an Excel workbook; download it again, "
        "or save it from the spreadsheet as .xlsx"
    )


def test_a_binary_file_under_a_csv_name(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(b"Name,User ID\x00\x01\x02\n")
    assert message(path) == "data.csv: the file holds NUL characters; it is not a CSV file"


def test_a_concealed_or_empty_principal_and_a_bad_report_period(tmp_path):
    empty = teams_row("x@example.com")
    empty[4] = ""
    assert message(write_csv(tmp_path / "t1.csv", [TEAMS_HEADER, empty])) == (
        't1.csv, row 2, column "User Principal Name": the cell is empty; every row names a user'
    )
    odd = teams_row("x@example.com")
    odd[-1] = "0"
    assert message(write_csv(tmp_path / "t2.csv", [TEAMS_HEADER, odd])) == (
        't2.csv, row 2, column "Report Period": 0 is not a report period (7, 30, 90 or 180 days)'
    )


def test_period_arguments_are_checked(tmp_path):
    path = slack_csv(tmp_path)
    assert message(path, period_end=date(2026, 5, 31)) == (
        "slack-members.csv: give both the period's last day and its length in days, or neither"
    )
    assert message(path, period_end=date(2026, 5, 31), period_days=0) == (
        "slack-members.csv: the period's length must be 1 to 3660 days, not 0"
    )


def test_an_unknown_source_name(tmp_path):
    assert message(slack_csv(tmp_path), "facebook").startswith('slack-members.csv: "facebook" is not a source; use one of slack, teams')


def test_a_header_only_file_reads_as_nothing_with_a_warning(tmp_path):
    batch = read_export(write_csv(tmp_path / "teams.csv", [TEAMS_HEADER]))
    assert batch.records == ()
    assert batch.warnings == ("The file has no rows under its header: nothing to import.",)
