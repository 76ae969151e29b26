"""Where things live: platformdirs' folders and the overrides of the command line and
environment. Kept apart from `config` (pydantic) so the first frame needs neither."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "advocacy"


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "advocacy.sqlite"


def default_config_path() -> Path:
    return config_dir() / "config.toml"


def resolve_config_path(explicit: str | None = None) -> Path:
    """--config wins, then ADVOCACY_CONFIG, then platformdirs' config folder."""
    chosen = explicit or os.environ.get("ADVOCACY_CONFIG")
    return Path(chosen).expanduser() if chosen else default_config_path()


def resolve_db(explicit: str | None = None) -> str:
    """--db wins, then ADVOCACY_DB, then platformdirs' data folder."""
    chosen = explicit or os.environ.get("ADVOCACY_DB")
    if not chosen:
        return str(default_db_path())
    return chosen if "://" in chosen else str(Path(chosen).expanduser())
