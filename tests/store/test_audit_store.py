"""The audit ranking as the Candidates tab reads it: SQL aggregates over real rows."""

from datetime import timedelta

from sqlalchemy import select

from advocacy_tui.store.audit import (
    audit_page,
    audit_summary,
    count_audit,
    employee_signals,
    refresh_ranking,
)
from advocacy_tui.store.models import Employee, Signal
from tests.conftest import TODAY, days_ago


def add_people(store, people):
    """people: (name, department, network, [(days_ago, source, reactions, comments, shares)])"""
    ids = {}
    with store.writing() as session:
        for name, department, network, signals in people:
            employee = Employee(
                email=f"{name.replace(' ', '.').lower()}@example.com",
                name=name,
                department=department,
                title="Engineer",
                network_size=network,
            )
            session.add(employee)
            session.flush()
            ids[name] = employee.id
            for ago, source, reactions, comments, shares in signals:
                session.add(
                    Signal(
                        employee_id=employee.id,
                        source=source,
                        kind="share",
                        occurred_on=days_ago(ago),
                        reactions=reactions,
                        comments=comments,
                        shares=shares,
                    )
                )
    return ids


PEOPLE = [
    # The executive: huge network, more raw engagement, worse quality.
    ("Victor Exec", "Leadership", 30_000, [(3, "linkedin", 200, 50, 50)]),
    ("Mina Expert", "Engineering", 400, [(5, "linkedin", 30, 10, 0), (40, "internal", 0, 12, 0)]),
    ("Paul Old", "Sales", 300, [(120, "linkedin", 500, 0, 0)]),  # outside the 90 days
    ("Zero Network", "Sales", 0, [(2, "platform", 10, 0, 0)]),
    ("Silent Sue", "People", 800, []),
]


def test_ranks_by_engagement_quality_within_ninety_days(store):
    add_people(store, PEOPLE)
    assert refresh_ranking(store, TODAY, top_n=3)
    rows = audit_page(store, 0, 10)
    assert [row.name for row in rows] == [
        "Mina Expert",  # 52 / 400 = 0.13
        "Victor Exec",  # 300 / 30,000 = 0.01
        "Paul Old",  # nothing in the window: 0
        "Silent Sue",  # nothing at all: 0, ties broken by engagement then name
        "Zero Network",  # unknown quality ranks last
    ]
    mina = rows[0]
    assert mina.linkedin_signals == 1 and mina.internal_signals == 1 and mina.platform_signals == 0
    assert mina.engagement == 52
    assert mina.quality == 52 / 400
    # Candidates: top 3, but only people who engaged in the window with a known quality.
    assert [row.candidate for row in rows] == [True, True, False, False, False]
    assert audit_summary(store) == (5, 2)


def test_no_signals_at_all_ranks_everyone_without_candidates(store):
    add_people(store, [("A Person", "X", 10, []), ("B Person", "X", 0, [])])
    refresh_ranking(store, TODAY, top_n=40)
    rows = audit_page(store, 0, 10)
    assert [row.name for row in rows] == ["A Person", "B Person"]
    assert not any(row.candidate for row in rows)


def test_ranking_is_rebuilt_only_when_something_changed(store):
    ids = add_people(store, PEOPLE)
    assert refresh_ranking(store, TODAY, top_n=3)
    assert not refresh_ranking(store, TODAY, top_n=3)
    assert refresh_ranking(store, TODAY, top_n=5)  # candidate count changed
    assert refresh_ranking(store, TODAY + timedelta(days=1), top_n=5)  # a new day
    with store.writing() as session:
        session.add(
            Signal(employee_id=ids["Silent Sue"], source="internal", kind="answer",
                   occurred_on=TODAY, reactions=400, comments=0, shares=0)
        )
    assert refresh_ranking(store, TODAY + timedelta(days=1), top_n=5)
    assert audit_page(store, 0, 1)[0].name == "Silent Sue"


def test_deleted_employees_and_signals_do_not_count(store):
    ids = add_people(store, PEOPLE)
    with store.writing() as session:
        session.get(Employee, ids["Mina Expert"]).deleted_at = session.get(Employee, ids["Mina Expert"]).updated_at
        for signal in session.scalars(select(Signal).where(Signal.employee_id == ids["Victor Exec"])):
            signal.deleted_at = signal.updated_at
    refresh_ranking(store, TODAY, top_n=3)
    names = [row.name for row in audit_page(store, 0, 10)]
    assert "Mina Expert" not in names
    victor = next(row for row in audit_page(store, 0, 10) if row.name == "Victor Exec")
    assert victor.engagement == 0


def test_filter_matches_name_department_or_title_ignoring_case(store):
    add_people(store, PEOPLE)
    refresh_ranking(store, TODAY, top_n=3)
    assert [r.name for r in audit_page(store, 0, 10, "sales")] == ["Paul Old", "Zero Network"]
    assert count_audit(store, "SALES") == 2
    assert [r.name for r in audit_page(store, 0, 10, "mina")] == ["Mina Expert"]
    assert count_audit(store, "engineer") == 5  # everyone's title
    assert count_audit(store, "sales zero") == 1  # every word must match
    assert audit_page(store, 0, 10, "nobody-matches") == []


def test_pages_are_windows_of_the_ranking(store):
    people = [(f"Person {n:03}", "Dept", 100, [(1, "linkedin", n, 0, 0)]) for n in range(1, 251)]
    add_people(store, people)
    refresh_ranking(store, TODAY, top_n=40)
    assert count_audit(store) == 250
    first = audit_page(store, 0, 100)
    last = audit_page(store, 200, 100)
    assert [r.rank for r in first] == list(range(1, 101))
    assert [r.rank for r in last] == list(range(201, 251))
    assert first[0].name == "Person 250" and last[-1].name == "Person 001"
    assert sum(r.candidate for r in first) == 40
    filtered = audit_page(store, 10, 5, "person")
    assert [r.rank for r in filtered] == [11, 12, 13, 14, 15]


def test_employee_signals_newest_first(store):
    ids = add_people(store, PEOPLE)
    signals = employee_signals(store, ids["Mina Expert"])
    assert [s.occurred_on for s in signals] == [days_ago(5), days_ago(40)]
    assert signals[0].engagement == 40
