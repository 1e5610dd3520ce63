"""The biller's decisions on claim payments held as suspected duplicates (schema 17)."""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from oa_desktop.store import audit
from oa_desktop.store.db import Store, chunks_of, marks, utc_now

DECIDE = "decide_claim_duplicate"  # the audit action


def decisions(db: sqlite_utils.Database, remittance_claim_ids: Sequence[int]) -> dict[int, str]:
    """``post`` or ``duplicate`` for each ERA claim the biller decided on."""
    found: dict[int, str] = {}
    for chunk in chunks_of(list(remittance_claim_ids)):
        found.update({int(r[0]): str(r[1]) for r in db.execute(
            f"SELECT remittance_claim_id, decision FROM claim_payment_decisions WHERE "
            f"remittance_claim_id IN ({marks(chunk)})", chunk)})
    return found


def remittance_of(store: Store, remittance_claim_id: int) -> int | None:
    """The ERA (remittance id) an ERA claim belongs to."""
    row = store.read.execute("SELECT remittance_id FROM remittance_claims WHERE id = ?",
                             [remittance_claim_id]).fetchone()
    return None if row is None else int(row[0])


def record(store: Store, remittance_claim_id: int, *, is_duplicate: bool,
           duplicate_of: int | None) -> None:
    """Record one decision (the latest counts) with its audit entry."""
    decision = "duplicate" if is_duplicate else "post"
    with store.write() as db:
        db.execute("INSERT OR REPLACE INTO claim_payment_decisions (remittance_claim_id, "
                   "decision, duplicate_of, decided_at, decided_by) VALUES (?, ?, ?, ?, ?)",
                   [remittance_claim_id, decision, duplicate_of, utc_now(), store.actor])
        audit.record_in(db, DECIDE, "remittance_claim", remittance_claim_id,
                        f"claim payment {'is a duplicate' if is_duplicate else 'posted after all'}")
