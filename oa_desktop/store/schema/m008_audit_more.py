"""Schema 8: audit the tables that came before the audit trail, and audit ERA postings once.

- Batches, received files, providers, facilities, the practice and the fee schedule get
  the same create/update/delete audit rows as claims and patients.
- A ledger row written by an ERA posting (``posting_id`` set) is no longer audited one by
  one: the posting itself is audited (``postings`` table, schema 7) with who and when, and
  its ledger rows point at it and are append-only. A 5,000-claim ERA writes ~40,000
  ledger rows; one audit row each cost seconds. Hand-made ledger rows are audited as before.
  The same holds for the claim timeline events an ERA posting writes (source ``835``):
  the posting (or its undo) is the audited action.
"""

from __future__ import annotations

import sqlite_utils

from oa_desktop.store.schema.m004_audit import audit_insert, audit_table


def migrate(db: sqlite_utils.Database) -> None:
    """Add the missing audit triggers; audit ERA ledger rows through their posting."""
    for table, kind, id_column in (
        ("batches", "batch", "id"),
        ("received_files", "received_file", "id"),
        ("rendering_providers", "provider", "id"),
        ("facilities", "facility", "id"),
        ("practice", "practice", "id"),
        ("fee_schedule", "fee", "procedure_code"),
    ):
        audit_table(db, table, kind, id_column)
    db.execute("DROP TRIGGER IF EXISTS claim_events_audit")
    db.execute(
        "CREATE TRIGGER claim_events_audit AFTER INSERT ON claim_events "
        "WHEN NEW.kind NOT IN ('created', 'edited') AND NEW.source <> '835' BEGIN "
        + audit_insert(
            "NEW.kind", "claim", "NEW.claim_id",
            "'timeline entry ' || NEW.id || CASE WHEN NEW.batch_id IS NULL "
            "THEN '' ELSE ', batch ' || NEW.batch_id END",
        )
        + "; END"
    )
    db.execute("DROP TRIGGER IF EXISTS ledger_audit")
    db.execute(
        "CREATE TRIGGER ledger_audit AFTER INSERT ON ledger WHEN NEW.posting_id IS NULL BEGIN "
        + audit_insert(
            "CASE WHEN NEW.reverses_id IS NULL THEN 'post' ELSE 'undo' END", "claim",
            "NEW.claim_id",
            "replace(NEW.kind, '_', ' ') || ', ledger entry ' || NEW.id || CASE "
            "WHEN NEW.reverses_id IS NULL THEN '' ELSE ', reverses entry ' "
            "|| NEW.reverses_id END",
        )
        + "; END"
    )
