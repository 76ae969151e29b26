"""The advocate's desk: everything an advocate's view reads or writes is scoped to them.

The scoping property (issue 6, point 5; issue 9, point 7): a desk opened for advocate A, fed
the ids of rows of every entity that are not A's to write (another advocate's delivery or
asset, any employee, signal, score, post, reminder, alias... and A's own rows that are not
deliveries), random uuids and random strings, returns nothing of theirs, changes nothing in
the database, and refuses every write with a StoreError.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from sqlalchemy import select

from advocacy_tui.store import cohort
from advocacy_tui.store.database import open_store
from advocacy_tui.store.desk import AdvocateDesk
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import (
    ENTITIES,
    Alias,
    CompanyPost,
    Delivery,
    Employee,
    Enrollment,
    Feedback,
    Post,
    ReferralVisit,
    Reminder,
)
from tests.backends import BACKENDS, Targets
from tests.conftest import TODAY

EMAIL = "alejandro.wright@northwind.example"


def table_rows(store) -> dict[str, list[tuple]]:
    """Every row of the tables an advocate can write to, every column, in id order."""
    rows = {}
    with store.reading() as session:
        for model in (Delivery, Feedback, Post):
            columns = [column for column in model.__table__.columns]
            rows[model.__tablename__] = [tuple(row) for row in session.execute(select(*columns).order_by(model.id))]
    return rows


@pytest.fixture(scope="module", params=BACKENDS)
def shared_store(request, demo_file, tmp_path_factory):
    """One copy of the demo for the whole property (the property says it never changes),
    on each backend."""
    server = request.getfixturevalue("pg_server") if request.param == "postgresql" else None
    targets = Targets(request.param, tmp_path_factory.mktemp("desk"), server, lambda: demo_file)
    store = open_store(targets("demo", demo=True))
    yield store
    store.close()
    targets.close()


def every_row(store) -> dict[str, list[tuple]]:
    """Every row of every entity's table, every column, in id order."""
    rows = {}
    with store.reading() as session:
        for model in ENTITIES:
            columns = list(model.__table__.columns)
            rows[model.__tablename__] = [tuple(row) for row in session.execute(select(*columns).order_by(model.id))]
    return rows


def seed_the_empty_entities(store, advocate_id: str) -> None:
    """The demo has no reminders, company posts, aliases or referral visits: one of each,
    of another advocate, so that ids of every entity are drawn."""
    with store.writing() as session:
        other = session.scalars(
            select(Delivery).where(Delivery.advocate_id != advocate_id).order_by(Delivery.id).limit(1)
        ).one()
        post = session.scalars(select(Post).where(Post.advocate_id != advocate_id).order_by(Post.id).limit(1)).one()
        if not session.scalars(select(Reminder.id).limit(1)).first():
            session.add(Reminder(advocate_id=other.advocate_id, delivery_id=other.id, kind="due", due_on=TODAY))
        if not session.scalars(select(CompanyPost.id).limit(1)).first():
            session.add(CompanyPost(title="Company news", created_on=TODAY, impressions=10))
        if not session.scalars(select(Alias.id).limit(1)).first():
            session.add(Alias(alias="Sam P.", source="slack", employee_id=other.advocate_id))
        if not session.scalars(select(ReferralVisit.id).limit(1)).first():
            session.add(ReferralVisit(post_id=post.id, tracking_value="x-y", first_day=TODAY, last_day=TODAY, sessions=2))


@pytest.fixture(scope="module")
def scope(shared_store):
    """Desk A, A's own ids, the ids A may not write with (per table), and the database as it was."""
    desk = AdvocateDesk.open(shared_store, EMAIL)
    advocate_id = desk._advocate_id
    seed_the_empty_entities(shared_store, advocate_id)
    with shared_store.reading() as session:
        deliveries = session.execute(
            select(Delivery.id, Delivery.advocate_id, Delivery.asset_id, Delivery.deleted_at.is_(None))
        ).all()
        own_posts = session.scalars(select(Post.id).where(Post.advocate_id == advocate_id, Post.posted_on <= TODAY)).all()
        every_id = {model.__tablename__: session.scalars(select(model.id)).all() for model in ENTITIES}
    own_deliveries = {row.id for row in deliveries if row.advocate_id == advocate_id}
    # What A may write with: their live deliveries, and the assets those deliver.
    writable = {
        ident for row in deliveries if row.advocate_id == advocate_id and row[3] for ident in (row.id, row.asset_id)
    }
    foreign = {table: sorted(set(ids) - writable) for table, ids in every_id.items()}
    assert all(foreign.values()), {table: len(ids) for table, ids in foreign.items()}
    assert own_deliveries and len(foreign) == len(ENTITIES) == 17
    return {
        "desk": desk,
        "advocate_id": advocate_id,
        "own_deliveries": own_deliveries,
        "own_post_count": len(own_posts),
        "foreign": foreign,
        "before": table_rows(shared_store),
        "everything": every_row(shared_store),
    }


