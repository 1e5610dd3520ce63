"""The SFTP password: in the OS keyring, or in memory for this session only.

No plaintext fallback, ever: a backend from ``keyrings.alt`` counts as no keyring. The
null backend (``keyring --disable``) stores nothing, so a save is read back to check.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from enum import StrEnum

import keyring
import keyring.backend
from keyring.errors import KeyringError

from oa_desktop.logs import get_logger

SERVICE = "OA Desktop"
log = get_logger("gateway")


class Storage(StrEnum):
    """Where the password was kept: the OS keyring, or memory for this session."""
    KEYRING = "keyring"
    SESSION = "session"  # memory only, until the app closes


@dataclass(frozen=True)
class SaveResult:
    """Where a password ended up, and why, in a sentence for the user."""

    storage: Storage
    explanation: str


def account_name(host: str, username: str) -> str:
    """The keyring account for one Office Ally login: ``username@host``."""
    return f"{username}@{host}"


def _is_plaintext(backend: keyring.backend.KeyringBackend) -> bool:
    inner = getattr(backend, "backends", None) or [backend]
    return any(type(b).__module__.startswith("keyrings.alt") for b in inner)


class CredentialStore:
    """Reads and writes Office Ally passwords; keeps a session copy when no keyring works."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend
        self._session: dict[str, str] = {}
        self._lock = threading.Lock()

    def _keyring(self) -> keyring.backend.KeyringBackend | None:
        backend = self._backend or keyring.get_keyring()
        return None if _is_plaintext(backend) else backend

    def backend_name(self) -> str:
        """The keyring backend in use, for selfcheck and Settings."""
        backend = self._backend or keyring.get_keyring()
        return f"{type(backend).__module__}.{type(backend).__name__}"

    def load(self, host: str, username: str) -> str | None:
        """The password for this login, from this session or the keyring; None if unknown."""
        account = account_name(host, username)
        with self._lock:
            if account in self._session:
                return self._session[account]
        backend = self._keyring()
        if backend is None:
            return None
        try:
            return backend.get_password(SERVICE, account) or None
        except (KeyringError, RuntimeError) as exc:
            log.warning("keyring read failed (%s)", type(exc).__name__)
            return None

    def remember_for_session(self, host: str, username: str, password: str) -> None:
        """Keep ``password`` in memory only, until the app closes."""
        with self._lock:
            self._session[account_name(host, username)] = password

    def save(self, host: str, username: str, password: str) -> SaveResult:
        """Store in the keyring; where that is impossible, keep it for this session only."""
        account = account_name(host, username)
        backend = self._keyring()
        self.remember_for_session(host, username, password)
        if backend is None:
            return SaveResult(Storage.SESSION, _NO_KEYRING)
        try:
            backend.set_password(SERVICE, account, password)
            stored = backend.get_password(SERVICE, account)
        except (KeyringError, RuntimeError) as exc:
            log.warning("keyring write failed (%s)", type(exc).__name__)
            return SaveResult(Storage.SESSION, _explain(exc))
        if stored != password:
            return SaveResult(Storage.SESSION, _NO_KEYRING)
        return SaveResult(Storage.KEYRING, "The password is saved in this computer's keyring.")

    def forget(self, host: str, username: str) -> None:
        """Drop the session copy and the keyring entry (if any)."""
        account = account_name(host, username)
        with self._lock:
            self._session.pop(account, None)
        backend = self._keyring()
        if backend is None:
            return
        with contextlib.suppress(KeyringError, RuntimeError):
            backend.delete_password(SERVICE, account)


_NO_KEYRING = (
    "This computer has no working keyring, so the password is kept only until the app "
    "closes; you will be asked again next time. Nothing was written to disk."
)


def _explain(exc: Exception) -> str:
    if isinstance(exc, keyring.errors.KeyringLocked):
        return (
            "The keyring is locked, so the password is kept only until the app closes. "
            "Unlock the keyring and save again to remember it."
        )
    return _NO_KEYRING
