"""Nothing from outside touches the books until it proves it is for this practice.

Another practice's 999, TA1, 277CA and 835 reuse our control numbers and CLM01s (they
come from counters); each is set aside as "not for this practice" and changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from oa_desktop.domain.status import ClaimStatus, EventKind
from oa_desktop.sandbox.responder import SandboxLayout
from oa_desktop.sandbox.x12out import Interchange
from oa_desktop.services.demo.practice import start_demo_sandbox
from oa_desktop.services.office_ally import connection
from oa_desktop.services.reports.status import status_summary
from oa_desktop.services.responses.ingest import ingest_file
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import audit, batches, claims, files, records, set_aside
from oa_desktop.store.batches import Batch
from tests.services.responses.helpers import receive, sent_batch

FOREIGN_NPI = "1999999992"
OUR_SUBMITTER = "HARBORLT01"


def _render(functional: str, version: str, receiver: str, control: int, set_id: str,
            body: list[list[str]]) -> bytes:
    x12 = Interchange(functional, version, receiver, control, "20261201", "1200")
    x12.add_set(set_id, body)
    return x12.render().encode()


def foreign_999(batch: Batch, *, receiver: str = "OTHERSUB01", st02: str = "9001",
                verdict: str = "R") -> bytes:
    """Another submitter's 999 for a group numbered like ours."""
    return _render("FA", "005010X231A1", receiver, 900001, "999", [
        ["AK1", "HC", str(batch.group_control_number), "005010X222A1"],
        ["AK2", "837", st02, "005010X222A1"],
        ["IK3", "NM1", "12", "", "8"], ["IK4", "9", "", "7", "X"], ["IK5", verdict, "5"],
        ["AK9", verdict, "1", "1", "0" if verdict == "R" else "1"],
    ])


def foreign_277(pcn: str, npi: str = FOREIGN_NPI) -> bytes:
    """A 277CA about a claim numbered like ours, for another billing provider."""
    return _render("HN", "005010X214", "OTHERSUB01", 900002, "277", [
        ["BHT", "0085", "08", "F1", "20261201", "1200", "TH"],
        ["HL", "1", "", "20", "1"], ["NM1", "AY", "2", "OFFICE ALLY", "", "", "", "", "46",
                                        "330897513"],
        ["TRN", "1", "F1"], ["DTP", "050", "D8", "20261201"], ["DTP", "009", "D8", "20261201"],
        ["HL", "2", "1", "21", "1"], ["NM1", "41", "2", "OTHER", "", "", "", "", "46",
                                          "OTHERSUB01"],
        ["TRN", "2", "X1"], ["STC", "A1:19", "20261201", "WQ", "100"],
        ["HL", "3", "2", "19", "1"], ["NM1", "85", "2", "OTHER CLINIC", "", "", "", "", "XX",
                                          npi],
        ["TRN", "1", "0"],
        ["HL", "4", "3", "PT"], ["NM1", "QC", "1", "ROE", "RICHARD", "", "", "", "MI", "Z9"],
        ["TRN", "2", pcn], ["STC", "A7:562:85", "20261201", "U", "100"],
        ["REF", "1K", "OTHER1"], ["DTP", "472", "D8", "20261101"],
    ])


def foreign_835(pcn: str) -> bytes:
    """An ERA paying another practice for a claim numbered like ours, with a PLB."""
    return _render("HP", "005010X221A1", "OTHERSUB01", 900003, "835", [
        ["BPR", "I", "77.50", "C", "CHK", "", "", "", "", "", "", "", "", "", "", "",
         "20261201"],
        ["TRN", "1", "FOREIGN77", "1512345678"],
        ["N1", "PR", "TEST PAYER", "XV", "87726"],
        ["N1", "PE", "OTHER CLINIC", "XX", FOREIGN_NPI], ["REF", "TJ", "999999999"],
        ["LX", "1"],
        ["CLP", pcn, "1", "100", "95", "", "12", "PAYER1"],
        ["NM1", "QC", "1", "ROE", "RICHARD", "", "", "", "MI", "Z9"],
        ["SVC", "HC:99213", "100", "95", "", "1"], ["DTM", "472", "20261101"],
        ["CAS", "CO", "45", "5"],
        ["PLB", FOREIGN_NPI, "20261231", "L6:INT1", "-2.50", "WO:RECOUP1", "20"],
    ])


