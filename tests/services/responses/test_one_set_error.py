"""One set's error stays in its set, for 277 and 999 files too: a set with an envelope or
syntax error of its own changes nothing, the other sets of the file are applied, and the
file's summary names the set not read and what to do."""

from __future__ import annotations

from oa_desktop.domain.status import ClaimStatus, EventKind
from oa_desktop.sandbox.x12out import Interchange
from oa_desktop.services.responses.ingest import ingest_file
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import batches, claims, records
from oa_desktop.store.batches import Batch
from tests.services.responses.helpers import receive, sent_batch
from tests.services.responses.test_addressee import OUR_SUBMITTER


def _body_277(pcn: str, npi: str) -> list[list[str]]:
    return [
        ["BHT", "0085", "08", "F1", "20261201", "1200", "TH"],
        ["HL", "1", "", "20", "1"], ["NM1", "AY", "2", "OFFICE ALLY", "", "", "", "", "46",
                                        "330897513"],
        ["TRN", "1", "F1"], ["DTP", "050", "D8", "20261201"], ["DTP", "009", "D8", "20261201"],
        ["HL", "2", "1", "21", "1"], ["NM1", "41", "2", "HARBOR", "", "", "", "", "46",
                                          OUR_SUBMITTER],
        ["TRN", "2", "X1"], ["STC", "A1:19", "20261201", "WQ", "100"],
        ["HL", "3", "2", "19", "1"], ["NM1", "85", "2", "HARBOR", "", "", "", "", "XX", npi],
        ["TRN", "1", "0"],
        ["HL", "4", "3", "PT"], ["NM1", "QC", "1", "ROE", "RICHARD", "", "", "", "MI", "Z9"],
        ["TRN", "2", pcn], ["STC", "A7:562:85", "20261201", "U", "100"],
        ["DTP", "472", "D8", "20261101"],
    ]


def _body_999(batch: Batch) -> list[list[str]]:
    return [["AK1", "HC", str(batch.group_control_number), "005010X222A1"],
            ["AK2", "837", batch.transaction_control_number, "005010X222A1"],
            ["IK5", "A"], ["AK9", "A", "1", "1", "1"]]


def test_a_277_set_with_a_wrong_se_count_is_not_applied_and_the_other_is(
    demo_workspace: Workspace,
) -> None:
    store = demo_workspace.store
    sent_batch(demo_workspace, ["OS1", "OS2"])
    practice = records.load_practice(store)
    assert practice is not None
    x12 = Interchange("HN", "005010X214", OUR_SUBMITTER, 4242, "20261201", "1200")
    x12.add_set("277", _body_277("OS1", practice.npi))
    x12.add_set("277", _body_277("OS2", practice.npi))
    text = x12.render()
    first_se = text.index("SE*", text.index("ST*277*0001"))
    text = text[:first_se] + text[first_se:].replace("SE*20*0001", "SE*99*0001", 1)
    outcome = ingest_file(demo_workspace, receive(demo_workspace, "two.277", text.encode()))
    assert outcome.status == "ingested", outcome.summary
    assert "not read: set 0001 (277, from segment 3)" in outcome.summary, outcome.summary
    assert "SE01 says '99'" in outcome.summary and "corrected copy" in outcome.summary
    one, two = (claims.claim_id_for_pcn(store, p) for p in ("OS1", "OS2"))
    assert one is not None and two is not None
    assert claims.get_claim(store, two).status == ClaimStatus.REJECTED
    assert claims.timeline(store, one)[-1].kind is EventKind.SUBMITTED  # untouched


def test_a_999_set_without_its_se_is_not_applied_and_the_other_is(
    demo_workspace: Workspace,
) -> None:
    store = demo_workspace.store
    first = sent_batch(demo_workspace, ["OS3"], group=61, st02="0001")
    second = sent_batch(demo_workspace, ["OS4"], group=62, st02="0001")
    x12 = Interchange("FA", "005010X231A1", OUR_SUBMITTER, 4343, "20261201", "1200")
    x12.add_set("999", _body_999(first))
    x12.add_set("999", _body_999(second))
    text = x12.render().replace("SE*6*0001~", "")
    outcome = ingest_file(demo_workspace, receive(demo_workspace, "two.999", text.encode()))
    assert outcome.status == "ingested", outcome.summary
    assert "not read: set 0001 (999, from segment 3)" in outcome.summary, outcome.summary
    assert "has no SE" in outcome.summary
    assert batches.get_batch(store, second.id).status == "accepted"
    assert batches.get_batch(store, first.id).status == first.status


def test_a_999_whose_only_set_is_broken_fails_naming_it(demo_workspace: Workspace) -> None:
    first = sent_batch(demo_workspace, ["OS5"], group=63, st02="0001")
    x12 = Interchange("FA", "005010X231A1", OUR_SUBMITTER, 4444, "20261201", "1200")
    x12.add_set("999", _body_999(first))
    text = x12.render().replace("SE*6*0001", "SE*6*0002")
    outcome = ingest_file(demo_workspace, receive(demo_workspace, "bad.999", text.encode()))
    assert outcome.status == "failed" and "set 0001" in outcome.summary, outcome.summary
    assert batches.get_batch(demo_workspace.store, first.id).status == first.status
