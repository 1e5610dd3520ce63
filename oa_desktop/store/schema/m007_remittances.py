"""Schema 6: remittances (835 ERAs), their claims, provider-level adjustments, postings.

- ``remittances``: one row per 835 transaction set (ST/SE), with the payment (BPR/TRN),
  the payer and payee, the totals and a status: ``ready`` (balanced, may be posted),
  ``duplicate`` (the same payment arrived before: the biller decides), ``not_postable``
  (the file breaks a balancing rule or could not be read whole), ``dismissed`` (the biller
  said it is a duplicate), ``posted`` and ``partly_posted`` (a reversal was parked).
- ``remittance_claims``: one row per CLP with its lines and adjustments as JSON (what the
  detail screen and the posting read) and its match to one of our claims.
- ``remittance_plb``: the PLB provider-level adjustments as the payer sent them.
- ``postings``: one row per post or undo of a remittance; ``posting_claims`` keeps each
  claim's status before the posting so undo can restore it.
- ``provider_ledger``: money that belongs to the practice, not a claim (interest,
  recoupments) — append-only like the claim ledger.
- ``ledger`` gains ``posting_id`` and ``remittance_claim_id`` so an undo and a reversal
  find exactly the rows they take back.
- ``era_notes``: who wrote what, when, on an ERA or one of its claims (append-only).
- ``denials``: the Denials worklist; ``denial_actions`` what the biller chose.
"""

from __future__ import annotations

import sqlite_utils

_TABLES = """
CREATE TABLE remittances (
    id INTEGER PRIMARY KEY,
    file_id INTEGER REFERENCES received_files(id),
    source_name TEXT NOT NULL,                 -- the file name it came in
    source_sha256 TEXT NOT NULL,               -- of the 835 bytes
    set_index INTEGER NOT NULL DEFAULT 0,      -- position of the ST in the file
    control_number TEXT NOT NULL DEFAULT '',   -- ST02
    payer_name TEXT NOT NULL DEFAULT '', payer_id TEXT NOT NULL DEFAULT '',
    payee_name TEXT NOT NULL DEFAULT '', payee_npi TEXT NOT NULL DEFAULT '',
    payee_tax_id TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL DEFAULT '',           -- BPR04 ACH, CHK, NON
    credit_debit TEXT NOT NULL DEFAULT '',     -- BPR03
    amount_cents INTEGER NOT NULL,             -- BPR02
    payment_date TEXT,                         -- BPR16
    trace_number TEXT NOT NULL DEFAULT '',     -- TRN02 check or EFT number
    claims_paid_cents INTEGER NOT NULL DEFAULT 0,  -- sum of CLP04
    plb_cents INTEGER NOT NULL DEFAULT 0,          -- sum of PLB04
    claim_count INTEGER NOT NULL DEFAULT 0,
    problems TEXT NOT NULL DEFAULT '[]',       -- JSON list of plain sentences
    status TEXT NOT NULL DEFAULT 'ready' CHECK (status IN ('ready', 'duplicate',
        'not_postable', 'dismissed', 'posted', 'partly_posted')),
    duplicate_of INTEGER REFERENCES remittances(id),
    imported_at TEXT NOT NULL,
    posted_at TEXT
);
CREATE INDEX remittances_payment ON remittances(payer_id, trace_number, amount_cents,
                                               payment_date);
CREATE INDEX remittances_sha ON remittances(source_sha256);
CREATE INDEX remittances_status ON remittances(status);

CREATE TABLE remittance_claims (
    id INTEGER PRIMARY KEY,
    remittance_id INTEGER NOT NULL REFERENCES remittances(id),
    seq INTEGER NOT NULL,
    pcn TEXT NOT NULL,                         -- CLP01
    status_code TEXT NOT NULL,                 -- CLP02
    charge_cents INTEGER NOT NULL,             -- CLP03
    paid_cents INTEGER NOT NULL,               -- CLP04
    patient_resp_cents INTEGER NOT NULL DEFAULT 0,  -- CLP05
    payer_claim_number TEXT NOT NULL DEFAULT '',    -- CLP07
    patient_last TEXT NOT NULL DEFAULT '', patient_first TEXT NOT NULL DEFAULT '',
    member_id TEXT NOT NULL DEFAULT '',
    first_date TEXT,
    detail TEXT NOT NULL DEFAULT '{}',         -- JSON: adjustments, remarks, lines
    claim_id INTEGER REFERENCES claims(id),
    match_method TEXT NOT NULL DEFAULT '',     -- pcn, manual, or '' when unmatched
    post_state TEXT NOT NULL DEFAULT 'unposted' CHECK (post_state IN ('unposted', 'posted',
        'parked')),
    UNIQUE (remittance_id, seq)
);
CREATE INDEX remittance_claims_claim ON remittance_claims(claim_id);
CREATE INDEX remittance_claims_pcn ON remittance_claims(pcn);

CREATE TABLE remittance_plb (
    id INTEGER PRIMARY KEY,
    remittance_id INTEGER NOT NULL REFERENCES remittances(id),
    provider_id TEXT NOT NULL DEFAULT '',      -- PLB01
    fiscal_date TEXT,                          -- PLB02
    reason TEXT NOT NULL,                      -- PLB03-1
    reference TEXT NOT NULL DEFAULT '',        -- PLB03-2
    amount_cents INTEGER NOT NULL              -- PLB04: positive reduces the payment
);
CREATE INDEX remittance_plb_remittance ON remittance_plb(remittance_id);

CREATE TABLE postings (
    id INTEGER PRIMARY KEY,
    remittance_id INTEGER NOT NULL REFERENCES remittances(id),
    kind TEXT NOT NULL CHECK (kind IN ('post', 'undo')),
    undoes_id INTEGER REFERENCES postings(id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL DEFAULT ''
);
CREATE INDEX postings_remittance ON postings(remittance_id);

CREATE TABLE posting_claims (
    posting_id INTEGER NOT NULL REFERENCES postings(id),
    remittance_claim_id INTEGER NOT NULL REFERENCES remittance_claims(id),
    claim_id INTEGER REFERENCES claims(id),
    action TEXT NOT NULL,                      -- paid, denied, reversal, parked
    status_before TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (posting_id, remittance_claim_id)
);

CREATE TABLE provider_ledger (
    id INTEGER PRIMARY KEY,
    remittance_id INTEGER NOT NULL REFERENCES remittances(id),
    posting_id INTEGER NOT NULL REFERENCES postings(id),
    plb_id INTEGER REFERENCES remittance_plb(id),
    kind TEXT NOT NULL CHECK (kind IN ('interest', 'recoupment', 'provider_adjustment')),
    reason TEXT NOT NULL DEFAULT '', reference TEXT NOT NULL DEFAULT '',
    amount_cents INTEGER NOT NULL,             -- money to the practice (= -PLB04)
    reverses_id INTEGER REFERENCES provider_ledger(id),
    posted_at TEXT NOT NULL
);
CREATE INDEX provider_ledger_remittance ON provider_ledger(remittance_id);

CREATE TABLE era_notes (
    id INTEGER PRIMARY KEY,
    remittance_id INTEGER NOT NULL REFERENCES remittances(id),
    remittance_claim_id INTEGER REFERENCES remittance_claims(id),
    author TEXT NOT NULL, at TEXT NOT NULL, text TEXT NOT NULL
);
CREATE INDEX era_notes_remittance ON era_notes(remittance_id);

CREATE TABLE denials (
    id INTEGER PRIMARY KEY,
    remittance_claim_id INTEGER NOT NULL REFERENCES remittance_claims(id),
    posting_id INTEGER NOT NULL REFERENCES postings(id),
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    reasons TEXT NOT NULL DEFAULT '',          -- "CO-16, CO-197"
    amount_cents INTEGER NOT NULL DEFAULT 0,   -- the charge left unpaid
    created_at TEXT NOT NULL
);
CREATE INDEX denials_claim ON denials(claim_id);

CREATE TABLE denial_actions (
    id INTEGER PRIMARY KEY,
    denial_id INTEGER NOT NULL REFERENCES denials(id),
    action TEXT NOT NULL CHECK (action IN ('resubmit', 'appeal', 'write_off', 'undone')),
    at TEXT NOT NULL, actor TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX denial_actions_denial ON denial_actions(denial_id)
"""

