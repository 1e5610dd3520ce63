"""Schema 17: answers set aside as "not for this practice" (DESIGN §3).

A received file (or one transaction set of it) that does not prove it answers this
practice changes nothing; it is listed here with what it claims to be for and why it
was set aside, until the biller dismisses it (audited).

Claim events also keep the date the answer gives for what it reports (a 277's STC02),
so that of two reports the later by its own date wins, whatever order they arrive in.

A claim payment that repeats one already posted is held until the biller decides
(``claim_payment_decisions``: post it after all, or it is a duplicate).
"""

from __future__ import annotations

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    """Add ``set_aside_files``, ``claim_events.reported_on``, ``claim_payment_decisions``."""
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
    db.execute("ALTER TABLE claim_events ADD COLUMN reported_on TEXT")  # ISO date, or NULL
    db.execute(
        """CREATE TABLE claim_payment_decisions (
            remittance_claim_id INTEGER PRIMARY KEY REFERENCES remittance_claims(id),
            decision TEXT NOT NULL CHECK (decision IN ('post', 'duplicate')),
            duplicate_of INTEGER REFERENCES remittance_claims(id),
            decided_at TEXT NOT NULL,
            decided_by TEXT NOT NULL DEFAULT ''
        )"""
    )
