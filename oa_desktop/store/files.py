"""The ledger of files received from Office Ally."""

from __future__ import annotations

from dataclasses import dataclass

from oa_desktop.store.db import Store, inserted_id


@dataclass(frozen=True, slots=True)
class ReceivedFile:
    """A file downloaded from Office Ally, as the download ledger records it."""
    id: int
    remote_name: str
    size: int
    mtime: int
    sha256: str
    local_path: str
    kind: str
    downloaded_at: str
    status: str
    problem: str


def file_seen(store: Store, remote_name: str, size: int, mtime: int) -> bool:
    """True if this exact remote file (name, size, mtime) was downloaded before."""
    row = store.read.execute(
        "SELECT 1 FROM received_files WHERE remote_name = ? AND size = ? AND mtime = ?",
        [remote_name, size, mtime],
    ).fetchone()
    return row is not None


def sha256_seen(store: Store, sha256: str) -> bool:
    """True if a file with these bytes was downloaded before, under any name."""
    row = store.read.execute(
        "SELECT 1 FROM received_files WHERE sha256 = ?", [sha256]
    ).fetchone()
    return row is not None


def first_downloaded_at(store: Store, sha256: str) -> str | None:
    """When a file with this content was first received, if ever."""
    row = store.read.execute(
        "SELECT MIN(downloaded_at) FROM received_files WHERE sha256 = ?", [sha256]).fetchone()
    if row is not None and row[0] is not None:
        return str(row[0])
    return None


def record_received(
    store: Store, *, remote_name: str, size: int, mtime: int, sha256: str, local_path: str,
    kind: str, downloaded_at: str, status: str = "new", problem: str = "",
) -> int:
    """Record a file that is now safely in the archive; returns its id."""
    with store.write() as db:
        return inserted_id(db.table("received_files").insert({
            "remote_name": remote_name, "size": size, "mtime": mtime, "sha256": sha256,
            "local_path": local_path, "kind": kind, "downloaded_at": downloaded_at,
            "status": status, "problem": problem,
        }))


def list_received(store: Store, status: str | None = None) -> list[ReceivedFile]:
    """Received files, newest first (only those with ``status`` when given)."""
    where, params = ("WHERE status = ?", [status]) if status else ("", [])
    rows = store.read.execute(
        "SELECT id, remote_name, size, mtime, sha256, local_path, kind, downloaded_at, status, "
        f"problem FROM received_files {where} ORDER BY id DESC", params,
    )
    return [ReceivedFile(*r) for r in rows]


def mark_received(store: Store, file_id: int, status: str, problem: str = "") -> None:
    """Set a received file's status (ingested, failed, duplicate)."""
    with store.write() as db:
        db.table("received_files").update(file_id, {"status": status, "problem": problem})
