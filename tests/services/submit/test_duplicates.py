"""The batch scrub finds duplicate claims the same way the editor's scrubber does."""

from dataclasses import replace

from oa_desktop.domain.status import EventKind
from oa_desktop.services.claims.scrub import scrub_claim
from oa_desktop.services.submit import batches
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims


def test_batch_scrub_warns_of_a_duplicate_like_the_editor(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    original_id = batches.sendable_claim_ids(store)[0]
    original = claims.get_claim(store, original_id)
    copy = replace(original, id=None, patient_control_number=claims.new_pcn(store),
                   lines=[replace(line, id=None) for line in original.lines])
    copy_id = claims.save_claim(store, copy)
    claims.add_event(store, copy_id, EventKind.MARKED_READY)
    findings = batches.scrub_claims(store, [original_id, copy_id])
    for claim_id, other in ((original_id, copy), (copy_id, original)):
        codes = {f.code for f in findings[claim_id]}
        assert "claim.duplicate" in codes
        duplicate = next(f for f in findings[claim_id] if f.code == "claim.duplicate")
        assert other.patient_control_number in duplicate.message
        editor = {f.code for f in scrub_claim(store, claims.get_claim(store, claim_id))}
        assert codes == editor  # the same edits before batching as in the editor
