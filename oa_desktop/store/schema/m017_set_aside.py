"""Schema 17: answers set aside as "not for this practice" (DESIGN §3).

A received file (or one transaction set of it) that does not prove it answers this
practice changes nothing; it is listed here with what it claims to be for and why it
was set aside, until the biller dismisses it (audited).
"""

from __future__ import annotations

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    """Add ``set_aside_files``."""
    db.execute(
        """CREATE TABLE set_aside_files (
            id INTEGER PRIMARY KEY,
            file_id INTEGER REFERENCES received_files(id),
            file_name TEXT NOT NULL,
            local_path TEXT NOT NULL DEFAULT '',   -- relative to the data folder
            kind TEXT NOT NULL,                    -- 999, ta1, 277, 835
            set_control TEXT NOT NULL DEFAULT '',  -- ST02 (or ISA13) of the part set aside
            claims_for TEXT NOT NULL,              -- what it says it is for, in words
            reason TEXT NOT NULL,                  -- why it was set aside, in words
            set_aside_at TEXT NOT NULL,
            dismissed_at TEXT,
            dismissed_by TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute("CREATE INDEX set_aside_open ON set_aside_files(dismissed_at)")
