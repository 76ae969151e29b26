"""The door's keys: its own host key, and whose public key a client offers.

The host key is created once, on first start, and reused after, so advocates' known_hosts
entries stay valid. Client keys are looked up in the store on every connection (not loaded
once at start), so withdrawing an advocate or removing a key takes effect on the next
connection without restarting the door.
"""

from __future__ import annotations

import base64
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import asyncssh
from sqlalchemy import and_, case, select

from advocacy_tui.locations import data_dir
from advocacy_tui.program.cohort import parse_ssh_keys
from advocacy_tui.store.cohort.queries import receives
from advocacy_tui.store.database import Store
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import Employee, Enrollment

HOST_KEY_NAME = "ssh_host_ed25519_key"


def default_host_key_path() -> Path:
    return data_dir() / HOST_KEY_NAME


def load_or_create_host_key(path: Path | None = None) -> asyncssh.SSHKey:
    """The door's private host key at `path` (default: the data folder), created with mode
    0600 if there is none yet; StoreError in one sentence if it cannot be used."""
    path = Path(path).expanduser() if path else default_host_key_path()
    if not path.exists():
        _create_host_key(path)
    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise StoreError(f"Cannot read the SSH host key {path}: {error.strerror}.") from None
    if not stat.S_ISREG(mode):
        raise StoreError(f"The SSH host key {path} is not a file.")
    if mode & 0o077:
        # As sshd: a private key others can read is no longer private.
        raise StoreError(
            f"The SSH host key {path} can be read by other users; run `chmod 600 {path}` and start again."
        )
    try:
        return asyncssh.read_private_key(path)
    except OSError as error:
        raise StoreError(f"Cannot read the SSH host key {path}: {error.strerror}.") from None
    except (asyncssh.KeyImportError, asyncssh.KeyEncryptionError, ValueError):
        raise StoreError(
            f"{path} is not an unencrypted SSH private key; move it away and a new host key is created."
        ) from None


def _create_host_key(path: Path) -> None:
    key = asyncssh.generate_private_key("ssh-ed25519", comment="advocacy SSH door")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Created with its final mode, so the private key is never readable by others,
        # not even for the moment between a write and a chmod.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another door started at the same moment; use its key
    except OSError as error:
        raise StoreError(f"Cannot create the SSH host key {path}: {error.strerror}.") from None
    with os.fdopen(descriptor, "wb") as file:
        file.write(key.export_private_key())
    # The public half, as sshd keeps it, for whoever hands out known_hosts lines.
    try:
        Path(f"{path}.pub").write_bytes(key.export_public_key())
    except OSError:
        pass  # a convenience only; `serve-ssh` prints the fingerprint anyway


def fingerprint(key: asyncssh.SSHKey) -> str:
    """`SHA256:...`, as `ssh-keygen -l` prints it."""
    return key.get_fingerprint("sha256")


# --------------------------------------------------------------------- whose key is it


@dataclass(frozen=True)
class KeyOwner:
    """Who a client key belongs to. `email` is empty for a key nobody has."""

    email: str = ""
    enrolled: bool = False
    status: str = ""  # the enrollment status, or "" for an employee never in the pipeline
    ambiguous: bool = False  # recorded for more than one employee: refused, whoever it is

    @property
    def admitted(self) -> bool:
        return bool(self.email) and self.enrolled and not self.ambiguous

    def refusal(self) -> str:
        """Why the key is refused, for the door's log (never shown to the client)."""
        if not self.email:
            return "no advocate has this key"
        if self.ambiguous:
            return "the key is recorded for more than one employee"
        if not self.status:
            return f"recorded for {self.email}, who is not in the program"
        return f"recorded for {self.email}, whose enrollment is {self.status}"


def key_owner(store: Store, public_blob: bytes) -> KeyOwner:
    """The live employee who recorded this key (the SSH wire blob), and whether they are a
    live, enrolled advocate right now. One small query: rows whose keys text contains the
    key's base64, then an exact comparison of the parsed keys."""
    encoded = base64.b64encode(public_blob).decode("ascii")
    # `receives()` is the one definition of "live, enrolled advocate" that the queue, the
    # drops and the tick use too; the status is fetched only to say why a key is refused.
    admitted = case((receives(), True), else_=False)
    query = (
        select(Employee.email, Employee.ssh_keys, Enrollment.status, admitted)
        .outerjoin(Enrollment, and_(Enrollment.employee_id == Employee.id, Enrollment.deleted_at.is_(None)))
        .where(Employee.deleted_at.is_(None), Employee.ssh_keys.contains(encoded))
    )
    with store.reading() as session:
        rows = session.execute(query).all()
    # LIKE may match more loosely than bytes do (SQLite's is case-insensitive): compare blobs.
    owners = [
        (email, status or "", bool(enrolled))
        for email, keys, status, enrolled in rows
        if any(key.blob == public_blob for key in parse_ssh_keys(keys or ""))
    ]
    if not owners:
        return KeyOwner()
    email, status, enrolled = owners[0]
    return KeyOwner(email=email, enrolled=enrolled, status=status, ambiguous=len(owners) > 1)
