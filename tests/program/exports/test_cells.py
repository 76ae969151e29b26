"""One cell at a time: the date formats, the ways numbers and rates are written, flags."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from advocacy_tui.program.exports.cells import (
    COMPACT,
    ISO,
    ISO_TIME,
    LESS_THAN_ONE_PERCENT,
    MONTH_NAME,
    US,
    US_PADDED,
    CellError,
    parse_count,
    parse_date,
    parse_flag,
    parse_rate,
    window,
)
from advocacy_tui.program.exports.tracking import tracking_value


@pytest.mark.parametrize(
    ("cell", "formats", "expected"),
    [
        ("Mar 17, 2025", (MONTH_NAME,), date(2025, 3, 17)),  # Slack
        ("September 3, 2025", (MONTH_NAME,), date(2025, 9, 3)),
        ("2026-05-31", (ISO,), date(2026, 5, 31)),  # Teams
        ("5/3/2026", (US,), date(2026, 5, 3)),  # LinkedIn creator, M/D/YYYY
        ("05/21/2026", (US_PADDED,), date(2026, 5, 21)),  # LinkedIn Page, MM/DD/YYYY
        ("20260501", (COMPACT,), date(2026, 5, 1)),  # GA4
        (20260501, (COMPACT,), date(2026, 5, 1)),  # GA4's date in a workbook, taken for a number
        ("2026-05-04 13:22:10", (ISO_TIME,), date(2026, 5, 4)),  # Lever, GMT: the date part
        ("2026-05-04T13:22:10Z", (ISO_TIME,), date(2026, 5, 4)),
        (datetime(2026, 5, 10, 0, 0), (US,), date(2026, 5, 10)),  # a real Excel date (openpyxl)
        (date(2026, 5, 10), (US,), date(2026, 5, 10)),
        ("2026-05-31", (MONTH_NAME,), date(2026, 5, 31)),  # ISO is read in every column
        ("", (ISO,), None),
        (None, (ISO,), None),
    ],
)
def test_dates_in_the_formats_the_tools_write(cell, formats, expected):
    assert parse_date(cell, formats) == expected


@pytest.mark.parametrize(
    ("cell", "formats", "reason"),
    [
        ("31/02/2026", (ISO,), '"31/02/2026" is not a date (YYYY-MM-DD)'),
        ("03/04/2026", (ISO,), '"03/04/2026" is not a date (YYYY-MM-DD)'),  # no guessing D/M vs M/D
        ("2/30/2026", (US,), '"2/30/2026" is not a date (M/D/YYYY)'),
        ("Foo 17, 2025", (MONTH_NAME,), '"Foo 17, 2025" is not a date (Mar 17, 2025)'),
        ("20261301", (COMPACT,), '"20261301" is not a date (YYYYMMDD)'),
        ("20260501", (ISO,), '"20260501" is not a date (YYYY-MM-DD)'),
        (45000, (US,), "45000 is a number, not a date (M/D/YYYY)"),
        ("0000-01-01", (ISO,), '"0000-01-01" is not a date (YYYY-MM-DD)'),
        ("\u0662\u0660\u0662\u0666-01-01", (ISO,), None),  # other scripts' digits are not ours
    ],
)
def test_a_date_no_format_reads_is_refused_naming_the_columns_format(cell, formats, reason):
    with pytest.raises(CellError) as raised:
        parse_date(cell, formats)
    if reason is not None:
        assert str(raised.value) == reason


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1,234", 1234),
        ("1,234,567", 1234567),
        ("1\u00a0234", 1234),  # a no-break space as the thousands separator
        ("1234", 1234),
        (" 42 ", 42),
        ("12.0", 12),
        (12, 12),
        (12.0, 12),
        ("", None),
        (None, None),
    ],
)
def test_counts_written_as_numbers_or_text(cell, expected):
    assert parse_count(cell) == expected


@pytest.mark.parametrize("cell", ["12.5", "1,23", "12,34,567", "-3", "abc", "2%", "1e3", True, 1.5, "9" * 40])
def test_a_count_that_is_not_one_is_refused(cell):
    with pytest.raises(CellError):
        parse_count(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2%", (0.02, False)),
        ("2.5 %", (0.025, False)),
        ("4.55%", (0.0455, False)),
        ("< 1%", (LESS_THAN_ONE_PERCENT, True)),
        ("<1%", (0.005, True)),
        ("0.0336", (0.0336, False)),
        (0.02, (0.02, False)),  # a spreadsheet's percent cell holds the fraction
        ("", None),
    ],
)
def test_rates(cell, expected):
    result = parse_rate(cell)
    if expected is None:
        assert result is None
    else:
        assert result[0] == pytest.approx(expected[0]) and result[1] is expected[1]


def test_less_than_one_percent_is_below_one_percent():
    assert 0 < LESS_THAN_ONE_PERCENT < 0.01


@pytest.mark.parametrize("cell", ["two", "%", "-2%", "1e999"])
def test_a_rate_that_is_not_one_is_refused(cell):
    with pytest.raises(CellError):
        parse_rate(cell)


@pytest.mark.parametrize(("cell", "expected"), [("true", True), ("FALSE", False), ("Yes", True), ("", False), (True, True), (1, True)])
def test_flags(cell, expected):
    assert parse_flag(cell) is expected


def test_a_flag_that_is_not_one_is_refused():
    with pytest.raises(CellError, match='"maybe" is not one of true, false'):
        parse_flag("maybe")


def test_a_window_counts_both_ends():
    assert window(date(2026, 5, 31), 30) == (date(2026, 5, 2), date(2026, 5, 31))
    with pytest.raises(CellError):
        window(date(1, 1, 5), 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("annadvoc-asset222", "annadvoc-asset222"),
        ("LinkedIn, annadvoc-asset222", "annadvoc-asset222"),
        ("lever-source=annadvoc-asset222", "annadvoc-asset222"),
        ("ANNADVOC-ASSET222", "annadvoc-asset222"),
        ("annadvoc-asset222_suffix", "annadvoc-asset222"),  # platforms append their own suffixes
        ("linkedin", None),  # a lone eight-letter word is no tracking value
        ("annadvoc-asset2229", None),  # too long to be a token
        ("annadvoc-asset221", None),  # '1' is not in the tokens' alphabet
        ("", None),
        (None, None),
    ],
)
def test_tracking_values(text, expected):
    assert tracking_value(text) == expected
