"""`auto`: which export a file is, from its sheet names and header rows, with the reason.

Each source has a signature: groups of header names, one of each group on one row within
the first rows of a sheet (past banners, blank and `#` rows). The LinkedIn creator workbook
is known by its TOP POSTS sheet and GA4 also by its dated `#` preamble. The signatures share
no group, so at most one source matches a real export; they are tried from the most
specific (a sheet name) to the least.
"""

from __future__ import annotations

from advocacy_tui.program.exports import ga4, greenhouse, lever, linkedin_creator, linkedin_page, slack, teams
from advocacy_tui.program.exports.cells import cell_text
from advocacy_tui.program.exports.errors import ExportError
from advocacy_tui.program.exports.reading import listed
from advocacy_tui.program.exports.records import SOURCE_LABELS
from advocacy_tui.program.exports.tables import SCAN_ROWS, is_blank_row, is_comment_row, normal
from advocacy_tui.program.exports.workbook import Sheet, Workbook

Signature = tuple[tuple[str, ...], ...]

SIGNATURES: tuple[tuple[str, Signature], ...] = (
    ("linkedin-page", linkedin_page.SIGNATURE),
    ("teams", teams.SIGNATURE),
    ("slack", slack.SIGNATURE),
    ("lever", lever.SIGNATURE),
    ("greenhouse", greenhouse.SIGNATURE),
    ("ga4", ga4.SIGNATURE),
)


def recognise(book: Workbook) -> tuple[str, str]:
    """(source, the sentence saying why), or an ExportError for an unknown shape."""
    if book.sheet(linkedin_creator.SHEET) is not None:
        return "linkedin-creator", _because("linkedin-creator", f'the workbook has a sheet named "{linkedin_creator.SHEET}"')
    for source, signature in SIGNATURES:
        for sheet in book.sheets:
            found = signature_row(sheet, signature)
            if found is not None:
                row, names = found
                where = f'row {row} of sheet "{sheet.name}"' if sheet.name else f"row {row}"
                return source, _because(source, f"the header on {where} has {listed(names)}")
    for sheet in book.sheets:
        if ga4.has_preamble(sheet):
            return "ga4", _because("ga4", "the file starts with the # Start date / # End date lines GA4 writes")
    known = ", ".join(SOURCE_LABELS.values())
    raise ExportError(
        book.file,
        reason=f"the file is of an unknown shape: no sheet or header row of a known export ({known}); "
        "name the source to see which column is missing",
    )


def signature_row(sheet: Sheet, signature: Signature) -> tuple[int, list[str]] | None:
    """(row, the matching headers as written) of the first row bearing the signature."""
    for index, cells in enumerate(sheet.rows[:SCAN_ROWS]):
        if is_blank_row(cells) or is_comment_row(cells):
            continue
        names = {normal(cell): cell_text(cell) for cell in cells}
        matched = []
        for group in signature:
            hit = next((names[normal(name)] for name in group if normal(name) in names), None)
            if hit is None:
                break
            matched.append(hit)
        else:
            return index + 1, matched
    return None


def _because(source: str, reason: str) -> str:
    return f"Recognised as {SOURCE_LABELS[source]}: {reason}."
