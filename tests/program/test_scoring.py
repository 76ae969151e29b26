"""The rubric's rules: composite, consistent, lopsided and the ranking order."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocacy_tui.program.scoring import (
    Rubric,
    ScoreOutOfRange,
    Thresholds,
    check_mark,
    rank,
    rubric_from_scores,
)


def scores(net, eng, depth, culture):
    return {
        "network_relevance": net,
        "engagement_quality": eng,
        "subject_depth": depth,
        "cultural_alignment": culture,
    }


def test_means_per_dimension_over_scorers_and_composite():
    rubric = rubric_from_scores([scores(4, 3, 5, 4), scores(2, 3, 5, 4)])
    assert rubric.network_relevance == 3.0
    assert rubric.subject_depth == 5.0
    assert rubric.scorers == 2
    assert rubric.composite == pytest.approx((3 + 3 + 5 + 4) / 4)
    assert rubric.weakest == 3.0


def test_one_scorer_is_their_marks():
    rubric = rubric_from_scores([scores(3, 4, 4, 5)])
    assert rubric.marks() == (3, 4, 4, 5)
    assert rubric.scorers == 1
    assert rubric.consistent()


def test_no_scorers_is_not_scored_and_never_consistent_or_lopsided():
    rubric = rubric_from_scores([])
    assert not rubric.scored
    assert rubric.composite is None
    assert rubric.mark() == "not scored"
    assert not rubric.consistent() and not rubric.lopsided()


@pytest.mark.parametrize(
    "marks, expected",
    [
        ((3, 3, 3, 3), "consistent"),
        ((3, 5, 4, 5), "consistent"),
        ((2, 4, 4, 4), "mixed"),  # one dimension under 3
        ((5, 1, 4, 4), "lopsided"),  # maxes one, zero on another
        ((5, 3, 3, 3), "consistent"),  # spread exactly 2 is still consistent
        ((5, 2, 5, 5), "mixed"),  # spread 3, but nothing at 1
    ],
)
def test_marks(marks, expected):
    assert Rubric(*marks, scorers=1).mark() == expected


def test_thresholds_come_from_config():
    rubric = Rubric(4, 4, 3, 4, scorers=1)
    assert rubric.consistent(Thresholds(consistent_min=3))
    assert not rubric.consistent(Thresholds(consistent_min=4))
    lenient = Thresholds(lopsided_high=4, lopsided_low=2)
    assert Rubric(4, 2, 3, 3, scorers=1).lopsided(lenient)


def test_ranking_consistent_first_then_composite_then_weakest_then_name():
    people = [
        ("Lopsided Lee", Rubric(5, 1, 5, 5, scorers=2)),  # composite 4.0, not consistent
        ("Steady Sam", Rubric(3, 3, 3, 3, scorers=2)),  # consistent, composite 3
        ("Strong Sara", Rubric(4, 4, 4, 4, scorers=2)),  # consistent, composite 4
        ("Uneven Uma", Rubric(5, 3, 5, 3, scorers=2)),  # consistent, composite 4, weakest 3
        ("Nobody Scored", Rubric()),
        ("Also Steady", Rubric(3, 3, 3, 3, scorers=1)),  # tie with Sam: by name
    ]
    ordered = [name for name, _ in rank(people, rubric_of=lambda p: p[1], name_of=lambda p: p[0])]
    assert ordered == [
        "Strong Sara",
        "Uneven Uma",
        "Also Steady",
        "Steady Sam",
        "Lopsided Lee",
        "Nobody Scored",
    ]


@pytest.mark.parametrize("bad", [0, 6, -1, 3.5, "4", True, None])
def test_a_mark_outside_one_to_five_is_refused(bad):
    with pytest.raises(ScoreOutOfRange):
        check_mark(bad)


@given(st.lists(st.tuples(*[st.integers(1, 5)] * 4), min_size=1, max_size=6))
def test_composite_lies_between_weakest_and_strongest(rows):
    rubric = rubric_from_scores([scores(*row) for row in rows])
    assert rubric.weakest <= rubric.composite <= max(rubric.marks())
    assert not (rubric.consistent() and rubric.lopsided())
