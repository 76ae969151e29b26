"""The guards the coordinator always sees on the enrolled cohort: its size, its executive
share, and advocates never scored or not consistent on the rubric."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass(frozen=True)
class CohortWarning:
    """A guard that fired: a stable `code` for scripts and a sentence for people."""

    code: str
    sentence: str
    advocates: tuple[str, ...] = ()  # the emails concerned, when the warning is about people


@dataclass(frozen=True)
class EnrolledMark:
    """An enrolled advocate and their scoring mark, for the guards."""

    email: str
    name: str
    mark: str  # 'consistent', 'lopsided', 'mixed' or 'not scored'


WARNING_CODES = ("cohort_too_large", "executive_share", "unscored", "not_consistent")


def _listed(parts: Sequence[str], most: int | None) -> str:
    """The parts joined with commas; past `most` of them, how many more instead."""
    if most is None or len(parts) <= most:
        return ", ".join(parts)
    return ", ".join(parts[:most]) + f" and {len(parts) - most:,} more"


def cohort_warnings(
    enrolled: int,
    executives: int,
    max_size: int,
    executive_share: float,
    marks: Iterable[EnrolledMark] = (),
    *,
    most_names: int | None = None,
) -> list[CohortWarning]:
    """The guide's guards on the enrolled cohort, from plain counts.

    Being exactly at the maximum size or exactly at the executive share is fine; one over
    is not. A sentence names everyone concerned, or with `most_names` that many and how
    many more (a screen has no room for five hundred names); `advocates` always lists all.
    """
    warnings: list[CohortWarning] = []
    if enrolled > max_size:
        warnings.append(
            CohortWarning(
                "cohort_too_large",
                f"The cohort has {enrolled} enrolled advocates, more than the {max_size} configured: "
                "prove the model with 10 to 20 advocates before scaling.",
            )
        )
    if enrolled and executives / enrolled > executive_share:
        warnings.append(
            CohortWarning(
                "executive_share",
                f"{executives} of {enrolled} enrolled advocates are executives ({executives / enrolled:.0%}), "
                f"more than the {executive_share:.0%} configured: recruit by fit, not by seniority.",
            )
        )
    people = list(marks)
    unscored = [person for person in people if person.mark == "not scored"]
    inconsistent = [person for person in people if person.mark not in ("not scored", "consistent")]
    if unscored:
        warnings.append(
            CohortWarning(
                "unscored",
                f"{_count(len(unscored), 'enrolled advocate was', 'enrolled advocates were')} never scored "
                f"on the rubric: {_listed([person.name for person in unscored], most_names)}.",
                tuple(person.email for person in unscored),
            )
        )
    if inconsistent:
        details = _listed([f"{person.name} ({person.mark})" for person in inconsistent], most_names)
        warnings.append(
            CohortWarning(
                "not_consistent",
                f"{_count(len(inconsistent), 'enrolled advocate is', 'enrolled advocates are')} not consistent "
                f"on the rubric: {details}.",
                tuple(person.email for person in inconsistent),
            )
        )
    return warnings


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
