"""Steps 4 and 6 through the tick: who receives what (the delivery rules), the weekly drop,
reminders in the outbox, and a tick that can be run again on the same day and change nothing."""

from __future__ import annotations

import email
import email.policy
import stat
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from advocacy_tui.config import Settings, validate_change
from advocacy_tui.program.content.assets import AssetFields
from advocacy_tui.store import cohort
from advocacy_tui.store.content.drops import coverage, pick_drop
from advocacy_tui.store.content.feedback import add_feedback, resolve_feedback
from advocacy_tui.store.content.library import approve_asset, retire_asset, save_asset
from advocacy_tui.store.content.tick import inactive_advocates, run_tick, top_performers
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import Asset, Delivery, Employee, Post, Reminder
from tests.conftest import TODAY, days_ago

BY = "coordinator"
ENGINEERING = "Engineering voices"
SALES = "Sales voices"

# ------------------------------------------------------------------------- helpers


def add_employee(store, name: str) -> str:
    with store.writing() as session:
        employee = Employee(
            email=f"{name.split()[0].lower()}@example.com",
            name=name,
            department="Engineering",
            title="Engineer",
            manager_email="boss@example.com",
            network_size=100,
        )
        session.add(employee)
        session.flush()
        return employee.id


def take_steps(store, employee_id: str, upto: str) -> None:
    """Walk the cohort pipeline (with dates in order, all before TODAY) up to `upto`."""
    cohort.nominate(store, employee_id, "manager", "boss@example.com", days_ago(20), BY)
    if upto == "nominated":
        return
    if upto == "declined":
        cohort.decline(store, employee_id, days_ago(19), BY, note="Not now")
        return
    cohort.invite(store, employee_id, days_ago(18), BY)
    if upto == "invited":
        return
    cohort.record_orientation(store, employee_id, days_ago(16), BY)
    cohort.record_policy_ack(store, employee_id, days_ago(16), BY)
    if upto == "oriented":
        return
    cohort.opt_in(store, employee_id, days_ago(14), BY)
    if upto == "withdrawn":
        cohort.withdraw(store, employee_id, "Changed roles", days_ago(10), BY)


def advocate(store, name: str, category: str = "", status: str = "enrolled") -> str:
    employee_id = add_employee(store, name)
    take_steps(store, employee_id, status)
    if category:
        cohort.set_category(store, employee_id, category, days_ago(13), BY)
    return employee_id


def asset(store, title: str, category: str = "", *, approve: bool = True, **extra) -> str:
    slug = title.lower().replace(" ", "-")
    fields = AssetFields(
        title=title,
        topic="Hiring",
        platform="linkedin",
        caption=f"Why I like {title}.",
        hashtags=("#hiring",),
        link=f"https://example.com/{slug}",
        campaign="winter",
        category=category,
        **extra,
    )
    asset_id = save_asset(store, fields)
    if approve:
        approve_asset(store, asset_id)
    return asset_id


def settings_with(**delivery) -> Settings:
    return validate_change(Settings(), {f"delivery.{key}": value for key, value in delivery.items()})


def tick(store, tmp_path, on, settings=None, **kwargs):
    return run_tick(
        store, settings or Settings(), on, outbox=tmp_path / "outbox", reports=tmp_path / "reports", **kwargs
    )


def received(store, advocate_id: str) -> set[str]:
    """Titles of the assets delivered to one advocate."""
    with store.reading() as session:
        return set(
            session.scalars(
                select(Asset.title).join(Delivery, Delivery.asset_id == Asset.id).where(Delivery.advocate_id == advocate_id)
            )
        )


def deliveries(store) -> list[Delivery]:
    with store.reading() as session:
        return list(session.scalars(select(Delivery).order_by(Delivery.delivered_on, Delivery.id)))


def count(store, model) -> int:
    with store.reading() as session:
        return session.execute(select(func.count()).select_from(model)).scalar()


def set_status(store, delivery_ids, status: str, on) -> None:
    with store.writing() as session:
        for delivery_id in delivery_ids:
            delivery = session.get(Delivery, delivery_id)
            delivery.status = status
            delivery.shared_on = on if status == "shared" else None


