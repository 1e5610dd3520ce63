"""Office Ally's text reports: matched by ACCNT# / acct, every report kept as an event."""

from __future__ import annotations

from pathlib import Path

from oa_desktop.domain.status import ClaimStatus, EventKind
from oa_desktop.services.responses.ingest import ingest_file
from oa_desktop.services.responses.oa_reports import EDI_STATUS_COLUMNS, parse_edi_status
from oa_desktop.services.workspace import open_workspace
from oa_desktop.store import claims
from tests.services.responses.helpers import receive, sent_batch


def _edi_row(values: dict[str, str]) -> str:
    line = [" "] * 260
    for name, start, width in EDI_STATUS_COLUMNS:
        text = values.get(name, "")[:width].ljust(width)
        line[start:start + width] = list(text)
    return "".join(line).rstrip()


def _edi_report(rows: list[dict[str, str]]) -> bytes:
    header = "    File ID   Claim ID    Acct#          Patient"
    lines = ["OFFICE ALLY EDI STATUS REPORT", "", header]
    lines += [_edi_row(r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")


def test_edi_status_rows_become_payer_events_and_repeats_all_show(tmp_path: Path) -> None:
    workspace = open_workspace(tmp_path / "data")
    try:
        sent_batch(workspace, ["C0000101", "C0000102"])
        report = _edi_report([
            {"file_id": "123456789", "acct": "C0000101", "status": "ACCEPTED",
             "payer_ref_id": "PAYER-REF-1", "payer_response": "CLAIM ACCEPTED"},
            {"file_id": "123456789", "acct": "C0000102", "status": "REJECTED",
             "payer_response": "SUBSCRIBER ID NOT ON FILE"},
            {"file_id": "123456789", "acct": "C9999999", "status": "ACCEPTED"},
        ])
        first = ingest_file(workspace, receive(workspace, "1_EDI_STATUS_A.txt", report))
        assert first.status == "ingested"
        assert "1 claim accepted, 1 rejected; 1 not sent from here" in first.summary
        accepted = claims.claim_id_for_pcn(workspace.store, "C0000101")
        rejected = claims.claim_id_for_pcn(workspace.store, "C0000102")
        assert accepted is not None and rejected is not None
        assert claims.get_claim(workspace.store, accepted).status == ClaimStatus.ACCEPTED_BY_PAYER
        last = claims.timeline(workspace.store, rejected)[-1]
        assert last.kind is EventKind.PAYER_REJECTED
        assert "SUBSCRIBER ID NOT ON FILE" in last.text and last.codes == "EDI: REJECTED"
        again = ingest_file(workspace, receive(workspace, "1_EDI_STATUS_B.txt", report))
        assert again.status == "ingested"  # the same report once more: a second event
        said = [e for e in claims.timeline(workspace.store, rejected)
                if e.kind is EventKind.PAYER_REJECTED]
        assert [e.source_file for e in said] == ["1_EDI_STATUS_A.txt", "1_EDI_STATUS_B.txt"]
    finally:
        workspace.close()


def test_parse_edi_status_reads_the_published_offsets() -> None:
    text = _edi_report([{"acct": "C1", "status": "REJECTED", "amount": "120.00",
                         "payer_response": "BAD ID"}]).decode()
    report = parse_edi_status(text.replace("\r\n", "\n"))
    (row,) = report.rows
    assert (row["acct"], row["status"], row["amount"], row["payer_response"]) == (
        "C1", "REJECTED", "120.00", "BAD ID")
