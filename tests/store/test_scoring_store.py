"""Saving rubric marks and reading the candidates' means back."""

import sqlite3
from datetime import datetime

import pytest
from sqlalchemy import delete, event, func, select

from advocacy_tui.program.scoring import rank
from advocacy_tui.store.audit import STAMP_KEY, refresh_ranking
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import Employee, Score, Signal, StoreMeta
from advocacy_tui.store.scoring import save_score, scoring_candidates
from tests.conftest import TODAY, days_ago


def marks(net, eng, depth, culture):
    return {"network_relevance": net, "engagement_quality": eng, "subject_depth": depth, "cultural_alignment": culture}


@pytest.fixture
def flagged(store):
    ids = []
    with store.writing() as session:
        for number in range(1, 5):
            employee = Employee(email=f"p{number}@example.com", name=f"Person {number}", network_size=100)
            session.add(employee)
            session.flush()
            session.add(Signal(employee_id=employee.id, source="linkedin", kind="post",
                               occurred_on=days_ago(3), reactions=number * 10))
            ids.append(employee.id)
        session.add(Employee(email="quiet@example.com", name="Quiet", network_size=100))
    refresh_ranking(store, TODAY, top_n=3)
    return ids  # Person 4 ranks first, Person 1 is not flagged


def test_candidates_are_the_flagged_ones_unscored_at_first(store, flagged):
    candidates = scoring_candidates(store, "coordinator")
    assert sorted(c.name for c in candidates) == ["Person 2", "Person 3", "Person 4"]
    assert all(not c.rubric.scored and c.mine is None for c in candidates)


def test_means_over_each_scorers_latest_marks(store, flagged):
    person = flagged[3]
    save_score(store, person, "coordinator", marks(2, 2, 2, 2), days_ago(10))
    save_score(store, person, "coordinator", marks(4, 4, 4, 4), days_ago(1))  # newer: replaces
    save_score(store, person, "hr-partner", marks(2, 4, 4, 2), days_ago(5))
    candidate = next(c for c in scoring_candidates(store, "coordinator") if c.employee_id == person)
    assert candidate.rubric.marks() == (3.0, 4.0, 4.0, 3.0)
    assert candidate.rubric.scorers == 2
    assert candidate.mine == marks(4, 4, 4, 4)
    assert candidate.mine_on == days_ago(1)


def test_scoring_twice_on_one_day_corrects_the_row(store, flagged):
    save_score(store, flagged[1], "coordinator", marks(1, 2, 3, 4), TODAY)
    save_score(store, flagged[1], "coordinator", marks(5, 5, 5, 5), TODAY)
    with store.reading() as session:
        assert session.execute(select(func.count()).select_from(Score)).scalar() == 1
        assert session.scalars(select(Score)).one().network_relevance == 5


def test_someone_scored_stays_listed_even_when_no_longer_flagged(store, flagged):
    save_score(store, flagged[0], "coordinator", marks(3, 3, 3, 3), TODAY)  # Person 1, not flagged
    names = {c.name for c in scoring_candidates(store, "coordinator")}
    assert "Person 1" in names


@pytest.mark.parametrize("bad", [0, 6, 2.5])
def test_out_of_range_marks_write_nothing(store, flagged, bad):
    with pytest.raises(StoreError, match="1 to 5"):
        save_score(store, flagged[2], "coordinator", marks(3, bad, 3, 3), TODAY)
    with store.reading() as session:
        assert session.execute(select(func.count()).select_from(Score)).scalar() == 0


def test_unknown_employee_writes_nothing(store, flagged):
    with pytest.raises(StoreError, match="No such employee"):
        save_score(store, "no-such-id", "coordinator", marks(3, 3, 3, 3), TODAY)
    with store.reading() as session:
        assert session.execute(select(func.count()).select_from(Score)).scalar() == 0


def test_ranked_order_follows_the_rules(store, flagged):
    save_score(store, flagged[1], "coordinator", marks(5, 1, 5, 5), TODAY)  # lopsided, composite 4
    save_score(store, flagged[2], "coordinator", marks(3, 3, 4, 3), TODAY)  # consistent, 3.25
    ordered = rank(scoring_candidates(store, "coordinator"), rubric_of=lambda c: c.rubric, name_of=lambda c: c.name)
    assert [c.name for c in ordered] == ["Person 3", "Person 2", "Person 4"]


# ------------------------------------------------- company size: the few listed, not everyone


