"""The one exception the export readers let out: where the file went wrong, and why.

`str(error)` is the message a coordinator reads, as a spreadsheet would point at the cell:
the file's name, the sheet (workbooks only), the row (1-based, as the spreadsheet numbers
it) and the column (by its header), then the reason. Any of the three places may be absent:
a file that cannot be opened has only the file.

    teams.csv, row 7, column "Last Activity Date": "31/02/2026" is not a date (YYYY-MM-DD)
"""

from __future__ import annotations


class ExportError(Exception):
    """An export that cannot be read as it stands; nothing of it should be stored."""

    def __init__(
        self,
        file: str,
        row: int | None = None,
        column: str | None = None,
        reason: str = "",
        *,
        sheet: str | None = None,
    ) -> None:
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.reason = reason
        super().__init__(self._message())

    def _message(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f'sheet "{self.sheet}"')
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f'column "{self.column}"')
        return f"{', '.join(where)}: {self.reason}"

    def __str__(self) -> str:
        return self._message()
