"""Step 7's pure rules: windows, ratios that are null rather than 0, medians, the health
signals with the guide's diagnosis, the JSON shape and the text version."""

from __future__ import annotations

import json
from datetime import date

import pytest

from advocacy_tui.program.metrics import (
    ATTRIBUTION_DIAGNOSIS,
    PARTICIPATION_DIAGNOSIS,
    REACH_DIAGNOSIS,
    Monthly,
    ProgramMetrics,
    Quarterly,
    Weekly,
    Window,
    assess,
    difference,
    growth,
    median,
    metrics_lines,
    ratio,
)

D = date(2026, 11, 23)


def weekly(enrolled=10, active=6, posts=9, deliveries=30, shared=12) -> Weekly:
    return Weekly(enrolled, active, posts, deliveries, shared)


def monthly(reach=1100, engagement=0.03, posters=4, visits=12, posts=20, previous=1000) -> Monthly:
    return Monthly(reach, engagement, posters, visits, posts, previous)


def quarterly(applications=2, promoted=30.0, control=45.5, sentiment=4.0, previous=3.5) -> Quarterly:
    return Quarterly(applications, promoted, control, sentiment, previous)


def figures(w=None, m=None, q=None, target=0.6, baseline=0.02) -> ProgramMetrics:
    return ProgramMetrics.of(D, w or weekly(), m or monthly(), q or quarterly(), target=target, baseline=baseline)


# --------------------------------------------------------------------------- windows


def test_windows_end_on_the_day_inclusive_and_the_previous_one_touches_it():
    week = Window.ending(D, 7)
    assert (week.start, week.end, week.days) == (date(2026, 11, 17), D, 7)
    assert date(2026, 11, 17) in week and date(2026, 11, 16) not in week and D in week
    assert week.previous() == Window(date(2026, 11, 10), date(2026, 11, 16))
    month = Window.ending(D, 30)
    assert month.start == date(2026, 10, 25)  # D-29
    assert month.previous() == Window(date(2026, 9, 25), date(2026, 10, 24))  # D-59 .. D-30
    quarter = Window.ending(D, 91)
    assert quarter.start == date(2026, 8, 25)  # D-90
    assert quarter.previous().end == date(2026, 8, 24) and quarter.previous().days == 91  # D-91


# ------------------------------------------------------------------------ arithmetic


def test_ratios_with_nothing_to_divide_by_are_null_never_zero():
    assert ratio(3, 4) == 0.75
    assert ratio(0, 4) == 0.0
    assert ratio(3, 0) is None
    assert ratio(None, 4) is None
    assert growth(3000, 5000) == pytest.approx(-0.4)
    assert growth(10, 0) is None  # nothing the month before: no growth figure
    assert growth(0, 10) == -1.0
    assert difference(4.0, 3.5) == 0.5
    assert difference(4.0, None) is None and difference(None, 3.0) is None


def test_median_of_sorted_values():
    assert median([]) is None
    assert median([7]) == 7.0
    assert median([10, 30, 50]) == 30.0
    assert median([60, 69]) == 64.5
    assert median([1, 2, 3, 10]) == 2.5


def test_derived_figures():
    w = weekly(enrolled=4, active=2, deliveries=3, shared=2)
    assert w.participation_rate == 0.5
    assert w.queue_utilization == pytest.approx(2 / 3)
    m = monthly(reach=3000, posters=4, previous=5000)
    assert m.reach_per_advocate == 750.0
    assert m.reach_growth == pytest.approx(-0.4)
    assert quarterly(sentiment=3.5, previous=2.5).sentiment_shift == 1.0


def test_empty_figures_are_zeros_and_nulls():
    empty = ProgramMetrics.of(
        D, Weekly(0, 0, 0, 0, 0), Monthly(0, None, 0, 0, 0, 0), Quarterly(0, None, None, None, None),
        target=0.6, baseline=0.02,
    )
    data = empty.as_json()
    assert data["weekly"] == {
        "enrolled": 0, "active_advocates": 0, "participation_rate": None, "posts": 0,
        "deliveries": 0, "shared": 0, "queue_utilization": None,
    }
    assert data["monthly"] == {
        "reach": 0, "engagement_rate": None, "reach_per_advocate": None, "referral_visits": 0,
        "reach_growth": None, "posts": 0,
    }
    assert data["quarterly"] == {
        "attributed_applications": 0, "time_to_fill_promoted_days": None, "time_to_fill_control_days": None,
        "sentiment": None, "sentiment_shift": None,
    }
    # Null rates are not ok: all three signals are missing.
    assert data["health"] == {
        "participation_ok": False, "reach_ok": False, "attribution_ok": False,
        "diagnosis": [PARTICIPATION_DIAGNOSIS, REACH_DIAGNOSIS, ATTRIBUTION_DIAGNOSIS],
    }
    text = "\n".join(metrics_lines(empty))
    assert "n/a" in text and "None" not in text


