"""Ingest a TA1: Office Ally's answer about a whole file we sent (its interchange).

TA101 is our ISA13. A TA1 with TA104 = R means Office Ally rejected the file before
reading any claim in it: the batch becomes rejected and each of its claims gets a
``file_rejected`` event with TA105 in words. A TA1 addressed to another submitter is set
aside as not for this practice and changes nothing.
"""

from __future__ import annotations

from oa_desktop.domain.status import EventKind
from oa_desktop.services.responses import addressee
from oa_desktop.services.responses.outcome import NOT_OURS, IngestOutcome
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import batches, responses, set_aside
from oa_desktop.store.batches import Batch
from oa_desktop.store.db import utc_now
from oa_desktop.store.files import ReceivedFile
from oa_desktop.store.responses import Answer
from oa_desktop.store.set_aside import SetAside
from oa_desktop.x12.parse import parse_bytes
from oa_desktop.x12.read_ta1 import InterchangeAck


def rejection_text(ack: InterchangeAck) -> str:
    """What a rejecting TA1 says, for the claim timeline."""
    return (f"Office Ally rejected the whole file before reading its claims (TA1): "
            f"{ack.text}. Fix the file's envelope (or ask Office Ally) and send the "
            "claims again.")


def _answers(workspace: Workspace, ack: InterchangeAck, batch: Batch) -> list[Answer]:
    if ack.status != "R":
        return []
    text = rejection_text(ack)
    return [Answer(m.claim_id, EventKind.FILE_REJECTED, f"TA1 R:{ack.note_code}", text,
                   batch.id, f"ISA13 {ack.control_number}", "rejected")
            for m in responses.batch_members(workspace.store, batch.id)]


def ingest_ta1(workspace: Workspace, received: ReceivedFile, data: bytes) -> IngestOutcome:
    """Match each TA1 to the batch it answers (ISA13) and record a rejection on it."""
    if responses.already_applied(workspace.store, received.id):
        return IngestOutcome(received.id, "ingested", received.problem or "Already read.")
    identity = addressee.our_identity(workspace.store)
    answers: list[Answer] = []
    updates: dict[int, dict[str, object]] = {}
    said: list[str] = []
    aside: list[SetAside] = []
    now = utc_now()
    for ack in parse_bytes(data).interchange_acks:  # an unreadable file raises X12Error
        number = ack.interchange_control_number
        batch = batches.batch_for_interchange(workspace.store, number) \
            if number is not None else None
        if batch is None:
            continue
        problem = addressee.receiver_problem(ack.envelope, identity)
        if problem is not None:
            aside.append(SetAside(received.remote_name, "ta1",
                                  f"File {ack.control_number}, for submitter {ack.receiver_id}",
                                  problem, ack.control_number, received.id, received.local_path))
            continue
        answers += _answers(workspace, ack, batch)
        rejected: dict[str, object] = {"ack_status": "R", "ack_at": now, "status": "rejected"}
        updates[batch.id] = rejected if ack.status == "R" else {}
        said.append(f"TA1 {ack.status_word} batch {batch.name}"
                    + (f": {ack.text}" if ack.status == "R" else ""))
    set_aside.add(workspace.store, aside)
    if not updates:
        if aside:
            return IngestOutcome(received.id, NOT_OURS,
                                 f"Not for this practice: {aside[0].reason} Nothing was changed.")
        return IngestOutcome(received.id, "unmatched", "No batch sent from here has the "
                             "interchange control number (ISA13) this TA1 answers. Kept in "
                             "the archive.")
    responses.apply_answers(workspace.store, received.id, "TA1", received.remote_name, answers,
                            batch_updates=updates, at=now)
    return IngestOutcome(received.id, "ingested", "; ".join(said))
