"""Every query reads batch statuses from one place (domain.batch_status): an upload whose
outcome is unknown (sending, unconfirmed) holds its claims and counts in ``status --json``;
a batch that never went out (built, failed, cancelled) is never what an answer is about."""

from __future__ import annotations

import pytest

from oa_desktop.domain import batch_status
from oa_desktop.errors import InputError
from oa_desktop.services.reports.status import status_summary
from oa_desktop.services.submit.batches import (
    prepare_batches,
    record_sent,
    sendable_claim_ids,
    waiting_batches,
)
from oa_desktop.services.submit.flow import load_candidates
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import batches, claims, responses


@pytest.mark.parametrize("status", batch_status.UNCERTAIN)
def test_claims_of_an_upload_not_yet_confirmed_are_not_offered_again(
    demo_workspace: Workspace, status: str,
) -> None:
    store = demo_workspace.store
    claim_id = sendable_claim_ids(store)[0]
    [batch] = prepare_batches(demo_workspace, [claim_id], test_mode=True)
    batches.mark_uncertain(store, batch.id, status, "the answer to the rename never came")
    assert claim_id not in sendable_claim_ids(store)
    assert claim_id not in {c.claim_id for c in load_candidates(store)}
    with pytest.raises(InputError, match="already in a batch waiting"):
        prepare_batches(demo_workspace, [claim_id], test_mode=True)
    assert [b.id for b in waiting_batches(store)] == [batch.id]
    assert batches.get_batch(store, batch.id).waiting
    assert status_summary(demo_workspace)["batches"][status] == 1
    assert batches.BATCH_STATUS_LABELS[status] == "Upload unconfirmed"


def test_an_answer_matches_the_batch_that_may_have_gone_out_never_a_cancelled_one(
    demo_workspace: Workspace,
) -> None:
    store = demo_workspace.store
    claim_id = sendable_claim_ids(store)[0]
    [sent] = prepare_batches(demo_workspace, [claim_id], test_mode=True)
    record_sent(store, sent)
    pcn = claims.get_claim(store, claim_id).patient_control_number

    def carry_again(status: str) -> int:
        """A newer batch with the same CLM01, left in ``status``."""
        made = batches.create_batch(store, [batches.BatchClaim(claim_id, pcn, sent.charge_amount)])
        if status in batch_status.UNCERTAIN:
            batches.mark_uncertain(store, made.id, status)
        else:
            batches.mark_batch(store, made.id, status)
        return made.id

    carry_again(batch_status.CANCELLED)  # could not be written: never went out
    found = responses.sent_claims(store, [pcn]).get(pcn)
    assert found is not None and found.batch_id == sent.id

    unconfirmed = carry_again(batch_status.UNCONFIRMED)  # may be at Office Ally
    found = responses.sent_claims(store, [pcn]).get(pcn)
    assert found is not None and found.batch_id == unconfirmed


def test_every_status_has_a_label_and_one_set() -> None:
    assert set(batch_status.LABELS) == set(batch_status.ALL)
    assert set(batch_status.WAITING) & set(batch_status.SENT_STATUSES) == set()
    assert set(batch_status.NEVER_SENT) & set(batch_status.UNCERTAIN) == set()
