"""Step 3: from scored candidates to a cohort of advocates who explicitly opted in.

Plain rules over plain data, shared by the store (which enforces them in one transaction),
CSV import and the Cohort tab:

- the stages, nominated -> invited -> oriented -> enrolled, with declined and withdrawn
  apart, and which step may be taken from which status (`STEPS`, `check_step`);
- the gate an enrolled advocate must pass (`enrollment_problems`);
- the guards the coordinator always sees (`cohort_warnings`);
- the dates each step happened, replayed from the history (`step_dates`);
- SSH public keys: parsing, validation and the `SHA256:` fingerprint `ssh-keygen -l` shows.

The steps, and what each one does:

| step | allowed from | to | sets |
|---|---|---|---|
| nominate | (none), declined, withdrawn | nominated | channel (manager by default), nominated by; a restart clears the dates |
| sign_up | (none), declined, withdrawn | nominated | channel volunteer, nobody nominated them |
| invite | (none), declined, withdrawn, nominated | invited | from outside the pipeline: channel outreach, nominated by the coordinator |
| orientation | invited | oriented | orientation date |
| policy_ack | nominated, invited, oriented | (unchanged) | policy acknowledgement date |
| opt_in | oriented | enrolled | opt-in date; only with orientation and policy dates, none after it |
| decline | nominated, invited, oriented | declined | |
| withdraw | nominated, invited, oriented, enrolled | withdrawn | the reason (required) |
| move_back | invited, oriented, enrolled, declined, withdrawn | the stage before | clears the date of the stage left |
| category | any | (unchanged) | the advocate category |

A volunteer sign-up lands at *nominated* like a manager's nomination: signing up is the
volunteer nominating themselves, and they are invited to orientation like everyone else.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Sequence

from advocacy_tui.program.scoring import Rubric

# ------------------------------------------------------------------------------ stages

STAGES = ("nominated", "invited", "oriented", "enrolled")
"""The way in, in order."""
CLOSED = ("declined", "withdrawn")
"""Out of the pipeline: such a person receives nothing."""
STATUSES = STAGES + CLOSED
IN_PIPELINE = STAGES
CHANNEL_LABELS = {
    "manager": "manager nomination",
    "volunteer": "voluntary sign-up",
    "outreach": "direct outreach",
}
STAGE_DATE = {"oriented": "orientation_on", "enrolled": "opted_in_on"}
"""The date column a stage owns: moving back out of the stage clears it."""

# ------------------------------------------------------------------------------- steps


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    allowed_from: tuple[str | None, ...]  # None: the employee has no live enrollment
    to_status: str | None  # None: unchanged (or, for move_back, computed)
    sets: str | None = None  # the date column the step's date goes into


_OUTSIDE: tuple[str | None, ...] = (None, "declined", "withdrawn")

STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step("nominate", "nominate", _OUTSIDE, "nominated"),
        Step("sign_up", "record a volunteer sign-up", _OUTSIDE, "nominated"),
        Step("invite", "invite", (*_OUTSIDE, "nominated"), "invited"),
        Step("orientation", "record orientation attended", ("invited",), "oriented", "orientation_on"),
        Step("policy_ack", "record the policy acknowledgement", ("nominated", "invited", "oriented"), None, "policy_ack_on"),
        Step("opt_in", "record the opt-in", ("oriented",), "enrolled", "opted_in_on"),
        Step("decline", "record a decline", ("nominated", "invited", "oriented"), "declined"),
        Step("withdraw", "withdraw", STAGES, "withdrawn"),
        Step("move_back", "move back", ("invited", "oriented", "enrolled", *CLOSED), None),
        Step("category", "set the category", STATUSES, None),
    )
}
STEP_NAMES = tuple(STEPS)

_HINTS = {
    ("opt_in", "nominated"): "invite them and record orientation first",
    ("opt_in", "invited"): "record orientation first",
    ("orientation", "nominated"): "invite them first",
    ("decline", "enrolled"): "withdraw an enrolled advocate instead",
    ("move_back", "nominated"): "nominated is the first stage; decline or withdraw instead",
    ("policy_ack", "enrolled"): "they acknowledged it before opting in",
}


def restarts(step: str, status: str | None) -> bool:
    """True when the step (re)starts the pipeline: a fresh row, or a declined or withdrawn
    one reused, with its dates cleared (the history keeps the earlier ones)."""
    return step in ("nominate", "sign_up", "invite") and status in _OUTSIDE


def check_step(step: str, status: str | None) -> str | None:
    """Why `step` cannot be taken from `status` (None when it can), as a clause."""
    rule = STEPS.get(step)
    if rule is None:
        return f"{step!r} is not a cohort step"
    if status in rule.allowed_from:
        return None
    if status is None:
        return "they are not in the cohort pipeline yet; nominate or invite them first"
    if status in IN_PIPELINE and step in ("nominate", "sign_up", "invite"):
        return f"they are already in the cohort pipeline ({status})"
    hint = _HINTS.get((step, status))
    return f"not possible while {status}" + (f"; {hint}" if hint else "")


def move_back_target(
    status: str,
    previous: str | None,
    orientation_on: date | None,
    policy_ack_on: date | None,
    opted_in_on: date | None,
) -> tuple[str, str | None]:
    """(the status `move_back` returns to, the date column it clears or None).

    Along the stages it is the stage before. Out of declined or withdrawn it is the status
    they were in before (`previous`, from the history), or, for a file without history,
    the furthest stage the dates still support.
    """
    if status in STAGES:
        index = STAGES.index(status)
        if index == 0:
            raise ValueError("nominated is the first stage")
        return STAGES[index - 1], STAGE_DATE.get(status)
    if status not in CLOSED:
        raise ValueError(f"unknown status {status!r}")
    if previous in STAGES and not enrollment_problems(previous, orientation_on, policy_ack_on, opted_in_on):
        return previous, None
    for candidate in ("enrolled", "oriented"):
        if not enrollment_problems(candidate, orientation_on, policy_ack_on, opted_in_on):
            return candidate, None
    return "nominated", None


# ------------------------------------------------------------------------------- gates


def enrollment_gate(
    status: str | None,
    orientation_on: date | None,
    policy_ack_on: date | None,
    opted_in_on: date | None,
) -> list[tuple[str, str]]:
    """(column, reason) for each rule an enrollment breaks; empty when it is acceptable.

    Enrolled needs orientation, a policy acknowledgement and an explicit opt-in, none of
    them after the opt-in; oriented needs its orientation date.
    """
    problems: list[tuple[str, str]] = []
    if status == "enrolled":
        for column, what in (
            ("orientation_on", "an orientation date"),
            ("policy_ack_on", "a policy acknowledgement date"),
            ("opted_in_on", "an explicit opt-in date"),
        ):
            if {"orientation_on": orientation_on, "policy_ack_on": policy_ack_on, "opted_in_on": opted_in_on}[column] is None:
                problems.append((column, f"an enrolled advocate needs {what}"))
        if opted_in_on is not None:
            for column, earlier, what in (
                ("orientation_on", orientation_on, "orientation"),
                ("policy_ack_on", policy_ack_on, "the policy acknowledgement"),
            ):
                if isinstance(earlier, date) and isinstance(opted_in_on, date) and earlier > opted_in_on:
                    problems.append(
                        ("opted_in_on", f"the opt-in ({opted_in_on.isoformat()}) comes before {what} ({earlier.isoformat()})")
                    )
    elif status == "oriented" and orientation_on is None:
        problems.append(("orientation_on", "an oriented advocate needs an orientation date"))
    return problems


def enrollment_problems(
    status: str | None,
    orientation_on: date | None,
    policy_ack_on: date | None,
    opted_in_on: date | None,
) -> list[str]:
    """The reasons an enrollment is refused, as phrases; empty when it is acceptable."""
    return [reason for _column, reason in enrollment_gate(status, orientation_on, policy_ack_on, opted_in_on)]


def receives_content(status: str | None) -> bool:
    """Only an enrolled advocate receives anything; a declined or withdrawn person nothing."""
    return status == "enrolled"


# ------------------------------------------------------------------------------ guards


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


def _names(people: Sequence[EnrolledMark]) -> str:
    return ", ".join(person.name for person in people)


def cohort_warnings(
    enrolled: int,
    executives: int,
    max_size: int,
    executive_share: float,
    marks: Iterable[EnrolledMark] = (),
) -> list[CohortWarning]:
    """The guide's guards on the enrolled cohort, from plain counts.

    Being exactly at the maximum size or exactly at the executive share is fine; one over
    is not.
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
                f"on the rubric: {_names(unscored)}.",
                tuple(person.email for person in unscored),
            )
        )
    if inconsistent:
        details = ", ".join(f"{person.name} ({person.mark})" for person in inconsistent)
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