_APPEND_ONLY = ("postings", "posting_claims", "provider_ledger", "era_notes", "denials",
                "denial_actions", "remittance_plb")


def migrate(db: sqlite_utils.Database) -> None:
    """Add the remittance tables and tie ledger rows to the posting that wrote them."""
    for statement in _TABLES.split(";"):
        code = "\n".join(line.split("--", 1)[0] for line in statement.splitlines())
        if code.strip():
            db.execute(code)
    db.execute("ALTER TABLE ledger ADD COLUMN posting_id INTEGER REFERENCES postings(id)")
    db.execute("ALTER TABLE ledger ADD COLUMN remittance_claim_id INTEGER "
               "REFERENCES remittance_claims(id)")
    db.execute("CREATE INDEX ledger_posting ON ledger(posting_id)")
    db.execute("CREATE INDEX ledger_remittance_claim ON ledger(remittance_claim_id)")
    db.execute("CREATE INDEX ledger_reverses ON ledger(reverses_id)")
    for table in _APPEND_ONLY:
        for action in ("UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
    _audit(db)


def _audit(db: sqlite_utils.Database) -> None:
    """Put the new tables on the audit trail when it exists (schema 4)."""
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").fetchone()
    if exists is None:
        return
    from oa_desktop.store.schema.m004_audit import audit_insert, audit_table

    audit_table(db, "remittances", "remittance")
    # An ERA's claims arrive by the thousand with their remittance (audited above) and
    # their posting is audited as ledger rows; what a person changes is the match.
    body = audit_insert("'update'", "remittance_claim", "NEW.id", "'match'")
    db.execute(
        "CREATE TRIGGER IF NOT EXISTS remittance_claims_audit_match AFTER UPDATE OF claim_id, "
        f"match_method ON remittance_claims BEGIN {body}; END")
    audit_table(db, "postings", "posting")
    audit_table(db, "provider_ledger", "provider_ledger")
    audit_table(db, "denial_actions", "denial")
    audit_table(db, "era_notes", "era_note")
