"""Answers set aside as "not for this practice": listed, opened, dismissed (audited).

A file (or one transaction set of a file) that does not prove it answers this practice
(DESIGN §3) is recorded here and nowhere else: no claim event, no ledger row, no PLB.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from oa_desktop.store import audit
from oa_desktop.store.db import Store, utc_now

DISMISS = "dismiss_not_ours"  # the audit action of a dismissal


@dataclass(frozen=True, slots=True)
class SetAside:
    """What one set-aside answer claims to be for, and why it was set aside."""

    file_name: str
    kind: str  # 999, ta1, 277, 835
    claims_for: str  # e.g. "payee NPI 1999999999, Tax ID 99-9999999 (OTHER CLINIC)"
    reason: str  # e.g. "Neither the payee's NPI nor its Tax ID is this practice's"
    set_control: str = ""  # ST02 (or ISA13) of the part set aside; '' for the whole file
    file_id: int | None = None
    local_path: str = ""


@dataclass(frozen=True, slots=True)
class SetAsideRow:
    """One row of the "Not for this practice" list."""

    id: int
    answer: SetAside
    set_aside_at: str
    dismissed_at: str | None
    dismissed_by: str


def add_in(db: sqlite_utils.Database, items: list[SetAside], at: str | None = None) -> None:
    """Record set-aside answers inside the caller's write transaction."""
    now = at or utc_now()
    db.table("set_aside_files").insert_all([{
        "file_id": a.file_id, "file_name": a.file_name, "local_path": a.local_path,
        "kind": a.kind, "set_control": a.set_control, "claims_for": a.claims_for,
        "reason": a.reason, "set_aside_at": now,
    } for a in items])


def add(store: Store, items: list[SetAside]) -> None:
    """Record set-aside answers in their own transaction."""
    if items:
        with store.write() as db:
            add_in(db, items)


def listed(store: Store, *, dismissed: bool = False) -> list[SetAsideRow]:
    """The open set-aside answers, newest first (with ``dismissed``: every one)."""
    where = "" if dismissed else "WHERE s.dismissed_at IS NULL"
    rows = store.read.execute(
        "SELECT s.id, s.file_name, s.kind, s.claims_for, s.reason, s.set_control, s.file_id, "
        "COALESCE(NULLIF(s.local_path, ''), r.local_path, ''), s.set_aside_at, "
        "s.dismissed_at, s.dismissed_by FROM set_aside_files s "
        f"LEFT JOIN received_files r ON r.id = s.file_id {where} ORDER BY s.id DESC"
    )
    return [SetAsideRow(int(r[0]), SetAside(r[1], r[2], r[3], r[4], r[5], r[6], r[7]),
                        r[8], r[9], r[10]) for r in rows]


def open_count(store: Store) -> int:
    """How many set-aside answers wait for the biller (not dismissed)."""
    row = store.read.execute(
        "SELECT COUNT(*) FROM set_aside_files WHERE dismissed_at IS NULL").fetchone()
    return int(row[0])


def dismiss(store: Store, row_id: int) -> bool:
    """Dismiss one set-aside answer (audited); False if it was already dismissed."""
    with store.write() as db:
        row = db.execute(
            "SELECT file_name, kind FROM set_aside_files WHERE id = ? AND dismissed_at IS NULL",
            [row_id]).fetchone()
        if row is None:
            return False
        db.execute("UPDATE set_aside_files SET dismissed_at = ?, dismissed_by = ? WHERE id = ?",
                   [utc_now(), store.actor, row_id])
        audit.record_in(db, DISMISS, "file", row_id,
                        f"Not for this practice: {row[1]} file {row[0]} dismissed")
    return True
