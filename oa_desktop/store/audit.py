"""The audit trail's SQL: appending a row, the Audit screen's queries, checking the chain.

Each row's ``hash`` is SHA-256 over the previous row's hash and the row's own fields
(:func:`oa_desktop.store.audit_chain.chain_hash`), so changing or removing any row (but
the newest) breaks the link after it, and changing the newest breaks its own hash.
:func:`verify_chain` names the first broken link. Rows are written by triggers
(``store/schema/m004_audit.py``) and by :func:`record_in`; nothing ever updates or
deletes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlite_utils

from oa_desktop.store.audit_chain import chain_hash

if TYPE_CHECKING:
    from oa_desktop.store.db import Store


def record_in(
    db: sqlite_utils.Database, action: str, object_type: str, object_id: str | int = "",
    detail: str = "",
) -> None:
    """Append one audit row inside the caller's write transaction."""
    from oa_desktop.store.schema.m004_audit import audit_insert

    db.execute(
        audit_insert(":action", object_type.replace("'", ""), ":object_id", ":detail"),
        {"action": action, "object_id": str(object_id), "detail": detail},
    )


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One row of the trail as the Audit screen shows it."""

    id: int
    at: str
    actor: str
    action: str
    object_type: str
    object_id: str
    detail: str


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What the Audit screen asks for; empty fields match everything."""

    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    since: str = ""  # ISO date, inclusive
    until: str = ""  # ISO date, inclusive
    limit: int = 2000


def _where(f: AuditFilter) -> tuple[str, list[str]]:
    clauses: list[str] = []
    params: list[str] = []
    for column, value in (("actor", f.actor), ("action", f.action),
                          ("object_type", f.object_type), ("object_id", f.object_id)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if f.since:
        clauses.append("at >= ?")
        params.append(f.since)
    if f.until:
        clauses.append("at < date(?, '+1 day')")
        params.append(f.until)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def entries(store: Store, f: AuditFilter | None = None) -> list[AuditEntry]:
    """The newest entries that match ``f``, newest first."""
    f = f or AuditFilter()
    where, params = _where(f)
    rows = store.read.execute(
        "SELECT id, at, actor, action, object_type, object_id, detail FROM audit_log"
        f"{where} ORDER BY id DESC LIMIT {int(f.limit)}", params,
    ).fetchall()
    return [AuditEntry(*row) for row in rows]


def count(store: Store, f: AuditFilter | None = None) -> int:
    """How many entries match ``f``."""
    where, params = _where(f or AuditFilter())
    return int(store.read.execute(f"SELECT COUNT(*) FROM audit_log{where}", params).fetchone()[0])


def distinct(store: Store, column: str) -> list[str]:
    """The values seen in ``column`` (actor, action or object_type), for the filters."""
    if column not in ("actor", "action", "object_type"):
        raise ValueError(column)
    rows = store.read.execute(f"SELECT DISTINCT {column} FROM audit_log ORDER BY 1")
    return [str(r[0]) for r in rows]


def head(store: Store) -> tuple[int, str]:
    """The newest entry's id and hash, ``(0, "")`` when the trail is empty."""
    row = store.read.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else (0, "")


def verify_chain(store: Store) -> str | None:
    """``None`` when every link holds, else a sentence naming the first broken one."""
    prev = ""
    expected_id: int | None = None
    cursor = store.read.execute(
        "SELECT id, at, actor, action, object_type, object_id, detail, prev_hash, hash "
        "FROM audit_log ORDER BY id"
    )
    for row_id, at, actor, action, object_type, object_id, detail, prev_hash, stored in cursor:
        if expected_id is not None and row_id != expected_id:
            return f"audit entries {expected_id}–{row_id - 1} are missing (removed)"
        if prev_hash != prev:
            return f"audit entry {row_id} does not follow entry before it (a row was changed)"
        computed = chain_hash(prev, at, actor, action, object_type, object_id, detail)
        if computed != stored:
            return f"audit entry {row_id} was changed after it was written"
        prev = stored
        expected_id = row_id + 1
    return None
