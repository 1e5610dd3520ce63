"""Schema 12: remote names kept byte for byte, and the files that could not be downloaded.

- ``received_files.remote_raw``: the remote name exactly as the server sent it (a server
  may send names that are not UTF-8); ``remote_name`` stays its readable text.
- ``download_problems``: one row per remote file that could not be listed, named,
  fetched, verified or read, with the reason in words and when it was first and last
  seen. A row goes when the file arrives or leaves the server.
"""

from __future__ import annotations

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    """Add ``received_files.remote_raw`` and ``download_problems``."""
    db.execute("ALTER TABLE received_files ADD COLUMN remote_raw BLOB")
    db.execute(
        """CREATE TABLE download_problems (
            id INTEGER PRIMARY KEY,
            remote_raw BLOB NOT NULL UNIQUE,   -- the name's exact bytes
            remote_name TEXT NOT NULL,         -- the name shown (odd bytes escaped)
            size INTEGER NOT NULL,
            reason TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 1
        )"""
    )