def outbox_files(tmp_path) -> dict[str, tuple[bytes, int]]:
    outbox = tmp_path / "outbox"
    if not outbox.exists():
        return {}
    return {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in sorted(outbox.iterdir())}


# ----------------------------------------------------------------- delivery rules


def test_only_enrolled_advocates_receive_the_drop(store, tmp_path):
    ids = {status: advocate(store, f"{status.capitalize()} Person", status=status)
           for status in ("nominated", "invited", "oriented", "declined", "withdrawn", "enrolled")}
    for number in range(6):
        asset(store, f"General {number}")

    result = tick(store, tmp_path, TODAY)

    assert [drop.advocate for drop in result.drops] == ["Enrolled Person"]
    assert len(received(store, ids["enrolled"])) == 3
    for status in ("nominated", "invited", "oriented", "declined", "withdrawn"):
        assert received(store, ids[status]) == set(), status
    assert count(store, Delivery) == 3


def test_only_approved_assets_in_date_are_delivered(store, tmp_path):
    ada = advocate(store, "Ada Lovelace", ENGINEERING)
    asset(store, "Approved")
    asset(store, "Draft", approve=False)
    retire_asset(store, asset(store, "Retired"))
    asset(store, "Starts tomorrow", available_from=TODAY + timedelta(days=1))
    asset(store, "Starts today", available_from=TODAY)
    asset(store, "Expires today", expires_on=TODAY)
    asset(store, "Expired", expires_on=TODAY - timedelta(days=3))
    asset(store, "Expires tomorrow", expires_on=TODAY + timedelta(days=1))

    tick(store, tmp_path, TODAY, settings_with(per_drop=20))

    assert received(store, ada) == {"Approved", "Starts today", "Expires tomorrow"}


def test_a_scheduled_asset_is_delivered_once_its_day_comes(store, tmp_path):
    ada = advocate(store, "Ada Lovelace")
    asset(store, "Next week's news", available_from=TODAY + timedelta(days=7))

    first = tick(store, tmp_path, TODAY)
    assert first.starved == ["Ada Lovelace"]
    tick(store, tmp_path, TODAY + timedelta(days=7))
    assert received(store, ada) == {"Next week's news"}


def test_an_advocate_gets_their_category_and_general_assets_only(store, tmp_path):
    ada = advocate(store, "Ada Lovelace", ENGINEERING)
    sam = advocate(store, "Sam Seller", SALES)
    nia = advocate(store, "Nia Nocat")
    for number in range(2):
        asset(store, f"Eng {number}", ENGINEERING)
        asset(store, f"Sales {number}", SALES)
        asset(store, f"General {number}")

    result = tick(store, tmp_path, TODAY, settings_with(per_drop=10))

    assert received(store, ada) == {"Eng 0", "Eng 1", "General 0", "General 1"}
    assert received(store, sam) == {"Sales 0", "Sales 1", "General 0", "General 1"}
    assert received(store, nia) == {"General 0", "General 1"}
    assert result.without_category == ["Nia Nocat"]


def test_no_asset_is_delivered_twice_to_an_advocate_over_many_weeks(store, tmp_path):
    ada = advocate(store, "Ada Lovelace", ENGINEERING)
    for number in range(5):
        asset(store, f"Eng {number}", ENGINEERING)
    settings = settings_with(per_drop=2)

    sizes = []
    for week in range(6):
        result = tick(store, tmp_path, TODAY + timedelta(weeks=week), settings)
        sizes.append(sum(len(drop.titles) for drop in result.drops))
        if week >= 3:
            assert result.starved == ["Ada Lovelace"]

    assert sizes == [2, 2, 1, 0, 0, 0]
    pairs = [(row.advocate_id, row.asset_id) for row in deliveries(store)]
    assert len(pairs) == len(set(pairs)) == 5
    assert received(store, ada) == {f"Eng {number}" for number in range(5)}


def test_the_last_short_drop_is_marked_short(store, tmp_path):
    advocate(store, "Ada Lovelace")
    asset(store, "Only one")
    result = tick(store, tmp_path, TODAY)
    assert [(drop.titles, drop.short) for drop in result.drops] == [(("Only one",), True)]
    assert result.starved == []


