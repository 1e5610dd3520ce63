"""Schema 15: authorizations, payers' filing limits, and sessions that become claims.

- ``authorizations``: a payer's approval of so many units (or visits) of some procedure
  codes between two dates, for one coverage; optionally for one rendering provider.
  What is used of it is never stored: it is summed from the claims' lines.
- ``payers.filing_limit_days``: the payer's timely-filing limit in days from the date of
  service; NULL means the default from ``domain/filing.py``.
- ``sessions``: sessions (timesheets, appointments, recurring patterns) with the claim
  each became. ``source_key`` identifies an imported session so that a second import of
  the same file finds it and creates nothing.
"""

from __future__ import annotations

import sqlite_utils

_STATEMENTS = (
    """CREATE TABLE authorizations (
        id INTEGER PRIMARY KEY,
        coverage_id INTEGER NOT NULL REFERENCES coverages(id) ON DELETE CASCADE,
        number TEXT NOT NULL,
        codes TEXT NOT NULL DEFAULT '[]',
        unit TEXT NOT NULL DEFAULT 'units' CHECK (unit IN ('units', 'visits')),
        approved TEXT NOT NULL,
        from_date TEXT NOT NULL,
        to_date TEXT NOT NULL,
        rendering_provider_id INTEGER REFERENCES rendering_providers(id),
        note TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX authorizations_coverage ON authorizations(coverage_id)",
    "ALTER TABLE payers ADD COLUMN filing_limit_days INTEGER",
    """CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patients(id),
        coverage_id INTEGER REFERENCES coverages(id),
        rendering_provider_id INTEGER REFERENCES rendering_providers(id),
        service_date TEXT NOT NULL,
        start_time TEXT NOT NULL DEFAULT '',
        minutes INTEGER NOT NULL DEFAULT 0,
        procedure_code TEXT NOT NULL,
        modifiers TEXT NOT NULL DEFAULT '[]',
        units TEXT NOT NULL,
        place_of_service TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT 'import',
        source_key TEXT UNIQUE,
        claim_id INTEGER REFERENCES claims(id),
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX sessions_patient ON sessions(patient_id, service_date)",
    "CREATE INDEX sessions_claim ON sessions(claim_id)",
)


def migrate(db: sqlite_utils.Database) -> None:
    """Add ``authorizations``, ``sessions`` and ``payers.filing_limit_days``."""
    from oa_desktop.store.schema.m004_audit import audit_table

    for statement in _STATEMENTS:
        db.execute(statement)
    audit_table(db, "authorizations", "authorization")
