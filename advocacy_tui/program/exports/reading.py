"""What every source's reader takes and gives back (the dispatch is in read.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from advocacy_tui.program.exports.records import PersonRef, Record


@dataclass(frozen=True)
class Request:
    """The caller's side: the window a file without one covers (Slack; GA4 as a fallback)."""

    period_end: date | None = None
    period_days: int | None = None


@dataclass(frozen=True)
class Reading:
    """A reader's result; read.py adds the file, source and how it was recognised."""

    records: tuple[Record, ...]
    warnings: tuple[str, ...] = ()
    period_start: date | None = None
    period_end: date | None = None
    owner: PersonRef | None = None


def listed(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 row', '3 rows'."""
    return f"{count} {one if count == 1 else (many or one + 's')}"
