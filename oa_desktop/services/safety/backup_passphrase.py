"""The backup passphrase: set once (welcome screen or Settings), kept in the OS keyring.

Without a working keyring it is kept for this session only, never on disk. One
passphrase per data folder. Restoring on a new computer asks for it, which is why the
setup shows it to be written down.
"""

from __future__ import annotations

import secrets

from oa_desktop.errors import InputError
from oa_desktop.gateway.credentials import CredentialStore, Storage
from oa_desktop.paths import DataFolder

MIN_LENGTH = 10
_KEYRING_HOST = "backup-passphrase"
_LETTERS = "abcdefghjkmnpqrstuvwxyz"  # no i, l, o: nothing to misread when writing it down
_STORE = CredentialStore()


def _account(folder: DataFolder) -> str:
    return str(folder.root.resolve())


def load(folder: DataFolder) -> str | None:
    """The data folder's backup passphrase, or None when none was set on this computer."""
    return _STORE.load(_KEYRING_HOST, _account(folder))


def is_set(folder: DataFolder) -> bool:
    """True when backups of this folder can be encrypted without asking."""
    return load(folder) is not None


def check(passphrase: str, repeat: str | None = None) -> None:
    """Raise a plain ``InputError`` when ``passphrase`` is too short or not repeated."""
    if len(passphrase.strip()) < MIN_LENGTH:
        raise InputError(f"The backup passphrase needs at least {MIN_LENGTH} characters.",
                         "Use the suggested one, or a short sentence only you know.")
    if repeat is not None and repeat != passphrase:
        raise InputError("The two passphrases are not the same.", "Type it again in both boxes.")


def save(folder: DataFolder, passphrase: str) -> str:
    """Keep ``passphrase`` for ``folder``; return one sentence on where it is kept."""
    check(passphrase)
    result = _STORE.save(_KEYRING_HOST, _account(folder), passphrase)
    if result.storage is Storage.KEYRING:
        return "The passphrase is saved in this computer's keyring."
    return ("This computer has no working keyring, so the passphrase is kept only until "
            "OA Desktop closes; you will be asked for it again.")


def forget(folder: DataFolder) -> None:
    """Drop the stored passphrase (backups made with it still need it to be restored)."""
    _STORE.forget(_KEYRING_HOST, _account(folder))


def suggest() -> str:
    """A random passphrase easy to write down: four groups of four letters (~72 bits)."""
    return "-".join("".join(secrets.choice(_LETTERS) for _ in range(4)) for _ in range(4))
