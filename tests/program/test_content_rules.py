"""Steps 4 and 6 as rules: the approval gate, asset status steps, coverage arithmetic, the
authenticity measure, reminder messages and the tick's calendar and report."""

from __future__ import annotations

import email
import email.policy
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocacy_tui.program.content.assets import (
    AssetFields,
    approval_problems,
    approval_warnings,
    check_transition,
    in_date,
    parse_hashtags,
    save_problems,
    split_list,
)
from advocacy_tui.program.content.authenticity import PersonalText, copy_warnings, similarity
from advocacy_tui.program.content.coverage import TARGET_WEEKS, CategoryCoverage, coverage_of
from advocacy_tui.program.content.reminders import DueDelivery, reminder_bytes
from advocacy_tui.program.content.tick import (
    TickResult,
    WeekFigures,
    is_drop_day,
    next_drop,
    report_name,
    weekly_report,
)
from tests.conftest import TODAY

SENDER = "Advocacy program <advocacy@localhost>"

# ------------------------------------------------------------------------- helpers


def asset(**changes) -> AssetFields:
    values = dict(
        title="Our new office",
        topic="Workplace",
        platform="linkedin",
        caption="Proud of the new office. #ad",
        hashtags=("#hiring",),
        link="https://example.com/office",
        campaign="winter",
    )
    values.update(changes)
    return AssetFields(**values)


def due(**changes) -> DueDelivery:
    values = dict(
        delivery_id="0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
        advocate_name="Ada Lovelace",
        advocate_email="ada@example.com",
        advocate_token="abcdefgh",
        asset_title="Our new office",
        platform="linkedin",
        caption="Proud of the new office.",
        tracked_link="https://example.com/office?utm_source=linkedin&utm_content=abcdefgh-234567ab",
        due_on=TODAY + timedelta(days=1),
    )
    values.update(changes)
    return DueDelivery(**values)


def parsed(data: bytes):
    return email.message_from_bytes(data, policy=email.policy.default)


def body_of(message) -> str:
    """The plain-text body with its line ends as a reader sees them (SMTP's are CRLF)."""
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


# ----------------------------------------------------------------- approval gate


def test_a_complete_asset_passes_the_gate():
    assert approval_problems(asset()) == []
    assert approval_problems(asset(), disclosure="#ad") == []


@pytest.mark.parametrize(
    "changes, problem",
    [
        ({"caption": ""}, "It has no suggested caption."),
        ({"caption": " \t"}, "It has no suggested caption."),
        ({"link": "htp:/x"}, "The link is malformed: the link must start with http:// or https://."),
        ({"link": "https://exa mple.com"}, "The link is malformed: the link contains a space."),
        ({"link": "example.com/office"}, "The link is malformed: the link must start with http:// or https://."),
        ({"link": "https://example.com:99999/"}, "The link is malformed: the link's port is not a number between 0 and 65535."),
        ({"hashtags": ("#my tag",)}, "A hashtag is malformed: '#my tag' contains a space."),
        ({"hashtags": ("#2024",)}, "A hashtag is malformed: '#2024' is only digits; a hashtag needs at least one letter."),
        ({"hashtags": ("#ok", "#no-dash")}, "A hashtag is malformed: '#no-dash' contains '-'"),
        ({"title": ""}, "Title is required."),
        ({"title": "x" * 201}, "Title is longer than 200 characters."),
    ],
)
def test_each_gate_problem_is_one_sentence(changes, problem):
    problems = approval_problems(asset(**changes))
    assert len(problems) == 1
    assert problems[0].startswith(problem)


def test_no_link_is_allowed_but_warned_about():
    assert approval_problems(asset(link="")) == []
    assert approval_warnings(asset(link="")) == ["It has no link, so shares of it cannot be attributed to anyone."]
    assert "bit.ly is a URL shortener" in approval_warnings(asset(link="https://bit.ly/abc"))[0]
    assert approval_warnings(asset(campaign="")) == ["It has no campaign, so its links carry no utm_campaign."]


def test_the_disclosure_is_required_when_configured_and_matched_ignoring_case():
    missing = approval_problems(asset(caption="Proud of the new office."), disclosure="Paid partnership")
    assert missing == ["The caption lacks the required disclosure text \u201cPaid partnership\u201d."]
    assert approval_problems(asset(caption="PAID PARTNERSHIP: our office"), disclosure="  paid partnership ") == []
    assert approval_problems(asset(caption="Proud of the new office."), disclosure="   ") == []


def test_every_problem_is_listed():
    problems = approval_problems(
        asset(caption="", link="htp:/x", hashtags=("#2024", "#my tag")), disclosure="#ad"
    )
    assert len(problems) == 5


def test_a_draft_is_saved_with_only_a_title_topic_and_platform():
    assert save_problems(asset(caption="", link="not a link", hashtags=("#2024",))) == []
    assert save_problems(asset(available_from=TODAY, expires_on=TODAY - timedelta(days=1))) == [
        "Expires on is before Available from."
    ]


