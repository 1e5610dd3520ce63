"""Schema (problems): what the biller did about a claim on the Problems worklist.

``problem_actions`` is append-only: each row says a claim was appealed or marked as
waiting (until a day, with a note). The worklist hides a claim while its latest action
is newer than the claim's latest answer from outside and its day has not come; a new
answer (another 277 or 835) brings it back.
"""

from __future__ import annotations

import sqlite_utils

_STATEMENTS = (
    """CREATE TABLE problem_actions (
        id INTEGER PRIMARY KEY,
        claim_id INTEGER NOT NULL REFERENCES claims(id),
        action TEXT NOT NULL,
        at TEXT NOT NULL,
        until TEXT,
        actor TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX problem_actions_claim ON problem_actions(claim_id)",
    """CREATE TRIGGER problem_actions_no_update BEFORE UPDATE ON problem_actions
        BEGIN SELECT RAISE(ABORT, 'problem_actions is append-only'); END""",
    """CREATE TRIGGER problem_actions_no_delete BEFORE DELETE ON problem_actions
        BEGIN SELECT RAISE(ABORT, 'problem_actions is append-only'); END""",
)


def migrate(db: sqlite_utils.Database) -> None:
    """Add ``problem_actions``."""
    for statement in _STATEMENTS:
        db.execute(statement)
