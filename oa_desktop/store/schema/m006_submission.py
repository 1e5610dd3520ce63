"""Schema 5: submission tracking — what each batch heard back, what each file matched.

``batches`` learns why an upload failed, the 999's verdict, Office Ally's file id and
when the first 277CA arrived. ``batch_claims`` keeps each claim's outcome in that batch
(its CLM01 there is the history of the claim's patient control numbers).
``response_matches`` ties every downloaded file to the batches and claims it matched,
so the same file is never applied twice. ``claim_references`` keeps numbers others gave
a claim (REF*1K payer claim number, Office Ally's claim id).
"""

from __future__ import annotations

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    """Add the submission-tracking columns and tables."""
    for column, kind in (
        ("failure", "TEXT NOT NULL DEFAULT ''"),  # why the upload failed (status failed)
        ("local_path", "TEXT NOT NULL DEFAULT ''"),  # the archived 837P, data-folder relative
        ("file_sha256", "TEXT NOT NULL DEFAULT ''"),
        ("ack_status", "TEXT NOT NULL DEFAULT ''"),  # 999 AK901 / IK501: A, E, R, P ...
        ("ack_at", "TEXT"),
        ("oa_file_id", "TEXT NOT NULL DEFAULT ''"),  # Office Ally's FileID from its reports
        ("first_277_at", "TEXT"),
    ):
        db.execute(f"ALTER TABLE batches ADD COLUMN {column} {kind}")
    db.execute("CREATE INDEX batches_group ON batches(group_control_number)")
    db.execute("CREATE INDEX batches_status ON batches(status)")
    for column, kind in (
        ("outcome", "TEXT NOT NULL DEFAULT ''"),  # '', accepted, rejected
        ("outcome_text", "TEXT NOT NULL DEFAULT ''"),
    ):
        db.execute(f"ALTER TABLE batch_claims ADD COLUMN {column} {kind}")
    db.execute("CREATE INDEX batch_claims_pcn ON batch_claims(pcn)")
    db.execute(
        """CREATE TABLE response_matches (
            id INTEGER PRIMARY KEY,
            file_id INTEGER NOT NULL REFERENCES received_files(id),
            batch_id INTEGER REFERENCES batches(id),
            claim_id INTEGER REFERENCES claims(id),
            event_id INTEGER REFERENCES claim_events(id),
            reference TEXT NOT NULL DEFAULT ''  -- what in the file pointed here (GS06, TRN02...)
        )"""
    )
    db.execute("CREATE INDEX response_matches_file ON response_matches(file_id)")
    db.execute("CREATE INDEX response_matches_claim ON response_matches(claim_id)")
    db.execute(
        """CREATE TABLE claim_references (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            kind TEXT NOT NULL,                -- payer_claim_number, oa_claim_id
            value TEXT NOT NULL,
            pcn TEXT NOT NULL DEFAULT '',      -- the CLM01 it was given for
            file_id INTEGER REFERENCES received_files(id),
            UNIQUE (claim_id, kind, value)
        )"""
    )
