"""Spreadsheet cells that cannot run: OWASP's rule against CSV (formula) injection.

Excel, LibreOffice and Google Sheets treat a cell that begins with ``=``, ``+``, ``-`` or
``@`` (and, in some, a tab or carriage return) as a formula, so a patient named
``=HYPERLINK(...)`` would run when a biller opens an export. Every CSV the app writes
prefixes such a cell with an apostrophe, which spreadsheets show as text. A plain
number (``-12.50``, an adjustment) is a number, not a formula, and is kept as it is so
the spreadsheet can still add it up.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula (not a plain number)."""
    return text.startswith(FORMULA_STARTS) and _PLAIN_NUMBER.fullmatch(text) is None


def safe_cell(text: str) -> str:
    """``text`` as a cell that shows as typed and never runs: ``'=cmd`` for ``=cmd``."""
    return "'" + text if looks_like_formula(text) else text
