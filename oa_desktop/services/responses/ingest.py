"""Ingest what was downloaded: hand each new file to the reader for its kind.

Every received file is read from the archive (never from the network), once. Each
ingester matches what it can (batches, claims, remittances) and says what it did; a file
nothing matches is marked ``unmatched`` with the reason, and is never lost.
"""

from __future__ import annotations

from collections.abc import Callable

from oa_desktop.errors import KnownError
from oa_desktop.logs import get_logger
from oa_desktop.services.era.importing import ingest_era
from oa_desktop.services.responses import acks, claim_status, interchange, oa_reports
from oa_desktop.services.responses.outcome import IngestOutcome
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import files
from oa_desktop.store.files import ReceivedFile

log = get_logger("services")


Ingester = Callable[[Workspace, ReceivedFile, bytes], IngestOutcome]


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
        data = (workspace.folder.root / received.local_path).read_bytes()
        try:
            outcome = ingester(workspace, received, data)
        except KnownError as exc:
            outcome = IngestOutcome(received.id, "failed", f"{exc.message} {exc.next_step}")
    files.mark_received(workspace.store, received.id, outcome.status, outcome.summary)
    log.info("ingested file %d (%s): %s", received.id, received.kind, outcome.status)
    return outcome


def ingest_new(workspace: Workspace) -> list[IngestOutcome]:
    """Ingest every file not yet ingested, oldest first."""
    waiting = sorted(files.list_received(workspace.store, status="new"), key=lambda f: f.id)
    return [ingest_file(workspace, received) for received in waiting]
