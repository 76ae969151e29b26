"""SSH public keys: parsing and validating an OpenSSH public key line, and the `SHA256:`
fingerprint `ssh-keygen -l` shows."""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

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
