"""Counters for control numbers (ISA13, GS06, ST02, claim numbers). Never the clock."""

from __future__ import annotations

import sqlite_utils


def next_value(db: sqlite_utils.Database, name: str, start: int = 1) -> int:
    """Take the next number of counter ``name``. Call inside ``Store.write()``."""
    row = db.execute("SELECT value FROM counters WHERE name = ?", [name]).fetchone()
    value = start if row is None else int(row[0]) + 1
    db.execute(
        "INSERT INTO counters (name, value) VALUES (?, ?) "
        "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        [name, value],
    )
    return value


def peek(db: sqlite_utils.Database, name: str) -> int:
    """The last number taken from ``name`` (0 when none)."""
    row = db.execute("SELECT value FROM counters WHERE name = ?", [name]).fetchone()
    return 0 if row is None else int(row[0])
