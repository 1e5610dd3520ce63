"""What was downloaded already. The store keeps the real ledger in SQL; gateway sees a Protocol."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class RemoteFileRecord:
    """One file fetched from Office Ally and kept in the archive."""

    remote_name: str
    size: int
    mtime: int  # seconds since the epoch, as the server reports it
    sha256: str
    local_path: Path
    kind: str  # a FileKind value
    downloaded_at: datetime
    remote_raw: bytes = b""  # the name's exact bytes, when they differ from remote_name


class FileLedger(Protocol):
    """The store's record of downloaded files."""

    def seen(self, name: str, size: int, mtime: int) -> bool:
        """True if this exact remote file (name, size, mtime) was recorded before."""
        ...

    def seen_sha256(self, sha256: str) -> bool:
        """True if a file with these exact bytes was recorded before (under any name)."""
        ...

    def record(self, record: RemoteFileRecord) -> None:
        """Remember a file that is now safely in the archive."""
        ...


class InMemoryLedger:
    """A :class:`FileLedger` in memory, for tests and the benchmark."""

    def __init__(self) -> None:
        self.records: list[RemoteFileRecord] = []
        self._keys: set[tuple[str, int, int]] = set()
        self._digests: set[str] = set()
        self._lock = threading.Lock()

    def seen(self, name: str, size: int, mtime: int) -> bool:
        """True if (name, size, mtime) was recorded."""
        with self._lock:
            return (name, size, mtime) in self._keys

    def seen_sha256(self, sha256: str) -> bool:
        """True if these bytes were recorded."""
        with self._lock:
            return sha256 in self._digests

    def record(self, record: RemoteFileRecord) -> None:
        """Append ``record``."""
        with self._lock:
            self.records.append(record)
            self._keys.add((record.remote_name, record.size, record.mtime))
            self._digests.add(record.sha256)
