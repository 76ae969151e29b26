"""Files the program writes for people (reminders, outcome messages, reports): whole or not
at all, private to the user."""

from __future__ import annotations

import os
from pathlib import Path

from advocacy_tui.store.errors import StoreError


def write_private_file(path: Path, data: bytes) -> None:
    """Write `data` whole or not at all (a temporary file renamed into place), mode 0600:
    reminders and messages carry advocates' emails and tokens."""
    try:
        # A new folder is private too: the file names carry advocates' tokens.
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except OSError as error:
        raise StoreError(f"Cannot write {path}: {error.strerror or error}; nothing was saved.") from None


def write_if_changed(path: Path, text: str) -> bool:
    """Write `text` unless the file already holds exactly it; True when it wrote."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_private_file(path, data)
    return True