def test_the_database_refuses_a_second_delivery_of_the_same_pair(store, tmp_path):
    advocate(store, "Ada Lovelace")
    asset(store, "Only one")
    tick(store, tmp_path, TODAY)
    (first,) = deliveries(store)

    with pytest.raises(StoreError):
        with store.writing() as session:
            session.add(Delivery(advocate_id=first.advocate_id, asset_id=first.asset_id,
                                 delivered_on=TODAY + timedelta(days=7), status="delivered"))
    assert count(store, Delivery) == 1


def test_fewest_delivered_first_gives_two_advocates_disjoint_first_drops(store, tmp_path):
    ada = advocate(store, "Ada Lovelace", ENGINEERING)
    bob = advocate(store, "Bob Builder", ENGINEERING)
    titles = {f"Eng {number}" for number in range(6)}
    for title in sorted(titles):
        asset(store, title, ENGINEERING)

    tick(store, tmp_path, TODAY)

    assert len(received(store, ada)) == len(received(store, bob)) == 3
    assert received(store, ada).isdisjoint(received(store, bob))
    assert received(store, ada) | received(store, bob) == titles


def test_pick_drop_prefers_what_nobody_has_received(store, tmp_path):
    ada = advocate(store, "Ada Lovelace", ENGINEERING)
    bob = advocate(store, "Bob Builder", ENGINEERING)
    popular = asset(store, "A popular one", ENGINEERING)
    asset(store, "B fresh one", ENGINEERING)
    with store.writing() as session:
        session.add(Delivery(advocate_id=bob, asset_id=popular, delivered_on=days_ago(7), status="shared"))
    with store.reading() as session:
        picked = [row.title for row in pick_drop(session, ada, ENGINEERING, TODAY, 2)]
        one = [row.title for row in pick_drop(session, ada, ENGINEERING, TODAY, 1)]
    assert picked == ["B fresh one", "A popular one"]
    assert one == ["B fresh one"]


def test_a_flagged_asset_is_held_back_until_the_flag_is_resolved(store, tmp_path):
    ada = advocate(store, "Ada Lovelace", ENGINEERING)
    bob = advocate(store, "Bob Builder", ENGINEERING)
    flagged = asset(store, "Flagged", ENGINEERING)
    asset(store, "Fine", ENGINEERING)
    flag = add_feedback(store, bob, "flag", "Sounds like an ad", days_ago(1), asset_id=flagged)
    with store.reading() as session:
        assert [row.title for row in pick_drop(session, ada, ENGINEERING, TODAY, 3)] == ["Fine"]

    tick(store, tmp_path, TODAY)
    assert received(store, ada) == {"Fine"}
    assert received(store, bob) == {"Fine"}

    resolve_feedback(store, flag, "Rewrote the caption", TODAY + timedelta(days=2))
    tick(store, tmp_path, TODAY + timedelta(days=7))
    assert received(store, ada) == received(store, bob) == {"Fine", "Flagged"}


def test_a_delivery_is_due_a_week_later_and_delivered(store, tmp_path):
    advocate(store, "Ada Lovelace")
    for number in range(3):
        asset(store, f"General {number}")
    tick(store, tmp_path, TODAY)
    rows = deliveries(store)
    assert len(rows) == 3
    assert {(row.delivered_on, row.due_on, row.status) for row in rows} == {
        (TODAY, TODAY + timedelta(days=7), "delivered")
    }


def test_drops_go_out_only_on_the_configured_weekday(store, tmp_path):
    advocate(store, "Ada Lovelace")
    for number in range(9):
        asset(store, f"General {number}")
    settings = settings_with(weekday="wednesday")

    for offset in range(7):
        result = tick(store, tmp_path, TODAY + timedelta(days=offset), settings)
        assert result.drop_day == (offset == 2)
    assert {row.delivered_on for row in deliveries(store)} == {TODAY + timedelta(days=2)}
    assert count(store, Delivery) == 3


def test_a_forced_drop_counts_as_the_weeks_drop(store, tmp_path):
    advocate(store, "Ada Lovelace")
    for number in range(9):
        asset(store, f"General {number}")

    forced = tick(store, tmp_path, TODAY + timedelta(days=3), force_drop=True)
    assert forced.forced and not forced.drop_day
    assert len(forced.drops) == 1
    monday = tick(store, tmp_path, TODAY + timedelta(days=7))
    assert monday.drops == [] and monday.already_served == 1
    assert count(store, Delivery) == 3