def foreign_ids(scope) -> st.SearchStrategy[str]:
    """An id of a row of any entity (each table as likely as the next), a uuid, any text."""
    foreign = scope["foreign"]
    of_a_table = st.sampled_from(sorted(foreign)).flatmap(lambda table: st.sampled_from(foreign[table]))
    return st.one_of(
        of_a_table,
        of_a_table,
        of_a_table,
        st.uuids().map(str),
        st.text(max_size=40),
        st.sampled_from(["", " ", "%", "' OR 1=1 --", "*", "NULL"]),
    )


WRITES = (
    ("save_text", lambda desk, foreign, text, on, url: desk.save_text(foreign, text)),
    ("mark_seen", lambda desk, foreign, text, on, url: desk.mark_seen(foreign)),
    ("mark_shared", lambda desk, foreign, text, on, url: desk.mark_shared(foreign, on, url)),
    ("skip", lambda desk, foreign, text, on, url: desk.skip(foreign, on)),
    ("flag", lambda desk, foreign, text, on, url: desk.flag(foreign, text, on)),
    ("request_support", lambda desk, foreign, text, on, url: desk.request_support(text, on, asset_id=foreign)),
)


def test_a_desk_reads_and_writes_only_its_own_advocate(scope, shared_store):
    desk = scope["desk"]

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        foreign=foreign_ids(scope),
        text=st.text(min_size=1, max_size=60).filter(str.strip),
        on=st.dates(min_value=TODAY - timedelta(days=400), max_value=TODAY + timedelta(days=30)),
        url=st.one_of(st.none(), st.just("https://www.linkedin.com/posts/x_1"), st.text(max_size=20)),
    )
    def property(foreign: str, text: str, on: date, url: str | None) -> None:
        for name, write in WRITES:
            with pytest.raises(StoreError):
                write(desk, foreign, text, on, url)
        queue = desk.queue(on)
        assert {item.delivery_id for item in queue} <= scope["own_deliveries"]
        assert {row.advocate_id for row in desk.feedback()} <= {scope["advocate_id"]}
        results = desk.results(TODAY)
        assert len(results.posts) == scope["own_post_count"]
        assert table_rows(shared_store) == scope["before"]

    for ids in scope["foreign"].values():  # every entity at least once, whatever is drawn
        property = example(foreign=ids[0], text="Not my voice", on=TODAY, url=None)(property)
    property()
    assert every_row(shared_store) == scope["everything"]


def test_the_queue_holds_only_their_deliveries_and_their_links(scope):
    desk = scope["desk"]
    queue = desk.queue(TODAY)
    assert {item.delivery_id for item in queue} == scope["own_deliveries"]
    assert all(f"utm_content={desk.token}-" in item.link for item in queue if item.link)
    assert not any("lever-source" in item.link for item in queue if item.link)
    # With `[tracking] ats = "lever"` every link also names the advocate to Lever.
    lever = [item.link for item in desk.queue(TODAY, ats="lever") if item.link]
    assert lever and all(f"lever-source={desk.token}-" in link for link in lever)


def enrollment_emails(store, *statuses: str) -> list[str]:
    with store.reading() as session:
        return list(
            session.scalars(
                select(Employee.email)
                .join(Enrollment, Enrollment.employee_id == Employee.id)
                .where(Enrollment.status.in_(statuses), Enrollment.deleted_at.is_(None))
            )
        )


def test_only_enrolled_advocates_can_open_a_desk(shared_store):
    outside = enrollment_emails(shared_store, "withdrawn", "declined", "nominated", "invited", "oriented")
    assert enrollment_emails(shared_store, "withdrawn") and enrollment_emails(shared_store, "declined")
    for email in [*outside, "nobody@example.com", "", "%", "alejandro.wright@northwind"]:
        with pytest.raises(StoreError, match="not an enrolled advocate"):
            AdvocateDesk.open(shared_store, email)
    assert AdvocateDesk.open(shared_store, "  " + EMAIL.upper()).email == EMAIL  # case and spaces


