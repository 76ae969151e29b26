"""Slack member analytics and Teams user activity, read record by record."""

from __future__ import annotations

from datetime import date

import pytest

from advocacy_tui.program.exports import ChatActivity, ExportError, PersonRef, read_export

from .fixtures import CONCEALED, slack_csv, teams_csv, teams_older_csv

MAY_END = date(2026, 5, 31)


def test_slack_members_become_activity_over_the_given_period(tmp_path):
    batch = read_export(slack_csv(tmp_path), "slack", period_end=MAY_END, period_days=30)
    assert batch.source == "slack"
    assert (batch.period_start, batch.period_end) == (date(2026, 5, 2), MAY_END)
    assert batch.records == (
        ChatActivity(
            source="slack",
            person=PersonRef(email="ann@example.com", user_id="U01ANN", name="Ann Archer", handle="ann"),
            period_start=date(2026, 5, 2), period_end=MAY_END,
            posts=310, answers=0, reactions=42, messages=1234,  # "1,234" in the file
            days_active=20, last_active_on=date(2025, 3, 17), row=2,
        ),
        ChatActivity(
            source="slack",
            person=PersonRef(user_id="U02BEN", name="Ben Brook", handle="ben"),  # hidden email
            period_start=date(2026, 5, 2), period_end=MAY_END,
            posts=0, answers=0, reactions=3, messages=12,
            days_active=20, last_active_on=date(2025, 1, 2), row=3,
        ),
        ChatActivity(
            source="slack",
            person=PersonRef(email="cy@example.com", user_id="U03CY", name="Cy Chen", handle="cy"),
            period_start=date(2026, 5, 2), period_end=MAY_END,
            posts=5, answers=0, reactions=0, messages=7,  # empty Reactions added is 0
            days_active=20, last_active_on=None, row=4,
        ),
    )
    assert batch.warnings == ()


def test_an_older_slack_file_without_email_is_read_too(tmp_path):
    batch = read_export(slack_csv(tmp_path, newer=False), period_end=MAY_END, period_days=7)
    assert [record.person.email for record in batch.records] == [None, None, None]
    assert [record.person.user_id for record in batch.records] == ["U01ANN", "U02BEN", "U03CY"]
    assert batch.records[0].period_start == date(2026, 5, 25)


def test_slack_without_a_period_is_refused_with_what_to_give(tmp_path):
    with pytest.raises(ExportError) as raised:
        read_export(slack_csv(tmp_path), "slack")
    message = str(raised.value)
    assert message.startswith("slack-members.csv: ")
    assert "--period-end YYYY-MM-DD --period-days N" in message


def test_teams_period_comes_from_the_file_and_posts_and_replies_are_split(tmp_path):
    batch = read_export(teams_csv(tmp_path), "teams")
    start = date(2026, 5, 2)  # 30 days ending on the refresh date
    assert (batch.period_start, batch.period_end) == (start, MAY_END)
    assert batch.records == (
        ChatActivity(
            source="teams",
            person=PersonRef(principal="ann@example.com", user_id="id-ann"),
            period_start=start, period_end=MAY_END,
            posts=9, answers=5, reactions=0, messages=44,
            days_active=None, last_active_on=date(2026, 5, 29), row=2,
        ),
        ChatActivity(
            source="teams",
            person=PersonRef(principal=CONCEALED, user_id="id-hidden", concealed=True),
            period_start=start, period_end=MAY_END,
            posts=1, answers=2, reactions=0, messages=3,
            days_active=None, last_active_on=date(2026, 5, 20), row=3,
        ),
        ChatActivity(
            source="teams",
            person=PersonRef(principal="Ben@Example.com", user_id="id-ben"),
            period_start=start, period_end=MAY_END,
            posts=0, answers=0, reactions=0, messages=0,
            days_active=None, last_active_on=None, row=4,
        ),
    )
    assert len(batch.warnings) == 1
    assert batch.warnings[0].startswith("1 Teams user is concealed")


def test_a_concealed_person_has_nothing_to_remember_an_alias_by(tmp_path):
    concealed = read_export(teams_csv(tmp_path)).records[1].person
    assert concealed.concealed and concealed.alias_keys == ()
    assert concealed.label == f"concealed Teams user {CONCEALED}"


def test_an_older_twelve_column_teams_file_counts_channel_messages_as_posts(tmp_path):
    batch = read_export(teams_older_csv(tmp_path), "teams")
    assert batch.records == (
        ChatActivity(
            source="teams",
            person=PersonRef(principal="cy@example.com"),
            period_start=date(2026, 4, 6), period_end=date(2026, 4, 12),
            posts=8, answers=0, reactions=0, messages=10,
            days_active=None, last_active_on=date(2026, 4, 10), row=2,
        ),
    )
    assert any("older Teams layout" in warning for warning in batch.warnings)


def test_person_labels_and_alias_keys():
    person = PersonRef(email="ann@example.com", user_id="U01ANN", name="Ann Archer", handle="ann")
    assert person.label == "Ann Archer <ann@example.com>"
    assert person.alias_keys == ("U01ANN", "ann@example.com", "Ann Archer", "ann")
