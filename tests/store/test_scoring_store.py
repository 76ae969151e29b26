"""Saving rubric marks and reading the candidates' means back."""

import pytest
from sqlalchemy import func, select

from advocacy_tui.program.scoring import rank
from advocacy_tui.store.audit import refresh_ranking
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import Employee, Score, Signal
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
