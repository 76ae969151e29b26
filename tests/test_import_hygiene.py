"""Start-up stays fast: the first frame needs Textual and our UI modules, not SQLAlchemy.

In the style of harlequin's import-hygiene test: a fresh interpreter imports what the
command line imports to draw the first frame, and we look at what came along.
"""

import json
import subprocess
import sys

# What the first frame needs. Adding to this list is a decision about start-up time:
# anything that touches the database belongs in a worker, imported there.
FIRST_FRAME_MODULES = {
    "advocacy_tui",
    "advocacy_tui.app",
    "advocacy_tui.cli",
    "advocacy_tui.errors",
    "advocacy_tui.locations",
    "advocacy_tui.program",
    "advocacy_tui.program.audit",
    "advocacy_tui.program.scoring",
    "advocacy_tui.program.vocabulary",
    "advocacy_tui.screens",
    "advocacy_tui.screens.candidates",
    "advocacy_tui.screens.tab",
    "advocacy_tui.screens.tabs",
    "advocacy_tui.store",
    "advocacy_tui.store.errors",
    "advocacy_tui.store.files",
    "advocacy_tui.widgets",
    "advocacy_tui.widgets.keys_footer",
    "advocacy_tui.widgets.paged_table",
    "advocacy_tui.widgets.table_rows",
    "advocacy_tui.workspace",
}

PROBE = """
import json, sys
import advocacy_tui.cli
import advocacy_tui.store.files
import advocacy_tui.app
# The app's compose imports the tab on screen; the other five load after the first frame.
from advocacy_tui.screens.tabs import TABS
TABS[0].load()
print(json.dumps(sorted(sys.modules)))
"""


def imported_for_first_frame() -> set[str]:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    return set(json.loads(result.stdout))


def test_sqlalchemy_and_pydantic_are_not_needed_for_the_first_frame():
    modules = imported_for_first_frame()
    assert not {name for name in modules if name.split(".")[0] == "sqlalchemy"}
    # Settings are read and validated in the same worker, right after the first frame.
    assert not {name for name in modules if name.split(".")[0] == "pydantic"}
    # The store's database modules are what pull SQLAlchemy in; they load in a worker.
    assert "advocacy_tui.store.database" not in modules


def test_the_first_frame_imports_only_the_listed_modules_of_ours():
    ours = {name for name in imported_for_first_frame() if name.startswith("advocacy_tui")}
    assert ours == FIRST_FRAME_MODULES


async def test_the_database_opens_after_the_first_paint(demo_db, today):
    import sys as running

    from advocacy_tui.app import AdvocacyApp
    from advocacy_tui.config import Settings

    app = AdvocacyApp(db=str(demo_db), settings=Settings(), config_path=demo_db.with_suffix(".toml"), today=today)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.workspace is not None  # opened, after the first frame was drawn
        assert "sqlalchemy" in running.modules
