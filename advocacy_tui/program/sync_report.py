"""How an import's counts read, for the command line and the import dialog alike."""

from __future__ import annotations


def counts_table(report) -> str:
    """Per-file counts of an import report (`store.csv_import.ImportReport`), aligned for
    a monospace terminal, warnings under their file."""
    lines = [f"{'file':<18} {'new':>9} {'updated':>9} {'unchanged':>9} {'stale':>9} {'deleted':>9}"]
    for counts in report.files:
        lines.append(
            f"{counts.file:<18} {counts.new:>9,} {counts.updated:>9,} {counts.unchanged:>9,} "
            f"{counts.stale:>9,} {counts.deleted:>9,}"
        )
        lines.extend(f"  warning: {warning}" for warning in counts.warnings)
    return "\n".join(lines)
