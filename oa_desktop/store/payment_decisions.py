"""The biller's decisions on claim payments held as suspected duplicates (schema 17).

A payment decided a duplicate is set aside (``post_state = 'duplicate'``, schema 20): never
posted, and its ERA counts it as handled. Undoing the decision makes it wait again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from oa_desktop.store import audit, postings
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
        _set_state(db, remittance_claim_id, "duplicate" if is_duplicate else "unposted")
        audit.record_in(db, DECIDE, "remittance_claim", remittance_claim_id,
                        f"claim payment {'is a duplicate' if is_duplicate else 'posted after all'}")


def undo(store: Store, remittance_claim_id: int) -> bool:
    """Forget the decision on one claim payment (audited): a payment set aside as a
    duplicate is held again. False if there was no decision to undo."""
    with store.write() as db:
        gone = db.execute("DELETE FROM claim_payment_decisions WHERE remittance_claim_id = ?",
                          [remittance_claim_id]).rowcount
        if not gone:
            return False
        _set_state(db, remittance_claim_id, "unposted")
        audit.record_in(db, DECIDE, "remittance_claim", remittance_claim_id,
                        "decision on a suspected duplicate undone: held again")
    return True


def _set_state(db: sqlite_utils.Database, remittance_claim_id: int, state: str) -> None:
    """Move an unposted payment to ``duplicate`` or back, and refresh its ERA's status."""
    other = "unposted" if state == "duplicate" else "duplicate"
    changed = db.execute("UPDATE remittance_claims SET post_state = ? WHERE id = ? AND "
                         "post_state = ?", [state, remittance_claim_id, other]).rowcount
    row = db.execute("SELECT r.id, r.status FROM remittance_claims c JOIN remittances r ON "
                     "r.id = c.remittance_id WHERE c.id = ?", [remittance_claim_id]).fetchone()
    if changed and row is not None and row[1] in ("ready", "posted", "partly_posted"):
        postings.refresh_remittance_status(db, int(row[0]))
