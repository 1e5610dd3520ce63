"""Every 277 category moves the claim (DESIGN §2's table); later by date wins; 835 outranks."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from oa_desktop.domain.status import ClaimStatus, EventKind
from oa_desktop.sandbox.responder import Responder, SandboxLayout
from oa_desktop.sandbox.x12out import Interchange
from oa_desktop.services.claims.bundles import export_837, ready_claim_ids
from oa_desktop.services.responses.ingest import ingest_file
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, records
from tests.services.responses.helpers import receive, sent_batch

S = ClaimStatus

# (STC01, STC04, STC05) → the claim's status and words its timeline shows
CASES = [
    ("P1:20", None, None, S.PENDING_AT_PAYER, "in process"),
    ("P2:20", None, None, S.PENDING_AT_PAYER, "payer review"),
    ("P3:21", None, None, S.INFO_REQUESTED, "asked the provider for information"),
    ("P4:21", None, None, S.INFO_REQUESTED, "asked the patient"),
    ("R4:21", None, None, S.INFO_REQUESTED, "More information requested"),
    ("F1:65", "100", "80", S.APPROVED_FOR_PAYMENT, "$80.00 to be paid"),
    ("F2:88", "100", "0", S.DENIED, "Denied by the payer"),
    ("F3F:107", None, None, S.RETURNED_BY_PAYER, "forwarded to another payer"),
    ("F3N:107", None, None, S.RETURNED_BY_PAYER, "not forwarded"),
    ("F4:107", None, None, S.FINALIZED_NO_PAYMENT, "no payment will be made"),
    ("A7:562:85", None, None, S.REJECTED, "Rejected for invalid information"),
    ("E0:0", None, None, S.SUBMITTED, "Payer system status"),
    ("D0:35", None, None, S.SUBMITTED, "Data search unsuccessful"),
]


def payer_277(npi: str, loops: list[tuple[str, str, str, str | None, str | None]],
              control: int = 5) -> bytes:
    """A payer's 277 (X212): loops are (CLM01, STC01, STC02 date, STC04, STC05)."""
    x12 = Interchange("HN", "005010X212", "HARBORLT01", control, "20261201", "1200")
    body: list[list[str]] = [
        ["BHT", "0010", "08", "T1", "20261201", "1200", "DG"],
        ["HL", "1", "", "20", "1"], ["NM1", "PR", "2", "PAYER", "", "", "", "", "PI", "P1"],
        ["HL", "2", "1", "21", "1"], ["NM1", "41", "2", "OA", "", "", "", "", "46", "330897513"],
        ["HL", "3", "2", "19", "1"], ["NM1", "85", "2", "HARBOR", "", "", "", "", "XX", npi],
    ]
    for index, (pcn, stc, day, charge, paid) in enumerate(loops):
        row = ["STC", stc, day, "", charge or ""]
        if paid is not None:
            row.append(paid)
        body += [["HL", str(4 + index), "3", "22", "0"],
                 ["NM1", "IL", "1", "DOE", "JANE", "", "", "", "MI", "M1"],
                 ["TRN", "2", pcn], row]
    x12.add_set("277", body)
    return x12.render().encode()


def _npi(workspace: Workspace) -> str:
    practice = records.load_practice(workspace.store)
    assert practice is not None
    return practice.npi


def _status(workspace: Workspace, pcn: str) -> tuple[ClaimStatus, str]:
    claim_id = claims.claim_id_for_pcn(workspace.store, pcn)
    assert claim_id is not None
    last = claims.timeline(workspace.store, claim_id)[-1]
    return ClaimStatus(claims.get_claim(workspace.store, claim_id).status), last.text


@pytest.mark.parametrize(("stc", "charge", "paid", "expected", "words"), CASES,
                         ids=[c[0] for c in CASES])
def test_each_category_moves_the_claim_as_the_table_says(
    demo_workspace: Workspace, stc: str, charge: str | None, paid: str | None,
    expected: ClaimStatus, words: str,
) -> None:
    sent_batch(demo_workspace, ["PS1"])
    data = payer_277(_npi(demo_workspace), [("PS1", stc, "20261201", charge, paid)])
    outcome = ingest_file(demo_workspace, receive(demo_workspace, "p.277", data))
    assert outcome.status == "ingested", outcome.summary
    status, text = _status(demo_workspace, "PS1")
    assert status is expected and words in text, text
    assert claims.check_claim_caches(demo_workspace.store) == []


