"""End to end over loopback: submit to the sandbox, sync, every claim answered."""

from __future__ import annotations

import re

from oa_desktop.domain.status import ClaimStatus, EventKind
from oa_desktop.services.demo.practice import start_demo_sandbox
from oa_desktop.services.office_ally import connection
from oa_desktop.services.submit import batches as submit
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import batches, claims, files
from tests.services.submit.helpers import ready_claims, wait_for_answers


def _statuses(workspace: Workspace, ids: list[int]) -> dict[int, ClaimStatus]:
    return {i: ClaimStatus(claims.get_claim(workspace.store, i).status) for i in ids}


def _event_count(workspace: Workspace) -> int:
    return int(workspace.store.read.execute("SELECT COUNT(*) FROM claim_events").fetchone()[0])


def test_fifty_claims_submitted_answered_and_a_second_sync_changes_nothing(
    demo_workspace: Workspace,
) -> None:
    root = demo_workspace.folder.root
    sandbox = start_demo_sandbox(root, respond_after=0.2)
    try:
        ids = ready_claims(demo_workspace, 50)
        result = submit.submit(demo_workspace, ids, test_mode=True)
        assert not result.left_out and not result.failed
        assert result.sent_claims == 50
        (outcome,) = result.outcomes
        assert "OATEST" in outcome.batch.file_name
        assert set(_statuses(demo_workspace, ids).values()) == {ClaimStatus.SUBMITTED}
        wait_for_answers(root, [outcome.batch.file_name])
        first = connection.sync(demo_workspace)
        kinds = {f.id: f.kind for f in files.list_received(demo_workspace.store)}
        answers = [o for o in first.ingested if kinds[o.file_id] != "era_zip"]
        assert {kinds[o.file_id] for o in answers} == {"999", "277", "file_summary"}
        assert all(o.status == "ingested" for o in answers), answers
        statuses = _statuses(demo_workspace, ids)
        assert set(statuses.values()) <= {ClaimStatus.ACCEPTED_BY_PAYER, ClaimStatus.REJECTED}
        rejected = [i for i, s in statuses.items() if s is ClaimStatus.REJECTED]
        assert rejected, "the sandbox rejects about one claim in eight"
        for claim_id in rejected:
            events = claims.timeline(demo_workspace.store, claim_id)
            said = [e for e in events if e.kind is EventKind.PAYER_REJECTED]
            assert said and re.match(r"A[378]:\d+", said[-1].codes)
            assert "Rejected" in said[-1].text and said[-1].source_file.endswith(".277")
            report = [e for e in events if e.kind is EventKind.CLEARINGHOUSE_REJECTED]
            assert report and report[-1].source_file.startswith("FS_HCFA_")
        batch = batches.get_batch(demo_workspace.store, outcome.batch.id)
        assert batch.status == "accepted" and batch.ack_status == "A"
        assert batch.first_277_at and batch.oa_file_id
        counts = batches.outcome_counts(demo_workspace.store)[batch.id]
        assert counts.rejected == len(rejected) and counts.accepted == 50 - len(rejected)
        before = (_event_count(demo_workspace), _statuses(demo_workspace, ids))
        second = connection.sync(demo_workspace)  # an ERA may arrive meanwhile: not ours
        assert all(kinds.get(o.file_id, "era_zip") == "era_zip" for o in second.ingested)
        assert (_event_count(demo_workspace), _statuses(demo_workspace, ids)) == before
    finally:
        sandbox.stop()


def test_a_malformed_file_gets_a_999_r_and_all_its_claims_are_rejected(
    demo_workspace: Workspace,
) -> None:
    root = demo_workspace.folder.root
    sandbox = start_demo_sandbox(root, respond_after=0.2)
    try:
        ids = ready_claims(demo_workspace, 12)
        (batch,) = submit.prepare_batches(demo_workspace, ids, test_mode=True)
        path = root / batch.local_path
        path.write_text(re.sub(r"SE\*\d+\*", "SE*3*", path.read_text()))
        (outcome,) = submit.send_batches(demo_workspace, [batch])
        assert outcome.sent
        wait_for_answers(root, [batch.file_name])
        connection.sync(demo_workspace)
        assert set(_statuses(demo_workspace, ids).values()) == {ClaimStatus.REJECTED}
        events = claims.timeline(demo_workspace.store, ids[0])
        rejected = [e for e in events if e.kind is EventKind.FILE_REJECTED]
        assert rejected[0].codes.startswith("999 R")
        assert "rejected the whole file" in rejected[0].text
        assert any(e.source_file.startswith("FS_HCFA_") for e in rejected)
        assert batches.get_batch(demo_workspace.store, batch.id).status == "rejected"
        assert all(f.status == "ingested" for f in files.list_received(demo_workspace.store)
                   if f.kind != "era_zip")
    finally:
        sandbox.stop()


def test_a_failed_upload_leaves_claims_ready_and_retry_sends_them(
    demo_workspace: Workspace,
) -> None:
    from oa_desktop.gateway.errors import NoRoute

    root = demo_workspace.folder.root
    ids = ready_claims(demo_workspace, 5)

    def unreachable(_w: Workspace, _p: str | None) -> None:
        raise NoRoute("127.0.0.1", 1)

    result = submit.submit(demo_workspace, ids, test_mode=True,
                           session_factory=unreachable)  # type: ignore[arg-type]
    (outcome,) = result.outcomes
    assert not outcome.sent and outcome.batch.status == "failed"
    assert outcome.batch.failure
    assert set(_statuses(demo_workspace, ids).values()) == {ClaimStatus.READY}
    assert not set(ids) & set(submit.sendable_claim_ids(demo_workspace.store))
    sandbox = start_demo_sandbox(root, respond_after=60)
    try:
        retried = submit.retry_batch(demo_workspace, outcome.batch.id)
        assert retried.sent
        assert set(_statuses(demo_workspace, ids).values()) == {ClaimStatus.SUBMITTED}
    finally:
        sandbox.stop()


def test_a_big_selection_is_split_by_the_cap(demo_workspace: Workspace) -> None:
    from oa_desktop.store import settings

    settings.BATCH_CLAIM_CAP.set(demo_workspace.store, 4)
    ids = ready_claims(demo_workspace, 10)
    made = submit.prepare_batches(demo_workspace, ids, test_mode=False)
    assert [b.claim_count for b in made] == [4, 4, 2]
    assert all("OATEST" not in b.file_name for b in made)
    assert len({b.group_control_number for b in made}) == 3
