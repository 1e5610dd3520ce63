"""Schema 9: a secondary claim remembers the primary claim whose payment it reports (COB)."""

from __future__ import annotations

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    """Add ``claims.primary_claim_id``."""
    db.execute("ALTER TABLE claims ADD COLUMN primary_claim_id INTEGER REFERENCES claims(id)")
    db.execute("CREATE INDEX claims_primary ON claims(primary_claim_id)")
