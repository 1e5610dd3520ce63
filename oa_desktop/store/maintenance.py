"""Whole-database work on files: snapshots, and the checks run on a copy or the open store.

These open their own plain ``sqlite3`` connections (read-only where they only look):
a backup or a restore handles a database file that is not the open :class:`Store`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from oa_desktop.store.db import Store


def open_read_only(database: Path) -> sqlite3.Connection:
    """A plain read-only connection to a database file."""
    return sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)


def snapshot(database: Path, target: Path) -> None:
    """Copy a consistent snapshot of the live database with SQLite's backup API."""
    source = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    dest = sqlite3.connect(str(target))
    try:
        source.execute("PRAGMA busy_timeout = 30000")
        source.backup(dest, pages=-1)  # one step: one read transaction, one snapshot
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
        source.close()


def file_facts(database: Path) -> dict[str, int]:
    """A database file's claim count, audit trail head id and schema version.

    A table the file does not have counts 0 (an old or empty database).
    """
    conn = open_read_only(database)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        claims = conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] if (
            "claims" in tables) else 0
        head = conn.execute("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetchone()[0] if (
            "audit_log" in tables) else 0
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    return {"claims": int(claims), "audit_head": int(head), "schema_version": int(version)}


def quick_check_ok(database: Path) -> bool:
    """True if a database file opens and passes ``PRAGMA quick_check``."""
    try:
        conn = open_read_only(database)
        try:
            return [r[0] for r in conn.execute("PRAGMA quick_check")] == ["ok"]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """``PRAGMA integrity_check``'s lines: ``["ok"]`` when the file is sound."""
    return [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]


def has_broken_links(conn: sqlite3.Connection) -> bool:
    """True if some row points at a row that does not exist (``PRAGMA foreign_key_check``)."""
    return conn.execute("PRAGMA foreign_key_check").fetchone() is not None


def user_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the file (``PRAGMA user_version``)."""
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def audit_head_id(store: Store) -> int:
    """The newest audit trail entry's id, 0 when the trail is empty."""
    return int(store.read.execute("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetchone()[0])


def foreign_key_violations(store: Store) -> list[tuple[Any, ...]]:
    """``PRAGMA foreign_key_check`` on the open store: (table, rowid, parent, key index)."""
    return store.read.execute("PRAGMA foreign_key_check").fetchall()
