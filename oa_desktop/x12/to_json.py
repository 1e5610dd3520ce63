"""The ``x12 parse --json`` document (CLI.md): money as two-decimal strings, ISO dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from oa_desktop.domain.money import money_text
from oa_desktop.x12.model_835 import Adjustment, ClaimPayment, Remittance835, ServicePayment
from oa_desktop.x12.parse import OtherSet, ParseResult, Transaction
from oa_desktop.x12.read_277 import StatusReport277
from oa_desktop.x12.read_837 import Batch837
from oa_desktop.x12.read_999 import Acknowledgment999, SetAcknowledgment

Json = dict[str, Any]


def _money(value: Decimal | None) -> str | None:
    return None if value is None else money_text(value)


def _date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _quantity(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def _adjustments(items: list[Adjustment]) -> list[Json]:
    return [{"group": a.group, "reason": a.reason, "amount": money_text(a.amount),
             "quantity": _quantity(a.quantity)} for a in items]


def _line(line: ServicePayment) -> Json:
    return {"procedure": line.procedure, "modifiers": list(line.modifiers),
            "charge": money_text(line.charge), "paid": money_text(line.paid),
            "units": _quantity(line.units), "service_date": _date(line.service_date),
            "control_number": line.control_number,
            "adjustments": _adjustments(line.adjustments), "remarks": list(line.remarks)}


def _claim(claim: ClaimPayment) -> Json:
    return {"patient_control_number": claim.patient_control_number,
            "status_code": claim.status_code, "charge": money_text(claim.charge),
            "paid": money_text(claim.paid),
            "patient_responsibility": _money(claim.patient_responsibility),
            "payer_claim_number": claim.payer_claim_number,
            "patient": {"last": claim.patient_last, "first": claim.patient_first,
                        "member_id": claim.member_id},
            "adjustments": _adjustments(claim.adjustments),
            "lines": [_line(line) for line in claim.lines]}


def remittance_json(era: Remittance835) -> Json:
    """The 835 object."""
    return {
        "type": "835", "control_number": era.control_number,
        "payment": {"amount": money_text(era.amount), "method": era.method,
                    "date": _date(era.payment_date), "trace_number": era.trace_number,
                    "payer": {"name": era.payer.name, "id": era.payer_id},
                    "payee": {"name": era.payee.name, "npi": era.payee_npi,
                              "tax_id": era.payee_tax_id}},
        "claims": [_claim(c) for c in era.claims],
        "provider_adjustments": [{"reason": p.reason, "reference": p.reference,
                                  "amount": money_text(p.amount)}
                                 for p in era.provider_adjustments],
        "balanced": era.balanced,
        "balance_errors": [e.message for e in era.balance_errors],
    }


def status_json(report: StatusReport277) -> Json:
    """The 277 / 277CA object."""
    return {"type": "277", "control_number": report.control_number, "claims": [
        {"patient_control_number": c.patient_control_number,
         "payer_claim_number": c.payer_claim_number,
         "clearinghouse_trace": c.clearinghouse_trace, "charge": _money(c.charge),
         "statuses": [{"category": s.category, "code": s.code, "entity": s.entity,
                       "date": _date(s.date), "text": s.text} for s in c.statuses]}
        for c in report.claims]}


def _set_errors(ack_set: SetAcknowledgment) -> list[Json]:
    errors: list[Json] = []
    for note in ack_set.segments:
        base = {"segment": note.segment_id, "position": note.position, "loop": note.loop}
        if not note.elements:
            errors.append({**base, "code": note.code, "element": None, "element_code": None,
                           "text": note.text})
        for element in note.elements:
            errors.append({**base, "code": note.code, "element": element.position,
                           "element_code": element.code,
                           "text": f"{note.text} {element.text}".strip()})
    for code, text in ack_set.error_codes:
        errors.append({"segment": None, "position": None, "loop": None, "code": code,
                       "element": None, "element_code": None, "text": text})
    return errors


def ack_json(ack: Acknowledgment999) -> Json:
    """The 999 / 997 object."""
    return {"type": ack.set_type, "control_number": ack.control_number,
            "group_control_number": ack.group_control_number, "status": ack.status,
            "sets": [{"control_number": s.control_number, "status": s.status,
                      "errors": _set_errors(s)} for s in ack.sets]}


def batch_json(batch: Batch837) -> Json:
    """The 837 summary object."""
    return {"type": "837", "control_number": batch.control_number, "claims": [
        {"patient_control_number": c.patient_control_number, "charge": money_text(c.charge),
         "lines": c.lines} for c in batch.claims]}


def transaction_json(item: Transaction) -> Json:
    """One transaction set as CLI.md describes it."""
    if isinstance(item, Remittance835):
        return remittance_json(item)
    if isinstance(item, StatusReport277):
        return status_json(item)
    if isinstance(item, Acknowledgment999):
        return ack_json(item)
    if isinstance(item, Batch837):
        return batch_json(item)
    assert isinstance(item, OtherSet)
    return {"type": item.set_id, "control_number": item.control_number,
            "segments": len(item.segments)}


def result_json(result: ParseResult) -> Json:
    """The whole ``x12 parse --json`` document."""
    return {"transactions": [transaction_json(t) for t in result.transactions]}