def test_flagged_and_scored_are_listed_however_many_employees_are_not(store, flagged):
    """The candidates come from the ranking's flagged rows and the scores, each employee
    looked up by id: people neither flagged nor scored never appear, a deleted employee's
    scores or a deleted score lists nobody, and a flagged person scored is listed once."""
    quiet = add_employee(store, "Unflagged Scored")
    gone = add_employee(store, "Deleted Scored")
    save_score(store, quiet, "coordinator", marks(3, 3, 3, 3), TODAY)
    save_score(store, gone, "coordinator", marks(3, 3, 3, 3), TODAY)
    save_score(store, flagged[3], "hr-partner", marks(4, 4, 4, 4), TODAY)  # flagged and scored
    retracted = add_employee(store, "Retracted Score")
    save_score(store, retracted, "coordinator", marks(2, 2, 2, 2), TODAY)
    with store.writing() as session:
        session.get(Employee, gone).deleted_at = datetime(2026, 1, 1)
        for score in session.scalars(select(Score).where(Score.employee_id == retracted)):
            score.deleted_at = datetime(2026, 1, 1)
    names = sorted(c.name for c in scoring_candidates(store, "coordinator"))
    assert names == ["Person 2", "Person 3", "Person 4", "Unflagged Scored"]
    person4 = next(c for c in scoring_candidates(store, "coordinator") if c.name == "Person 4")
    assert person4.audit_rank == 1 and person4.rubric.scorers == 1 and person4.mine is None


def test_a_ranking_without_its_stamp_still_lists_the_flagged(store, flagged):
    """A CSV import drops the ranking's stamp (not its rows): with no top N to bound the
    flagged rows by, they are all read."""
    with store.writing() as session:
        session.execute(delete(StoreMeta).where(StoreMeta.key == STAMP_KEY))
    assert sorted(c.name for c in scoring_candidates(store, "coordinator")) == ["Person 2", "Person 3", "Person 4"]


def test_each_scorer_sees_their_own_latest_marks(store, flagged):
    save_score(store, flagged[2], "coordinator", marks(2, 2, 2, 2), TODAY)
    save_score(store, flagged[2], "hr-partner", marks(4, 4, 4, 4), TODAY)
    mine = {c.employee_id: c for c in scoring_candidates(store, "hr-partner")}[flagged[2]]
    theirs = {c.employee_id: c for c in scoring_candidates(store, "coordinator")}[flagged[2]]
    assert mine.mine == marks(4, 4, 4, 4) and theirs.mine == marks(2, 2, 2, 2)
    assert mine.rubric == theirs.rubric and mine.rubric.marks() == (3.0, 3.0, 3.0, 3.0)


def add_employee(store, name: str) -> str:
    with store.writing() as session:
        employee = Employee(email=f"{name.replace(' ', '.').lower()}@example.com", name=name, network_size=100)
        session.add(employee)
        session.flush()
        return employee.id


# ----------------------------------------- a fresh ranking is not checked again for nothing


def selects_during(store, call) -> list[str]:
    statements: list[str] = []

    def capture(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        call()
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    return statements


def test_a_fresh_ranking_is_not_recounted_until_something_is_written(store, flagged):
    """On SQLite a connection that found the ranking fresh trusts it until anyone writes
    (PRAGMA data_version, its own total_changes); elsewhere the stamp is asked each time.
    Either way a write since is seen, and the ranking rebuilt."""
    refresh = lambda: refresh_ranking(store, TODAY, top_n=3)  # noqa: E731
    assert refresh() is False  # `flagged` built it; this check remembers it is fresh
    quiet = selects_during(store, lambda: [refresh() for _ in range(3)])
    if store.is_sqlite:
        assert quiet == []  # not a count of the signals, not even the stamp
    else:
        assert quiet  # the stamp, asked each time
    with store.writing() as session:
        person = session.scalars(select(Employee).where(Employee.name == "Person 1")).one()
        session.add(Signal(employee_id=person.id, source="linkedin", kind="post", occurred_on=days_ago(2), reactions=500))
    assert refresh() is True
    assert [c.name for c in scoring_candidates(store, "coordinator")].count("Person 1") == 1
    assert refresh() is False
    # Another day, or another top N, is another ranking.
    assert refresh_ranking(store, days_ago(-1), top_n=3) is True
    assert refresh_ranking(store, days_ago(-1), top_n=2) is True


def test_a_write_by_another_program_is_seen_by_a_connection_that_found_it_fresh(sqlite_store):
    """Another process writes through its own connection: data_version says so."""
    store = sqlite_store
    with store.writing() as session:
        employee = Employee(email="ada@example.com", name="Ada", network_size=100)
        session.add(employee)
        session.flush()
        employee_id = employee.id
    assert refresh_ranking(store, TODAY, top_n=3) is True
    assert refresh_ranking(store, TODAY, top_n=3) is False
    other = sqlite3.connect(store.path)
    with other:
        other.execute(
            "INSERT INTO signal (id, employee_id, source, kind, occurred_on, impressions, reactions, comments, shares,"
            " count, url, created_at, updated_at) VALUES ('s1', ?, 'linkedin', 'post', ?, 0, 9, 0, 0, 1, '',"
            " '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000')",
            (employee_id, days_ago(1).isoformat()),
        )
    other.close()
    assert refresh_ranking(store, TODAY, top_n=3) is True
    assert [c.name for c in scoring_candidates(store, "coordinator")] == ["Ada"]