def _dump(workspace: Workspace) -> list[str]:
    """The whole database as SQL, without the rows that record received files (and
    their audit entries, which name them) and the sync's own time of last sync."""
    skip = ('INSERT INTO "received_files"', 'INSERT INTO "set_aside_files"')
    with workspace.store.write() as db:
        lines = list(db.conn.iterdump())
    sync_rows = ("'received_file'", "'gateway.last_sync'", "'sync.last_error'")
    return [line for line in lines if not line.startswith(skip) and not (
        line.startswith(('INSERT INTO "audit_log"', 'INSERT INTO "settings"'))
        and any(row in line for row in sync_rows))]


def _sent(workspace: Workspace) -> tuple[Batch, str]:
    """A batch the demo sent, and a CLM01 it carried."""
    store = workspace.store
    batch = next(b for b in batches.list_batches(store) if b.sent_at is not None)
    pcn = store.read.execute("SELECT pcn FROM batch_claims WHERE batch_id = ? LIMIT 1",
                             [batch.id]).fetchone()[0]
    return batch, pcn


def test_foreign_999_277ca_and_835_through_the_sandbox_change_nothing(
    demo_workspace: Workspace,
) -> None:
    root = demo_workspace.folder.root
    sandbox = start_demo_sandbox(root, respond_after=3600)
    try:
        connection.sync(demo_workspace)  # whatever the demo left waiting goes first
        batch, pcn = _sent(demo_workspace)
        before = _dump(demo_workspace)
        outbound = SandboxLayout(root / "sandbox").outbound
        (outbound / "other_999.999").write_bytes(foreign_999(batch))
        (outbound / "other_277.277").write_bytes(foreign_277(pcn))
        (outbound / "other_era.835").write_bytes(foreign_835(pcn))
        result = connection.sync(demo_workspace)
    finally:
        sandbox.stop()
    assert sorted(o.status for o in result.ingested) == ["not_ours"] * 3, result.ingested
    assert _dump(demo_workspace) == before
    listed = set_aside.listed(demo_workspace.store)
    assert sorted(a.answer.kind for a in listed) == ["277", "835", "999"]
    by_kind = {a.answer.kind: a.answer for a in listed}
    assert "OTHERSUB01" in by_kind["999"].reason
    assert FOREIGN_NPI in by_kind["277"].claims_for and FOREIGN_NPI in by_kind["277"].reason
    assert "OTHER CLINIC" in by_kind["835"].claims_for and "payee" in by_kind["835"].reason
    assert all((root / a.answer.local_path).is_file() for a in listed)
    assert status_summary(demo_workspace)["not_for_this_practice"] == 3


def test_a_999_whose_sets_are_not_ours_never_judges_our_batch(
    demo_workspace: Workspace,
) -> None:
    store = demo_workspace.store
    batch = sent_batch(demo_workspace, ["AD1", "AD2"], group=37, st02="0001")
    received = receive(demo_workspace, "other.999",
                       foreign_999(batch, receiver=OUR_SUBMITTER, st02="0002"))
    outcome = ingest_file(demo_workspace, received)
    assert outcome.status == "not_ours", outcome.summary
    after = batches.get_batch(store, batch.id)
    assert (after.status, after.ack_status) == (batch.status, batch.ack_status)
    for claim_id in batches.batch_claim_ids(store, batch.id):
        assert claims.timeline(store, claim_id)[-1].kind is EventKind.SUBMITTED
    (listed,) = set_aside.listed(store)
    assert "0002" in listed.answer.reason and "0001" in listed.answer.reason
    ours = receive(demo_workspace, "ours.999",
                   foreign_999(batch, receiver=OUR_SUBMITTER, st02="0001", verdict="A"))
    assert ingest_file(demo_workspace, ours).status == "ingested"
    assert batches.get_batch(store, batch.id).status == "accepted"