def test_an_advocate_who_opts_in_after_the_day_is_not_served(store, tmp_path):
    ada = add_employee(store, "Ada Lovelace")
    cohort.nominate(store, ada, "manager", None, TODAY, BY)
    cohort.invite(store, ada, TODAY, BY)
    cohort.record_orientation(store, ada, TODAY, BY)
    cohort.record_policy_ack(store, ada, TODAY, BY)
    cohort.opt_in(store, ada, TODAY + timedelta(days=1), BY)
    asset(store, "General")
    assert tick(store, tmp_path, TODAY).drops == []
    assert [drop.advocate for drop in tick(store, tmp_path, TODAY + timedelta(days=7)).drops] == ["Ada Lovelace"]


# -------------------------------------------------------------------- coverage


def test_coverage_goes_down_by_one_week_per_drop(store, tmp_path):
    advocate(store, "Ada Lovelace", ENGINEERING)
    advocate(store, "Bob Builder", ENGINEERING)
    for number in range(9):
        asset(store, f"Eng {number}", ENGINEERING)
    for number in range(3):
        asset(store, f"General {number}")

    def weeks():
        (row,) = coverage(store, TODAY, 3)
        return row.weeks

    assert weeks() == 4.0
    tick(store, tmp_path, TODAY)
    assert weeks() == 3.0
    tick(store, tmp_path, TODAY + timedelta(days=1))  # not a drop day: nothing moves
    assert weeks() == 3.0


# ------------------------------------------------------------------ idempotence


def test_eight_weeks_of_daily_ticks_run_twice_a_day_change_nothing_the_second_time(store, tmp_path):
    names = {"Ada Lovelace": ENGINEERING, "Bob Builder": ENGINEERING, "Cleo Closer": SALES, "Dan Dealer": SALES}
    ids = {name: advocate(store, name, category) for name, category in names.items()}
    for number in range(9):
        asset(store, f"Eng {number}", ENGINEERING)
        asset(store, f"Sales {number}", SALES)
    for number in range(6):
        asset(store, f"General {number}")
    sharers = {ids["Ada Lovelace"], ids["Cleo Closer"]}  # they share on Wednesdays
    settings = Settings()
    reminded: set[str] = set()

    for offset in range(56):
        on = TODAY + timedelta(days=offset)
        week = offset // 7
        monday = on.weekday() == 0

        if on.weekday() == 2:  # the sharers share this week's drop; Dan skips one
            this_week = [row for row in deliveries(store) if row.delivered_on > on - timedelta(days=7)]
            set_status(store, [row.id for row in this_week if row.advocate_id in sharers], "shared", on)
            dans = [row.id for row in this_week if row.advocate_id == ids["Dan Dealer"]]
            set_status(store, dans[:1], "skipped", on)

        deliveries_before = count(store, Delivery)
        first = tick(store, tmp_path, on, settings)

        # The drop: Mondays only; five full weeks of content, then everyone starves.
        assert first.drop_day == monday
        if not monday:
            assert first.drops == [] and first.starved == []
            assert count(store, Delivery) == deliveries_before
        elif week < 5:
            assert sorted(drop.advocate for drop in first.drops) == sorted(names)
            assert all(len(drop.titles) == 3 for drop in first.drops)
            assert count(store, Delivery) == deliveries_before + 12
        else:
            assert first.drops == []
            assert sorted(first.starved) == sorted(names)

        # Reminders: for open deliveries due today or tomorrow, each written once.
        with store.reading() as session:
            due_soon = {
                row.id for row in session.scalars(select(Delivery).where(
                    Delivery.due_on >= on, Delivery.due_on <= on + timedelta(days=1),
                    Delivery.status.in_(("queued", "delivered"))))
            }
            written_today = set(session.scalars(select(Reminder.delivery_id).where(Reminder.sent_on == on)))
        assert {due.delivery_id for due in first.reminders} == written_today == due_soon - reminded
        reminded |= written_today
        if on.weekday() == 6 and week < 5:  # Sunday: Bob's three and Dan's two unskipped
            assert len(first.reminders) == 5
        if monday and 0 < week <= 5:  # the same five, due today: not written again
            assert first.reminders == [] and first.reminders_before == 5

        report = first.report
        report_state = (report.read_bytes(), report.stat().st_mtime_ns)
        files = outbox_files(tmp_path)
        counts = (count(store, Delivery), count(store, Reminder))

        second = tick(store, tmp_path, on, settings)

        assert second.changed is False, on
        assert second.drops == [] and second.reminders == []
        assert (count(store, Delivery), count(store, Reminder)) == counts
        assert second.report == report
        assert (report.read_bytes(), report.stat().st_mtime_ns) == report_state
        assert outbox_files(tmp_path) == files
        assert "Nothing changed" in second.summary_lines(settings.delivery.inactivity_days)[-1]

    # After eight weeks: 15 distinct assets each, of their category or general, never shared twice.
    for name, advocate_id in ids.items():
        titles = received(store, advocate_id)
        assert len(titles) == 15
        prefix = "Eng" if names[name] == ENGINEERING else "Sales"
        assert all(title.startswith((prefix, "General")) for title in titles)
    pairs = [(row.advocate_id, row.asset_id) for row in deliveries(store)]
    assert len(pairs) == len(set(pairs)) == 60
    assert len(list((tmp_path / "outbox").iterdir())) == count(store, Reminder) == 25
    assert len(list((tmp_path / "reports").glob("weekly-report-*.md"))) == 8


