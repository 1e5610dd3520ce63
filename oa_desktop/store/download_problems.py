"""Remote files that could not be downloaded (the Office Ally screen's "Could not download")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from oa_desktop.store.db import Store


@dataclass(frozen=True, slots=True)
class DownloadProblem:
    """A remote file that could not be downloaded: why, since when, how many tries."""

    remote_raw: bytes
    remote_name: str
    size: int
    reason: str
    first_seen: str
    last_seen: str
    attempts: int


def replace_problems(
    store: Store, problems: Iterable[tuple[bytes, str, int, str]], seen_at: str
) -> None:
    """After a full pass over the download folder: these (raw, name, size, reason) are the
    files that could not be fetched now; every other row is gone (fetched, or removed)."""
    rows = list(problems)
    with store.write() as db:
        keep = [raw for raw, _, _, _ in rows]
        marks = ",".join("?" * len(keep))
        where = f"WHERE remote_raw NOT IN ({marks})" if keep else ""
        db.execute(f"DELETE FROM download_problems {where}", keep)
        for raw, name, size, reason in rows:
            db.execute(
                "INSERT INTO download_problems (remote_raw, remote_name, size, reason, "
                "first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (remote_raw) DO UPDATE SET remote_name = excluded.remote_name, "
                "size = excluded.size, reason = excluded.reason, last_seen = excluded.last_seen, "
                "attempts = attempts + 1",
                [raw, name, size, reason, seen_at, seen_at],
            )


def list_problems(store: Store) -> list[DownloadProblem]:
    """Every file waiting in "Could not download", oldest first."""
    rows = store.read.execute(
        "SELECT remote_raw, remote_name, size, reason, first_seen, last_seen, attempts "
        "FROM download_problems ORDER BY first_seen, remote_name")
    return [DownloadProblem(bytes(r[0]), *r[1:]) for r in rows]
