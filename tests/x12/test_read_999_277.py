from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from oa_desktop.x12.parse import parse_file
from oa_desktop.x12.read_277 import StatusReport277
from oa_desktop.x12.read_999 import Acknowledgment999
from oa_desktop.x12.tokenizer import tokenize
from tests.x12.conftest import corpus_params, fixture


def test_999_partial_acceptance() -> None:
    [ack] = parse_file(fixture("ack_partial.999")).transactions
    assert isinstance(ack, Acknowledgment999)
    assert (ack.set_type, ack.group_control_number, ack.status) == ("999", "7", "P")
    assert ack.status_text == "Partially Accepted, At Least One Transaction Set Was Rejected"
    rejected, accepted = ack.sets
    assert (rejected.control_number, rejected.status) == ("0003", "R")
    assert rejected.status_text == "Rejected"
    assert rejected.error_codes == [("5", "One or more segments in error")]
    [segment] = rejected.segments
    assert (segment.segment_id, segment.position, segment.loop, segment.code) == (
        "NM1", "12", "2010AA", "8")
    assert segment.contexts == [["CTX", "CLM01:C1001"]]
    [element] = segment.elements
    assert (element.position, element.code, element.bad_value) == ("9", "7", "1234567890")
    assert "Invalid code value" in element.text
    assert (accepted.control_number, accepted.status) == ("0004", "A")


def test_997_uses_ak3_ak4_ak5() -> None:
    [ack] = parse_file(fixture("ack_rejected.997")).transactions
    assert isinstance(ack, Acknowledgment999)
    assert (ack.set_type, ack.status) == ("997", "R")
    [only] = ack.sets
    assert only.status == "R" and only.segments[0].segment_id == "CLM"
    assert only.segments[0].elements[0].code == "1"


def test_277ca_claims_with_trn_ref_and_statuses() -> None:
    [report] = parse_file(fixture("status_277ca.277")).transactions
    assert isinstance(report, StatusReport277)
    first, second = report.claims
    assert (first.patient_control_number, first.payer_claim_number,
            first.clearinghouse_trace) == ("C1001", "OA123456789", "CLH555")
    assert first.charge == Decimal("360")
    assert (first.service_date, first.service_date_to) == (date(2026, 11, 2), date(2026, 11, 3))
    [status] = first.statuses
    assert (status.category, status.code, status.date) == ("A2", "20", date(2026, 11, 26))
    assert status.text.startswith("Acknowledgement/Acceptance into adjudication system")
    rejected, extra = second.statuses
    assert (rejected.category, rejected.code, rejected.entity) == ("A7", "562", "85")
    assert "entity: Billing Provider" in rejected.text
    assert extra.code == "ZZ9" and "code ZZ9 (no description in this version)" in extra.text
    assert [level for level, _ in report.level_statuses] == ["21"]


def test_277_x212_uses_the_patient_account_number() -> None:
    [report] = parse_file(fixture("status_277.277")).transactions
    assert isinstance(report, StatusReport277)
    [claim] = report.claims
    assert (claim.trace_number, claim.patient_control_number) == ("TRACE77", "C1001")
    assert claim.payer_claim_number == "PCN9001"
    claim_level, line_level = claim.statuses
    assert (claim_level.paid, claim_level.line) == (Decimal("300"), None)
    assert line_level.line == 0


@pytest.mark.parametrize("path", corpus_params("999", "997"))
def test_corpus_acks_agree_with_ak9_and_ik5(path: Path) -> None:
    result = parse_file(path)
    acks = [t for t in result.transactions if isinstance(t, Acknowledgment999)]
    ak9: list[str] = []
    ik5: list[str] = []
    for ts in tokenize(path.read_bytes()).transactions:
        for seg in ts.segments:
            if seg[0] == "AK9":
                ak9.append(seg[1])
            elif seg[0] in ("IK5", "AK5"):
                ik5.append(seg[1])
    assert [a.status for a in acks] == ak9
    assert [s.status for a in acks for s in a.sets] == ik5


@pytest.mark.parametrize("path", corpus_params("277"))
def test_corpus_277_statuses(path: Path) -> None:
    result = parse_file(path)
    reports = [t for t in result.transactions if isinstance(t, StatusReport277)]
    stc = sum(1 for ts in tokenize(path.read_bytes()).transactions for seg in ts.segments
              if seg[0] == "STC")
    read = sum(len(c.statuses) for r in reports for c in r.claims) + sum(
        len(r.level_statuses) for r in reports)
    assert read >= stc  # one STC may carry two or three statuses (STC10, STC11)
    for report in reports:
        for claim in report.claims:
            assert claim.trace_number
            assert all(s.text for s in claim.statuses)
