"""Schema 3: the ledger of files downloaded from Office Ally (name, size, mtime, SHA-256)."""

from __future__ import annotations

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    """Add ``received_files``: one row per remote file fetched into the archive."""
    db.execute(
        """CREATE TABLE received_files (
            id INTEGER PRIMARY KEY,
            remote_name TEXT NOT NULL,
            size INTEGER NOT NULL,
            mtime INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            local_path TEXT NOT NULL,          -- relative to the data folder
            kind TEXT NOT NULL,                -- gateway.classify.FileKind value
            downloaded_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'new', -- new, ingested, failed, duplicate
            problem TEXT NOT NULL DEFAULT '',
            UNIQUE (remote_name, size, mtime)
        )"""
    )
    db.execute("CREATE INDEX received_files_sha256 ON received_files(sha256)")
    db.execute("CREATE INDEX received_files_status ON received_files(status)")
