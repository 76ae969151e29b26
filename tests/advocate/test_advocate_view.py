"""The advocate's own view, driven by keys on the demo program as of TODAY (a Monday; this
week's drop went out that day)."""

from __future__ import annotations

import base64
import subprocess
import sys

from sqlalchemy import select

from advocacy_tui.advocate.app import AdvocateApp
from advocacy_tui.advocate.queue import QueueView
from advocacy_tui.screens.confirm import ConfirmScreen
from advocacy_tui.screens.step_dialog import StepDialog
from advocacy_tui.store import cohort
from advocacy_tui.store.content.feedback import feedback_rows
from advocacy_tui.store.database import open_store
from advocacy_tui.store.desk import AdvocateDesk
from advocacy_tui.store.models import Delivery, Feedback, Post
from advocacy_tui.widgets.paged_table import PagedTable
from tests.advocate.harness import EMAIL, advocate_app, notices, settle
from tests.conftest import TODAY
from tests.tui import screen_text


def queue_of(db, email: str = EMAIL):
    store = open_store(str(db))
    try:
        return AdvocateDesk.open(store, email).queue(TODAY)
    finally:
        store.close()


def view(app: AdvocateApp) -> QueueView:
    return app.query_one(QueueView)


async def highlight(pilot, title: str) -> None:
    queue = view(pilot.app)
    table = queue.query_one("#queue-list", PagedTable)
    index = next(n for n, item in enumerate(queue.rows.items) if item.title == title)
    table.move_cursor(index)
    await settle(pilot)
    assert queue.current.title == title


def first_open(db):
    return next(item for item in queue_of(db) if item.this_week and not item.done)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*["space" if char == " " else char for char in text])


async def answer(pilot, text: str) -> None:
    """Fill the open dialog's text line (as a paste would) and press Enter."""
    from textual.widgets import Input

    assert isinstance(pilot.app.screen, StepDialog)
    pilot.app.screen.query_one("#step-text", Input).value = text
    await pilot.press("enter")
    await settle(pilot)


async def test_the_queue_shows_this_week_first_opens_on_work_to_do_and_explains_its_keys(demo_db):
    with advocate_app(demo_db) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert app.title == "advocacy \u2014 Alejandro Wright's queue"
            assert app.sub_title == "Monday 23 November 2026"
            queue = view(app)
            weeks = [item.this_week for item in queue.rows.items]
            assert weeks == sorted(weeks, reverse=True) and weeks[0] and not weeks[-1]
            item = queue.current
            assert item.this_week and not item.done  # the cursor starts on work to do
            assert app.focused is queue.query_one("#queue-list")
            text = screen_text(app)
            assert "This week" in text and "Earlier" in text
            assert "Suggested caption" in text and "1. " + item.starters[0] in text
            assert " ".join(item.hashtags) in text
            await pilot.press("question_mark")
            await pilot.pause()
            assert "How it works" in screen_text(app) and "Copy the finished post" in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()
            assert app.focused is queue.query_one("#queue-list")


async def test_write_then_save_and_the_desk_returns_it(demo_db):
    item = first_open(demo_db)
    with advocate_app(demo_db) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await highlight(pilot, item.title)
            await pilot.press("w")
            await settle(pilot)
            editor = view(app).editor
            assert app.focused is editor
            await type_text(pilot, "qkm2c ok")
            assert editor.text.endswith("qkm2c ok")  # letters type: q, k, m, 2, c wait
            assert app.is_running and app.query_one("#views").active == "queue"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "Saved." in notices(app)
    saved = next(row for row in queue_of(demo_db) if row.delivery_id == item.delivery_id)
    assert saved.text.endswith("qkm2c ok")
    assert saved.status == "delivered"  # opening it marked it seen


