"""The audit trail's hash chain and the SQL functions its triggers call.

Below :mod:`oa_desktop.store.db` (which installs the functions on its writer) and
:mod:`oa_desktop.store.audit` (which reads and checks the chain), so neither imports the
other's module back.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

SEPARATOR = "\x1f"  # ASCII unit separator: cannot appear in ids, codes or user names


def chain_hash(
    prev: str, at: str, actor: str, action: str, object_type: str, object_id: str, detail: str
) -> str:
    """The hash of one audit row, chained to the previous row's hash."""
    text = SEPARATOR.join((prev, at, actor, action, object_type, object_id, detail))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def register(conn: sqlite3.Connection, actor: Callable[[], str]) -> None:
    """Install the SQL functions the audit triggers call on a writing connection."""
    conn.create_function("oa_now", 0, _now)
    conn.create_function("oa_actor", 0, actor)

    def hash_row(*fields: object) -> str:
        return chain_hash(*("" if f is None else str(f) for f in fields))

    conn.create_function("oa_audit_hash", 7, hash_row, deterministic=True)
