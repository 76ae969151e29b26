"""`auto` recognises every export and says why; a named source wins over recognition."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from advocacy_tui.program.exports import SOURCES, read_export

from . import fixtures

BUILDERS = [
    (fixtures.slack_csv, "slack", 'Recognised as Slack member analytics: the header on row 1 has User ID, Messages posted in channels and Days active.'),
    (fixtures.teams_csv, "teams", "Recognised as Microsoft Teams user activity: the header on row 1 has Report Refresh Date, User Principal Name and Team Chat Message Count."),
    (fixtures.teams_older_csv, "teams", None),
    (fixtures.creator_xlsx, "linkedin-creator", 'Recognised as LinkedIn creator analytics: the workbook has a sheet named "TOP POSTS".'),
    (fixtures.page_xlsx, "linkedin-page", 'Recognised as LinkedIn Page content: the header on row 2 of sheet "All posts" has Post link, Created date and Impressions.'),
    (fixtures.page_old_xls, "linkedin-page", 'Recognised as LinkedIn Page content: the header on row 2 of sheet "All posts" has Update link, Created date and Impressions.'),
    (fixtures.ga4_csv, "ga4", "Recognised as Google Analytics 4: the header on row 12 has Sessions and Session manual ad content."),
    (fixtures.ga4_daily_csv, "ga4", None),
    (fixtures.lever_csv, "lever", "Recognised as Lever candidates: the header on row 1 has Profile ID, Sources and Applied At (GMT)."),
    (fixtures.greenhouse_csv, "greenhouse", "Recognised as Greenhouse applications: the header on row 1 has Candidate ID, Application Date and Source."),
]


@pytest.mark.parametrize(("build", "source", "sentence"), BUILDERS, ids=[b[0].__name__ for b in BUILDERS])
def test_auto_recognises_each_export_and_reads_it_as_named(tmp_path, build, source, sentence):
    path = build(tmp_path)
    batch = read_export(path, period_end=date(2026, 5, 31), period_days=30)
    assert batch.source == source
    if sentence is not None:
        assert batch.recognised_by == sentence
    named = read_export(path, source, period_end=date(2026, 5, 31), period_days=30)
    assert named.records == batch.records
    assert named.recognised_by.startswith("Read as ")


def test_ga4_is_recognised_by_its_preamble_even_with_an_odd_header(tmp_path):
    path = fixtures.write_csv(
        tmp_path / "ga4.csv", [["Session default channel group", "Users"], ["Direct", "4"]], lines=fixtures.GA4_PREAMBLE
    )
    with pytest.raises(Exception) as raised:
        read_export(path)
    # Recognised as GA4, then refused for the column the mapping needs.
    assert "Session manual ad content" in str(raised.value)


def test_every_source_has_a_reader():
    assert SOURCES == ("slack", "teams", "linkedin-creator", "linkedin-page", "ga4", "lever", "greenhouse")


def test_reading_imports_no_database_ui_or_validation_library(tmp_path):
    """Pure readers: no SQLAlchemy, Textual or pydantic, and openpyxl only for a workbook."""
    csv_path = fixtures.lever_csv(tmp_path)
    xlsx_path = fixtures.page_xlsx(tmp_path)
    probe = f"""
import json, sys
from advocacy_tui.program.exports import read_export
read_export({str(csv_path)!r})
after_csv = set(sys.modules)
read_export({str(xlsx_path)!r})
print(json.dumps([sorted(after_csv), sorted(sys.modules)]))
"""
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    after_csv, after_xlsx = (set(names) for names in json.loads(result.stdout))
    roots = {name.split(".")[0] for name in after_xlsx}
    assert not roots & {"sqlalchemy", "textual", "pydantic"}
    assert "openpyxl" not in {name.split(".")[0] for name in after_csv}
    assert "openpyxl" in roots
