"""Employees' SSH public keys: add (only a key that parses, and only once), list, remove."""

from __future__ import annotations

from sqlalchemy import func, select

from advocacy_tui.program.cohort import SshKey, SshKeyError, parse_ssh_key, parse_ssh_keys
from advocacy_tui.store.cohort.steps import NOTHING_SAVED
from advocacy_tui.store.database import Store
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import Employee


def _employee_by_email(session, email: str) -> Employee:
    email = (email or "").strip()
    employee = session.scalars(
        select(Employee).where(func.lower(Employee.email) == email.lower(), Employee.deleted_at.is_(None))
    ).first()
    if employee is None:
        raise StoreError(f"There is no employee with the email {email!r}.")
    return employee


def add_ssh_key(store: Store, email: str, key_text: str) -> SshKey:
    """Record one OpenSSH public key for the employee; refused unless it parses, or when
    they already have it."""
    try:
        key = parse_ssh_key(key_text)
    except SshKeyError as error:
        raise StoreError(f"Not a valid SSH public key: {error}; {NOTHING_SAVED}") from None
    with store.writing() as session:
        employee = _employee_by_email(session, email)
        keys = parse_ssh_keys(employee.ssh_keys or "")
        if any(existing.fingerprint == key.fingerprint for existing in keys):
            raise StoreError(f"{employee.name} already has the key {key.fingerprint}; {NOTHING_SAVED}")
        employee.ssh_keys = "\n".join([existing.line for existing in keys] + [key.line])
    return key


def list_ssh_keys(store: Store, email: str) -> list[SshKey]:
    with store.reading() as session:
        return parse_ssh_keys(_employee_by_email(session, email).ssh_keys or "")


def remove_ssh_key(store: Store, email: str, fingerprint: str) -> SshKey:
    """Remove the key with this fingerprint (`SHA256:...`, the prefix optional)."""
    wanted = (fingerprint or "").strip()
    if not wanted.startswith("SHA256:"):
        wanted = "SHA256:" + wanted
    with store.writing() as session:
        employee = _employee_by_email(session, email)
        keys = parse_ssh_keys(employee.ssh_keys or "")
        matching = [key for key in keys if key.fingerprint == wanted]
        if not matching:
            raise StoreError(f"{employee.name} has no key with the fingerprint {wanted}; {NOTHING_SAVED}")
        employee.ssh_keys = "\n".join(key.line for key in keys if key.fingerprint != wanted)
    return matching[0]
