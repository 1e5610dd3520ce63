"""A bad value never hides the codes next to it: each element is read on its own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from oa_desktop.x12.model_835 import Remittance835
from oa_desktop.x12.parse import parse_text
from oa_desktop.x12.read_277 import StatusReport277
from oa_desktop.x12.read_837 import Batch837
from oa_desktop.x12.write_837p import write_837p
from tests.x12.factories import CREATED, NUMBERS, simple_submission
from tests.x12.handmade import era_835, era_claim, era_file, group, interchange, transaction


def _277(stc: str) -> str:
    body = ["BHT*0085*08*BATCH1*20261126*1200*TH", "HL*1**20*1", "NM1*PR*2*PAYER*****PI*P1",
            "HL*2*1*21*1", "NM1*41*2*BRIGHT PATH*****46*SUB12345", "HL*3*2*19*1",
            "NM1*85*2*BRIGHT PATH*****XX*1000000111", "HL*4*3*PT",
            "NM1*QC*1*DOE*JANE****MI*XYZ123456", "TRN*2*C1001", stc, "REF*1K*ICN77"]
    return interchange([group("HN", "301", [transaction("277", "0001", body)],
                              "005010X212")])


def _only_277(text: str) -> StatusReport277:
    [report] = parse_text(text).transactions
    assert isinstance(report, StatusReport277)
    return report


def test_an_stc_whose_date_is_not_a_date_still_reports_its_categories() -> None:
    text = _277("STC*F2:85:PR*2026X126**360*0*****A3:21")
    result = parse_text(text)
    [claim] = _only_277(text).claims
    assert claim.patient_control_number == "C1001" and claim.payer_claim_number == "ICN77"
    assert [(s.category, s.code, s.entity) for s in claim.statuses] == [
        ("F2", "85", "PR"), ("A3", "21", "")]
    assert claim.statuses[0].date is None
    assert claim.statuses[0].charge == Decimal("360")
    [warning] = result.findings
    assert (warning.severity, warning.segment_number, warning.segment_id, warning.element) == (
        "warning", 14, "STC", 2)
    assert "'2026X126' is not a date" in warning.message


def test_an_stc_whose_amount_is_bad_keeps_its_date_and_codes() -> None:
    [claim] = _only_277(_277("STC*P1:20*20261126**3X0")).claims
    [status] = claim.statuses
    assert (status.category, status.code, status.date, status.charge) == (
        "P1", "20", date(2026, 11, 26), None)


def test_an_835_line_with_a_bad_date_keeps_its_procedure_and_control_number() -> None:
    claims = [era_claim("C1", service_date="20261340"), era_claim("C2")]
    result = parse_text(era_file(era_835("0001", claims, "200")))
    [era] = result.transactions
    assert isinstance(era, Remittance835)
    first = era.claims[0]
    [line] = first.lines
    assert (line.procedure, line.service_date, line.control_number) == ("90837", None, "C1L1")
    assert line.adjustments[0].amount == Decimal("80.00")
    assert era.claims[1].lines[0].service_date == date(2026, 11, 2)
    [finding] = result.errors
    assert (finding.segment_id, finding.element) == ("DTM", 2)
    assert era.balanced  # a date is not money: the amounts still add up


def test_an_835_bpr_with_a_bad_amount_keeps_the_payment_and_cannot_balance() -> None:
    text = era_file(era_835("0001", [era_claim("C1")], "1O0"))
    result = parse_text(text)
    [era] = result.transactions
    assert isinstance(era, Remittance835)
    assert (era.method, era.trace_number, era.payment_date) == (
        "ACH", "EFT12345", date(2026, 11, 21))
    assert era.claims[0].patient_control_number == "C1"
    assert not era.balanced
    assert [(f.segment_id, f.element) for f in result.errors] == [("BPR", 2)]


def test_an_835_plb_with_one_bad_amount_keeps_the_other_reasons() -> None:
    claims = [era_claim("C1")]
    text = era_file(era_835("0001", claims, "95")).replace(
        "~SE*", "~PLB*1000000442*20261231*WO:C1*5*L6*X1~SE*").replace("SE*15*", "SE*16*")
    result = parse_text(text)
    [era] = result.transactions
    assert isinstance(era, Remittance835)
    assert [(p.reason, p.amount) for p in era.provider_adjustments] == [
        ("WO", Decimal("5")), ("L6", Decimal("0.00"))]
    assert not era.balanced and [f.element for f in result.errors] == [6]


def test_an_837_line_with_a_bad_charge_keeps_its_procedure() -> None:
    text = write_837p(simple_submission(), NUMBERS, CREATED)
    start = text.index("SV1*")
    charge = text[start:].split("*")[2]
    text = text[:start] + text[start:].replace(f"*{charge}*", "*1X0*", 1)
    result = parse_text(text)
    [batch] = result.transactions
    assert isinstance(batch, Batch837)
    first = batch.submission.claims[0].claim
    assert len(first.lines) == 2 and first.lines[0].procedure_code
    assert [(f.severity, f.segment_id, f.element) for f in result.findings] == [
        ("warning", "SV1", 2)]
