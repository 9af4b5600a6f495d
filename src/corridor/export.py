"""Cells of the CSV exports, the web's and the CLI's alike."""

from __future__ import annotations

from typing import Any

# A spreadsheet reads a cell that begins with one of these as a formula (OWASP, "CSV
# Injection"): a document's title "=HYPERLINK(...)" would run when the export is opened.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """One CSV cell: a list joined by "; ", None empty, and text that a spreadsheet would
    take for a formula prefixed with ' (numbers stay numbers: -5 is written as -5)."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(map(str, value))
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