# ------------------------------------------------------------------------ history dates


@dataclass(frozen=True)
class StepEvent:
    """One recorded step, as the history holds it (in the order it was recorded)."""

    step: str
    from_status: str | None
    to_status: str
    occurred_on: date
    recorded_by: str = ""
    note: str = ""


@dataclass(frozen=True)
class StepDates:
    """The dates the history gives for the steps the enrollment row has no column for."""

    nominated_on: date | None = None
    invited_on: date | None = None
    closed_on: date | None = None  # declined or withdrawn on
    reason: str = ""  # why they withdrew
    previous: str | None = None  # the status before the current one, for move_back


def step_dates(events: Iterable[StepEvent]) -> StepDates:
    """Replay the history: the current nomination, invitation and closing dates."""
    nominated = invited = closed = None
    reason = ""
    previous = None
    for event in events:
        if event.step in ("nominate", "sign_up", "invite") and event.from_status in _OUTSIDE:
            nominated = invited = closed = None
            reason = ""
        if event.step in ("nominate", "sign_up"):
            nominated = event.occurred_on
        elif event.step == "invite":
            invited = event.occurred_on
        elif event.step in ("decline", "withdraw"):
            closed = event.occurred_on
            reason = event.note
        elif event.step == "move_back":
            if event.from_status == "invited":
                invited = None
            elif event.from_status in CLOSED:
                closed = None
                reason = ""
        if event.from_status != event.to_status:
            previous = event.from_status
    return StepDates(nominated, invited, closed, reason, previous)