# ---------------------------------------------------------------------------- health


def test_all_three_signals_present_means_no_diagnosis():
    health = figures().health
    # 6/10 = 0.6 >= 0.6; 1100/1000 - 1 = +10% and 3% > 2%; 2 applications.
    assert (health.participation_ok, health.reach_ok, health.attribution_ok) == (True, True, True)
    assert health.diagnosis == ()


@pytest.mark.parametrize(
    ("w", "m", "q", "missing"),
    [
        (weekly(active=5), None, None, [PARTICIPATION_DIAGNOSIS]),  # 50% < 60%
        (weekly(enrolled=0, active=0), None, None, [PARTICIPATION_DIAGNOSIS]),  # null rate
        (None, monthly(reach=1000), None, [REACH_DIAGNOSIS]),  # growth exactly 0 is not growing
        (None, monthly(previous=0), None, [REACH_DIAGNOSIS]),  # null growth
        (None, monthly(engagement=0.02), None, [REACH_DIAGNOSIS]),  # equal to the baseline is not above
        (None, monthly(engagement=None), None, [REACH_DIAGNOSIS]),  # null engagement
        (None, None, quarterly(applications=0), [ATTRIBUTION_DIAGNOSIS]),
        (weekly(active=1), monthly(reach=900), quarterly(applications=0),
         [PARTICIPATION_DIAGNOSIS, REACH_DIAGNOSIS, ATTRIBUTION_DIAGNOSIS]),
    ],
)
def test_each_missing_signal_gets_the_guides_diagnosis(w, m, q, missing):
    health = figures(w, m, q).health
    assert list(health.diagnosis) == missing
    assert health.participation_ok == (PARTICIPATION_DIAGNOSIS not in missing)
    assert health.reach_ok == (REACH_DIAGNOSIS not in missing)
    assert health.attribution_ok == (ATTRIBUTION_DIAGNOSIS not in missing)


def test_the_diagnosis_sentences_are_the_guides():
    assert "friction or recognition gaps" in PARTICIPATION_DIAGNOSIS
    assert "content quality or network relevance" in REACH_DIAGNOSIS
    assert "tracking infrastructure" in ATTRIBUTION_DIAGNOSIS


def test_the_configured_target_and_baseline_decide():
    w, m, q = weekly(active=5), monthly(engagement=0.03), quarterly()
    assert assess(w, m, q, target=0.5, baseline=0.02).participation_ok  # 50% >= 50%
    assert not assess(w, m, q, target=0.51, baseline=0.02).participation_ok
    assert assess(w, m, q, target=0.5, baseline=0.029).reach_ok
    assert not assess(w, m, q, target=0.5, baseline=0.03).reach_ok


# ------------------------------------------------------------------------ JSON, text


def test_json_has_every_key_rates_as_rounded_fractions():
    data = json.loads(json.dumps(figures(w=weekly(enrolled=3, active=2)).as_json()))
    assert data["as_of"] == "2026-11-23"
    assert set(data) == {"as_of", "weekly", "monthly", "quarterly", "health"}
    assert data["weekly"]["participation_rate"] == 0.6667  # 2/3 to 4 places, not 66.67
    assert data["weekly"]["queue_utilization"] == 0.4  # 12/30
    assert data["monthly"]["reach_growth"] == 0.1
    assert data["monthly"]["reach_per_advocate"] == 275.0
    assert data["quarterly"]["time_to_fill_control_days"] == 45.5
    assert data["quarterly"]["sentiment_shift"] == 0.5
    assert set(data["health"]) == {"participation_ok", "reach_ok", "attribution_ok", "diagnosis"}


def test_the_text_version_aligns_percentages_and_names_the_diagnosis():
    lines = metrics_lines(figures(w=weekly(active=5), m=monthly(engagement=0.0345)))
    text = "\n".join(lines)
    assert lines[0] == "Program metrics as of Monday 23 November 2026"
    assert "Weekly (17 Nov to 23 Nov 2026)" in text
    assert "Monthly (25 Oct to 23 Nov 2026)" in text
    assert "Quarterly (25 Aug to 23 Nov 2026)" in text
    rate = next(line for line in lines if "Participation rate" in line)
    assert "50%" in rate and "target 60%" in rate
    assert "3.5%" in next(line for line in lines if "Engagement rate" in line)
    assert "+10.0%" in next(line for line in lines if "Reach growth" in line)
    assert "45.5 days" in next(line for line in lines if "control" in line)
    assert "+0.50" in next(line for line in lines if "Sentiment shift" in line)
    assert f"  - {PARTICIPATION_DIAGNOSIS}" in lines
    # The figures line up: in every row of a tier the value ends in the same column.
    rows = [line for line in lines if line.startswith("  ") and not line.startswith("  - ")]
    assert len(rows) == 6 + 6 + 5 + 3
    assert {line[40] != " " and line[41:42] in ("", " ") for line in rows} == {True}
