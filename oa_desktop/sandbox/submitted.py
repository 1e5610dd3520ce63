"""Reading uploaded 837P files: just what the responder needs.

:func:`read_submitted_claims` is the one place that reads claims; it can later delegate
to ``oa_desktop.x12``. :func:`read_envelope` and :func:`check_structure` give the
999 what it needs (control numbers, segment counts, element errors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation


class MalformedSubmissionError(ValueError):
    """The upload is not a readable X12 interchange."""


@dataclass(frozen=True)
class Envelope:
    """The separators an 837P file used (element, component, segment)."""
    element: str
    component: str
    terminator: str
    sender_id: str  # ISA06
    receiver_id: str  # ISA08
    date: str  # ISA09 YYMMDD
    time: str  # ISA10 HHMM
    control: str  # ISA13
    group_control: str  # GS06
    version: str  # GS08


@dataclass(frozen=True)
class SubmittedLine:
    """One service line of a submitted claim."""
    procedure: str  # SV101-2
    modifiers: tuple[str, ...]
    charge: Decimal  # SV102
    units: Decimal  # SV104
    service_date: str  # DTP*472, CCYYMMDD (the first date of a range)


@dataclass
class SubmittedClaim:
    """One claim as read from an uploaded 837P."""
    pcn: str  # CLM01
    charge: Decimal  # CLM02
    frequency: str = "1"  # CLM05-3
    patient_last: str = ""
    patient_first: str = ""
    member_id: str = ""  # 2010BA NM109
    payer_name: str = ""
    payer_id: str = ""  # 2010BB NM109
    billing_name: str = ""
    billing_npi: str = ""
    tax_id: str = ""
    diagnoses: list[str] = field(default_factory=list)
    lines: list[SubmittedLine] = field(default_factory=list)


@dataclass(frozen=True)
class ElementError:
    """One error the 999 reports about an element or segment."""
    segment_id: str
    position: int  # segment position counted from ST = 1
    element: int  # 0 when the error is about the whole segment
    code: str  # IK403 / IK304 code
    bad_value: str = ""


@dataclass
class SetCheck:
    """The 999's verdict on one transaction set."""
    st_control: str
    status: str = "A"  # IK501: A, E or R
    errors: list[ElementError] = field(default_factory=list)
    ik5_codes: list[str] = field(default_factory=list)


def read_envelope(data: bytes) -> tuple[Envelope, list[list[str]]]:
    """The interchange's delimiters and envelope, and all its segments split into elements."""
    text = data.decode("latin-1").lstrip("\ufeff \r\n\t")
    if not text.startswith("ISA") or len(text) < 106:
        raise MalformedSubmissionError("The file does not start with an ISA segment.")
    element, component, terminator = text[3], text[104], text[105]
    segments = [
        s.strip("\r\n").split(element) for s in text.split(terminator) if s.strip("\r\n ")
    ]
    isa = segments[0]
    if len(isa) != 17:
        raise MalformedSubmissionError("The ISA segment does not have 16 elements.")
    gs = next((s for s in segments if s[0] == "GS"), None)
    if gs is None or len(gs) < 9:
        raise MalformedSubmissionError("The file has no complete GS segment.")
    if segments[-1][0] != "IEA":
        raise MalformedSubmissionError("The file does not end with an IEA segment.")
    env = Envelope(element, component, terminator, isa[6].strip(), isa[8].strip(), isa[9],
                   isa[10], isa[13], gs[6], gs[8])
    return env, segments


def _money(text: str) -> Decimal:
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return Decimal("0")


def _el(seg: list[str], index: int) -> str:
    return seg[index] if len(seg) > index else ""


def _line_date(seg: list[str]) -> str:
    return seg[3].split("-")[0] if len(seg) > 3 else ""


