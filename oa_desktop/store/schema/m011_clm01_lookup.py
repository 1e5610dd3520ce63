"""Schema 11: "which claim did we send as CLM01 X?" is answered from indexes.

The answer (``store.responses.sent_claims``) compares CLM01s exactly but for case and
the spaces around them, on every batch's CLM01 and on the claims' current ones; these
indexes hold that same expression, so a 50,000-claim ERA is matched without a scan.
"""

from __future__ import annotations

import sqlite_utils

_STATEMENTS = (
    "CREATE INDEX batch_claims_pcn_key ON batch_claims(upper(trim(pcn)))",
    "CREATE INDEX claims_pcn_key ON claims(upper(trim(pcn)))",
)


def migrate(db: sqlite_utils.Database) -> None:
    """Index the CLM01s of batches and claims as they are compared."""
    for statement in _STATEMENTS:
        db.execute(statement)
