"""Schema 14: the patient account — desk payments, unapplied credit, adjustments, refunds.

- ``account_actions``: one row per thing a biller does to money outside an ERA: a patient
  payment, credit applied to claims, an adjustment or write-off, a refund of credit, a
  payer recoupment, and the undo of any of these (``undoes_id``). It carries what the
  receipt and the deposit slip print (date, method, check number or card's last four,
  who paid). Append-only and audited.
- ``patient_credit``: the patient's money not on a claim (unapplied credit), append-only;
  the credit is the sum of its rows. A payment's rest is a positive row, credit used on a
  claim or refunded a negative one, an undo the opposite row (``reverses_id``).
- ``ledger.action_id``: the action that wrote a claim's ledger row (desk rows), so an
  undo finds exactly the rows it takes back.
- ``paper_eobs``: which remittances a biller typed in from a paper EOB or check (they are
  posted, previewed and undone exactly like an ERA), so the ERA that arrives later for
  the same payment is recognised and held for the biller.
- ``adjustment_reasons``: the short list of reasons for adjustments and write-offs; the
  practice may add its own (never deleted: switched off with ``active``).
"""

from __future__ import annotations

import sqlite_utils

_TABLES = """
CREATE TABLE account_actions (
    id INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL REFERENCES patients(id),
    kind TEXT NOT NULL CHECK (kind IN ('payment', 'apply_credit', 'adjustment', 'refund',
                                       'recoupment', 'undo')),
    on_date TEXT NOT NULL,                     -- the day it happened (YYYY-MM-DD)
    amount_cents INTEGER NOT NULL,             -- what the biller typed (positive)
    method TEXT NOT NULL DEFAULT '',           -- cash, check, card, other
    reference TEXT NOT NULL DEFAULT '',        -- check number, card last four
    paid_by TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',           -- adjustment_reasons.code, payer for recoupments
    note TEXT NOT NULL DEFAULT '',
    undoes_id INTEGER REFERENCES account_actions(id),
    created_at TEXT NOT NULL,
    actor TEXT NOT NULL DEFAULT ''
);
CREATE INDEX account_actions_patient ON account_actions(patient_id);
CREATE INDEX account_actions_date ON account_actions(on_date);
CREATE UNIQUE INDEX account_actions_undoes ON account_actions(undoes_id)
    WHERE undoes_id IS NOT NULL;

CREATE TABLE patient_credit (
    id INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL REFERENCES patients(id),
    action_id INTEGER NOT NULL REFERENCES account_actions(id),
    amount_cents INTEGER NOT NULL,             -- + credit received, - credit used or refunded
    on_date TEXT NOT NULL,
    reverses_id INTEGER REFERENCES patient_credit(id)
);
CREATE INDEX patient_credit_patient ON patient_credit(patient_id);
CREATE INDEX patient_credit_action ON patient_credit(action_id);

CREATE TABLE paper_eobs (
    remittance_id INTEGER PRIMARY KEY REFERENCES remittances(id),
    entered_at TEXT NOT NULL,
    actor TEXT NOT NULL DEFAULT ''
);

CREATE TABLE adjustment_reasons (
    code TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('adjustment', 'write_off')),
    needs_note INTEGER NOT NULL DEFAULT 0,
    builtin INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1
)
"""

_REASONS = (
    ("contractual", "Contractual adjustment", "adjustment", 0),
    ("small_balance", "Small balance write-off", "write_off", 0),
    ("courtesy", "Courtesy / hardship", "write_off", 0),
    ("collections", "Bad debt, sent to collections", "write_off", 0),
    ("timely_filing", "Timely filing", "write_off", 0),
    ("other", "Other", "write_off", 1),
)


def migrate(db: sqlite_utils.Database) -> None:
    """Add the patient account tables, ``ledger.action_id`` and the reason list."""
    for statement in _TABLES.split(";"):
        code = "\n".join(line.split("--", 1)[0] for line in statement.splitlines())
        if code.strip():
            db.execute(code)
    db.execute("ALTER TABLE ledger ADD COLUMN action_id INTEGER REFERENCES account_actions(id)")
    db.execute("CREATE INDEX ledger_action ON ledger(action_id) WHERE action_id IS NOT NULL")
    db.conn.executemany(
        "INSERT INTO adjustment_reasons (code, label, kind, needs_note, builtin) "
        "VALUES (?, ?, ?, ?, 1)", _REASONS)
    for table in ("account_actions", "patient_credit", "paper_eobs"):
        for action in ("UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
    db.execute("CREATE TRIGGER adjustment_reasons_no_delete BEFORE DELETE ON "
               "adjustment_reasons BEGIN SELECT RAISE(ABORT, 'reasons are switched off, "
               "never deleted'); END")
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").fetchone()
    if exists is not None:
        from oa_desktop.store.schema.m004_audit import audit_table

        audit_table(db, "account_actions", "account_action")
        audit_table(db, "adjustment_reasons", "adjustment_reason", "code")