def read_submitted_claims(data: bytes) -> list[SubmittedClaim]:
    """Every claim (CLM) of an 837P with its patient, payer, provider and lines."""
    env, segments = read_envelope(data)
    comp = env.component
    claims: list[SubmittedClaim] = []
    ctx: dict[str, str] = {}
    level = ""
    claim: SubmittedClaim | None = None
    for seg in segments:
        tag = seg[0]
        if tag == "HL":
            level, claim = _el(seg, 3), None
        elif tag == "NM1":
            _read_name(seg, level, ctx)
        elif tag == "REF" and _el(seg, 1) == "EI" and level == "20":
            ctx["tax_id"] = _el(seg, 2)
        elif tag == "CLM":
            frequency = _el(seg, 5).split(comp)[-1] or "1"  # CLM05-3
            claim = SubmittedClaim(_el(seg, 1), _money(_el(seg, 2)), frequency)
            _fill_from_context(claim, ctx)
            claims.append(claim)
        elif tag == "HI" and claim is not None:
            claim.diagnoses.extend(e.split(comp)[1] for e in seg[1:] if comp in e)
        elif tag == "SV1" and claim is not None:
            parts = _el(seg, 1).split(comp)
            claim.lines.append(SubmittedLine(parts[1] if len(parts) > 1 else "",
                                             tuple(p for p in parts[2:6] if p),
                                             _money(_el(seg, 2)), _money(_el(seg, 4) or "1"), ""))
        elif tag == "DTP" and _el(seg, 1) == "472" and claim is not None and claim.lines:
            last = claim.lines[-1]
            claim.lines[-1] = SubmittedLine(last.procedure, last.modifiers, last.charge,
                                            last.units, _line_date(seg))
    return claims


def _read_name(seg: list[str], level: str, ctx: dict[str, str]) -> None:
    entity = seg[1] if len(seg) > 1 else ""
    last = seg[3] if len(seg) > 3 else ""
    first = seg[4] if len(seg) > 4 else ""
    ident = seg[9] if len(seg) > 9 else ""
    if entity == "85":
        ctx.update(billing_name=last, billing_npi=ident)
    elif entity == "IL":
        ctx.update(member_id=ident, patient_last=last, patient_first=first)
    elif entity == "PR":
        ctx.update(payer_name=last, payer_id=ident)
    elif entity == "QC" and level == "23":
        ctx.update(patient_last=last, patient_first=first)


def _fill_from_context(claim: SubmittedClaim, ctx: dict[str, str]) -> None:
    for key in ("patient_last", "patient_first", "member_id", "payer_name", "payer_id",
                "billing_name", "billing_npi", "tax_id"):
        setattr(claim, key, ctx.get(key, ""))


_NUMBER = re.compile(r"-?\d+(\.\d{1,2})?")


def check_structure(data: bytes) -> tuple[Envelope, list[SetCheck]]:
    """Per transaction set: A, E (accepted with noted errors) or R, with IK3/IK4 details."""
    env, segments = read_envelope(data)
    checks: list[SetCheck] = []
    current: SetCheck | None = None
    position = 0
    for seg in segments:
        tag = seg[0]
        if tag == "ST":
            current, position = SetCheck(seg[2] if len(seg) > 2 else ""), 0
        if current is None:
            continue
        position += 1
        _check_segment(seg, position, current)
        if tag == "SE":
            if not seg[1:2] or seg[1] != str(position):
                current.ik5_codes.append("4")  # number of included segments does not match
            if len(seg) < 3 or seg[2] != current.st_control:
                current.ik5_codes.append("3")  # control numbers do not match
            checks.append(_finish(current))
            current = None
    if current is not None:
        current.ik5_codes.append("2")  # trailer missing
        checks.append(_finish(current))
    return env, checks


def _check_segment(seg: list[str], position: int, check: SetCheck) -> None:
    tag = seg[0]
    if tag == "CLM":
        if len(seg) < 2 or not seg[1]:
            check.errors.append(ElementError("CLM", position, 1, "1"))
        if len(seg) < 3 or not _NUMBER.fullmatch(seg[2]):
            check.errors.append(ElementError("CLM", position, 2, "6", seg[2] if len(seg) > 2
                                             else ""))
    elif tag == "NM1" and len(seg) > 8 and seg[8] and (len(seg) < 10 or not seg[9]):
        check.errors.append(ElementError("NM1", position, 9, "2"))
    elif tag == "NTE" and len(seg) > 2 and len(seg[2]) > 80:
        check.errors.append(ElementError("NTE", position, 2, "5", seg[2][:20]))


def _finish(check: SetCheck) -> SetCheck:
    fatal = check.ik5_codes or any(e.code != "5" for e in check.errors)
    if fatal:
        check.status = "R"
        if not check.ik5_codes:
            check.ik5_codes.append("5")  # one or more segments in error
    elif check.errors:
        check.status = "E"
        check.ik5_codes.append("5")
    return check
