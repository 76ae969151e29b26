"""The baseline for the Candidates table: Textual's stock DataTable over the same rows, read
with plain sqlite3 (no SQLAlchemy, no workers, no paging widget of ours).

    python bench/plain_table.py DB [--mode all|filter]

  --mode all     every ranked employee loaded into the DataTable when the app starts (the
                 stock way to show a table; loading is not timed), for End and PageDown.
  --mode filter  an Input above the table; each change runs the same filter as ours (every
                 word in the name, department or title, case-insensitive, in rank order)
                 as a count and the first page of 200 rows, and refills the table with
                 that page, on the event loop: the plainest code that does the same job.

Nothing of advocacy is imported: the SQL is written out here.
"""

from __future__ import annotations

import sqlite3
import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input, Static

PAGE = 200
LABELS = ("#", "★", "Name", "Department", "Title", "Seniority", "Network", "Plat", "LkIn", "Int", "Engage", "Qual %")
SELECT = (
    "SELECT r.rank, r.candidate, e.name, e.department, e.title, e.seniority, e.network_size, "
    "r.platform_signals, r.linkedin_signals, r.internal_signals, r.engagement, r.quality "
    "FROM audit_rank r JOIN employee e ON e.id = r.employee_id"
)
MATCH = "(lower(e.name) LIKE lower(?) OR lower(e.department) LIKE lower(?) OR lower(e.title) LIKE lower(?))"


def cells(row: tuple) -> tuple:
    rank, candidate, name, department, title, seniority, network, platform, linkedin, internal, engagement, quality = row
    return (
        str(rank), "★" if candidate else "", name, department, title, seniority, f"{network:,}", str(platform),
        str(linkedin), str(internal), f"{engagement:,}", "—" if quality is None else f"{quality * 100:.2f}",
    )


def filtered(connection: sqlite3.Connection, text: str) -> tuple[int, list[tuple]]:
    """(matching rows, the first page of them in rank order)."""
    words = text.split()
    where = " AND ".join(MATCH for _ in words)
    parameters = [f"%{word}%" for word in words for _ in range(3)]
    if where:
        count = connection.execute(
            f"SELECT count(*) FROM audit_rank r JOIN employee e ON e.id = r.employee_id WHERE {where}", parameters
        ).fetchone()[0]
        page = connection.execute(f"{SELECT} WHERE {where} ORDER BY r.rank LIMIT {PAGE}", parameters).fetchall()
    else:
        count = connection.execute("SELECT count(*) FROM audit_rank").fetchone()[0]
        page = connection.execute(f"{SELECT} WHERE r.rank <= {PAGE} ORDER BY r.rank").fetchall()
    return count, page


class PlainTable(App[None]):
    CSS = "DataTable { height: 1fr; }"

    def __init__(self, db: str, mode: str = "all") -> None:
        super().__init__()
        self.connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
        self.mode = mode
        self.shown_text: str | None = None  # the filter the table shows
        self.matches = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="summary")
        if self.mode == "filter":
            yield Input(placeholder="Filter", id="filter")
        yield DataTable(cursor_type="row", id="table")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*LABELS)
        if self.mode == "all":
            table.add_rows(cells(row) for row in self.connection.execute(f"{SELECT} ORDER BY r.rank"))
            self.query_one("#summary", Static).update(f"{table.row_count:,} employees")
            table.focus()
        else:
            self.show("")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show(event.value)

    def show(self, text: str) -> None:
        self.matches, page = filtered(self.connection, text)
        table = self.query_one(DataTable)
        table.clear()
        table.add_rows(cells(row) for row in page)
        self.query_one("#summary", Static).update(f"{self.matches:,} employees match")
        self.shown_text = text


if __name__ == "__main__":
    mode = sys.argv[sys.argv.index("--mode") + 1] if "--mode" in sys.argv else "all"
    PlainTable(sys.argv[1], mode).run()
