"""Google Analytics 4: the # preamble's window, Grand total, a second block, daily rows."""

from __future__ import annotations

from datetime import date

import pytest

from advocacy_tui.program.exports import CampaignVisits, ExportError, read_export

from .fixtures import ANN_ASSET1, ANN_ASSET2, BEN_ASSET2, GA4_HEADER, GA4_PREAMBLE, ga4_csv, ga4_daily_csv, write_csv

START, END = date(2026, 5, 1), date(2026, 5, 31)


def visits(source, medium, campaign, content, tracking, sessions, engaged, key_events, row, *, on=None, start=START, end=END):
    return CampaignVisits(source, medium, campaign, content, tracking, on, start, end, sessions, engaged, key_events, row)


def test_both_campaign_blocks_are_read_over_the_preamble_window(tmp_path):
    batch = read_export(ga4_csv(tmp_path), "ga4")
    assert (batch.period_start, batch.period_end) == (START, END)
    assert batch.records == (
        # Row 13 is the Grand total; "1,204" has a thousands separator.
        visits("linkedin", "employee_advocacy", "spring", ANN_ASSET1, ANN_ASSET1, 1204, 800, 30, 14),
        visits("linkedin", "employee_advocacy", "spring", BEN_ASSET2, BEN_ASSET2, 96, 50, 3, 15),
        visits("google", "organic", "(organic)", "(not set)", None, 200, 140, 8, 16),
        # The second block, after a blank line; the value upper-cased by someone.
        visits("linkedin", "employee_advocacy", "autumn", ANN_ASSET2.upper(), ANN_ASSET2, 30, 12, 0, 19),
    )
    assert batch.records[0].last_day == END
    assert batch.warnings == (
        "1 row was skipped as totals (row 13).",
        "1 block without Session manual ad content and Sessions was not read (header on row 21).",
    )


def test_daily_rows_carry_their_own_date_and_manual_columns_are_read(tmp_path):
    batch = read_export(ga4_daily_csv(tmp_path), "ga4")
    assert batch.records == (
        visits("linkedin", "employee_advocacy", "spring", ANN_ASSET1, ANN_ASSET1, 17, 9, 1, 2,
               on=date(2026, 5, 2), start=None, end=None),
        visits("linkedin", "employee_advocacy", "spring", ANN_ASSET1, ANN_ASSET1, 2001, 1500, 12, 3,
               on=date(2026, 5, 3), start=None, end=None),
    )
    assert batch.records[1].last_day == date(2026, 5, 3)
    assert (batch.period_start, batch.period_end) == (date(2026, 5, 2), date(2026, 5, 3))


def test_without_window_or_dates_the_given_period_is_used(tmp_path):
    path = write_csv(tmp_path / "ga4.csv", [GA4_HEADER, ["linkedin / x", "c", ANN_ASSET1, "5", "4", "1"]])
    with pytest.raises(ExportError, match=r"ga4.csv, row 1: the rows have no Date column .* \(--period-end"):
        read_export(path, "ga4")
    batch = read_export(path, "ga4", period_end=date(2026, 6, 30), period_days=30)
    assert batch.records[0].window_start == date(2026, 6, 1)
    assert batch.records[0].window_end == date(2026, 6, 30)


def test_a_preamble_date_that_is_not_one_names_its_line(tmp_path):
    lines = [line.replace("20260531", "20260532") for line in GA4_PREAMBLE]
    path = write_csv(tmp_path / "ga4.csv", [GA4_HEADER], lines=lines)
    with pytest.raises(ExportError) as raised:
        read_export(path, "ga4")
    assert str(raised.value) == 'ga4.csv, row 9: the end date: "20260532" is not a date (YYYYMMDD or YYYY-MM-DD)'


def test_a_report_without_the_ad_content_dimension_names_the_missing_column(tmp_path):
    path = write_csv(
        tmp_path / "ga4.csv",
        [["Session source / medium", "Sessions", "Engaged sessions"], ["google / organic", "3", "2"]],
        lines=GA4_PREAMBLE,
    )
    with pytest.raises(ExportError) as raised:
        read_export(path, "ga4")
    assert str(raised.value) == (
        'ga4.csv, row 11, column "Session manual ad content": the column is missing; '
        "reading a Google Analytics 4 campaign report needs it"
    )
