"""Step 4 in the store: the library and its approval gate, coverage per category, the
feedback inbox, the authenticity check and the weekly queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from advocacy_tui.config import Settings
from advocacy_tui.program.content.assets import AssetFields
from advocacy_tui.store import cohort
from advocacy_tui.store.content.authenticity import near_identical
from advocacy_tui.store.content.drops import coverage
from advocacy_tui.store.content.feedback import (
    add_feedback,
    feedback_rows,
    open_feedback_counts,
    resolve_feedback,
)
from advocacy_tui.store.content.library import (
    approve_asset,
    asset_rows,
    filter_values,
    library_counts,
    reopen_asset,
    retire_asset,
    save_asset,
)
from advocacy_tui.store.content.queue import queue_rows, queue_totals
from advocacy_tui.store.content.tick import run_tick
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import Asset, Delivery, Employee, Feedback
from tests.conftest import TODAY, days_ago

BY = "coordinator"
ENGINEERING = "Engineering voices"
SALES = "Sales voices"
DISCLOSURE = "I work at Example Corp"

# ------------------------------------------------------------------------- helpers


def add_employee(store, name: str) -> str:
    with store.writing() as session:
        employee = Employee(
            email=f"{name.split()[0].lower()}@example.com",
            name=name,
            department="Engineering",
            manager_email="boss@example.com",
        )
        session.add(employee)
        session.flush()
        return employee.id


def advocate(store, name: str, category: str = "", *, enrolled: bool = True) -> str:
    """An employee walked through the cohort steps (the gate is respected) to enrolled."""
    employee_id = add_employee(store, name)
    cohort.nominate(store, employee_id, "manager", None, days_ago(20), BY)
    if enrolled:
        cohort.invite(store, employee_id, days_ago(18), BY)
        cohort.record_orientation(store, employee_id, days_ago(16), BY)
        cohort.record_policy_ack(store, employee_id, days_ago(16), BY)
        cohort.opt_in(store, employee_id, days_ago(14), BY)
    if category:
        cohort.set_category(store, employee_id, category, days_ago(13), BY)
    return employee_id


def fields(title: str = "Our new office", **changes) -> AssetFields:
    values = dict(
        title=title,
        topic="Workplace",
        platform="LinkedIn",
        tone="warm",
        caption=f"Proud of {title}. {DISCLOSURE}.",
        hashtags=("#hiring", "#Café"),
        link="https://example.com/office?ref=news",
        campaign="winter",
    )
    values.update(changes)
    return AssetFields(**values)


def asset(store, title: str, category: str = "", *, approve: bool = True, **changes) -> str:
    asset_id = save_asset(store, fields(title, category=category, **changes))
    if approve:
        approve_asset(store, asset_id)
    return asset_id


def status_of(store, asset_id: str) -> str:
    with store.reading() as session:
        return session.get(Asset, asset_id).status


def deliver(store, advocate_id: str, asset_id: str, on=TODAY, status: str = "delivered", text: str = "") -> str:
    with store.writing() as session:
        delivery = Delivery(
            advocate_id=advocate_id, asset_id=asset_id, delivered_on=on, due_on=on + timedelta(days=7),
            status=status, shared_on=on if status == "shared" else None, personalized_text=text,
        )
        session.add(delivery)
        session.flush()
        return delivery.id


def tick(store, tmp_path, on=TODAY):
    return run_tick(store, Settings(), on, outbox=tmp_path / "outbox", reports=tmp_path / "reports")


# ----------------------------------------------------------------- approval gate


def test_a_complete_asset_is_saved_as_a_draft_and_approved(store):
    asset_id = save_asset(store, fields())
    assert status_of(store, asset_id) == "draft"
    row = approve_asset(store, asset_id, disclosure=DISCLOSURE)
    assert row.status == "approved" == status_of(store, asset_id)
    (listed,) = asset_rows(store)
    assert listed.fields.platform == "linkedin"  # platforms are kept lower-case
    assert listed.fields.hashtags == ("#hiring", "#Café")
    assert listed.token == row.token and len(row.token) == 8


def test_a_draft_needs_a_title_topic_and_platform(store):
    with pytest.raises(StoreError) as error:
        save_asset(store, fields(title=" ", topic="", platform=""))
    for word in ("Title is required", "Topic is required", "Platform is required", "Nothing was saved"):
        assert word in str(error.value)
    assert asset_rows(store) == []


def test_a_draft_cannot_expire_before_it_is_available(store):
    with pytest.raises(StoreError, match="Expires on is before Available from"):
        save_asset(store, fields(available_from=TODAY, expires_on=TODAY - timedelta(days=1)))
    assert asset_rows(store) == []


@pytest.mark.parametrize(
    "changes, problem",
    [
        ({"caption": ""}, "It has no suggested caption."),
        ({"caption": "   \n "}, "It has no suggested caption."),
        ({"link": "htp:/x"}, "The link is malformed: the link must start with http:// or https://."),
        ({"link": "https://exa mple.com"}, "The link is malformed: the link contains a space."),
        ({"link": "https://"}, "The link is malformed: the link has no host name."),
        ({"hashtags": ("#ok", "#my tag")}, "A hashtag is malformed: '#my tag' contains a space."),
        ({"hashtags": ("#2024",)}, "A hashtag is malformed: '#2024' is only digits"),
        ({"hashtags": ("hiring",)}, "A hashtag is malformed: 'hiring' must start with #."),
    ],
)
def test_approval_is_refused_with_the_problem_named_and_nothing_changes(store, changes, problem):
    asset_id = save_asset(store, fields(**changes))
    with pytest.raises(StoreError) as error:
        approve_asset(store, asset_id)
    assert problem in str(error.value)
    assert "Our new office" in str(error.value) and "Nothing was saved" in str(error.value)
    assert status_of(store, asset_id) == "draft"
    assert library_counts(store)["approved"] == 0


def test_approval_names_every_problem_at_once(store):
    asset_id = save_asset(store, fields(caption="", link="htp:/x", hashtags=("#2024",)))
    with pytest.raises(StoreError) as error:
        approve_asset(store, asset_id, disclosure=DISCLOSURE)
    message = str(error.value)
    assert "no suggested caption" in message
    assert "link is malformed" in message
    assert "'#2024' is only digits" in message
    assert f"lacks the required disclosure text \u201c{DISCLOSURE}\u201d" in message
    assert status_of(store, asset_id) == "draft"


def test_the_configured_disclosure_is_required_in_the_caption(store):
    without = save_asset(store, fields("Without", caption="Proud of our office."))
    with pytest.raises(StoreError, match="lacks the required disclosure text"):
        approve_asset(store, without, disclosure=DISCLOSURE)
    assert status_of(store, without) == "draft"

    shouting = save_asset(store, fields("Shouting", caption=f"Proud! {DISCLOSURE.upper()}"))
    assert approve_asset(store, shouting, disclosure=f"  {DISCLOSURE.lower()} ").status == "approved"

    # With no disclosure configured, the same caption passes.
    assert approve_asset(store, without).status == "approved"


def test_an_approved_asset_cannot_be_edited_into_breaking_approval(store):
    asset_id = asset(store, "Our new office")
    with pytest.raises(StoreError) as error:
        save_asset(store, fields(caption=""), asset_id)
    assert "is approved, and the edit would break approval" in str(error.value)
    assert "no suggested caption" in str(error.value)
    with pytest.raises(StoreError, match="lacks the required disclosure"):
        save_asset(store, fields(caption="Proud of our office."), asset_id, disclosure=DISCLOSURE)

    (row,) = asset_rows(store)
    assert row.status == "approved"
    assert row.fields.caption == f"Proud of Our new office. {DISCLOSURE}."


def test_an_approved_asset_can_be_edited_within_the_gate(store):
    asset_id = asset(store, "Our new office")
    save_asset(store, fields(caption=f"New words. {DISCLOSURE}", tone="proud"), asset_id, disclosure=DISCLOSURE)
    (row,) = asset_rows(store)
    assert (row.status, row.fields.caption, row.fields.tone) == ("approved", f"New words. {DISCLOSURE}", "proud")


def test_a_draft_can_be_saved_unfinished(store):
    asset_id = save_asset(store, fields(caption="", link="htp:/x"))
    save_asset(store, fields(caption="", link="still not a link"), asset_id)
    (row,) = asset_rows(store)
    assert (row.status, row.fields.link) == ("draft", "still not a link")


def test_retire_only_from_approved_and_reopen_only_from_retired(store):
    asset_id = asset(store, "Our new office", approve=False)
    with pytest.raises(StoreError, match="approved asset can be retired \\(this one is draft\\)"):
        retire_asset(store, asset_id)
    with pytest.raises(StoreError, match="only a retired asset can be reopened as a draft \\(this one is draft\\)"):
        reopen_asset(store, asset_id)
    assert status_of(store, asset_id) == "draft"

    approve_asset(store, asset_id)
    with pytest.raises(StoreError, match="only a draft asset can be approved \\(this one is approved\\)"):
        approve_asset(store, asset_id)
    with pytest.raises(StoreError, match="only a retired asset"):
        reopen_asset(store, asset_id)

    assert retire_asset(store, asset_id).status == "retired"
    with pytest.raises(StoreError, match="this one is retired"):
        retire_asset(store, asset_id)
    assert reopen_asset(store, asset_id).status == "draft"
    assert approve_asset(store, asset_id).status == "approved"


def test_the_retire_refusal_reads_as_english(store):
    asset_id = asset(store, "Our new office", approve=False)
    with pytest.raises(StoreError, match="only an approved asset can be retired"):
        retire_asset(store, asset_id)


def test_a_missing_asset_is_refused(store):
    with pytest.raises(StoreError, match="No such asset"):
        approve_asset(store, "00000000-0000-0000-0000-000000000000")


# ------------------------------------------------------------- the library table


def test_the_library_lists_filters_and_counts(store):
    advocate_id = advocate(store, "Ada Lovelace", ENGINEERING)
    asset(store, "b approved", ENGINEERING)
    asset(store, "A approved", SALES, platform="x", tone="bold")
    draft = asset(store, "Draft", approve=False)
    retire_asset(store, asset(store, "Retired"))
    flagged = asset(store, "Flagged")
    add_feedback(store, advocate_id, "flag", "Reads like an ad", TODAY, asset_id=flagged)
    deliver(store, advocate_id, flagged, status="shared")

    rows = asset_rows(store)
    assert [row.fields.title for row in rows] == ["Draft", "A approved", "b approved", "Flagged", "Retired"]
    by_title = {row.fields.title: row for row in rows}
    assert by_title["Flagged"].held and not by_title["b approved"].held
    assert (by_title["Flagged"].delivered, by_title["Flagged"].shared) == (1, 1)
    assert [row.id for row in asset_rows(store, {"status": "draft"})] == [draft]
    assert [row.fields.title for row in asset_rows(store, {"platform": "x", "tone": "bold"})] == ["A approved"]
    assert [row.fields.title for row in asset_rows(store, {"category": SALES, "status": ""})] == ["A approved"]
    with pytest.raises(ValueError):
        asset_rows(store, {"colour": "red"})

    values = filter_values(store)
    assert values["category"] == [ENGINEERING, SALES]  # the empty (general) category is not a choice
    assert values["platform"] == ["linkedin", "x"]
    assert values["status"] == ["approved", "draft", "retired"]
    assert library_counts(store) == {"draft": 1, "approved": 3, "retired": 1, "held": 1}


# ---------------------------------------------------------------------- coverage


def test_coverage_counts_only_what_can_still_be_delivered(store):
    ada = advocate(store, "Ada Lovelace", ENGINEERING)
    for number in range(4):
        asset(store, f"Eng {number}", ENGINEERING)
    for number in range(3):
        asset(store, f"General {number}")
    asset(store, "Scheduled", ENGINEERING, available_from=TODAY + timedelta(days=14))  # counts: weeks ahead
    asset(store, "Draft", ENGINEERING, approve=False)
    retire_asset(store, asset(store, "Retired", ENGINEERING))
    asset(store, "Expired", ENGINEERING, expires_on=TODAY)
    asset(store, "Other category", SALES)
    held = asset(store, "Held", ENGINEERING)
    add_feedback(store, ada, "flag", "Not my voice", TODAY, asset_id=held)

    by_category = {row.category: row for row in coverage(store, TODAY, 3)}

    engineering = by_category[ENGINEERING]
    assert (engineering.advocates, engineering.deliverable) == (1, 8)
    assert engineering.short_by == 4 and engineering.under_target
    sales = by_category[SALES]  # nobody enrolled: what a newcomer would receive
    assert (sales.advocates, sales.deliverable) == (0, 4)


def test_seven_assets_at_three_a_week_are_two_and_a_third_weeks(store):
    advocate(store, "Ada Lovelace", ENGINEERING)
    for number in range(7):
        asset(store, f"Eng {number}", ENGINEERING)
    (row,) = coverage(store, TODAY, 3)
    assert row.weeks == pytest.approx(2.333, abs=0.001)
    assert row.under_target and row.short_by == 5
    assert row.sentence() == f"{ENGINEERING} has 2.3 weeks of content (target 4): approve 5 more"


def test_a_category_is_as_covered_as_its_least_covered_advocate(store):
    ada = advocate(store, "Ada Lovelace", ENGINEERING)
    advocate(store, "Bob Builder", ENGINEERING)
    ids = [asset(store, f"Eng {number}", ENGINEERING) for number in range(12)]
    for asset_id in ids[:5]:
        deliver(store, ada, asset_id, on=days_ago(7))

    (row,) = coverage(store, TODAY, 3)
    assert (row.advocates, row.deliverable) == (2, 7)
    assert row.short_by == 5


def test_coverage_without_a_category_measures_general_assets(store):
    advocate(store, "Nia Nocat")
    for number in range(12):
        asset(store, f"General {number}")
    asset(store, "Eng only", ENGINEERING)
    by_category = {row.category: row for row in coverage(store, TODAY, 3)}
    assert (by_category[""].advocates, by_category[""].deliverable, by_category[""].under_target) == (1, 12, False)
    assert by_category[ENGINEERING].deliverable == 13
    assert [row.category for row in coverage(store, TODAY, 3)] == [ENGINEERING, ""]  # general last


def test_coverage_ignores_advocates_who_are_not_enrolled(store):
    advocate(store, "Nora Nominee", SALES, enrolled=False)
    asset(store, "Sales 0", SALES)
    (row,) = coverage(store, TODAY, 3)
    assert (row.category, row.advocates, row.deliverable) == (SALES, 0, 1)


# ---------------------------------------------------------------------- feedback


def test_feedback_round_trip(store):
    ada = advocate(store, "Ada Lovelace")
    asset_id = asset(store, "Our new office")
    flag = add_feedback(store, ada, "flag", "  Nobody talks like this  ", days_ago(2), asset_id=asset_id)

    (row,) = feedback_rows(store)
    assert (row.id, row.advocate, row.asset_title, row.kind_label, row.text, row.status) == (
        flag, "Ada Lovelace", "Our new office", "Not authentic", "Nobody talks like this", "open",
    )
    assert library_counts(store)["held"] == 1

    resolved = resolve_feedback(store, flag, "Rewrote the caption", TODAY)
    assert (resolved.status, resolved.resolution, resolved.resolved_on) == ("resolved", "Rewrote the caption", TODAY)
    assert feedback_rows(store) == [resolved]
    assert feedback_rows(store, include_resolved=False) == []
    assert library_counts(store)["held"] == 0


def test_resolving_needs_a_note_and_happens_once(store):
    ada = advocate(store, "Ada Lovelace")
    topic = add_feedback(store, ada, "topic", "Our parental leave policy", days_ago(3))
    with pytest.raises(StoreError, match="needs a note"):
        resolve_feedback(store, topic, "   ", TODAY)
    assert feedback_rows(store)[0].status == "open"
    with pytest.raises(StoreError, match="cannot be resolved before it was given"):
        resolve_feedback(store, topic, "Planned", days_ago(4))

    resolve_feedback(store, topic, "Planned for January", days_ago(1))
    with pytest.raises(StoreError, match=f"already resolved on {days_ago(1)}"):
        resolve_feedback(store, topic, "Again", TODAY)
    assert feedback_rows(store)[0].resolution == "Planned for January"


def test_what_feedback_needs(store):
    ada = advocate(store, "Ada Lovelace")
    with pytest.raises(StoreError, match="A flag names the asset"):
        add_feedback(store, ada, "flag", "This one feels fake", TODAY)
    with pytest.raises(StoreError, match="Say the topic"):
        add_feedback(store, ada, "topic", "  ", TODAY)
    with pytest.raises(StoreError, match="not 'praise'"):
        add_feedback(store, ada, "praise", "Great", TODAY)
    with pytest.raises(StoreError, match="No such asset"):
        add_feedback(store, ada, "flag", "Fake", TODAY, asset_id="00000000-0000-0000-0000-000000000000")
    with store.reading() as session:
        assert session.scalars(select(Feedback)).all() == []
    assert add_feedback(store, ada, "support", "Help me write about on-call", TODAY)


def test_open_feedback_counts_per_kind_and_the_inbox_order(store):
    ada = advocate(store, "Ada Lovelace")
    one = asset(store, "One")
    two = asset(store, "Two")
    newer = add_feedback(store, ada, "flag", "Too salesy", days_ago(1), asset_id=one)
    older = add_feedback(store, ada, "flag", "Not me", days_ago(5), asset_id=two)
    topic = add_feedback(store, ada, "topic", "Interns", days_ago(3))
    assert open_feedback_counts(store) == {"flag": 2, "topic": 1, "support": 0}

    resolve_feedback(store, older, "Retired it", TODAY)
    assert open_feedback_counts(store) == {"flag": 1, "topic": 1, "support": 0}
    assert [row.id for row in feedback_rows(store)] == [topic, newer, older]  # open oldest first, then resolved
    assert [row.id for row in feedback_rows(store, advocate_id=ada, include_resolved=False)] == [topic, newer]


# ------------------------------------------------------------------ authenticity


def test_near_identical_texts_name_the_asset_and_the_advocates(store):
    ada = advocate(store, "Ada Lovelace")
    bob = advocate(store, "Bob Builder")
    cat = advocate(store, "Cat Writer")
    office = asset(store, "Our new office")
    text = "Our new office in Lisbon opens next week and I cannot wait to show you around the place"
    deliver(store, ada, office, on=days_ago(3), status="shared", text=text + " https://example.com/a #hiring")
    deliver(store, bob, office, on=days_ago(3), status="shared", text=text.upper() + " #Lisbon")
    deliver(store, cat, office, on=days_ago(3), status="shared",
            text="Spent the afternoon testing chairs in our Lisbon space; the espresso machine won me over")

    (warning,) = near_identical(store, TODAY, 0.9)
    assert (warning.asset_id, warning.asset_title, warning.advocates) == (office, "Our new office", ("Ada Lovelace", "Bob Builder"))
    assert warning.similarity == 1.0
    assert "Our new office" in warning.sentence() and "Ada Lovelace, Bob Builder" in warning.sentence()


def test_different_texts_raise_no_warning(store):
    ada = advocate(store, "Ada Lovelace")
    bob = advocate(store, "Bob Builder")
    office = asset(store, "Our new office")
    deliver(store, ada, office, status="shared", text="Our new office in Lisbon opens next week, come and visit")
    deliver(store, bob, office, status="shared", text="I finally have a desk by the window and a view of the river")
    assert near_identical(store, TODAY, 0.9) == []


def test_copies_older_than_a_quarter_are_not_reported(store):
    ada = advocate(store, "Ada Lovelace")
    bob = advocate(store, "Bob Builder")
    office = asset(store, "Our new office")
    text = "Our new office in Lisbon opens next week and I cannot wait"
    deliver(store, ada, office, on=days_ago(120), status="shared", text=text)
    deliver(store, bob, office, on=days_ago(120), status="shared", text=text)
    assert near_identical(store, TODAY, 0.9) == []
    assert len(near_identical(store, days_ago(100), 0.9)) == 1


# ------------------------------------------------------------------------- queue


def test_the_queue_lists_every_enrolled_advocate_with_this_weeks_deliveries(store, tmp_path):
    ada = advocate(store, "Ada Lovelace", ENGINEERING)
    bob = advocate(store, "Bob Builder", ENGINEERING)
    advocate(store, "Sam Seller", SALES)  # nothing in the library for Sales
    advocate(store, "Nora Nominee", ENGINEERING, enrolled=False)
    for number in range(6):
        asset(store, f"Eng {number}", ENGINEERING)
    tick(store, tmp_path, TODAY)

    rows = queue_rows(store, TODAY)
    assert [row.advocate for row in rows] == ["Ada Lovelace"] * 3 + ["Bob Builder"] * 3 + ["Sam Seller"]
    sam = rows[-1]
    assert (sam.delivery_id, sam.asset_title, sam.week_delivered, sam.utilization) == (None, "", 0, None)
    assert all(row.due_on == TODAY + timedelta(days=7) and row.status == "delivered" for row in rows[:6])

    with store.writing() as session:
        ada_deliveries = session.scalars(select(Delivery).where(Delivery.advocate_id == ada).order_by(Delivery.id)).all()
        for delivery in ada_deliveries[:2]:
            delivery.status, delivery.shared_on = "shared", TODAY + timedelta(days=1)
        bob_first = session.scalars(select(Delivery).where(Delivery.advocate_id == bob)).first()
        bob_first.status = "skipped"

    wednesday = TODAY + timedelta(days=2)
    ada_rows = [row for row in queue_rows(store, wednesday) if row.advocate_id == ada]
    assert {(row.week_delivered, row.week_shared) for row in ada_rows} == {(3, 2)}
    assert ada_rows[0].utilization == pytest.approx(2 / 3)

    totals = queue_totals(store, wednesday)
    assert (totals.advocates, totals.delivered, totals.shared, totals.skipped, totals.open, totals.overdue) == (2, 6, 2, 1, 3, 0)
    assert totals.utilization == pytest.approx(1 / 3)

    # The 7 days ending the next Sunday still hold Monday's drop; the 7 ending Tuesday do not.
    assert queue_totals(store, TODAY + timedelta(days=6)).delivered == 6
    after = queue_totals(store, TODAY + timedelta(days=8))
    assert (after.delivered, after.utilization) == (0, None)
    assert all(row.delivery_id is None for row in queue_rows(store, TODAY + timedelta(days=8)))


def test_the_queue_totals_leave_out_withdrawn_advocates(store, tmp_path):
    ada = advocate(store, "Ada Lovelace")
    advocate(store, "Bob Builder")
    for number in range(6):
        asset(store, f"General {number}")
    tick(store, tmp_path, TODAY)
    cohort.withdraw(store, ada, "Moved on", TODAY, BY)

    assert queue_totals(store, TODAY).delivered == 3
    assert {row.advocate for row in queue_rows(store, TODAY)} == {"Bob Builder"}


def test_general_content_built_before_anyone_enrolls_is_measured(store, tmp_path):
    for number in range(12):
        asset(store, f"General {number}")
    rows = coverage(store, TODAY, 3)
    assert [(row.category, row.deliverable) for row in rows] == [("", 12)]
    assert "No approved content" not in tick(store, tmp_path).report.read_text(encoding="utf-8")


@pytest.mark.parametrize("leaders", [0, 1, 4])
def test_coverage_tests_the_most_served_first_and_finds_the_most_had(store, monkeypatch, leaders):
    """The most served advocates are not always those who have had the most of the
    library (their deliveries retired, expired or of another category): coverage still
    finds the most had, testing a few advocates one by one or, past them, every one."""
    from advocacy_tui.store.content import drops

    monkeypatch.setattr(drops, "LEADERS", leaders)
    library = [asset(store, f"Eng {number}", ENGINEERING) for number in range(10)]
    gone = [asset(store, f"Old {number}", ENGINEERING) for number in range(6)]
    sales = [asset(store, f"Sales {number}", SALES) for number in range(3)]
    served_most = advocate(store, "Mona Served", ENGINEERING)
    for asset_id in gone + sales + library[:1]:  # 10 delivered, 1 of them still in the library
        deliver(store, served_most, asset_id, on=days_ago(30))
    second = advocate(store, "Sid Served", ENGINEERING)
    for asset_id in gone[:4] + library[:3]:  # 7 delivered, 3 still in the library
        deliver(store, second, asset_id, on=days_ago(30))
    most_had = advocate(store, "Hal Had", ENGINEERING)
    for asset_id in library[:5]:  # 5 delivered, all in the library
        deliver(store, most_had, asset_id, on=days_ago(30))
    advocate(store, "Newcomer", ENGINEERING)
    for asset_id in gone:
        retire_asset(store, asset_id)

    (engineering,) = [row for row in coverage(store, TODAY, 3) if row.category == ENGINEERING]
    assert (engineering.advocates, engineering.deliverable) == (4, 10 - 5)
