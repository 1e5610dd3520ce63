"""ICD-10-CM look-ups for the diagnosis picker: ``services.icd10``, warmed up off the UI thread.

The code table takes a few seconds to load, so :func:`warm_up` loads it on a background
thread when an editor opens (the first search is then instant).
"""

from __future__ import annotations

import threading

from oa_desktop.services.claims.icd10 import describe, is_billable, preload, search

__all__ = ["describe", "is_billable", "search", "warm_up"]


def warm_up() -> None:
    """Load the code table on a background thread."""
    threading.Thread(target=preload, name="icd10-load", daemon=True).start()
