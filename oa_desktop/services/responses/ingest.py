"""Ingest what was downloaded: hand each new file to the reader for its kind.

Every received file is read from the archive (never from the network), once. Each
ingester matches what it can (batches, claims, remittances) and says what it did; a file
nothing matches is marked ``unmatched`` with the reason, and is never lost.

Memory: a file is read whole and parsed whole, and parsing X12 takes about ten times the
file's size (benchmarks/ingest_memory.py). So before anything is read, a file (or, for a
zip, the sizes its members declare, which bound what can come out of it) larger than the
``max_file_mb`` setting or than :data:`PARSE_CAP_BYTES` is refused with the reason and
kept in the archive: memory stays under 500 MB whatever arrives.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from oa_desktop.errors import KnownError
from oa_desktop.gateway.settings import GatewaySettings
from oa_desktop.gateway.unzip import MAX_RATIO
from oa_desktop.logs import get_logger
from oa_desktop.services.era.importing import ingest_era
from oa_desktop.services.responses import acks, claim_status, interchange, oa_reports
from oa_desktop.services.responses.outcome import IngestOutcome
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import files, settings
from oa_desktop.store.files import ReceivedFile

log = get_logger("services")


Ingester = Callable[[Workspace, ReceivedFile, bytes], IngestOutcome]

# The most read in (and parsed) at once: ~10 bytes of memory per byte parsed keeps the
# whole read-in under 500 MB (a 43 MB 835 peaked at 468 MB: benchmarks/ingest_memory.py).
PARSE_CAP_BYTES = 40_000_000


def max_file_bytes(workspace: Workspace) -> int:
    """The ``max_file_mb`` setting (downloads and reading in), in bytes."""
    gateway = GatewaySettings.from_dict(settings.values_with_prefix(workspace.store, "gateway."))
    return max(int(gateway.max_file_mb), 1) * 1_000_000


def _megabytes(count: int) -> str:
    return f"{count / 1e6:,.1f} MB"


def _unpacked_size(path: Path) -> int | None:
    """What a zip's members say they hold (an upper bound of what reading yields), or
    None when the file is no zip; a zip bomb's ratio counts as too large."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    if any(i.file_size > max(i.compress_size, 1) * MAX_RATIO for i in infos):
        return 2 ** 62
    return sum(i.file_size for i in infos)


def too_large(workspace: Workspace, path: Path) -> str:
    """Why ``path`` is not read in (too large for the setting or for memory), or ""."""
    limit = max_file_bytes(workspace)
    size = path.stat().st_size
    unpacked = _unpacked_size(path) if size else None
    biggest = max(size, unpacked or 0)
    if biggest <= min(limit, PARSE_CAP_BYTES):
        return ""
    what = (f"holds {_megabytes(unpacked)} when unpacked" if unpacked and unpacked < 2 ** 62
            else "unpacks to an implausible size" if unpacked else f"is {_megabytes(size)}")
    if biggest > limit:
        return (f"It {what}, more than the {_megabytes(limit)} limit for one file, so it "
                "was not read in; it is kept in the archive. If you expected a file this "
                "large from Office Ally, call them; otherwise nothing needs doing.")
    return (f"It {what}, more than the {_megabytes(PARSE_CAP_BYTES)} this app can read in at "
            "once without running short of memory, so it was not read in; it is kept in the "
            "archive. Ask Office Ally to send smaller files (for example one ERA per payer).")


def ingesters() -> dict[str, Ingester]:
    """The reader for each file kind (gateway.classify.FileKind values)."""
    return {
        "999": acks.ingest_999,
        "997": acks.ingest_999,
        "ta1": interchange.ingest_ta1,
        "277": claim_status.ingest_277,
        "file_summary": oa_reports.ingest_file_summary,
        "file_summary_error": oa_reports.ingest_error_report,
        "edi_status": oa_reports.ingest_edi_status,
        "835": ingest_era,
        "era_zip": ingest_era,
    }


def ingest_file(workspace: Workspace, received: ReceivedFile) -> IngestOutcome:
    """Ingest one received file and record its new status."""
    ingester = ingesters().get(received.kind)
    if ingester is None:
        outcome = IngestOutcome(received.id, "unmatched",
                                f"No reader for {received.kind} files; kept in the archive.")
    else:
        path = workspace.folder.root / received.local_path
        reason = too_large(workspace, path)
        if reason:
            outcome = IngestOutcome(received.id, "failed", reason)
        else:
            data = path.read_bytes()
            try:
                outcome = ingester(workspace, received, data)
            except KnownError as exc:
                outcome = IngestOutcome(received.id, "failed", f"{exc.message} {exc.next_step}")
            del data
    files.mark_received(workspace.store, received.id, outcome.status, outcome.summary)
    log.info("ingested file %d (%s): %s", received.id, received.kind, outcome.status)
    return outcome


def ingest_new(workspace: Workspace) -> list[IngestOutcome]:
    """Ingest every file not yet ingested, oldest first."""
    waiting = sorted(files.list_received(workspace.store, status="new"), key=lambda f: f.id)
    return [ingest_file(workspace, received) for received in waiting]