# --------------------------------------------------------------------- reminders


def _one_delivery(store, tmp_path, **asset_fields):
    ada = advocate(store, "Ada Lovelace")
    with store.writing() as session:
        session.get(Employee, ada).email = "ada.lovelace@example.com"
    asset_id = asset(store, "Our new office", **asset_fields)
    tick(store, tmp_path, TODAY)
    return ada, asset_id


def test_a_delivery_due_tomorrow_gets_one_reminder_email(store, tmp_path):
    ada, asset_id = _one_delivery(store, tmp_path)
    assert tick(store, tmp_path, TODAY + timedelta(days=5)).reminders == []  # due in two days
    assert outbox_files(tmp_path) == {}

    sunday = TODAY + timedelta(days=6)
    result = tick(store, tmp_path, sunday)

    (path,) = (tmp_path / "outbox").iterdir()
    assert path.suffix == ".eml"
    assert len(result.reminders) == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    (to,) = message["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Ada Lovelace", "ada.lovelace@example.com")
    assert "Our new office" in message["Subject"] and "tomorrow" in message["Subject"]
    assert message["Date"].datetime == datetime(2026, 11, 29, 8, 0, tzinfo=timezone.utc)
    body = message.get_body(("plain",)).get_content()
    with store.reading() as session:
        token = session.get(Employee, ada).advocate_token
        asset_token = session.get(Asset, asset_id).token
    (link,) = [line.strip() for line in body.splitlines() if line.strip().startswith("https://example.com/")]
    query = parse_qs(urlsplit(link).query)
    assert query["utm_content"] == [f"{token}-{asset_token}"]
    assert query["utm_source"] == ["linkedin"] and query["utm_campaign"] == ["winter"]
    assert "Hi Ada," in body and "Why I like Our new office." in body


def test_a_reminder_is_not_rewritten_the_next_day(store, tmp_path):
    _one_delivery(store, tmp_path)
    tick(store, tmp_path, TODAY + timedelta(days=6))
    before = outbox_files(tmp_path)
    assert len(before) == 1

    monday = tick(store, tmp_path, TODAY + timedelta(days=7))

    assert monday.reminders == [] and monday.reminders_before == 1
    assert outbox_files(tmp_path) == before
    assert count(store, Reminder) == 1


@pytest.mark.parametrize("status", ["shared", "skipped"])
def test_a_shared_or_skipped_delivery_gets_no_reminder(store, tmp_path, status):
    advocate(store, "Ada Lovelace")
    for number in range(3):
        asset(store, f"General {number}")
    tick(store, tmp_path, TODAY)
    first, *others = deliveries(store)
    set_status(store, [row.id for row in others], status, TODAY + timedelta(days=2))

    result = tick(store, tmp_path, TODAY + timedelta(days=6))

    assert [due.delivery_id for due in result.reminders] == [first.id]
    assert len(list((tmp_path / "outbox").iterdir())) == 1


