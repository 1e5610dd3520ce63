"""Schema 3: Office Ally's payer list, and the link from the practice's payers to it.

``payer_list`` holds one row per payer × transaction as Office Ally publishes it (the
payer id can differ by transaction). A re-import replaces these rows whole.

``payers.list_synced`` remembers the Non-Par and enrollment values last copied from
the list into a practice payer (JSON, NULL before the first link). A practice payer
whose current value still equals that snapshot follows the list on re-import; one
whose value differs was changed by the practice and keeps the practice's value.
"""

from __future__ import annotations

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    """Add ``payer_list``, ``payer_list_imports`` and ``payers.list_synced``."""
    db.execute(
        """CREATE TABLE payer_list (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            payer_id TEXT NOT NULL,
            transaction_type TEXT NOT NULL,      -- 837P, 837I, 835, 276, 270, ... or the label
            transaction_label TEXT NOT NULL DEFAULT '',
            available INTEGER NOT NULL DEFAULT 1,
            non_par INTEGER NOT NULL DEFAULT 0,
            enrollment INTEGER NOT NULL DEFAULT 0,
            secondary INTEGER,                   -- NULL when the file does not say
            attachment INTEGER,
            wc_auto INTEGER,
            notes TEXT NOT NULL DEFAULT '',
            source_row INTEGER NOT NULL          -- row number in the imported file
        )"""
    )
    db.execute("CREATE INDEX payer_list_payer_id ON payer_list(payer_id, transaction_type)")
    db.execute("CREATE INDEX payer_list_name ON payer_list(name COLLATE NOCASE)")
    db.execute(
        """CREATE TABLE payer_list_imports (
            id INTEGER PRIMARY KEY,
            imported_at TEXT NOT NULL,
            file_name TEXT NOT NULL,
            format TEXT NOT NULL,                -- current or older
            rows INTEGER NOT NULL,
            payers INTEGER NOT NULL,
            non_par_payers INTEGER NOT NULL
        )"""
    )
    db.execute("ALTER TABLE payers ADD COLUMN list_synced TEXT")
