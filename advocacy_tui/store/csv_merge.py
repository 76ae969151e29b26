"""One file of an import: check its keys, match its rows to ours, count, and write by chunks.

The rules (which row wins, how it is counted) are described in `csv_import`. This module
is the per-file machinery: in-file duplicate keys, the chunked look-ups of our rows, the
employee email map, references to assets and requisitions, one live enrollment per
employee, and the Core writes (through `csv_tables`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from advocacy_tui.program.tokens import asset_token
from advocacy_tui.store import csv_tables as tables
from advocacy_tui.store.csv_columns import ASSET, EMPLOYEE, POST, REFERENCES, REQUISITION, EntitySpec, spec_for
from advocacy_tui.store.csv_rows import Problem, RowReader, SeenIds, enrollment_problems, natural_key_getter, one_line
from advocacy_tui.store.models import Asset, Delivery, Employee, Enrollment, Post, Requisition, Signal, new_id, new_token

if TYPE_CHECKING:
    from advocacy_tui.store.csv_import import ImportCall

CHUNK = 4000
# Unique keys named the way a problem names them (the file's columns).
UNIQUE_KEYS = {
    "uq_employee_email": "email",
    "uq_enrollment_live_employee": "employee_email",
    "uq_delivery_live_pair": "advocate_email and asset_id",
    "uq_alias_live": "source and alias",
    "uq_referral_visit_live": "post_id, tracking_value, first_day and last_day",
    "uq_application_external": "ats and external_id",
}
# The unique keys `_check_keys` does not check within a file: a bulk load into an empty
# table keeps their indexes (the others are dropped and built again after the load), so a
# duplicate is refused at its row, with its line, rather than when the index is rebuilt.
UNIQUE_KEYS_CHECKED_LATE = frozenset({"uq_alias_live", "uq_referral_visit_live", "uq_application_external"})
Row = tuple[int, dict, bool]  # (line, values, has its own id)


@dataclass
class FileCounts:
    file: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: int = 0
    deleted: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.new + self.updated + self.unchanged + self.stale + self.deleted


class FileImport:
    """One file: read, check, match, count and (while nothing is wrong) write, by chunks."""

    def __init__(self, call: ImportCall, path: Path) -> None:
        self.call = call
        self.path = path
        self.spec: EntitySpec = spec_for(path.name)  # type: ignore[assignment]
        self.counts = FileCounts(path.name)
        self.pending: list[Problem] = []
        self.seen_ids = SeenIds(self.spec, path)
        self.seen_emails: dict[str, int] = {}
        self.seen_tokens: dict[str, int] = {}
        self.seen_natural: dict[tuple, tuple[int, bool, bool]] = {}
        self.natural_key = natural_key_getter(self.spec)
        self.is_employee = self.spec.model is Employee
        self.is_enrollment = self.spec.model is Enrollment
        self.references = [column for column in self.spec.columns if column.kind in REFERENCES]
        kind = {Asset: ASSET, Requisition: REQUISITION, Post: POST}.get(self.spec.model)
        self.known = call.known[kind] if kind else None
        self.token_owners: dict[str, str] = {}
        self.written: set[str] = set()  # enrollments: ids this file wrote (their state is the file's)
        self.live: dict[str, dict] = {}  # enrollments: employee id -> the live row this file wrote
        self.rebuild: list | None = None
        self.read = 0

    def report(self, line: int | None, column: str | None, reason: str) -> None:
        self.pending.append(Problem(self.path.name, line, column, reason))

    def run(self) -> FileCounts:
        call = self.call
        try:
            handle = self.path.open("rb")
        except OSError as error:
            self.report(None, None, f"cannot be read: {error.strerror}")
            self._hand_over()
            return self.counts
        with handle:
            needs_emails = self.is_employee or any(column.kind == EMPLOYEE for column in self.spec.columns)
            emails = call.emails if needs_emails else {}
            self.was_empty = tables.table_is_empty(call.connection, self.spec)
            reader = RowReader(
                self.spec, handle, self.report, emails=emails, now_stamp=call.now_stamp, warnings=self.counts.warnings
            )
            if reader.usable:
                self.writer = tables.TableWriter(call.connection, self.spec, self._update_attrs(reader))
            chunk: list[Row] = []
            seen_ids = self.seen_ids
            plain = self.natural_key is None and not self.is_employee and self.known is None
            for line, values, ok in reader.rows():
                ident = values["id"]
                if ok and plain and ident is not None and seen_ids.add(ident, line):
                    chunk.append((line, values, True))  # the common case, kept short
                else:
                    if not self._check_keys(line, values, ok):
                        continue
                    if self.is_enrollment and not self._check_enrollment(line, values):
                        continue
                    chunk.append((line, values, values["id"] is not None))
                if len(chunk) >= CHUNK:
                    self.read += len(chunk)
                    self._flush(chunk)
                    chunk = []
            self.read += len(chunk)
            self._flush(chunk)
        if self.rebuild and call.writing:
            for index in self.rebuild:
                index.create(call.connection)
        self._hand_over()
        return self.counts

    def _update_attrs(self, reader: RowReader) -> list[str]:
        attrs = [column.attr for column in reader.present if column.attr not in ("id", "updated_at")]
        return [*attrs, "updated_at"]

    def _hand_over(self) -> None:
        """Pass this file's problems on, in line order (every pending one is at or before
        the line just read)."""
        self.pending.sort(key=lambda problem: problem.line or 0)
        for problem in self.pending:
            self.call.log.add(problem)
        self.pending = []

    # ----------------------------------------------------------------- in-file keys

    def _check_keys(self, line: int, values: dict, ok: bool) -> bool:
        """Ids (and emails, tokens, natural keys) may appear once per file."""
        ident = values.get("id")
        if ident is not None:
            if not self.seen_ids.add(ident, line):
                self.report(line, "id", f"the id {ident} appears twice in this file")
                ok = False
        elif self.known is not None:
            ident = values["id"] = new_id()  # given now, so later files can refer to it
        if ident is not None and self.known is not None:
            self.known.add(ident)
        if self.is_employee:
            return self._check_employee_keys(line, values, ok)
        if self.natural_key is not None and ok:
            ok = self._check_natural_key(line, values)
        return ok

    def _check_natural_key(self, line: int, values: dict) -> bool:
        """A row without an id is named by its natural key, so the key must be unambiguous;
        and an employee has at most one live enrollment."""
        key = self.natural_key(values)  # type: ignore[misc]
        has_id = values.get("id") is not None
        # One live row per key: an employee's enrollment; an asset delivered to an advocate.
        live = (self.is_enrollment or self.spec.model is Delivery) and values.get("deleted_at") is None
        earlier = self.seen_natural.get(key)
        self.seen_natural[key] = (
            earlier[0] if earlier else line,
            has_id and (earlier is None or earlier[1]),
            live or (earlier is not None and earlier[2]),
        )
        if earlier is None:
            return True
        if live and earlier[2]:
            if self.is_enrollment:
                self.report(line, "employee_email", f"line {earlier[0]} is a live enrollment of the same employee; one employee has one")
            else:
                self.report(line, "asset_id", f"line {earlier[0]} delivers the same asset to the same advocate; an asset reaches an advocate once")
            return False
        if not (has_id and earlier[1]):
            what = ", ".join(attr.removesuffix("_id") for attr in self.spec.natural_key)
            self.report(line, None, f"line {earlier[0]} has the same {what}; give each row its id")
            return False
        return True

    def _check_employee_keys(self, line: int, values: dict, ok: bool) -> bool:
        email = values.get("email")
        if email:
            lowered = email.lower()
            first = self.seen_emails.get(lowered)
            if first is not None:
                self.report(line, "email", f"{email} appears twice in this file (first on line {first})")
                ok = False
            else:
                self.seen_emails[lowered] = line
        token = values.get("advocate_token")
        if token:
            first = self.seen_tokens.get(token)
            if first is not None:
                self.report(line, "advocate_token", f"the token {token} appears twice in this file (first on line {first})")
                ok = False
            else:
                self.seen_tokens[token] = line
        if email and not ok:
            # A rejected row still names an employee: later files may refer to it, and
            # "no employee has this email" there would only add noise.
            self.call.emails.setdefault(email.lower(), values.get("id") or "")
        return ok

    def _check_enrollment(self, line: int, values: dict) -> bool:
        problems = enrollment_problems(values)
        for column, reason in problems:
            self.report(line, column, reason)
        return not problems

    # ----------------------------------------------------------------- chunks

    def _flush(self, chunk: list[Row]) -> None:
        call = self.call
        if chunk:
            existing = self._match(chunk)
            if self.is_employee and not self.was_empty:
                tokens = [values["advocate_token"] for _, values, _ in chunk if values.get("advocate_token")]
                self.token_owners = tables.token_owners(call.connection, tokens)
            inserts: list[dict] = []
            updates: list[dict] = []
            counts = self.counts
            for line, values, _ in chunk:
                ours = existing.get(values["id"])
                if ours is None:
                    outcome = "deleted" if values.get("deleted_at") else "new"
                else:
                    theirs, mine = values["updated_at"], ours[0]
                    if theirs > mine:
                        outcome = "deleted" if values.get("deleted_at") and not ours[1] else "updated"
                    else:
                        counts.stale += theirs < mine
                        counts.unchanged += theirs == mine
                        if self.is_employee:
                            # Ours is newer, but the other files of this export may still
                            # name the employee by the file's (older) email.
                            call.emails.setdefault(values["email"].lower(), values["id"])
                        continue
                if self.is_employee and not self._claim_employee(line, values, ours):
                    continue
                values["_outcome"] = outcome
                (inserts if ours is None else updates).append(values)
            retired = self._one_live_enrollment(inserts + updates) if self.is_enrollment else []
            for values in inserts + updates:
                outcome = values.pop("_outcome")
                setattr(counts, outcome, getattr(counts, outcome) + 1)
            self._check_references(chunk)
            if call.writing and not self.pending:
                self._write_or_find_refused(chunk, inserts, updates, retired)
        self._hand_over()
        if call.progress is not None:
            call.progress(self.path.name, self.read)

    def _match(self, chunk: list[Row]) -> dict[str, tuple]:
        """Give every row the id it will have, and return ours for the ids that exist."""
        connection = self.call.connection
        if self.was_empty:
            for _, values, has_id in chunk:
                if not has_id:
                    values["id"] = new_id()
            return {}
        unnamed = [values for _, values, has_id in chunk if not has_id]
        if self.is_employee:
            emails = self.call.emails
            for values in unnamed:
                values["id"] = emails.get(values["email"].lower()) or new_id()
        elif self.natural_key is not None and unnamed:
            person = self.spec.natural_key[0]  # employee_id; a delivery's advocate_id
            ours = tables.natural_matches(connection, self.spec, [values[person] for values in unnamed])
            for values in unnamed:
                values["id"] = ours.get(self.natural_key(values)) or new_id()
        else:
            for values in unnamed:
                values["id"] = new_id()
        return tables.existing_by_id(connection, self.spec, [values["id"] for _, values, _ in chunk])

    def _claim_employee(self, line: int, values: dict, ours: tuple | None) -> bool:
        """An employee row about to be written takes its email; another employee's email
        (or token) cannot be taken."""
        emails = self.call.emails
        ident, email = values["id"], values["email"].lower()
        owner = emails.get(email)
        if owner and owner != ident:
            self.report(line, "email", f"{values['email']} already belongs to another employee (id {owner})")
            return False
        token = values.get("advocate_token")
        if token:
            owner = self.token_owners.get(token)
            if owner and owner != ident:
                self.report(line, "advocate_token", f"the token {token} already belongs to another employee")
                return False
        if ours is not None:
            old = ours[2].lower()
            if old != email and emails.get(old) == ident:
                del emails[old]
        emails[email] = ident
        return True

    def _one_live_enrollment(self, rows: list[dict]) -> list[tuple[str, str]]:
        """At most one live enrollment per employee (the schema's rule). Two copies that
        each enrolled the same person hold two; the newer (by updated_at, then id) stays
        and the other becomes a tombstone stamped with the winner's updated_at, so both
        copies settle on the same rows whichever imports first. Returns our rows to retire
        as (id, stamp); rows of the file that lose are changed in place."""
        for values in rows:
            self.written.add(values["id"])
            employee, mine = values["employee_id"], self.live.get(values["employee_id"])
            if values.get("deleted_at") is None:
                self.live[employee] = values
            elif mine is not None and mine["id"] == values["id"]:
                del self.live[employee]
        touched = {values["employee_id"] for values in rows if values.get("deleted_at") is None}
        ours = tables.live_enrollments(self.call.connection, sorted(touched)) if touched else []
        retired: list[tuple[str, str]] = []
        for ident, employee, stamp in ours:
            theirs = self.live.get(employee)
            if ident in self.written or theirs is None:
                continue
            winner_is_theirs = (theirs["updated_at"], theirs["id"]) > (stamp, ident)
            winner, loser = (theirs["id"], ident) if winner_is_theirs else (ident, theirs["id"])
            if winner_is_theirs:
                retired.append((ident, theirs["updated_at"]))
                self.written.add(ident)
                self.counts.deleted += 1
            else:
                theirs["deleted_at"] = theirs["updated_at"] = stamp
                theirs["_outcome"] = "deleted"
                del self.live[employee]
            self.counts.warnings.append(
                one_line(f"employee {employee} was enrolled separately in two copies: kept enrollment {winner}, deleted {loser}")
            )
        return retired

    def _check_references(self, chunk: list[Row]) -> None:
        for column in self.references:
            known = self.call.known[column.kind]
            wanted = {values[column.attr] for _, values, _ in chunk if values.get(column.attr) is not None}
            missing = wanted - known
            file, what = REFERENCES[column.kind]
            if missing:
                missing -= tables.existing_ids(self.call.connection, spec_for(file), missing)  # type: ignore[arg-type]
            if not missing:
                continue
            for line, values, _ in chunk:
                if values.get(column.attr) in missing:
                    self.report(line, column.name, f"no {what} has the id {values[column.attr]}")

    def _write_or_find_refused(
        self, chunk: list[Row], inserts: list[dict], updates: list[dict], retired: list[tuple[str, str]]
    ) -> None:
        """Write the chunk. Should the database refuse it (a unique key that the checks
        above do not know of, shared with one of our rows or another row of the file), undo
        the chunk and write it again row by row to name each refused row's line; the call is
        rejected, so that second writing is undone too."""
        connection = self.call.connection
        connection.exec_driver_sql("SAVEPOINT import_chunk")
        try:
            self._write(inserts, updates, retired)
        except IntegrityError as refusal:
            connection.exec_driver_sql("ROLLBACK TO SAVEPOINT import_chunk")
            before = len(self.pending)
            self._write([], [], retired)
            line_of = {values["id"]: line for line, values, _ in chunk}
            for is_new, values in [*((False, row) for row in updates), *((True, row) for row in inserts)]:
                connection.exec_driver_sql("SAVEPOINT import_row")
                try:
                    self._write([values] if is_new else [], [] if is_new else [values], [])
                except IntegrityError as error:
                    connection.exec_driver_sql("ROLLBACK TO SAVEPOINT import_row")
                    self.report(line_of.get(values["id"]), None, self._refused(error))
                connection.exec_driver_sql("RELEASE SAVEPOINT import_row")
            if len(self.pending) == before:  # only the chunk as a whole: name its first line
                self.report(chunk[0][0], None, self._refused(refusal))
            connection.exec_driver_sql("ROLLBACK TO SAVEPOINT import_chunk")
        connection.exec_driver_sql("RELEASE SAVEPOINT import_chunk")

    def _refused(self, error: IntegrityError) -> str:
        """Why the database refused a row, in the file's words."""
        text = str(error.orig)
        table = self.spec.table
        for index in table.indexes:
            columns = [f"{table.name}.{column.name}" for column in index.expressions if hasattr(column, "name")]
            if index.unique and (index.name in text or (columns and ", ".join(columns) in text)):
                what = UNIQUE_KEYS.get(index.name, index.name)
                return f"another live row already has the same {what} (in the database or earlier in this file)"
        return f"the database refuses this row ({text.splitlines()[0] if text else type(error.orig).__name__})"

    def _write(self, inserts: list[dict], updates: list[dict], retired: list[tuple[str, str]]) -> None:
        call = self.call
        if inserts and self.was_empty and self.rebuild is None and call.sqlite:
            self.rebuild = tables.drop_secondary_indexes(call.connection, self.spec, keep=UNIQUE_KEYS_CHECKED_LATE)
        self.writer.retire(retired)  # before the rows that take their place
        self.writer.update(updates)
        if inserts:
            if self.is_employee:
                for values in inserts:
                    values["ssh_keys"] = ""
                    if values["advocate_token"] is None:
                        values["advocate_token"] = new_token()
            elif self.spec.model is Asset:
                for values in inserts:
                    values["token"] = asset_token(values["id"])
            self.writer.insert(inserts)
        if self.spec.model in (Employee, Signal) and (inserts or updates):
            call.rewrote_audit = True
