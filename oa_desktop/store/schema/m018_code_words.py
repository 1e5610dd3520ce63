"""Schema 18: code lists a practice loads itself (NUCC taxonomy, CMS HCPCS Level II).

The app ships a short list of each; a practice may load the whole published file
(``oa-desktop codes import taxonomy|hcpcs FILE``). A later import of the same kind
replaces the earlier one in one transaction. CPT descriptions (AMA-licensed) are never
stored here; they come only from the practice's fee schedule.
"""

from __future__ import annotations

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    """Add ``code_words`` and ``code_word_imports``."""
    db.execute(
        """CREATE TABLE code_words (
            kind TEXT NOT NULL CHECK (kind IN ('taxonomy', 'hcpcs')),
            code TEXT NOT NULL,
            words TEXT NOT NULL,                  -- the name a biller reads
            long_words TEXT NOT NULL DEFAULT '',  -- the full description, for the tooltip
            PRIMARY KEY (kind, code)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE code_word_imports (
            kind TEXT PRIMARY KEY CHECK (kind IN ('taxonomy', 'hcpcs')),
            file_name TEXT NOT NULL,
            codes INTEGER NOT NULL,
            imported_at TEXT NOT NULL,
            imported_by TEXT NOT NULL DEFAULT ''
        )"""
    )
