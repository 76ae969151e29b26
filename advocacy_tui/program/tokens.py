"""Tokens that stand for an advocate or an asset inside tracked links (utm_content)."""

from __future__ import annotations

import hashlib
from base64 import b32encode


def asset_token(asset_id: str) -> str:
    """Eight characters of [a-z2-7], derived from the asset's id.

    Derived rather than random so every copy of the program (synced by CSV, which carries
    the id) agrees on it without another column: a link shared from one laptop's queue is
    attributed the same way on another's.
    """
    digest = hashlib.sha256(asset_id.encode("utf-8")).digest()
    return b32encode(digest[:5]).decode("ascii").lower()