# ---------------------------------------------------------------------------- the tab


@dataclass(frozen=True)
class CohortRow:
    """One line of the Cohort tab: a person's enrollment, its dates and their scoring mark."""

    enrollment_id: str
    employee_id: str
    name: str
    email: str
    department: str
    title: str
    seniority: str
    channel: str
    nominated_by: str | None
    status: str
    category: str
    nominated_on: date | None
    invited_on: date | None
    orientation_on: date | None
    policy_ack_on: date | None
    opted_in_on: date | None
    closed_on: date | None
    reason: str
    rubric: Rubric
    mark: str
    ssh_keys: int = 0

    @property
    def channel_label(self) -> str:
        return CHANNEL_LABELS.get(self.channel, self.channel)


@dataclass(frozen=True)
class CohortCounts:
    """Live enrollments per stage, per channel, and per (stage, channel)."""

    stages: dict[str, int] = field(default_factory=dict)
    channels: dict[str, int] = field(default_factory=dict)
    by_stage_channel: dict[tuple[str, str], int] = field(default_factory=dict)


def stage_order(status: str) -> int:
    return STATUSES.index(status) if status in STATUSES else len(STATUSES)


# ---------------------------------------------------------------------- SSH public keys

SSH_KEY_TYPES = (
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
)
_ECDSA_BITS = {"nistp256": 256, "nistp384": 384, "nistp521": 521}
_ECDSA_POINT = {"nistp256": 65, "nistp384": 97, "nistp521": 133}
MIN_RSA_BITS = 2048


class SshKeyError(ValueError):
    """Not a usable OpenSSH public key; str() says why, in words."""


@dataclass(frozen=True)
class SshKey:
    key_type: str
    blob: bytes
    comment: str
    bits: int

    @property
    def fingerprint(self) -> str:
        return ssh_fingerprint(self.blob)

    @property
    def line(self) -> str:
        """The key as one authorized_keys line: type, base64, comment."""
        encoded = base64.b64encode(self.blob).decode("ascii")
        return " ".join(part for part in (self.key_type, encoded, self.comment) if part)

    @property
    def label(self) -> str:
        """What `ssh-keygen -l` prints: bits, fingerprint, comment and (TYPE)."""
        kind = {
            "ssh-ed25519": "ED25519",
            "ssh-rsa": "RSA",
            "sk-ssh-ed25519@openssh.com": "ED25519-SK",
            "sk-ecdsa-sha2-nistp256@openssh.com": "ECDSA-SK",
        }.get(self.key_type, "ECDSA")
        return f"{self.bits} {self.fingerprint} {self.comment or 'no comment'} ({kind})"


