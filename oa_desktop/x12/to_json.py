"""The ``x12 parse --json`` document (CLI.md): money as two-decimal strings, ISO dates.

A large remittance repeats the same few amounts and adjustments thousands of times, so
their JSON values are made once per document (:class:`_Texts`); :func:`json_text` writes
the document with the C encoder, one claim (or set) per line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from oa_desktop.domain.money import money_text
from oa_desktop.x12.gc_pause import paused_gc
from oa_desktop.x12.json_835 import RawJson, claim_text
from oa_desktop.x12.model_835 import Adjustment, ClaimPayment, Remittance835, ServicePayment
from oa_desktop.x12.parse import OtherSet, ParseResult, Transaction, UnreadableSet
from oa_desktop.x12.read_277 import StatusReport277
from oa_desktop.x12.read_837 import Batch837
from oa_desktop.x12.read_999 import Acknowledgment999, SetAcknowledgment
from oa_desktop.x12.read_ta1 import InterchangeAck

Json = dict[str, Any]


_MONEY_TEXT: dict[Decimal, str] = {}
_ADJUSTMENT_JSON: dict[Adjustment, Json] = {}
_DATE_TEXT: dict[date, str] = {}
_CACHE_LIMIT = 100_000


def _money_text(value: Decimal) -> str:
    text = _MONEY_TEXT.get(value)
    if text is None:
        if len(_MONEY_TEXT) > _CACHE_LIMIT:
            _MONEY_TEXT.clear()
        text = _MONEY_TEXT[value] = money_text(value)
    return text


def _money(value: Decimal | None) -> str | None:
    return None if value is None else _money_text(value)


def _date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _quantity(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def _adjustment(item: Adjustment) -> Json:
    """One CAS reason; the same (shared, never mutated) dict for equal adjustments."""
    value = _ADJUSTMENT_JSON.get(item)
    if value is None:
        if len(_ADJUSTMENT_JSON) > _CACHE_LIMIT:
            _ADJUSTMENT_JSON.clear()
        value = _ADJUSTMENT_JSON[item] = {
            "group": item.group, "reason": item.reason, "amount": _money_text(item.amount),
            "quantity": _quantity(item.quantity)}
    return value


def _adjustments(items: list[Adjustment]) -> list[Json]:
    return [_adjustment(a) for a in items]


def _day(value: date | None) -> str | None:
    if value is None:
        return None
    text = _DATE_TEXT.get(value)
    if text is None:
        if len(_DATE_TEXT) > _CACHE_LIMIT:
            _DATE_TEXT.clear()
        text = _DATE_TEXT[value] = value.isoformat()
    return text


def _line(line: ServicePayment) -> Json:
    # Tuples are written as JSON arrays: no list is copied for modifiers and remarks.
    return {"procedure": line.procedure, "modifiers": line.modifiers,
            "charge": _money_text(line.charge), "paid": _money_text(line.paid),
            "units": _quantity(line.units), "service_date": _day(line.service_date),
            "control_number": line.control_number,
            "adjustments": [_adjustment(a) for a in line.adjustments],
            "remarks": line.remarks}


def claim_json(claim: ClaimPayment) -> Json:
    """One claim (CLP loop) of an 835."""
    return {"patient_control_number": claim.patient_control_number,
            "status_code": claim.status_code, "charge": _money_text(claim.charge),
            "paid": _money_text(claim.paid),
            "patient_responsibility": _money(claim.patient_responsibility),
            "payer_claim_number": claim.payer_claim_number,
            "patient": {"last": claim.patient_last, "first": claim.patient_first,
                        "member_id": claim.member_id},
            "adjustments": _adjustments(claim.adjustments),
            "lines": [_line(line) for line in claim.lines]}


def remittance_json(era: Remittance835, raw_claims: bool = False) -> Json:
    """The 835 object; with ``raw_claims`` each claim is already JSON text (faster)."""
    claims: list[Any] = ([claim_text(c) for c in era.claims] if raw_claims
                         else [claim_json(c) for c in era.claims])
    return {
        "type": "835", "control_number": era.control_number,
        "payment": {"amount": money_text(era.amount), "method": era.method,
                    "date": _date(era.payment_date), "trace_number": era.trace_number,
                    "payer": {"name": era.payer.name, "id": era.payer_id},
                    "payee": {"name": era.payee.name, "npi": era.payee_npi,
                              "tax_id": era.payee_tax_id}},
        "claims": claims,
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


def transaction_json(item: Transaction, raw_claims: bool = False) -> Json:
    """One transaction set as CLI.md describes it."""
    if isinstance(item, Remittance835):
        return remittance_json(item, raw_claims)
    if isinstance(item, StatusReport277):
        return status_json(item)
    if isinstance(item, Acknowledgment999):
        return ack_json(item)
    if isinstance(item, Batch837):
        return batch_json(item)
    if isinstance(item, UnreadableSet):
        return {"type": item.set_id, "control_number": item.control_number,
                "unreadable": item.reason}
    assert isinstance(item, OtherSet)
    return {"type": item.set_id, "control_number": item.control_number,
            "segments": len(item.segments)}


def ta1_json(ack: InterchangeAck) -> Json:
    """The TA1 object: TA101, TA102, TA104 and TA105 with their words."""
    return {"type": "TA1", "control_number": ack.control_number, "date": _date(ack.date),
            "status": ack.status, "status_text": ack.status_text, "note_code": ack.note_code,
            "text": ack.text}


def result_json(result: ParseResult, raw_claims: bool = False) -> Json:
    """The whole ``x12 parse --json`` document: sets and TA1s in file order. With
    ``raw_claims`` an 835's claims are JSON text already, for :func:`json_text`."""
    with paused_gc():  # many small dicts, no cycles
        items = [(ts.first_number, transaction_json(t, raw_claims))
                 for ts, t in zip(result.sets, result.transactions, strict=True)]
        if result.interchange_acks:
            items += [(a.segment_number, ta1_json(a)) for a in result.interchange_acks]
            items.sort(key=lambda pair: pair[0])
        document: Json = {"transactions": [item for _, item in items]}
        bad = result.bad_sets
        if bad:  # each named: ST02, segment, what is wrong, what to do
            document["bad_sets"] = [b.as_json() for b in bad]
        return document


