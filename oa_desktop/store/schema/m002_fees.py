"""Schema 2: the practice's fee schedule, and what each sent claim was sent as.

The Office Ally fee counts claims per Tax ID + rendering NPI by the payer's Par/Non-Par
status *when the claim was sent*, so the batch keeps that snapshot.
"""

from __future__ import annotations

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    """Add ``fee_schedule`` and the send-time snapshot columns of ``batch_claims``."""
    db.execute(
        """CREATE TABLE fee_schedule (
            procedure_code TEXT NOT NULL,
            modifier TEXT NOT NULL DEFAULT '',
            price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
            description TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (procedure_code, modifier)
        )"""
    )
    for column, kind in (
        ("tax_id", "TEXT NOT NULL DEFAULT ''"),
        ("npi", "TEXT NOT NULL DEFAULT ''"),  # rendering NPI, else the billing NPI
        ("payer_id", "INTEGER REFERENCES payers(id)"),
        ("non_par", "INTEGER NOT NULL DEFAULT 0"),
        ("charge_cents", "INTEGER NOT NULL DEFAULT 0"),
    ):
        db.execute(f"ALTER TABLE batch_claims ADD COLUMN {column} {kind}")
