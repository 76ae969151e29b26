"""How the advocate's view is started for a session: its command line and environment.

The view runs as `advocacy queue --advocate EMAIL`, a process of its own, exactly as an
advocate would run it on their own machine: one crash or hang touches one session, and
the door never imports Textual.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import date
from pathlib import Path

DEFAULT_TERM = "xterm-256color"
# A client names its terminal type; anything outside this shape is replaced rather than
# handed to terminfo lookups.
_TERM_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")
# The door's own environment is not the advocate's: only these names reach the view (no
# SSH_AUTH_SOCK, no secrets the operator's shell happened to hold).
_KEPT = {"PATH", "HOME", "USER", "LOGNAME", "TZ", "TMPDIR", "LANG", "LANGUAGE", "VIRTUAL_ENV", "PYTHONPATH"}
_KEPT_PREFIXES = ("LC_", "XDG_", "ADVOCACY_")


def absolute_db(db: str) -> str:
    """A database path that still means the same file from any working directory."""
    return db if "://" in db else str(Path(db).expanduser().absolute())


def view_command(db: str, config_path: Path, email: str, fixed_today: date | None = None) -> list[str]:
    command = [sys.executable, "-m", "advocacy_tui", "--db", absolute_db(db), "--config", str(Path(config_path).absolute())]
    if fixed_today is not None:
        command += ["--today", fixed_today.isoformat()]
    return command + ["queue", "--advocate", email]


def terminal_type(requested: str | None) -> str:
    requested = (requested or "").strip()
    return requested if _TERM_SHAPE.fullmatch(requested) else DEFAULT_TERM


def view_env(term: str | None, base: dict[str, str] | None = None) -> dict[str, str]:
    """The view's environment: the door's kept names, the client's terminal type, true
    colour (every terminal an advocate is likely to use has it), and a UTF-8 locale when
    the door has none. ADVOCACY_TODAY passes through, so a door run for a fixed date
    shows every view that date."""
    base = os.environ if base is None else base
    env = {name: value for name, value in base.items() if name in _KEPT or name.startswith(_KEPT_PREFIXES)}
    env["TERM"] = terminal_type(term)
    env["COLORTERM"] = "truecolor"
    env.setdefault("LANG", "C.UTF-8")
    return env
