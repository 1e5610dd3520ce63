"""ICD-10-CM look-ups for the diagnosis picker, over the ``simple-icd-10-cm`` package.

Kept in this one module so it can be switched to ``oa_desktop.services.icd10`` (same
three functions) without touching the editor. The package takes a few seconds to load
its code table, so :func:`warm_up` loads it on a background thread when an editor opens.
"""

from __future__ import annotations

import threading
import warnings
from functools import cache
from types import ModuleType

from oa_desktop.domain.identifiers import display_icd10, normalize_icd10

_lock = threading.Lock()


@cache
def _table() -> tuple[ModuleType, dict[str, str]]:
    with _lock, warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # it reads with pkg resources
        import simple_icd_10_cm as cm

        codes = {
            code: str(cm.get_description(code))
            for code in cm.get_all_codes(False)
            if code[:1].isalpha() and "-" not in code
        }
    return cm, codes


def warm_up() -> None:
    """Load the code table on a background thread (the first search is then instant)."""
    threading.Thread(target=_table, name="icd10-load", daemon=True).start()


def describe(code: str) -> str:
    """The code's description, or "" when it is not an ICD-10-CM code."""
    return _table()[1].get(normalize_icd10(code), "")


def is_billable(code: str) -> bool | None:
    """True if billable (a leaf), False for a category/header code, None if no such code."""
    cm, codes = _table()
    value = normalize_icd10(code)
    if value not in codes:
        return None
    return bool(cm.is_leaf(value))


def search(text: str, limit: int = 30) -> list[tuple[str, str]]:
    """Codes whose code starts with ``text`` or whose description has all its words.

    Returns ``(display code, description)``, billable codes first.
    """
    query = text.strip()
    if not query:
        return []
    cm, codes = _table()
    code_part = normalize_icd10(query)
    words = query.casefold().split()
    found: list[str] = []
    if code_part[:1].isalpha() and code_part[1:2].isdigit():
        found = [c for c in codes if c.startswith(code_part)][: limit * 4]
    if not found:
        found = [c for c, d in codes.items() if all(w in d.casefold() for w in words)]
    found.sort(key=lambda c: (not cm.is_leaf(c), len(c), c))
    return [(display_icd10(c), codes[c]) for c in found[:limit]]