def test_a_withdrawn_advocate_gets_no_reminder(store, tmp_path):
    ada, _ = _one_delivery(store, tmp_path)
    cohort.withdraw(store, ada, "Left the company", TODAY + timedelta(days=1), BY)
    assert tick(store, tmp_path, TODAY + timedelta(days=6)).reminders == []
    assert outbox_files(tmp_path) == {}


def test_the_weekly_report_describes_the_week(store, tmp_path):
    ada = advocate(store, "Ada Lovelace", ENGINEERING)
    advocate(store, "Bob Builder", ENGINEERING)
    for number in range(6):
        asset(store, f"Eng {number}", ENGINEERING)
    tick(store, tmp_path, TODAY)
    set_status(store, [row.id for row in deliveries(store) if row.advocate_id == ada], "shared", TODAY)
    result = tick(store, tmp_path, TODAY)

    text = result.report.read_text(encoding="utf-8")
    assert result.report.name == "weekly-report-2026-W48.md"
    assert result.report_written
    assert "| Assets delivered | 6 |" in text
    assert "| Shared | 3 |" in text
    assert "| Queue utilization (shared / delivered) | 50% |" in text
    assert f"| {ENGINEERING} | 2 | 3 | 1.0 | under target: approve 9 more |" in text


def test_the_tick_names_inactive_advocates_and_top_performers(store, tmp_path):
    ada = advocate(store, "Ada Lovelace")
    bob = advocate(store, "Bob Builder")
    advocate(store, "Cy Quiet")
    with store.writing() as session:
        session.add(Post(advocate_id=ada, platform="linkedin", posted_on=days_ago(2),
                         impressions=1000, reactions=40, comments=5, shares=5))
        session.add(Post(advocate_id=bob, platform="linkedin", posted_on=days_ago(9),
                         impressions=1000, reactions=10, comments=0, shares=0))

    inactive = inactive_advocates(store, TODAY, 7)
    assert [(item.advocate, item.last_post) for item in inactive] == [("Cy Quiet", None), ("Bob Builder", days_ago(9))]
    assert inactive[1].sentence(TODAY) == "Bob Builder: last post Sat 14 Nov (9 days ago)"
    top = top_performers(store, TODAY)
    assert [(p.advocate, p.posts, p.impressions) for p in top] == [("Ada Lovelace", 1, 1000), ("Bob Builder", 1, 1000)]
    assert top[0].engagement_rate == pytest.approx(0.05)

    text = tick(store, tmp_path, TODAY).report.read_text(encoding="utf-8")
    assert "- Cy Quiet: no post yet" in text
    assert "| Ada Lovelace | 1 | 1,000 | 5.0% |" in text


def test_no_reminder_for_an_asset_retired_or_expired_since_delivery(store, tmp_path):
    advocate(store, "Ada Lovelace")
    kept = asset(store, "Kept")
    retired = asset(store, "Taken back")
    expiring = asset(store, "Old news", expires_on=TODAY + timedelta(days=5))
    tick(store, tmp_path, TODAY)
    retire_asset(store, retired)

    result = tick(store, tmp_path, TODAY + timedelta(days=6))

    with store.reading() as session:
        reminded = {session.get(Delivery, due.delivery_id).asset_id for due in result.reminders}
    assert reminded == {kept}
    assert expiring not in reminded and len(list((tmp_path / "outbox").iterdir())) == 1


def test_overdue_counts_open_deliveries_from_earlier_weeks(store, tmp_path):
    from advocacy_tui.store.content.queue import queue_totals

    advocate(store, "Ada Lovelace")
    for number in range(6):
        asset(store, f"General {number}")
    tick(store, tmp_path, TODAY)
    next_monday = TODAY + timedelta(days=7)
    tick(store, tmp_path, next_monday)
    first_week = [row.id for row in deliveries(store) if row.delivered_on == TODAY]
    set_status(store, first_week[:1], "shared", TODAY + timedelta(days=1))

    totals = queue_totals(store, next_monday + timedelta(days=1))

    # This week: the second drop, all open; overdue: the first drop's two unshared items.
    assert (totals.delivered, totals.open, totals.overdue) == (3, 3, 2)
