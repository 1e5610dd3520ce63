"""Numbered schema migrations. ``PRAGMA user_version`` holds the number applied last.

Each migration runs in one transaction together with its ``user_version`` bump, so a
failure leaves the previous schema and data exactly as they were. Never edit a
migration that has shipped; add the next one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlite_utils

from oa_desktop.store.schema import (
    m002_fees,
    m003_files,
    m004_audit,
    m005_payer_list,
    m006_submission,
    m007_remittances,
    m008_audit_more,
    m009_secondary,
    m010_partial_posting,
    m011_clm01_lookup,
    m012_download_problems,
    m013_one_unsent_batch,
    m014_patient_ledger,
    m015_auth,
    m016_problem_actions,
    m017_set_aside,
    m018_code_words,
    m019_line_auth,
    m020_duplicate_payments,
)

Migration = Callable[[sqlite_utils.Database], None]

_SCHEMA_1 = """
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);

CREATE TABLE practice (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL, npi TEXT NOT NULL, ein TEXT NOT NULL, taxonomy TEXT NOT NULL DEFAULT '',
    line1 TEXT NOT NULL DEFAULT '', line2 TEXT NOT NULL DEFAULT '', city TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT '', zip_code TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '', submitter_id TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '', contact_phone TEXT NOT NULL DEFAULT '',
    is_organization INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE rendering_providers (
    id INTEGER PRIMARY KEY,
    last_name TEXT NOT NULL, first_name TEXT NOT NULL, npi TEXT NOT NULL,
    taxonomy TEXT NOT NULL DEFAULT '', credential TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE facilities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL, npi TEXT NOT NULL DEFAULT '',
    line1 TEXT NOT NULL DEFAULT '', line2 TEXT NOT NULL DEFAULT '', city TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT '', zip_code TEXT NOT NULL DEFAULT '',
    place_of_service TEXT NOT NULL DEFAULT '11'
);

CREATE TABLE payers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    payer_ids TEXT NOT NULL DEFAULT '{}',          -- JSON {"837P": "...", "835": "..."}
    non_par INTEGER NOT NULL DEFAULT 0,
    enrollment_required TEXT NOT NULL DEFAULT '{}', -- JSON {"837P": true, ...}
    claim_filing_indicator TEXT NOT NULL DEFAULT 'CI',
    line1 TEXT NOT NULL DEFAULT '', line2 TEXT NOT NULL DEFAULT '', city TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT '', zip_code TEXT NOT NULL DEFAULT ''
);
CREATE INDEX payers_name ON payers(name);

CREATE TABLE patients (
    id INTEGER PRIMARY KEY,
    last_name TEXT NOT NULL, first_name TEXT NOT NULL, middle_name TEXT NOT NULL DEFAULT '',
    birth_date TEXT, sex TEXT NOT NULL DEFAULT 'U',
    line1 TEXT NOT NULL DEFAULT '', line2 TEXT NOT NULL DEFAULT '', city TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT '', zip_code TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '', account_number TEXT NOT NULL DEFAULT ''
);
CREATE INDEX patients_name ON patients(last_name, first_name);

CREATE TABLE coverages (
    id INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL REFERENCES patients(id),
    payer_id INTEGER NOT NULL REFERENCES payers(id),
    rank INTEGER NOT NULL CHECK (rank IN (1, 2, 3)),
    member_id TEXT NOT NULL, group_number TEXT NOT NULL DEFAULT '',
    relationship TEXT NOT NULL DEFAULT '18',
    subscriber TEXT,                                 -- JSON person when not the patient
    effective_from TEXT, effective_to TEXT
);
CREATE INDEX coverages_patient ON coverages(patient_id);
CREATE INDEX coverages_member ON coverages(member_id);

CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    pcn TEXT NOT NULL UNIQUE,                        -- CLM01
    patient_id INTEGER NOT NULL REFERENCES patients(id),
    coverage_id INTEGER NOT NULL REFERENCES coverages(id),
    secondary_coverage_id INTEGER REFERENCES coverages(id),
    rendering_provider_id INTEGER REFERENCES rendering_providers(id),
    facility_id INTEGER REFERENCES facilities(id),
    place_of_service TEXT NOT NULL DEFAULT '11',
    frequency TEXT NOT NULL DEFAULT '1',
    original_claim_number TEXT NOT NULL DEFAULT '',
    prior_authorization TEXT NOT NULL DEFAULT '',
    referring_name TEXT NOT NULL DEFAULT '', referring_npi TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    diagnoses TEXT NOT NULL DEFAULT '[]',            -- JSON list, codes without dots
    charge_cents INTEGER NOT NULL DEFAULT 0,         -- sum of the lines
    first_date TEXT, last_date TEXT,
    -- kept in step with claim_events and ledger, in the same transaction as their rows:
    status TEXT NOT NULL DEFAULT 'draft',
    last_event_at TEXT, last_event_text TEXT NOT NULL DEFAULT '',
    paid_cents INTEGER NOT NULL DEFAULT 0,
    adjusted_cents INTEGER NOT NULL DEFAULT 0,
    balance_cents INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE INDEX claims_status ON claims(status);
