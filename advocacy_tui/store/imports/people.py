"""Who a row of an export is about: matching its person to an employee, and the aliases
the coordinator confirms.

The order is the issue's: the email, then the sign-in (principal) name compared with
employee emails, then an alias confirmed for that source. A referrer in an applicant
tracking system carries only a name, and the ATS's own rule is to credit the employee of
that name, so a unique exact name matches there (`by_name=True`); everywhere else a same
name is only offered as a suggestion. Concealed Teams users match no one.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advocacy_tui.program.exports.outcome import Suggestion
from advocacy_tui.program.exports.records import PersonRef
from advocacy_tui.store.database import Store
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import Alias, Employee, utcnow


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


class People:
    """Every live employee and confirmed alias, read once per import."""

    def __init__(self, session: Session) -> None:
        self.by_email: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = defaultdict(list)
        self.by_token: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.tokens: dict[str, str] = {}
        query = select(Employee.id, Employee.email, Employee.name, Employee.advocate_token).where(
            Employee.deleted_at.is_(None)
        )
        for ident, email, name, token in session.execute(query):
            self.by_email[email.casefold()] = ident
            self.by_name[_key(name)].append(ident)
            self.by_token[token] = ident
            self.labels[ident] = f"{name} <{email}>"
            self.names[ident] = name
            self.tokens[ident] = token
        self.aliases: dict[tuple[str, str], str] = {}
        aliases = select(Alias.source, Alias.alias, Alias.employee_id).where(Alias.deleted_at.is_(None))
        for source, alias, employee in session.execute(aliases):
            if employee in self.labels:
                self.aliases[(source, _key(alias))] = employee

    def match(self, person: PersonRef, source: str, *, by_name: bool = False) -> str | None:
        """The employee id this person is, or None (never a guess)."""
        if person.concealed:
            return None
        for address in (person.email, person.principal):
            if address and (found := self.by_email.get(address.strip().casefold())):
                return found
        for key in person.alias_keys:
            if found := self.aliases.get((source, _key(key))):
                return found
        if by_name and person.name:
            same = self.by_name.get(_key(person.name), [])
            if len(same) == 1:
                return same[0]
        return None

    def suggestion(self, person: PersonRef) -> Suggestion | None:
        """The one employee whose name is exactly this person's (or handle's), if exactly one."""
        for name in (person.name, person.handle):
            if not name:
                continue
            same = self.by_name.get(_key(name.replace("_", " ").replace(".", " ")), []) or self.by_name.get(
                _key(name), []
            )
            if len(same) == 1:
                return Suggestion(same[0], self.labels[same[0]])
        return None


def remember_alias(store: Store, source: str, person: PersonRef, employee_id: str) -> int:
    """Confirm that `person` (as `source` names them) is this employee, under every key
    the person has, so the next file matches whichever of them it carries. Returns how
    many aliases were added or moved; an alias already pointing elsewhere is moved."""
    keys = person.alias_keys
    if not keys:
        raise StoreError(f"{person.label} has nothing an alias can be remembered by.")
    written = 0
    with store.writing() as session:
        if session.get(Employee, employee_id) is None:
            raise StoreError("That employee does not exist.")
        for key in keys:
            existing = session.execute(
                select(Alias).where(
                    Alias.deleted_at.is_(None),
                    Alias.source == source,
                    func.lower(Alias.alias) == key.lower(),
                )
            ).scalars().all()
            if any(alias.employee_id == employee_id for alias in existing):
                continue
            for alias in existing:
                alias.deleted_at = alias.updated_at = utcnow()
            session.flush()
            session.add(Alias(alias=key, source=source, employee_id=employee_id))
            written += 1
    return written



def search_employees(store: Store, text: str, limit: int = 30) -> list[tuple[str, str]]:
    """(id, "Name <email>") of live employees whose name or email contains `text`,
    by name: the import dialog's picker for matching an unmatched person."""
    pattern = "%" + text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    query = (
        select(Employee.id, Employee.name, Employee.email)
        .where(
            Employee.deleted_at.is_(None),
            func.lower(Employee.name).like(pattern, escape="\\") | func.lower(Employee.email).like(pattern, escape="\\"),
        )
        .order_by(func.lower(Employee.name), Employee.id)
        .limit(limit)
    )
    with store.reading() as session:
        return [(ident, f"{name} <{email}>") for ident, name, email in session.execute(query)]
