"""The audit trail for actions that are not one row change: logins, exports, ingests.

Row changes of claims, patients, payers, coverages, settings, claim events and the
ledger are written by triggers (``store/schema/m004_audit.py``); this module adds the
rest and says who is at the keyboard. Entries hold ids and codes, never patient details.

Other subsystems call :func:`record` (in its own transaction) or
``oa_desktop.store.audit.record_in`` (inside their own ``store.write()``), e.g.
``record(store, "export", "batch", batch_id, "837P file B-2026-0117")``.
"""

from __future__ import annotations

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
