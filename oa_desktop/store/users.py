"""The app's named users and their hashed password or PIN (never the secret itself)."""

from __future__ import annotations

from dataclasses import dataclass

from oa_desktop.store.db import Store, inserted_id, utc_now


@dataclass(frozen=True, slots=True)
class User:
    """One person who may unlock the app."""

    id: int
    name: str
    secret_hash: str
    active: bool


def add_user(store: Store, name: str, secret_hash: str) -> int:
    """Store a new user; raises ``ValueError`` when the name is taken."""
    with store.write() as db:
        if db.execute("SELECT 1 FROM users WHERE name = ?", [name]).fetchone():
            raise ValueError(f"a user named {name} exists")
        return inserted_id(db.table("users").insert(
            {"name": name, "secret_hash": secret_hash, "created_at": utc_now(), "active": 1}
        ))


def set_secret(store: Store, user_id: int, secret_hash: str) -> None:
    """Replace a user's password or PIN hash."""
    with store.write() as db:
        db.execute("UPDATE users SET secret_hash = ? WHERE id = ?", [secret_hash, user_id])


def set_active(store: Store, user_id: int, active: bool) -> None:
    """Turn a user on or off (users are never deleted: the trail names them)."""
    with store.write() as db:
        db.execute("UPDATE users SET active = ? WHERE id = ?", [int(active), user_id])


def list_users(store: Store, *, active_only: bool = True) -> list[User]:
    """Users by name."""
    where = " WHERE active = 1" if active_only else ""
    rows = store.read.execute(
        f"SELECT id, name, secret_hash, active FROM users{where} ORDER BY name"
    ).fetchall()
    return [User(r[0], r[1], r[2], bool(r[3])) for r in rows]


def find_user(store: Store, name: str) -> User | None:
    """The active user with this name (any case), or None."""
    row = store.read.execute(
        "SELECT id, name, secret_hash, active FROM users WHERE name = ? AND active = 1", [name]
    ).fetchone()
    return User(row[0], row[1], row[2], bool(row[3])) if row else None
