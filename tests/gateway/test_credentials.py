"""The password lives in the keyring or, where none works, in memory for this session only."""

from __future__ import annotations

import keyring
import keyring.backend
import pytest
from keyring.backends import fail, null
from keyring.errors import KeyringLocked, PasswordSetError

from oa_desktop.gateway.credentials import SERVICE, CredentialStore, Storage, account_name
from tests.conftest import MemoryKeyring


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("locked")


class RefusingKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("nope")


class PlaintextKeyring(MemoryKeyring):
    pass


PlaintextKeyring.__module__ = "keyrings.alt.file"


def test_keyring_roundtrip_under_service_and_account() -> None:
    backend = MemoryKeyring()
    store = CredentialStore(backend)
    result = store.save("ftp10.officeally.com", "doc1", "Abc12345")
    assert result.storage is Storage.KEYRING
    assert backend.passwords == {(SERVICE, "doc1@ftp10.officeally.com"): "Abc12345"}
    assert CredentialStore(backend).load("ftp10.officeally.com", "doc1") == "Abc12345"


@pytest.mark.parametrize("password", ["Abc12345", "ünï cödé ", " spaced\t", "a*b~c:d^e"])
def test_difficult_passwords_roundtrip_exactly(password: str) -> None:
    backend = MemoryKeyring()
    CredentialStore(backend).save("h", "u", password)
    assert CredentialStore(backend).load("h", "u") == password


@pytest.mark.parametrize(
    "backend", [fail.Keyring(), null.Keyring(), LockedKeyring(), RefusingKeyring(),
                PlaintextKeyring()],
    ids=["missing", "null", "locked", "set-fails", "plaintext-refused"],
)
def test_without_a_working_keyring_the_password_is_kept_for_the_session_only(
    backend: keyring.backend.KeyringBackend,
) -> None:
    store = CredentialStore(backend)
    result = store.save("h", "u", "Abc12345")
    assert result.storage is Storage.SESSION
    assert "until the app closes" in result.explanation
    assert store.load("h", "u") == "Abc12345"  # this session still logs in
    assert CredentialStore(backend).load("h", "u") is None  # the next session asks again
    if isinstance(backend, MemoryKeyring):
        assert backend.passwords == {}  # nothing written anywhere


def test_locked_keyring_says_so() -> None:
    result = CredentialStore(LockedKeyring()).save("h", "u", "Abc12345")
    assert "locked" in result.explanation


def test_default_backend_is_the_process_keyring(memory_keyring: MemoryKeyring) -> None:
    CredentialStore().save("h", "u", "Abc12345")
    assert memory_keyring.passwords[(SERVICE, account_name("h", "u"))] == "Abc12345"
