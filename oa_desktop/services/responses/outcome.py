"""What ingesting one received file did: the one result every reader returns."""

from __future__ import annotations

from dataclasses import dataclass

# The received-file status of an answer set aside whole as not for this practice.
NOT_OURS = "not_ours"


@dataclass(frozen=True)
class IngestOutcome:
    """What one file did: ``ingested`` (matched), ``unmatched`` or ``failed``, and why."""

    file_id: int
    status: str
    summary: str  # one line for the Responses screen, e.g. "999 accepted batch B-2026-0004"