def json_text(value: object, depth: int = 4, indent: str = "") -> str:
    """``value`` as JSON text: containers less than ``depth`` levels deep are spread over
    lines, deeper ones (a claim, a set) are one line each, written by the C encoder.

    ``json.dumps(indent=2)`` would use the pure-Python encoder, eight times slower.
    """
    out: list[str] = []
    _pieces(value, depth, indent, out)
    return "".join(out)


def json_chunks(value: object, depth: int = 4, size: int = 1 << 20) -> Iterator[str]:
    """:func:`json_text` in pieces of about ``size`` characters, for writing in large
    chunks: the whole text (25 MB for a 20,000-claim ERA) is never held a second time."""
    out: list[str] = []
    _pieces(value, depth, "", out)
    start, length = 0, 0
    for end, piece in enumerate(out, 1):
        length += len(piece)
        if length >= size:
            yield "".join(out[start:end])
            start, length = end, 0
    if start < len(out):
        yield "".join(out[start:])


def _pieces(value: object, depth: int, indent: str, out: list[str]) -> None:
    """Append ``value``'s JSON text to ``out`` in pieces (the texts of claims are not
    copied: an 835's claims are :class:`RawJson` already)."""
    if isinstance(value, RawJson):
        out.append(value)
        return
    inner = indent + "  "
    if depth > 0 and isinstance(value, dict) and value:
        head = "{\n"
        for key, item in value.items():
            out.append(f"{head}{inner}{json.dumps(key)}: ")
            _pieces(item, depth - 1, inner, out)
            head = ",\n"
        out.append(f"\n{indent}}}")
        return
    if depth > 0 and isinstance(value, list) and value:
        head, between = "[\n" + inner, ",\n" + inner
        for item in value:
            out.append(head)
            if type(item) is RawJson:
                out.append(item)
            else:
                _pieces(item, depth - 1, inner, out)
            head = between
        out.append(f"\n{indent}]")
        return
    out.append(json.dumps(value))
