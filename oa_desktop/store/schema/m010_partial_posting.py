"""Schema 10: an ERA may be posted in parts; parked reversals are applied later.

- ``postings.caused_by_id``: a posting that applied parked reversals of this ERA because
  another ERA's posting (the one named) posted the payment they take back. Undoing that
  posting undoes this one too, and the reversals are parked again.
- ``remittances.status`` keeps its values; ``partly_posted`` now means some claims of the
  ERA are not posted yet (not matched, or a reversal parked), whatever the reason.
- Indexes for the questions posting and undo ask: which posting undid or followed
  another, which postings touched a claim, which posting posted an ERA claim.
- ``ledger``: ``ledger_remittance_claim`` answered no query (the lookups go by claim, by
  posting and by the row reversed), yet every ERA row paid for it; ``ledger_reverses``
  keeps only the rows that reverse another (the few), which is all the lookups ask for.
"""

from __future__ import annotations

import sqlite_utils

_STATEMENTS = (
    "ALTER TABLE postings ADD COLUMN caused_by_id INTEGER REFERENCES postings(id)",
    "CREATE INDEX postings_undoes ON postings(undoes_id)",
    "CREATE INDEX postings_caused_by ON postings(caused_by_id)",
    "CREATE INDEX posting_claims_claim ON posting_claims(claim_id)",
    "CREATE INDEX posting_claims_remittance_claim ON posting_claims(remittance_claim_id)",
    "DROP INDEX ledger_remittance_claim",
    "DROP INDEX ledger_reverses",
    "CREATE INDEX ledger_reverses ON ledger(reverses_id) WHERE reverses_id IS NOT NULL",
)


def migrate(db: sqlite_utils.Database) -> None:
    """Add ``postings.caused_by_id`` and the posting indexes; slim the ledger's."""
    for statement in _STATEMENTS:
        db.execute(statement)