def test_a_withdrawn_advocate_s_open_desk_refuses_writes(demo_target):
    store = open_store(demo_target)
    desk = AdvocateDesk.open(store, EMAIL)
    item = next(item for item in desk.queue(TODAY) if not item.done)
    cohort.withdraw(store, desk._advocate_id, "Moved on", TODAY, "coordinator")
    before = table_rows(store)
    assert not desk.still_enrolled()
    refusals = [
        lambda: desk.save_text(item.delivery_id, "mine"),
        lambda: desk.mark_seen(item.delivery_id),
        lambda: desk.mark_shared(item.delivery_id, TODAY),
        lambda: desk.skip(item.delivery_id, TODAY),
        lambda: desk.flag(item.asset_id, "not me", TODAY),
        lambda: desk.suggest_topic("a topic", TODAY),
        lambda: desk.request_support("help", TODAY, item.asset_id),
    ]
    for refuse in refusals:
        with pytest.raises(StoreError, match="no longer enrolled"):
            refuse()
    assert table_rows(store) == before
    assert desk.queue(TODAY)  # reading their own queue still works
    store.close()


def test_own_writes_land_on_their_own_rows(demo_target):
    store = open_store(demo_target)
    desk = AdvocateDesk.open(store, EMAIL)
    item = next(item for item in desk.queue(TODAY) if item.this_week and not item.done)
    desk.save_text(item.delivery_id, "In my own words")
    desk.mark_shared(item.delivery_id, TODAY, "https://www.linkedin.com/posts/a_1")
    desk.mark_shared(item.delivery_id, TODAY, "https://www.linkedin.com/posts/a_2")  # again: one post
    with pytest.raises(StoreError, match="cannot be skipped"):
        desk.skip(item.delivery_id, TODAY)
    with pytest.raises(StoreError, match="cannot be shared before"):
        desk.mark_shared(item.delivery_id, item.delivered_on - timedelta(days=1))
    after = next(row for row in desk.queue(TODAY) if row.delivery_id == item.delivery_id)
    assert (after.status, after.text, after.post_url) == ("shared", "In my own words", "https://www.linkedin.com/posts/a_2")
    with store.reading() as session:
        posts = session.scalars(select(Post).where(Post.advocate_id == desk._advocate_id, Post.asset_id == item.asset_id)).all()
    assert [post.url for post in posts] == ["https://www.linkedin.com/posts/a_2"]
    flag_id = desk.flag(item.asset_id, "Not my voice", TODAY)
    assert [row.id for row in desk.feedback() if row.kind == "flag" and row.text == "Not my voice"] == [flag_id]
    store.close()


def test_results_close_the_loop_for_a_demo_advocate(shared_store):
    desk = AdvocateDesk.open(shared_store, EMAIL)
    results = desk.results(TODAY)
    sentences = results.sentences()
    assert sentences and all(sentence.startswith("Your post on \u201c") for sentence in sentences)
    assert any("visits" in sentence for sentence in sentences)
    assert any("application" in sentence for sentence in sentences)
    assert results.applications >= 1 and results.referral_visits > 0 and results.impressions > 0
    assert "streak" in results.streak.sentence()
    assert [milestone.name for milestone in results.milestones][0] == "first post"


def test_results_never_count_another_advocate_s_token(shared_store):
    desk = AdvocateDesk.open(shared_store, EMAIL)
    other = AdvocateDesk.open(shared_store, "kai.lopez@northwind.example")
    mine, theirs = desk.results(TODAY), other.results(TODAY)
    assert mine.applications != 0 and theirs.applications != 0
    assert {post.url for post in mine.posts}.isdisjoint({post.url for post in theirs.posts if post.url})


def test_a_random_uuid_is_never_found(shared_store):
    desk = AdvocateDesk.open(shared_store, EMAIL)
    with pytest.raises(StoreError, match="not in your queue"):
        desk.mark_seen(str(uuid.uuid4()))


def test_an_ssh_login_maps_to_one_advocate_by_setting_or_email(store):
    from advocacy_tui.config import Settings
    from advocacy_tui.store.desk import advocate_for_login
    from advocacy_tui.store.errors import StoreError
    from advocacy_tui.store.models import Employee

    with store.writing() as session:
        for email in ("ada.lovelace@example.com", "adaxl@example.com", "ada_l@example.com"):
            session.add(Employee(email=email, name=email.split("@")[0], department="Eng", title="Eng"))
    mapped = Settings.model_validate({"access": {"ssh_users": "ada=ada.lovelace@example.com"}})
    assert advocate_for_login(store, mapped, "ADA") == "ada.lovelace@example.com"
    assert advocate_for_login(store, Settings(), "ada.lovelace") == "ada.lovelace@example.com"
    # "_" is not a wildcard: ada_l is ada_l, never adaxl.
    assert advocate_for_login(store, Settings(), "ada_l") == "ada_l@example.com"
    with pytest.raises(StoreError, match="No advocate is known by the login 'grace'"):
        advocate_for_login(store, Settings(), "grace")
    with pytest.raises(StoreError, match="No login name"):
        advocate_for_login(store, Settings(), "")
