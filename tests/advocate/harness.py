"""Driving the advocate's app in tests: one factory over the demo database as of TODAY,
and a way to wait until the desk has been read and every worker has finished."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from advocacy_tui.advocate.app import AdvocateApp
from advocacy_tui.config import Settings
from advocacy_tui.store.database import open_store
from advocacy_tui.store.desk import AdvocateDesk
from tests.conftest import TODAY
from tests.tui import settle as settle_app

# In the demo as of TODAY: two posts still to share this week, one shared, older ones open,
# three attributed applications, an award and two feedback items (one answered).
EMAIL = "alejandro.wright@northwind.example"
OTHER_EMAIL = "kai.lopez@northwind.example"


@contextmanager
def advocate_app(db: Path, email: str = EMAIL, settings: Settings | None = None):
    store = open_store(str(db))
    try:
        yield AdvocateApp(AdvocateDesk.open(store, email), today=TODAY, settings=settings or Settings())
    finally:
        store.close()


async def settle(pilot, rounds: int = 400) -> None:
    """Wait until the desk is read, no worker runs and no table is fetching."""
    await settle_app(pilot, rounds, ready=lambda app: app.snapshot is not None)


def notices(app) -> str:
    return " ".join(str(notice.message) for notice in app._notifications)
