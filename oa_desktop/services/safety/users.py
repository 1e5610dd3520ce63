"""Optional app password or PIN per named user, and the automatic lock's rules.

With no users set up the app opens straight away, as before. With one or more, it
starts locked and locks itself after ``security.lock_minutes`` of inactivity. Secrets
are hashed with scrypt (a slow, memory-hard KDF) and a per-user salt.
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import os

from oa_desktop.errors import DatabaseError, KnownError
from oa_desktop.logs import get_logger
from oa_desktop.services.safety import audit
from oa_desktop.store import users as users_store
from oa_desktop.store.db import Store
from oa_desktop.store.settings import Setting
from oa_desktop.store.users import User

log = get_logger("users")

LOCK_MINUTES = Setting(
    "security.lock_minutes", 15, "Lock the app after this many idle minutes (0: never)"
)

# scrypt cost: about 50 ms and 16 MiB per try on an office PC (OWASP's minimum is n=2**17
# with r=8 for passwords; a PIN is still protected by the per-try cost and the salt).
_N, _R, _P = 2**14, 8, 1
MIN_SECRET = 4
NOT_SIGNED_IN = "(not signed in)"


def hash_secret(secret: str) -> str:
    """``scrypt$n$r$p$salt$hash`` for a password or PIN."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def check_secret(secret: str, stored: str) -> bool:
    """Whether ``secret`` matches a stored hash (constant-time comparison)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        computed = hashlib.scrypt(
            secret.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
            dklen=32, maxmem=256 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(computed, base64.b64decode(digest))


def add_user(store: Store, name: str, secret: str) -> int:
    """Add a named user with a password or PIN (at least four characters)."""
    name = name.strip()
    if not name:
        raise KnownError("A user needs a name.", "Type the person's name, e.g. Maria.")
    if len(secret) < MIN_SECRET:
        raise KnownError(
            f"A password or PIN needs at least {MIN_SECRET} characters.",
            "Choose a longer one.",
        )
    try:
        return users_store.add_user(store, name, hash_secret(secret))
    except ValueError as exc:
        raise KnownError(f"There is already a user named {name}.",
                         "Choose another name.") from exc


def computer_user() -> str:
    """The operating system's user name: who the trail names while no users are set up."""
    try:
        return getpass.getuser() or "system"
    except (KeyError, OSError):
        return "system"


def lock_enabled(store: Store) -> bool:
    """True when at least one user has a password or PIN."""
    return bool(users_store.list_users(store))


def lock_minutes(store: Store) -> int:
    """Idle minutes before the lock (0 never locks)."""
    return max(0, int(LOCK_MINUTES.get(store)))


def unlock(store: Store, name: str, secret: str, *, first: bool = False) -> User | None:
    """Check a user's secret; on success that user becomes the actor of the trail.

    Every try is recorded: ``login`` (at start-up) or ``unlock``, or ``login_failed``.
    """
    user = users_store.find_user(store, name)
    if user is None or not check_secret(secret, user.secret_hash):
        signed_in, store.actor = store.actor, NOT_SIGNED_IN  # whoever typed is unknown
        try:
            _record(store, audit.LOGIN_FAILED, user.id if user else "", f"tried as {name}")
        finally:
            store.actor = signed_in
        return None
    audit.set_actor(store, user.name)
    _record(store, audit.LOGIN if first else audit.UNLOCK, user.id)
    return user


def _record(store: Store, action: str, user_id: int | str, detail: str = "") -> None:
    """Record a lock event; a read-only or full database must not keep anyone locked out."""
    if store.read_only:
        return
    try:
        audit.record(store, action, "user", user_id, detail)
    except DatabaseError:
        log.warning("could not record %s in the audit trail", action)


def lock(store: Store, reason: str) -> None:
    """Record that the app locked itself (``idle``) or was locked by hand (``manual``)."""
    _record(store, audit.LOCK, "", reason)
