"""Deterministic ids and tokens: UUIDs and advocate tokens drawn from one Random stream."""

from __future__ import annotations

import random
from base64 import b32encode

_UUID_CLEAR = ~(0xF000 << 64) & ~(0xC000 << 48)  # version and variant bits
_UUID_V4 = (0x4000 << 64) | (0x8000 << 48)  # version 4, RFC 4122 variant


class Ids:
    """Deterministic UUIDs and short tokens from one Random stream."""

    def __init__(self, rng: random.Random):
        self._bits = rng.getrandbits
        self._tokens: set[str] = set()

    def uuid(self) -> str:
        """str(uuid.UUID(int=random 128 bits, version=4)), spelled out: 5x faster."""
        bits = (self._bits(128) & _UUID_CLEAR) | _UUID_V4
        text = "%032x" % bits
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"

    def token(self) -> str:
        while True:
            token = b32encode(self._bits(40).to_bytes(5, "big")).decode("ascii").lower()
            if token not in self._tokens:
                self._tokens.add(token)
                return token