CREATE INDEX claims_patient ON claims(patient_id);
CREATE INDEX claims_first_date ON claims(first_date);
CREATE INDEX claims_last_event ON claims(last_event_at);
CREATE INDEX claims_charge ON claims(charge_cents);
CREATE INDEX claims_balance ON claims(balance_cents);

CREATE TABLE service_lines (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    line_number INTEGER NOT NULL,
    service_date TEXT NOT NULL, service_date_to TEXT,
    procedure_code TEXT NOT NULL, modifiers TEXT NOT NULL DEFAULT '[]',
    units TEXT NOT NULL DEFAULT '1', charge_cents INTEGER NOT NULL,
    pointers TEXT NOT NULL DEFAULT '[1]', place_of_service TEXT NOT NULL DEFAULT '',
    control_number TEXT NOT NULL DEFAULT '',
    UNIQUE (claim_id, line_number)
);

CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    interchange_control_number INTEGER NOT NULL,     -- ISA13
    group_control_number INTEGER NOT NULL,           -- GS06
    transaction_control_number TEXT NOT NULL,        -- ST02
    file_name TEXT NOT NULL DEFAULT '',
    test_mode INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'built',
    claim_count INTEGER NOT NULL DEFAULT 0,
    charge_cents INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL, sent_at TEXT
);
CREATE TABLE batch_claims (
    batch_id INTEGER NOT NULL REFERENCES batches(id),
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    pcn TEXT NOT NULL,
    PRIMARY KEY (batch_id, claim_id)
);
CREATE INDEX batch_claims_claim ON batch_claims(claim_id);

CREATE TABLE claim_events (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    kind TEXT NOT NULL,
    status_after TEXT NOT NULL,
    at TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT 'user',             -- user, 999, 277, report, 835
    source_file TEXT NOT NULL DEFAULT '',
    batch_id INTEGER REFERENCES batches(id),
    codes TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX claim_events_claim ON claim_events(claim_id, id);

CREATE TABLE ledger (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    line_id INTEGER REFERENCES service_lines(id),
    kind TEXT NOT NULL CHECK (kind IN ('payment', 'adjustment', 'patient_responsibility',
                                       'patient_payment', 'write_off')),
    amount_cents INTEGER NOT NULL,
    group_code TEXT NOT NULL DEFAULT '', reason_code TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'user', source_ref TEXT NOT NULL DEFAULT '',
    reverses_id INTEGER REFERENCES ledger(id),
    posted_at TEXT NOT NULL, note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ledger_claim ON ledger(claim_id);
"""


def _run_script(db: sqlite_utils.Database, script: str) -> None:
    """Run a script's statements inside the current transaction (executescript commits)."""
    code = "\n".join(line.split("--", 1)[0] for line in script.splitlines())
    for statement in code.split(";"):
        if statement.strip():
            db.conn.execute(statement)


def _append_only(db: sqlite_utils.Database, table: str) -> None:
    """Refuse UPDATE and DELETE on ``table``: history is only ever added to."""
    for action in ("UPDATE", "DELETE"):
        db.conn.execute(
            f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )


def schema_1(db: sqlite_utils.Database) -> None:
    """Create the first schema."""
    _run_script(db, _SCHEMA_1)
    _append_only(db, "claim_events")
    _append_only(db, "ledger")


# One entry per schema version, in order. Later migrations live in store/schema/, one
# module each (m002_....py), and are added to this tuple.
MIGRATIONS: Sequence[Migration] = (
    schema_1, m002_fees.migrate, m003_files.migrate, m004_audit.migrate,
    m005_payer_list.migrate, m006_submission.migrate, m007_remittances.migrate,
    m008_audit_more.migrate,
    m009_secondary.migrate,
    m010_partial_posting.migrate,
    m011_clm01_lookup.migrate,
    m012_download_problems.migrate,
    m013_one_unsent_batch.migrate,
    m014_patient_ledger.migrate,
    m015_auth.migrate,  # numbered 15 for the merge (12-14 land from other branches)
    m016_problem_actions.migrate,
    m017_set_aside.migrate,
    m018_code_words.migrate,
    m019_line_auth.migrate,
    m020_duplicate_payments.migrate,
)
LATEST = len(MIGRATIONS)
