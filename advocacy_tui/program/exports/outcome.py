"""What importing an export did (or, in a dry run, would do): the words the command line
prints and the import dialog shows. Pure data; the store fills it in.

Every stored row is described once, as the coordinator will see it afterwards ("post x 42
for Ada Lovelace, 1 May to 31 May"), with its outcome: added, updated, unchanged, removed
(a count that fell to zero), or why it was not stored (the person is unmatched or
concealed, no post carries that tracking value). Nothing is ever guessed: a person the
store cannot match by email, sign-in name or a confirmed alias is listed in `unmatched`,
with a same-name suggestion the coordinator may confirm, never applied on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from advocacy_tui.program.exports.records import PersonRef

ADDED, UPDATED, UNCHANGED, REMOVED = "added", "updated", "unchanged", "removed"
UNMATCHED, CONCEALED, NO_POST, SKIPPED = "unmatched", "concealed", "no post", "skipped"
WRITES = (ADDED, UPDATED, REMOVED)


@dataclass(frozen=True)
class StoredRow:
    """One row of the file as it is (or would be) stored."""

    row: int  # the file's row, as the spreadsheet numbers it
    entity: str  # "signal", "post", "company post", "referral visits", "application"
    who: str  # the employee's name, "" when the row is about no one (company posts)
    what: str  # the stored values in a few words
    outcome: str  # one of the outcomes above


@dataclass(frozen=True)
class Suggestion:
    """An employee with exactly the unmatched person's name: offered, never applied."""

    employee_id: str
    label: str  # "Ada Lovelace <ada@example.com>"


@dataclass(frozen=True)
class UnmatchedPerson:
    person: PersonRef
    rows: tuple[int, ...]
    suggestion: Suggestion | None = None

    @property
    def label(self) -> str:
        return self.person.label


@dataclass
class ImportOutcome:
    """One file's import: what was read, what was stored, and who could not be matched."""

    file: str
    source: str
    label: str  # "Slack member analytics"
    recognised_by: str
    dry_run: bool
    warnings: list[str] = field(default_factory=list)
    rows: list[StoredRow] = field(default_factory=list)
    unmatched: list[UnmatchedPerson] = field(default_factory=list)
    concealed: int = 0  # Teams rows whose names are hidden

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def written(self) -> int:
        return sum(1 for row in self.rows if row.outcome in WRITES)

    def summary(self) -> str:
        """One line: "12 added, 3 updated, 40 unchanged; 2 people unmatched"."""
        parts = [f"{self.count(outcome):,} {outcome}" for outcome in (ADDED, UPDATED, UNCHANGED, REMOVED)
                 if self.count(outcome) or outcome in (ADDED, UNCHANGED)]
        notes = []
        if self.unmatched:
            notes.append(f"{len(self.unmatched)} {'person' if len(self.unmatched) == 1 else 'people'} unmatched")
        if self.concealed:
            notes.append(f"{self.concealed} concealed")
        if self.count(NO_POST):
            notes.append(f"{self.count(NO_POST)} row{'s' if self.count(NO_POST) != 1 else ''} match no post")
        return ", ".join(parts) + ("; " + ", ".join(notes) if notes else "")

    def lines(self) -> list[str]:
        """What the command line prints for this file."""
        verb = "would not be" if self.dry_run else "were not"
        lines = [f"{self.file}: {self.recognised_by}"]
        lines += [f"  warning: {warning}" for warning in self.warnings]
        lines.append(f"  {self.summary()}")
        if self.unmatched:
            lines.append(f"  Unmatched people (their rows {verb} imported; confirm who they are to match them):")
            for person in self.unmatched:
                rows = ", ".join(str(row) for row in person.rows[:8]) + (" ..." if len(person.rows) > 8 else "")
                hint = f" - same name as {person.suggestion.label}" if person.suggestion else ""
                lines.append(f"    {person.label} (row{'s' if len(person.rows) != 1 else ''} {rows}){hint}")
        for row in self.rows:
            if row.outcome == NO_POST:
                lines.append(f"  row {row.row}: {row.what}: no advocate's post of that asset on or before that day")
        return lines


MAPPING: dict[str, tuple[str, ...]] = {
    "slack": (
        "Messages posted in channels -> an internal `post` signal with that count, per person,",
        "dated the period's last day (the period you give: Slack's file has none).",
    ),
    "teams": (
        "Post Messages -> an internal `post` signal, Reply Messages -> an `answer` signal, each",
        "with its count, per person, dated the report's refresh date. Concealed users are skipped.",
    ),
    "linkedin-creator": (
        "TOP POSTS (both halves merged by URL) -> the owner's LinkedIn posts: url, date,",
        "impressions and LinkedIn's engagement total (not split into reactions and comments).",
    ),
    "linkedin-page": (
        "All posts -> the company's own posts (kept apart from advocates'); their engagement",
        "rate becomes the company baseline in the health signal for the same 30 days.",
    ),
    "ga4": (
        "Sessions of a tracked link (manual ad content = <advocate>-<asset>) -> referral visits",
        "of that advocate's latest post of that asset; other traffic is not stored.",
    ),
    "lever": (
        "Candidates -> applications: applied date, source, the advocate from a lever-source",
        "tracking value; the requisition by posting id or title.",
    ),
    "greenhouse": (
        "Applications -> applications: date, source, the advocate from a source carrying a",
        "tracking value or from the referrer's name; the requisition by job id or title.",
    ),
}
"""What each source's rows become, in the import dialog's words."""
