"""What the proof-of-timely-filing packet reads: the batches that carried a claim and the
answers (999, 277CA) matched to them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from oa_desktop.store import batches
from oa_desktop.store.db import Store, chunks_of, marks
from oa_desktop.store.files import ReceivedFile

_FILE_COLUMNS = ("f.id, f.remote_name, f.size, f.mtime, f.sha256, f.local_path, f.kind, "
                 "f.downloaded_at, f.status, f.problem")


@dataclass(frozen=True, slots=True)
class SentBatch:
    """An uploaded batch that carried the claim."""

    batch: batches.Batch
    pcn: str  # the claim's CLM01 in this batch
    sha256: str  # the 837P's SHA-256, recorded before it was uploaded


def sent_batches(store: Store, claim_id: int) -> list[SentBatch]:
    """Every batch that carried the claim and was uploaded, oldest first."""
    rows = store.read.execute(
        "SELECT b.id, bc.pcn, b.file_sha256 FROM batch_claims bc "
        "JOIN batches b ON b.id = bc.batch_id "
        "WHERE bc.claim_id = ? AND b.sent_at IS NOT NULL ORDER BY b.sent_at, b.id", [claim_id])
    return [SentBatch(batches.get_batch(store, batch_id), pcn, sha)
            for batch_id, pcn, sha in rows.fetchall()]


@dataclass(frozen=True, slots=True)
class MatchedFile:
    """A received file matched to one of the batches or to the claim."""

    file: ReceivedFile
    batch_id: int | None


def answer_files(store: Store, claim_id: int, batch_ids: Sequence[int]) -> list[MatchedFile]:
    """Files matched to the batches (999, reports) or to the claim (277CA), oldest first."""
    found: dict[int, MatchedFile] = {}
    for chunk in chunks_of(list(batch_ids)):
        for row in store.read.execute(
            f"SELECT DISTINCT {_FILE_COLUMNS}, m.batch_id FROM response_matches m "
            f"JOIN received_files f ON f.id = m.file_id WHERE m.batch_id IN ({marks(chunk)}) "
            "AND m.claim_id IS NULL", chunk,
        ):
            found.setdefault(row[0], MatchedFile(ReceivedFile(*row[:10]), row[10]))
    for row in store.read.execute(
        f"SELECT DISTINCT {_FILE_COLUMNS}, m.batch_id FROM response_matches m "
        "JOIN received_files f ON f.id = m.file_id WHERE m.claim_id = ?", [claim_id],
    ):
        found.setdefault(row[0], MatchedFile(ReceivedFile(*row[:10]), row[10]))
    return sorted(found.values(), key=lambda m: (m.file.downloaded_at, m.file.id))
