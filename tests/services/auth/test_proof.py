"""The proof-of-timely-filing packet, from files really sent to and answered by the sandbox."""

from __future__ import annotations

import hashlib

import pytest

from oa_desktop.domain.status import ClaimStatus
from oa_desktop.errors import InputError
from oa_desktop.services.auth import proof
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import batches, claims
from tests.conftest import DEMO_DAY
from tests.services.submit.helpers import send_and_answer


def _sha(path: object) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()  # type: ignore[attr-defined]


def test_packet_matches_the_archived_files(demo_workspace: Workspace) -> None:
    root = demo_workspace.folder.root
    store = demo_workspace.store
    ids, outcome = send_and_answer(demo_workspace, 8)
    accepted = [i for i in ids
                if claims.get_claim(store, i).status == ClaimStatus.ACCEPTED_BY_PAYER]
    claim_id = accepted[0]
    packet = proof.build_packet(demo_workspace, claim_id, today=DEMO_DAY)
    (sent,) = packet.submissions
    # the 837P: its name, its hash recorded at sending, and the archive's bytes now
    batch_row = store.read.execute(
        "SELECT file_name, local_path, file_sha256, sent_at FROM batches WHERE id = ?",
        [outcome.batch.id]).fetchone()
    assert (sent.file.name, sent.file.at) == (batch_row[0], batch_row[3])
    assert sent.file.recorded_sha256 == batch_row[2] == _sha(root / batch_row[1])
    assert sent.file.actual_sha256 == batch_row[2] and sent.file.matches
    # the 999 and the 277CA: exactly the received files matched to this batch and claim
    received = {r[0]: (r[1], r[2]) for r in store.read.execute(
        "SELECT remote_name, local_path, sha256 FROM received_files")}
    (ack,) = sent.ack_files
    assert ack.name.endswith(".999") and ack.actual_sha256 == _sha(root / received[ack.name][0])
    assert ack.recorded_sha256 == received[ack.name][1]
    assert sent.ack_status == "A"
    (claim_ack,) = sent.claim_acks
    assert claim_ack.file.name.endswith(".277") and claim_ack.accepted
    assert claim_ack.file.actual_sha256 == _sha(root / received[claim_ack.file.name][0])
    assert claim_ack.trace_number == sent.pcn == packet.pcn
    assert claim_ack.statuses[0].startswith(("A1:", "A2:", "A0:"))
    assert packet.all_files_match
    # the claim as sent, and the letter
    assert any(s.startswith(f"CLM*{sent.pcn}*") for s in sent.segments)
    assert sent.segments[0].startswith("HL*")
    letter = "\n".join(packet.cover_letter())
    assert sent.file.name in letter and "CO-29" in letter and packet.payer_name in letter

    # a changed archive no longer matches what was recorded
    (root / batch_row[1]).write_bytes((root / batch_row[1]).read_bytes() + b"\n")
    assert not proof.build_packet(demo_workspace, claim_id, DEMO_DAY).all_files_match


def test_a_claim_never_sent_has_no_packet(demo_workspace: Workspace) -> None:
    draft = demo_workspace.store.read.execute(
        "SELECT id FROM claims WHERE status = 'draft' LIMIT 1").fetchone()[0]
    with pytest.raises(InputError, match="never sent"):
        proof.build_packet(demo_workspace, draft)


def test_a_claim_sent_without_an_archived_file_has_no_packet(demo_workspace: Workspace) -> None:
    """A batch recorded with no file (as an older install's were) proves nothing."""
    batch_id, sent = demo_workspace.store.read.execute(
        "SELECT b.id, bc.claim_id FROM batch_claims bc JOIN batches b ON b.id = bc.batch_id "
        "WHERE b.sent_at IS NOT NULL LIMIT 1").fetchone()
    assert proof.build_packet(demo_workspace, sent, DEMO_DAY).submissions  # kept: a packet
    batches.set_batch_file(demo_workspace.store, batch_id, file_name="", local_path="",
                           sha256="")
    with pytest.raises(InputError, match="not in the archive"):
        proof.build_packet(demo_workspace, sent)