def test_hashtags_typed_by_a_coordinator_and_the_stored_lists():
    assert parse_hashtags("#a, b  #c") == ("#a", "#b", "#c")
    stored = asset(hashtags=("#a", " ", "#b|c"), starters=("One", "Two")).stored()
    assert (stored["hashtags"], stored["starters"]) == ("#a|#b/c", "One|Two")
    assert split_list("#a| |#b") == ("#a", "#b")
    assert asset(platform=" LinkedIn ").stored()["platform"] == "linkedin"


@pytest.mark.parametrize(
    "step, status, allowed",
    [
        ("approve", "draft", True), ("approve", "approved", False), ("approve", "retired", False),
        ("retire", "approved", True), ("retire", "draft", False), ("retire", "retired", False),
        ("reopen", "retired", True), ("reopen", "draft", False), ("reopen", "approved", False),
    ],
)
def test_status_steps(step, status, allowed):
    refusal = check_transition(step, status)
    assert (refusal is None) == allowed
    if not allowed:
        assert f"(this one is {status})" in refusal


@pytest.mark.parametrize(
    "available, expires, deliverable",
    [
        (None, None, True),
        (TODAY, None, True),
        (TODAY + timedelta(days=1), None, False),
        (None, TODAY, False),
        (None, TODAY - timedelta(days=1), False),
        (None, TODAY + timedelta(days=1), True),
    ],
)
def test_in_date(available, expires, deliverable):
    assert in_date(available, expires, TODAY) is deliverable


# ---------------------------------------------------------------------- coverage


def test_seven_assets_at_three_a_drop():
    row = CategoryCoverage("Engineering", advocates=2, deliverable=7, per_drop=3)
    assert row.weeks == pytest.approx(7 / 3)
    assert row.under_target
    assert row.short_by == 5
    assert row.weeks_text == "2.3 weeks"
    assert row.sentence() == "Engineering has 2.3 weeks of content (target 4): approve 5 more"


@pytest.mark.parametrize(
    "deliverable, per_drop, text, under, short",
    [
        (12, 3, "4 weeks", False, 0),
        (20, 3, "6.7 weeks", False, 0),
        (3, 3, "1 week", True, 9),
        (0, 3, "0 weeks", True, 12),
        (5, 2, "2.5 weeks", True, 3),
    ],
)
def test_coverage_figures(deliverable, per_drop, text, under, short):
    row = CategoryCoverage("Sales", 1, deliverable, per_drop)
    assert (row.weeks_text, row.under_target, row.short_by) == (text, under, short)
    if not under:
        assert row.sentence() == f"Sales has {text} of content"


def test_a_category_is_its_least_covered_advocate_and_an_empty_one_its_assets():
    rows = coverage_of({"Sales": 9, "Engineering": 20, "Legal": 5}, {"Engineering": [14, 8, 11], "": [6]}, 3)
    assert [(row.category, row.advocates, row.deliverable) for row in rows] == [
        ("Engineering", 3, 8), ("Legal", 0, 5), ("Sales", 0, 9), ("", 1, 6),
    ]
    assert rows[-1].sentence().startswith("(general only) has 2 weeks")
    assert TARGET_WEEKS == 4


# ------------------------------------------------------------------ authenticity


def test_identical_texts_are_alike_ignoring_case_links_and_hashtags():
    text = "Our new office opens next week and I cannot wait to show you around"
    assert similarity(text, text) == 1.0
    assert similarity(text + " https://example.com/x?utm_content=abc #hiring", text.upper() + " @example") == 1.0


def test_different_texts_are_not_alike():
    first = "Our new office opens next week and I cannot wait to show you around"
    second = "I spent the afternoon testing chairs; the espresso machine won me over"
    assert similarity(first, second) < 0.1
    assert similarity(first, "") == similarity("", "") == 0.0
    edited = first.replace("cannot wait", "am so excited")
    assert 0.3 < similarity(first, edited) < 0.9


@given(st.text(), st.text())
def test_similarity_is_symmetric_and_between_zero_and_one(first, second):
    value = similarity(first, second)
    assert 0.0 <= value <= 1.0
    assert value == similarity(second, first)


def test_copy_warnings_name_only_the_copying_advocates():
    copied = "Our new office opens next week and I cannot wait to show you around"
    texts = {
        "a1": ("Our new office", [
            PersonalText("Ada", copied),
            PersonalText("Bob", copied.lower()),
            PersonalText("Cat", "A desk by the window and a view of the river: I am happy here"),
            PersonalText("Dan", "   "),
        ]),
        "a2": ("Winter party", [PersonalText("Ada", "Great party"), PersonalText("Bob", "Lovely evening, thanks all")]),
    }
    (warning,) = copy_warnings(texts, 0.9)
    assert (warning.asset_id, warning.advocates, warning.similarity) == ("a1", ("Ada", "Bob"), 1.0)
    assert warning.sentence().startswith("\u201cOur new office\u201d: 2 advocates posted near-identical texts (100% alike: Ada, Bob)")
    assert copy_warnings(texts, 1.01) == []


