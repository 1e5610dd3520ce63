"""Schema 13: a claim belongs to at most one unsent batch at a time.

Two processes that built a batch from the same ready claims at once would otherwise
upload the same claims twice. A trigger refuses a ``batch_claims`` row for a claim that
already sits in a batch waiting to be sent (``built`` or ``failed``) or whose upload is not
yet confirmed (``sending``, ``unconfirmed``); once that batch is sent or cancelled, the
claim may go in a new one (a rejected claim is resent).
Rows already in the database are left as they are.
"""

from __future__ import annotations

import sqlite_utils

UNSENT = ("built", "failed", "sending", "unconfirmed")  # store.batches.WAITING

_TRIGGER = f"""
CREATE TRIGGER batch_claims_one_unsent BEFORE INSERT ON batch_claims
WHEN EXISTS (
    SELECT 1 FROM batch_claims bc JOIN batches b ON b.id = bc.batch_id
    WHERE bc.claim_id = NEW.claim_id AND bc.batch_id != NEW.batch_id
      AND b.status IN {UNSENT}
)
BEGIN SELECT RAISE(ABORT, 'claim is already in a batch waiting to be sent'); END
"""


def migrate(db: sqlite_utils.Database) -> None:
    """Add the trigger that keeps a claim in one unsent batch at most."""
    db.execute(_TRIGGER)
