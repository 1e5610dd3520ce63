"""Schema 19 (line authorization): a service line's own prior authorization (REF*G1 in loop
2400), for a line covered by another authorization than the claim's box 23 (2300)."""

from __future__ import annotations

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    """Add ``service_lines.prior_authorization`` ('' when the line goes by box 23)."""
    db.execute("ALTER TABLE service_lines ADD COLUMN prior_authorization TEXT NOT NULL "
               "DEFAULT ''")
