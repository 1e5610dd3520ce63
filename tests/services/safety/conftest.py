"""Backups in tests: a cheap scrypt cost (the real one is 2^17; the header carries it)."""

from __future__ import annotations

import pytest

from oa_desktop.services.safety import backup_crypto

PASSPHRASE = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup_crypto, "SCRYPT_N", 1 << 12)