def test_the_later_report_by_its_date_wins_and_an_835_outranks_a_277(
    demo_workspace: Workspace,
) -> None:
    sent_batch(demo_workspace, ["PS2", "PS3"])
    npi = _npi(demo_workspace)
    first = payer_277(npi, [("PS2", "F1:65", "20261205", "100", "80"),
                            ("PS3", "P1:20", "20261205", None, None)])
    ingest_file(demo_workspace, receive(demo_workspace, "a.277", first))
    assert _status(demo_workspace, "PS2")[0] is S.APPROVED_FOR_PAYMENT
    older = payer_277(npi, [("PS2", "P1:20", "20261201", None, None),
                            ("PS3", "P3:21", "20261206", None, None)], control=6)
    ingest_file(demo_workspace, receive(demo_workspace, "b.277", older))
    status, text = _status(demo_workspace, "PS2")
    assert status is S.APPROVED_FOR_PAYMENT and "kept as history" in text
    assert _status(demo_workspace, "PS3")[0] is S.INFO_REQUESTED
    # an 835 denial outranks a later 277
    claim_id = claims.claim_id_for_pcn(demo_workspace.store, "PS3")
    assert claim_id is not None
    claims.add_event(demo_workspace.store, claim_id, EventKind.DENIED, source="835")
    later = payer_277(npi, [("PS3", "F1:65", "20261210", "100", "80")], control=7)
    ingest_file(demo_workspace, receive(demo_workspace, "c.277", later))
    status, text = _status(demo_workspace, "PS3")
    assert status is S.DENIED and "ERA's decision outranks" in text
    assert claims.check_claim_caches(demo_workspace.store) == []


def test_the_sandbox_sends_pending_and_finalized_reports_that_move_claims(
    demo_workspace: Workspace, tmp_path: Path,
) -> None:
    store = demo_workspace.store
    ids = ready_claim_ids(store)
    text, _ = export_837(store, ids)
    for claim_id in ids:
        claims.add_event(store, claim_id, EventKind.SUBMITTED, text="Sent (test)")
    layout = SandboxLayout(tmp_path / "oa").prepare()
    (layout.inbound / "batch.837").write_text(text)
    Responder(layout, seed=7, respond_after=0, payer_reports=True).poll(time.monotonic())
    reports = [p for p in layout.outbound.iterdir()
               if p.suffix == ".277" and "_277CA_" not in p.name]
    assert len(reports) == 1
    ca = next(p for p in layout.outbound.iterdir() if "_277CA_" in p.name)
    with store.write() as db:  # the claims went out in a batch: what the 277s answer
        db.execute("INSERT INTO batches (name, interchange_control_number, group_control_number, "
                   "transaction_control_number, status, created_at, sent_at) VALUES "
                   "('B-T', 1, 1, '0001', 'sent', 'now', 'now')")
        db.execute("INSERT INTO batch_claims (batch_id, claim_id, pcn) SELECT "
                   "(SELECT id FROM batches WHERE name = 'B-T'), id, pcn FROM claims "
                   f"WHERE id IN ({', '.join(map(str, ids))})")
    for path in (ca, reports[0]):
        outcome = ingest_file(demo_workspace, receive(demo_workspace, path.name,
                                                      path.read_bytes()))
        assert outcome.status == "ingested", outcome.summary
    statuses = {ClaimStatus(claims.get_claim(store, i).status) for i in ids}
    assert statuses & {S.PENDING_AT_PAYER, S.INFO_REQUESTED, S.APPROVED_FOR_PAYMENT, S.DENIED}
    assert claims.check_claim_caches(store) == []


def test_one_claim_is_one_claim_in_what_the_277_said(demo_workspace: Workspace) -> None:
    """Seen on Responses under Xvfb: "277: 1 claims accepted, 0 rejected"."""
    sent_batch(demo_workspace, ["PS1"])
    data = payer_277(_npi(demo_workspace), [("PS1", "A2:20", "20261201", None, None)])
    outcome = ingest_file(demo_workspace, receive(demo_workspace, "p.277", data))
    assert "1 claim accepted" in outcome.summary and "1 claims" not in outcome.summary