def test_a_277_claim_of_our_npi_is_applied_and_of_another_set_aside(
    demo_workspace: Workspace,
) -> None:
    store = demo_workspace.store
    sent_batch(demo_workspace, ["AD3"])
    practice = records.load_practice(store)
    assert practice is not None
    ours = ingest_file(demo_workspace, receive(demo_workspace, "a.277",
                                               foreign_277("AD3", practice.npi)))
    assert ours.status == "ingested"
    claim_id = claims.claim_id_for_pcn(store, "AD3")
    assert claim_id is not None
    assert claims.get_claim(store, claim_id).status == ClaimStatus.REJECTED
    events = len(claims.timeline(store, claim_id))
    theirs = ingest_file(demo_workspace, receive(demo_workspace, "b.277", foreign_277("AD3")))
    assert theirs.status == "not_ours"
    assert len(claims.timeline(store, claim_id)) == events


def test_dismissing_a_set_aside_file_is_audited(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    batch = sent_batch(demo_workspace, ["AD4"], group=38, st02="0001")
    ingest_file(demo_workspace, receive(demo_workspace, "c.999", foreign_999(batch)))
    (row,) = set_aside.listed(store)
    assert set_aside.dismiss(store, row.id) and not set_aside.dismiss(store, row.id)
    assert set_aside.listed(store) == [] and set_aside.open_count(store) == 0
    (kept,) = set_aside.listed(store, dismissed=True)
    assert kept.dismissed_at is not None
    entry = audit.entries(store, audit.AuditFilter(action=set_aside.DISMISS))[0]
    assert entry.object_id == str(row.id) and "c.999" in entry.detail


def _ta1(batch: Batch, code: str, note: str, receiver: str = OUR_SUBMITTER) -> bytes:
    isa = ["ISA", "00", " " * 10, "00", " " * 10, "ZZ", "330897513".ljust(15), "ZZ",
           receiver.ljust(15), "261201", "1200", "^", "00501", "000000777", "0", "P", ":"]
    ta1 = ["TA1", f"{batch.interchange_control_number:09d}", "261201", "1200", code, note]
    return ("~\n".join(["*".join(isa), "*".join(ta1), "IEA*0*000000777"]) + "~\n").encode()


def test_a_rejecting_ta1_rejects_the_batch_it_answers_in_words(
    demo_workspace: Workspace,
) -> None:
    store = demo_workspace.store
    batch = sent_batch(demo_workspace, ["AD5", "AD6"])
    theirs = receive(demo_workspace, "x.ta1", _ta1(batch, "R", "009", receiver="OTHERSUB01"))
    assert theirs.kind == "ta1"
    assert ingest_file(demo_workspace, theirs).status == "not_ours"
    assert batches.get_batch(store, batch.id).status == batch.status
    outcome = ingest_file(demo_workspace, receive(demo_workspace, "y.ta1",
                                                  _ta1(batch, "R", "022")))
    assert outcome.status == "ingested" and "envelope structure" in outcome.summary
    assert batches.get_batch(store, batch.id).status == "rejected"
    for claim_id in batches.batch_claim_ids(store, batch.id):
        last = claims.timeline(store, claim_id)[-1]
        assert last.kind is EventKind.FILE_REJECTED and "envelope structure" in last.text
        assert claims.get_claim(store, claim_id).status == ClaimStatus.REJECTED


def test_an_era_for_another_payee_imported_by_hand_is_set_aside(
    demo_workspace: Workspace, tmp_path: Path,
) -> None:
    from oa_desktop.services.era import importing

    _, pcn = _sent(demo_workspace)
    path = tmp_path / "other.835"
    path.write_bytes(foreign_835(pcn))
    result = importing.import_era_file(demo_workspace, path)
    assert result.remittance_ids == [] and result.set_aside == 1
    assert "Not for this practice" in result.summary
    (row,) = files.list_received(demo_workspace.store)
    assert row.status == "not_ours"
