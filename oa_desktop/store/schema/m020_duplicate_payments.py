"""Schema 20: a claim payment the biller marked "It is a duplicate" is set aside.

``remittance_claims.post_state`` gains ``duplicate``: the payment is never posted, its
ERA counts it as handled (``posted`` once the rest is posted, not ``partly_posted``
forever), and undoing the decision makes it ``unposted`` again.

The CHECK constraint is widened in place, as SQLite documents for constraint changes
that leave every stored row valid (lang_altertable.html, "making other kinds of table
schema changes"): the table's CREATE text gets the new value and the schema version is
bumped, all inside the migration's transaction. A rebuild of the table would have to
drop it, which foreign keys from five tables forbid.

Payments already marked a duplicate (schema 17) take the new state, and their ERAs'
status is recomputed.
"""

from __future__ import annotations

import sqlite_utils

_OLD = "'parked')"
_NEW = "'parked', 'duplicate')"


def migrate(db: sqlite_utils.Database) -> None:
    """Allow ``post_state = 'duplicate'``; set it for payments decided duplicates."""
    conn = db.conn
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND "
                          "name = 'remittance_claims'").fetchone()
    if _NEW not in sql:
        if sql.count(_OLD) != 1:
            raise RuntimeError("remittance_claims.post_state is not as schema 7 made it")
        (version,) = conn.execute("PRAGMA schema_version").fetchone()
        conn.execute("PRAGMA writable_schema = ON")
        try:
            conn.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND "
                         "name = 'remittance_claims'", [sql.replace(_OLD, _NEW)])
            conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
        finally:
            conn.execute("PRAGMA writable_schema = OFF")
    conn.execute("UPDATE remittance_claims SET post_state = 'duplicate' WHERE post_state = "
                 "'unposted' AND id IN (SELECT remittance_claim_id FROM "
                 "claim_payment_decisions WHERE decision = 'duplicate')")
    conn.execute("UPDATE remittances SET status = 'posted' WHERE status = 'partly_posted' "
                 "AND NOT EXISTS (SELECT 1 FROM remittance_claims c WHERE c.remittance_id = "
                 "remittances.id AND c.post_state NOT IN ('posted', 'duplicate'))")