async def test_caption_and_starters_replace_the_text_and_escape_saves_it(demo_db):
    item = first_open(demo_db)
    starter = item.starters[1].rstrip("\u2026") + " "
    with advocate_app(demo_db) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await highlight(pilot, item.title)
            editor = view(app).editor
            await pilot.press("o")
            assert editor.text == item.caption
            await pilot.press("p")
            assert editor.text == item.starters[0].rstrip("\u2026") + " "
            await pilot.press("p")
            assert editor.text == starter
            await pilot.press("enter")  # Enter on the list writes, like w
            await settle(pilot)
            assert app.focused is editor
            await type_text(pilot, "ok")
            await pilot.press("ctrl+z")  # undo reaches back through the replacements
            assert editor.text == starter
            await pilot.press("escape")
            await settle(pilot)
            assert app.focused is view(app).query_one("#queue-list")
            assert "saved" in screen_text(app)
    assert next(row for row in queue_of(demo_db) if row.delivery_id == item.delivery_id).text == starter


async def test_copy_puts_the_finished_post_on_the_clipboard_through_osc_52(demo_db):
    item = first_open(demo_db)
    with advocate_app(demo_db) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            written: list[str] = []
            app._driver.write = written.append  # the headless driver writes nothing
            await highlight(pilot, item.title)
            await pilot.press("w")
            await settle(pilot)
            await type_text(pilot, "Proud")
            await pilot.press("escape", "c")
            await settle(pilot)
            assert app.clipboard == item.post_text("Proud")
            assert item.link in app.clipboard and "utm_content=" in item.link
            assert all(tag in app.clipboard for tag in item.hashtags)
            encoded = base64.b64encode(app.clipboard.encode()).decode()
            assert f"\x1b]52;c;{encoded}\a" in written
            assert "Copied: paste it into LinkedIn" in notices(app)


async def test_mark_shared_with_the_post_url_and_a_bad_one_refused(demo_db):
    item = first_open(demo_db)
    url = "https://www.linkedin.com/posts/alejandro-wright_activity-1"
    with advocate_app(demo_db) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await highlight(pilot, item.title)
            await pilot.press("m")
            await pilot.pause()
            await answer(pilot, "not a link")
            assert "not a web link" in notices(app) and view(app).current.status != "shared"
            await pilot.press("m")
            await pilot.pause()
            await answer(pilot, url)
            assert not isinstance(app.screen, StepDialog)
            assert "as shared" in notices(app)
            assert view(app).current.status == "shared"  # the cursor stays on it
    store = open_store(str(demo_db))
    with store.reading() as session:
        delivery = session.get(Delivery, item.delivery_id)
        assert (delivery.status, delivery.shared_on, delivery.post_url) == ("shared", TODAY, url)
        posts = session.scalars(select(Post).where(Post.asset_id == item.asset_id, Post.advocate_id == delivery.advocate_id)).all()
        assert [(post.posted_on, post.url) for post in posts] == [(TODAY, url)]
    store.close()


async def test_skip_asks_first_and_a_shared_post_cannot_be_skipped(demo_db):
    item = first_open(demo_db)
    shared = next(row for row in queue_of(demo_db) if row.status == "shared")
    with advocate_app(demo_db) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await highlight(pilot, shared.title)
            await pilot.press("k")
            await settle(pilot)
            assert not isinstance(app.screen, ConfirmScreen)
            assert "nothing to skip" in notices(app)
            await highlight(pilot, item.title)
            await pilot.press("k")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("n")
            await settle(pilot)
            assert view(app).current.status != "skipped"
            await pilot.press("k", "y")
            await settle(pilot)
            assert view(app).current.status == "skipped"
    assert next(row for row in queue_of(demo_db) if row.delivery_id == item.delivery_id).status == "skipped"


async def test_flag_needs_a_reason_and_reaches_the_coordinator(demo_db):
    item = first_open(demo_db)
    with advocate_app(demo_db) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await highlight(pilot, item.title)
            await pilot.press("f", "enter")
            await pilot.pause()
            assert isinstance(app.screen, StepDialog)  # a flag without a reason stays open
            assert "is needed" in screen_text(app)
            await answer(pilot, "Reads like an ad")
            await pilot.press("3")
            await settle(pilot)
            assert "Reads like an ad" in screen_text(app)
    store = open_store(str(demo_db))
    with store.reading() as session:
        flag = session.scalars(select(Feedback).where(Feedback.text == "Reads like an ad")).one()
        assert (flag.kind, flag.asset_id, flag.status, flag.created_on) == ("flag", item.asset_id, "open", TODAY)
    inbox = [row for row in feedback_rows(store) if row.text == "Reads like an ad"]
    assert [(row.advocate, row.kind, row.asset_title) for row in inbox] == [("Alejandro Wright", "flag", item.title)]
    store.close()


