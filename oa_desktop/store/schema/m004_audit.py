"""Schema 4: the hash-chained audit trail and the app's named users.

Triggers write one ``audit_log`` row for every create, update and delete of claims,
patients, payers and settings, for every claim event that is not a plain create or edit
(submission, 999/277 answers, payments) and for every ledger row (posting, undo). The
rows hold who, when, what and the object id — never patient details. Each row's hash
covers the previous row's hash, so an edited or deleted row breaks the chain.

The triggers call three SQL functions that :func:`oa_desktop.store.audit_chain.register`
installs on the writer connection: ``oa_now()``, ``oa_actor()`` and
``oa_audit_hash(prev, at, actor, action, object_type, object_id, detail)``. A connection
without them (the sqlite3 shell) cannot change the audited tables — on purpose.

Adding the trail to a later table (batches, remittances, ...): in that table's own
migration call :func:`audit_table` with its object type and id column, e.g.
``audit_table(db, "remittances", "remittance")``. For actions that are not a row
change (an export, an ingest), call ``oa_desktop.services.safety.audit.record(...)``.

Safe to apply as schema 3 or 4: it only adds its own tables and triggers, with
``IF NOT EXISTS``, and relies on nothing but schema 1.
"""

from __future__ import annotations

import sqlite_utils

_TABLES = """
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,          -- create, update, delete, submitted, post, login, ...
    object_type TEXT NOT NULL,     -- claim, patient, payer, setting, ledger, user, backup, ...
    object_id TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',  -- ids and codes only, never patient details
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_object ON audit_log(object_type, object_id);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log(at);
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    secret_hash TEXT NOT NULL,     -- scrypt$n$r$p$salt$hash, never the secret
    created_at TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
)
"""

# The columns of ``claims`` a biller edits; the others are a cache of events and
# ledger (their changes are audited as those rows).
_CLAIM_COLUMNS = (
    "pcn, patient_id, coverage_id, secondary_coverage_id, rendering_provider_id, "
    "facility_id, place_of_service, frequency, original_claim_number, prior_authorization, "
    "referring_name, referring_npi, note, diagnoses, charge_cents, first_date, last_date"
)


def audit_insert(action: str, object_type: str, object_id: str, detail: str = "''") -> str:
    """The SQL that appends one chained audit row; arguments are SQL expressions."""
    prev = "COALESCE((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '')"
    return (
        "INSERT INTO audit_log (at, actor, action, object_type, object_id, detail, "
        "prev_hash, hash) SELECT t.at, t.actor, t.action, t.object_type, t.object_id, "
        "t.detail, t.prev, oa_audit_hash(t.prev, t.at, t.actor, t.action, t.object_type, "
        "t.object_id, t.detail) FROM (SELECT oa_now() AS at, oa_actor() AS actor, "
        f"{action} AS action, '{object_type}' AS object_type, CAST({object_id} AS TEXT) "
        f"AS object_id, {detail} AS detail, {prev} AS prev) AS t"
    )


def _trigger(
    db: sqlite_utils.Database, name: str, event: str, table: str, body: str, when: str = ""
) -> None:
    condition = f" WHEN {when}" if when else ""
    db.execute(
        f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {table}{condition} "
        f"BEGIN {body}; END"
    )


def audit_table(
    db: sqlite_utils.Database,
    table: str,
    object_type: str,
    id_column: str = "id",
    *,
    update_of: str = "",
    when: str = "",
) -> None:
    """Audit every insert, update and delete of ``table`` (``when`` filters with NEW/OLD)."""
    for event, action, row in (("INSERT", "create", "NEW"), ("UPDATE", "update", "NEW"),
                               ("DELETE", "delete", "OLD")):
        on = f"UPDATE OF {update_of}" if event == "UPDATE" and update_of else event
        condition = when.replace("ROW.", f"{row}.")
        _trigger(
            db, f"{table}_audit_{action}", on, table,
            audit_insert(f"'{action}'", object_type, f"{row}.{id_column}"), condition,
        )


def migrate(db: sqlite_utils.Database) -> None:
    """Add ``audit_log``, ``users`` and the triggers that feed the trail."""
    for statement in _TABLES.split(";"):
        code = "\n".join(line.split("--", 1)[0] for line in statement.splitlines())
        if code.strip():
            db.execute(code)
    for action in ("UPDATE", "DELETE"):
        _trigger(db, f"audit_log_no_{action.lower()}", action, "audit_log",
                 "SELECT RAISE(ABORT, 'audit_log is append-only')")
    audit_table(db, "claims", "claim", update_of=_CLAIM_COLUMNS)
    audit_table(db, "patients", "patient")
    audit_table(db, "payers", "payer")
    audit_table(db, "coverages", "coverage")
    # Window sizes and column widths (ui.*) are not worth a row each time the app closes.
    audit_table(db, "settings", "setting", "key", when="ROW.key NOT LIKE 'ui.%'")
    _trigger(
        db, "claim_events_audit", "INSERT", "claim_events",
        audit_insert("NEW.kind", "claim", "NEW.claim_id",
                     "'timeline entry ' || NEW.id || CASE WHEN NEW.batch_id IS NULL "
                     "THEN '' ELSE ', batch ' || NEW.batch_id END"),
        "NEW.kind NOT IN ('created', 'edited')",
    )
    _trigger(
        db, "ledger_audit", "INSERT", "ledger",
        audit_insert("CASE WHEN NEW.reverses_id IS NULL THEN 'post' ELSE 'undo' END",
                     "claim", "NEW.claim_id",
                     "replace(NEW.kind, '_', ' ') || ', ledger entry ' || NEW.id || CASE "
                     "WHEN NEW.reverses_id IS NULL THEN '' ELSE ', reverses entry ' "
                     "|| NEW.reverses_id END"),
    )
    _trigger(
        db, "users_audit_create", "INSERT", "users",
        audit_insert("'create'", "user", "NEW.id"),
    )
    _trigger(
        db, "users_audit_update", "UPDATE", "users",
        audit_insert("'update'", "user", "NEW.id"),
    )
