"""The audit trail for actions that are not one row change: logins, exports, ingests.

Row changes of claims, patients, payers, coverages, settings, claim events and the
ledger are written by triggers (``store/schema/m004_audit.py``); this module adds the
rest and says who is at the keyboard. Entries hold ids and codes, never patient details.

Other subsystems call :func:`record` (in its own transaction) or
``oa_desktop.store.audit.record_in`` (inside their own ``store.write()``), e.g.
``record(store, "export", "batch", batch_id, "837P file B-2026-0117")``.
"""

from __future__ import annotations

from pathlib import Path

from oa_desktop.store import audit as audit_store
from oa_desktop.store.db import Store

# The actions the app records beside row changes (the Audit screen lists these words).
LOGIN = "login"
LOGIN_FAILED = "login_failed"
UNLOCK = "unlock"
LOCK = "lock"
EXPORT = "export"
INGEST = "ingest"
SUBMIT = "submit"
BACKUP = "backup"
RESTORE = "restore"
VIEW = "view"  # a patient's or claim's record was opened
PRINT = "print"  # a PDF with patient data was written
OFFICE_ALLY_LOGIN_FAILED = "office_ally_login_failed"
OFFICE_ALLY_HOST_KEY_ADDED = "office_ally_host_key_added"  # a new key type, vouched for


def record_export(
    store: Store, what: str, path: Path, *, rows: int | None = None, pages: int | None = None,
    object_type: str = "report", object_id: str | int = "", printed: bool = False,
) -> None:
    """An export or a printed PDF: what (a title, no patient details), how much, where to."""
    amount = (f"{rows:,} rows" if rows is not None else
              f"{pages:,} page{'s' * (pages != 1)}" if pages is not None else "")
    detail = f"{what}{', ' + amount if amount else ''}, to {path}"
    if store.read_only:
        return  # a damaged database cannot be written; the export itself still works
    record(store, PRINT if printed else EXPORT, object_type, object_id, detail)


def record_view(store: Store, object_type: str, object_id: int) -> None:
    """Someone opened a patient's or a claim's record (reading PHI is audited too)."""
    if not store.read_only:
        record(store, VIEW, object_type, object_id)


def record(
    store: Store, action: str, object_type: str, object_id: str | int = "", detail: str = ""
) -> None:
    """Append one entry in its own transaction (who: ``store.actor``; when: now)."""
    with store.write() as db:
        audit_store.record_in(db, action, object_type, object_id, detail)


def set_actor(store: Store, name: str) -> None:
    """Name the person the following entries belong to."""
    store.actor = name


def chain_problem(store: Store) -> str | None:
    """``None`` when the trail is intact, else which link is broken first."""
    return audit_store.verify_chain(store)