def ssh_fingerprint(blob: bytes) -> str:
    """`SHA256:` and the unpadded base64 of the key blob's SHA-256, as ssh-keygen -l."""
    digest = hashlib.sha256(blob).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


class _Reader:
    def __init__(self, blob: bytes):
        self.blob = blob
        self.at = 0

    def string(self) -> bytes:
        if self.at + 4 > len(self.blob):
            raise SshKeyError("the key data is cut short")
        length = int.from_bytes(self.blob[self.at : self.at + 4], "big")
        self.at += 4
        if self.at + length > len(self.blob):
            raise SshKeyError("the key data is cut short")
        value = self.blob[self.at : self.at + length]
        self.at += length
        return value

    def done(self) -> None:
        if self.at != len(self.blob):
            raise SshKeyError("the key data has extra bytes after the key")


def parse_ssh_key(text: str) -> SshKey:
    """One OpenSSH public key (`type base64 [comment]`, as in a .pub file), checked.

    The base64 must decode, the blob's own type must equal the type written before it, and
    the key material must have the shape of that type.
    """
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line and not line.startswith("#")]
    if not lines:
        raise SshKeyError("there is no key in it")
    if len(lines) > 1:
        raise SshKeyError("it holds more than one line; give one public key at a time")
    parts = lines[0].split(None, 2)
    if parts[0] not in SSH_KEY_TYPES:
        if parts[0].startswith("-----BEGIN") or "PRIVATE" in lines[0]:
            raise SshKeyError("that is a private key; give the public key (the .pub file)")
        raise SshKeyError(
            f"{parts[0][:40]!r} is not a supported key type (use one of: {', '.join(SSH_KEY_TYPES)})"
        )
    key_type = parts[0]
    if len(parts) < 2:
        raise SshKeyError("the key data after the type is missing")
    try:
        blob = base64.b64decode(parts[1].encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise SshKeyError("the key data is not valid base64") from None
    comment = parts[2].strip() if len(parts) > 2 else ""
    reader = _Reader(blob)
    try:
        inner = reader.string().decode("ascii")
    except UnicodeDecodeError:
        raise SshKeyError("the key data does not start with its type") from None
    if inner != key_type:
        raise SshKeyError(f"the key data says {inner[:40]!r} but the line says {key_type!r}")
    bits = _check_material(key_type, reader)
    reader.done()
    return SshKey(key_type, blob, comment, bits)


def _check_material(key_type: str, reader: _Reader) -> int:
    if key_type in ("ssh-ed25519", "sk-ssh-ed25519@openssh.com"):
        if len(reader.string()) != 32:
            raise SshKeyError("an Ed25519 key is 32 bytes")
        if key_type.startswith("sk-"):
            reader.string()  # the FIDO application, usually "ssh:"
        return 256
    if key_type == "ssh-rsa":
        exponent, modulus = reader.string(), reader.string()
        if not exponent or not modulus:
            raise SshKeyError("the RSA key has no exponent or modulus")
        bits = int.from_bytes(modulus, "big").bit_length()
        if bits < MIN_RSA_BITS:
            raise SshKeyError(f"the RSA key has {bits} bits; at least {MIN_RSA_BITS} are required")
        return bits
    # ECDSA, plain or security-key
    curve = reader.string().decode("ascii", "replace")
    if not key_type.replace("@openssh.com", "").endswith(curve) or curve not in _ECDSA_BITS:
        raise SshKeyError(f"the key's curve {curve[:20]!r} does not match its type {key_type!r}")
    point = reader.string()
    if len(point) != _ECDSA_POINT[curve] or point[:1] != b"\x04":
        raise SshKeyError("the ECDSA point has the wrong size")
    if key_type.startswith("sk-"):
        reader.string()
    return _ECDSA_BITS[curve]


def parse_ssh_keys(stored: str) -> list[SshKey]:
    """The keys kept in an employee's `ssh_keys` column (one per line), skipping any line
    that no longer parses rather than failing the whole list."""
    keys = []
    for line in stored.splitlines():
        try:
            keys.append(parse_ssh_key(line))
        except SshKeyError:
            continue
    return keys