# --------------------------------------------------------------------- reminders


def test_a_reminder_is_an_email_to_the_advocate_about_the_asset():
    message = parsed(reminder_bytes(due(), sender=SENDER, today=TODAY))
    (to,) = message["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Ada Lovelace", "ada@example.com")
    assert message["From"].addresses[0].addr_spec == "advocacy@localhost"
    assert message["Subject"] == "Reminder: \u201cOur new office\u201d is due tomorrow"
    assert message["Date"].datetime == datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)
    assert message["Message-ID"] == "<reminder-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0@advocacy.invalid>"
    body = body_of(message)
    assert body.startswith("Hi Ada,\n")
    assert "due tomorrow, Tuesday 24 November." in body
    assert "  https://example.com/office?utm_source=linkedin&utm_content=abcdefgh-234567ab\n" in body
    assert "  Proud of the new office.\n" in body


def test_a_reminder_on_the_due_day_says_today_and_the_same_input_gives_the_same_bytes():
    today = due(due_on=TODAY)
    assert "is due today" in parsed(reminder_bytes(today, sender=SENDER, today=TODAY))["Subject"]
    assert reminder_bytes(today, sender=SENDER, today=TODAY) == reminder_bytes(today, sender=SENDER, today=TODAY)
    assert today.file_name == "2026-11-23-abcdefgh-0f1e2d3c.eml"


def test_a_reminder_survives_non_ascii_names_and_long_lines():
    item = due(
        advocate_name="José Núñez",
        asset_title="Caf\u00e9 culture at our M\u00fcnchen office, a long title to fold across header lines",
        caption="",
        tracked_link="",
    )
    data = reminder_bytes(item, sender=SENDER, today=TODAY)
    assert max(len(line) for line in data.split(b"\r\n")) <= 78
    data.decode("ascii")  # everything encoded for any mail server
    message = parsed(data)
    assert message["To"].addresses[0].display_name == "José Núñez"
    assert item.asset_title in message["Subject"]
    body = body_of(message)
    assert body.startswith("Hi José,")
    assert "(none: write your own line)" in body and "(this asset has no link)" in body


# --------------------------------------------------------------- calendar, report


def test_drop_days_and_the_next_drop():
    assert is_drop_day(TODAY, "monday") and not is_drop_day(TODAY, "tuesday")
    assert next_drop(TODAY, "monday") == TODAY + timedelta(days=7)
    assert next_drop(TODAY + timedelta(days=1), "monday") == TODAY + timedelta(days=7)
    assert next_drop(TODAY, "friday") == date(2026, 11, 27)
    assert next_drop(date(2026, 11, 28), "sunday") == date(2026, 11, 29)


def test_report_names_follow_the_iso_week():
    assert report_name(TODAY) == "weekly-report-2026-W48.md"
    assert report_name(TODAY + timedelta(days=6)) == "weekly-report-2026-W48.md"
    assert report_name(date(2027, 1, 1)) == "weekly-report-2026-W53.md"
    assert report_name(date(2027, 1, 4)) == "weekly-report-2027-W01.md"


def _week(delivered: int, shared: int) -> WeekFigures:
    return WeekFigures(TODAY, delivered, shared, 0, 2, 3, 4, 0, 0, {"flag": 1, "topic": 0, "support": 2}, 1)


def test_the_weekly_report_states_the_week():
    result = TickResult(TODAY, "monday", True)
    result.week = _week(6, 3)
    result.coverage = [CategoryCoverage("Engineering", 2, 7, 3)]
    text = weekly_report(result, 7)
    assert text.startswith("# Advocacy program: week ending Monday 23 November 2026\n")
    assert "The 7 days 17 Nov to 23 Nov 2026. Drops go out on Mondays." in text
    assert "| Queue utilization (shared / delivered) | 50% |" in text
    assert "| Engineering | 2 | 7 | 2.3 | under target: approve 5 more |" in text
    assert "Open feedback: 1 flags of inauthentic content, 0 topic ideas, 2 support requests." in text
    assert "1 assets are held back from drops" in text
    assert weekly_report(result, 7) == text


def test_the_weekly_report_without_deliveries_says_n_a():
    result = TickResult(TODAY, "monday", True)
    result.week = _week(0, 0)
    assert "| Queue utilization (shared / delivered) | n/a |" in weekly_report(result, 7)


def test_a_tick_that_did_nothing_says_so():
    result = TickResult(TODAY + timedelta(days=2), "monday", False)
    lines = result.summary_lines(7)
    assert not result.changed
    assert "Drop: not today (the drop goes out on Mondays; next Mon 30 Nov)." in lines
    assert lines[-1] == "Nothing changed: this tick had already run today."


def test_reminders_greet_by_first_name_whatever_the_order():
    from advocacy_tui.program.content.reminders import greeting_name

    assert greeting_name("Ada Lovelace") == "Ada"
    assert greeting_name("Lovelace, Ada") == "Ada"
    assert greeting_name("Cher") == "Cher"
    assert greeting_name("  ") == "there"
