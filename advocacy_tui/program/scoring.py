"""Step 2: the rubric's arithmetic and the ranking of scored candidates.

Plain functions over plain data, so the rules can be tested without a database and used by
the store, the screens and the Markdown profile alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import fsum
from typing import Callable, Iterable, Mapping, Sequence, TypeVar

from advocacy_tui.program.vocabulary import DIMENSIONS

T = TypeVar("T")

SCORE_MIN = 1
SCORE_MAX = 5


class ScoreOutOfRange(ValueError):
    """A rubric mark outside 1-5."""


@dataclass(frozen=True)
class Thresholds:
    """Config's [scoring] thresholds (defaults are the guide's)."""

    consistent_min: float = 3
    max_spread: float = 2
    lopsided_high: float = 5
    lopsided_low: float = 1


@dataclass(frozen=True)
class Rubric:
    """One candidate's per-dimension means over scorers (None = nobody scored it yet)."""

    network_relevance: float | None = None
    engagement_quality: float | None = None
    subject_depth: float | None = None
    cultural_alignment: float | None = None
    scorers: int = 0

    def marks(self) -> tuple[float | None, ...]:
        return tuple(getattr(self, dim) for dim in DIMENSIONS)

    @property
    def scored(self) -> bool:
        return all(mark is not None for mark in self.marks())

    @property
    def composite(self) -> float | None:
        """Mean of the four dimension means."""
        return _mean(self.marks()) if self.scored else None  # type: ignore[arg-type]

    @property
    def weakest(self) -> float | None:
        return min(self.marks()) if self.scored else None  # type: ignore[type-var]

    @property
    def spread(self) -> float | None:
        marks = self.marks()
        return max(marks) - min(marks) if self.scored else None  # type: ignore[type-var,operator]

    def consistent(self, limits: Thresholds = Thresholds()) -> bool:
        """Every dimension at least `consistent_min`, and no more than `max_spread` apart."""
        if not self.scored:
            return False
        return (self.weakest or 0) >= limits.consistent_min and (
            self.spread or 0
        ) <= limits.max_spread

    def lopsided(self, limits: Thresholds = Thresholds()) -> bool:
        """Maxes one dimension and scores (near) zero on another: the guide's warning."""
        if not self.scored:
            return False
        marks = self.marks()
        return max(marks) >= limits.lopsided_high and min(marks) <= limits.lopsided_low  # type: ignore[type-var,operator]

    def mark(self, limits: Thresholds = Thresholds()) -> str:
        """'consistent', 'lopsided', 'mixed' or 'not scored'."""
        if not self.scored:
            return "not scored"
        if self.consistent(limits):
            return "consistent"
        if self.lopsided(limits):
            return "lopsided"
        return "mixed"


def check_mark(value: int) -> int:
    """A single rubric mark, refused unless it is a whole number from 1 to 5."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScoreOutOfRange(f"A score is a whole number from 1 to 5, not {value!r}.")
    if not SCORE_MIN <= value <= SCORE_MAX:
        raise ScoreOutOfRange(f"A score is a whole number from 1 to 5, not {value}.")
    return value


def rubric_from_scores(scores: Iterable[Mapping[str, int]]) -> Rubric:
    """Per-dimension mean over scorers, from each scorer's latest marks."""
    rows = list(scores)
    if not rows:
        return Rubric()
    means = {dim: _mean([row[dim] for row in rows]) for dim in DIMENSIONS}
    return Rubric(**means, scorers=len(rows))


def rank_key(rubric: Rubric, name: str, limits: Thresholds = Thresholds()) -> tuple:
    """Sort key: consistent first, then composite, then the weakest dimension (all high to
    low), scored before unscored, and the name last so ties read alphabetically."""
    if not rubric.scored:
        return (1, 1, 0.0, 0.0, name.casefold())
    return (
        0,
        0 if rubric.consistent(limits) else 1,
        -(rubric.composite or 0.0),
        -(rubric.weakest or 0.0),
        name.casefold(),
    )


def rank(
    items: Sequence[T],
    limits: Thresholds = Thresholds(),
    *,
    rubric_of: Callable[[T], Rubric],
    name_of: Callable[[T], str],
) -> list[T]:
    """`items` in the order the Scoring tab shows them (see `rank_key`)."""
    return sorted(items, key=lambda item: rank_key(rubric_of(item), name_of(item), limits))


def _mean(values: Sequence[float]) -> float:
    """statistics.fmean's result (an exact sum, then one division), without importing
    statistics, which costs about 50 ms before the first frame."""
    return fsum(values) / len(values)