async def test_topic_and_support_requests(demo_db):
    item = first_open(demo_db)
    with advocate_app(demo_db) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await highlight(pilot, item.title)
            await pilot.press("t")
            await pilot.pause()
            await answer(pilot, "Our apprentices")
            await pilot.press("h")
            await pilot.pause()
            await answer(pilot, "Help me shorten it")
            assert "went to the coordinator" in notices(app)
    store = open_store(str(demo_db))
    with store.reading() as session:
        topic = session.scalars(select(Feedback).where(Feedback.text == "Our apprentices")).one()
        support = session.scalars(select(Feedback).where(Feedback.text == "Help me shorten it")).one()
        assert (topic.kind, topic.asset_id) == ("topic", None)
        assert (support.kind, support.asset_id) == ("support", item.asset_id)
    store.close()


async def test_a_refusal_from_the_store_is_a_notification_not_a_traceback(demo_db):
    item = first_open(demo_db)
    with advocate_app(demo_db) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await highlight(pilot, item.title)
            # The coordinator withdraws them while their session is open.
            store = open_store(str(demo_db))
            cohort.withdraw(store, app.desk._advocate_id, "Left the company", TODAY, "coordinator")
            store.close()
            await pilot.press("w")
            await settle(pilot)
            await type_text(pilot, "Late")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "no longer enrolled" in notices(app)
            assert app.is_running
            text = screen_text(app)
            assert "no longer enrolled" in text  # the banner, after the re-read
            assert view(app).editor.text.endswith("Late") and "unsaved" in text  # nothing typed is lost
    store = open_store(str(demo_db))
    with store.reading() as session:
        assert session.get(Delivery, item.delivery_id).personalized_text == item.text  # unchanged
    store.close()


async def test_my_results_close_the_loop_and_my_feedback_shows_the_answers(demo_db):
    with advocate_app(demo_db) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            results = app.snapshot.results
            text = screen_text(app)
            assert results.sentences()[0] in text
            assert "brought" in text and "visits" in text
            assert f"{results.impressions:,}" in text and f"{results.referral_visits:,}" in text
            assert results.streak.sentence() in text
            assert "Northwind hoodie" in text  # their award
            table = app.query_one("#results-posts", PagedTable)
            assert table.row_count == len(results.posts) and app.focused is table

            await pilot.press("3")
            await settle(pilot)
            rows = app.snapshot.feedback
            assert {row.advocate for row in rows} == {"Alejandro Wright"}
            answered = next(index for index, row in enumerate(rows) if row.status == "resolved")
            app.query_one("#feedback-list", PagedTable).move_cursor(answered)
            await settle(pilot)
            text = screen_text(app)
            assert "The coordinator answered" in text and rows[answered].resolution[:40] in text


async def test_at_80x24_writing_gives_the_list_room_to_the_text_box(demo_db):
    with advocate_app(demo_db) as app:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            queue = view(app)
            assert queue.query_one("#queue-list").display
            assert "? Keys" in screen_text(app) and "q Quit" in screen_text(app)
            await pilot.press("w")
            await settle(pilot)
            assert app.focused is queue.editor
            assert not queue.query_one("#queue-list").display and queue.query_one("#queue-editor-box").display
            await pilot.press("escape")
            await settle(pilot)
            assert queue.query_one("#queue-list").display


def test_the_cli_refuses_a_stranger_in_one_line(demo_db):
    result = subprocess.run(
        [sys.executable, "-m", "advocacy_tui", "--db", str(demo_db), "queue", "--advocate", "nobody@example.com"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "nobody@example.com is not an enrolled advocate" in result.stderr
