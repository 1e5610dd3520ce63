"""Business checks beyond syntax: what ``x12 validate`` reports besides the envelopes.

837: ISA length, NPI check digits, CLM02 = ΣSV102, CLM05-3 and REF*F8, no claim-level
DTP*472, at most 50 lines, CLM01 shape. 835: the balancing rules. 999/997: AK1, AK9 and
the set counts (:mod:`oa_desktop.x12.validate_999`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from oa_desktop.domain.identifiers import is_valid_npi
from oa_desktop.x12.errors import Finding
from oa_desktop.x12.model_835 import Remittance835
from oa_desktop.x12.parse import ParseResult
from oa_desktop.x12.read_999 import Acknowledgment999
from oa_desktop.x12.syntax import TransactionSet
from oa_desktop.x12.validate_999 import check_999
from oa_desktop.x12.values import el

_PCN = re.compile(r"[0-9A-Z]{1,20}")
_NPI_ENTITIES = frozenset({"85", "82", "77", "DN", "DK", "DQ", "QB", "87"})


class _ClaimCheck:
    def __init__(self, ts: TransactionSet, findings: list[Finding]) -> None:
        self.ts = ts
        self.findings = findings
        self.clm: tuple[int, list[str]] | None = None
        self.lines_total = Decimal("0")
        self.lines = 0
        self.in_line = False
        self.has_f8 = False

    def error(self, index: int, element: int | None, message: str) -> None:
        seg = self.ts.segments[index]
        self.findings.append(Finding("error", self.ts.first_number + index, seg[0], element,
                                     message))

    def close_claim(self) -> None:
        if self.clm is None:
            return
        index, seg = self.clm
        try:
            charge = Decimal(el(seg, 2))
        except InvalidOperation:
            charge = None
        if charge is not None and charge != self.lines_total:
            self.error(index, 2, f"CLM02 {el(seg, 2)} is not the sum of the lines' charges "
                                 f"({self.lines_total})")
        if self.lines > 50:
            self.error(index, None, f"{self.lines} service lines; Office Ally allows 50")
        frequency = el(seg, 5).split(self.ts.delimiters.component) + ["", "", ""]
        if not frequency[2]:
            self.error(index, 5, "CLM05-3 (claim frequency) is missing")
        elif frequency[2] in ("7", "8") and not self.has_f8:
            self.error(index, 5, "a replacement or void claim needs REF*F8 (payer claim number)")
        self.clm = None

    def segment(self, index: int, seg: list[str]) -> None:
        sid = seg[0]
        if sid == "CLM":
            self.close_claim()
            self.clm, self.lines_total, self.lines = (index, seg), Decimal("0"), 0
            self.in_line = self.has_f8 = False
            if not _PCN.fullmatch(el(seg, 1)):
                self.error(index, 1, "CLM01 should be 1-20 upper-case letters and digits")
        elif sid == "LX":
            self.in_line, self.lines = True, self.lines + 1
        elif sid == "SV1":
            try:
                self.lines_total += Decimal(el(seg, 2))
            except InvalidOperation:
                self.error(index, 2, f"{el(seg, 2)!r} is not an amount")
        elif sid == "DTP" and el(seg, 1) == "472" and self.clm and not self.in_line:
            self.error(index, 1, "DTP*472 at claim level; Office Ally wants it on lines only")
        elif sid == "REF" and el(seg, 1) == "F8" and not self.in_line:
            self.has_f8 = True
        elif sid == "NM1" and el(seg, 1) in _NPI_ENTITIES and el(seg, 8) == "XX":
            if not is_valid_npi(el(seg, 9)):
                self.error(index, 9, f"{el(seg, 9)!r} is not a valid NPI")
        elif sid == "HL":
            self.close_claim()


def check_837(ts: TransactionSet) -> list[Finding]:
    """Business checks for one 837P transaction set."""
    findings: list[Finding] = []
    check = _ClaimCheck(ts, findings)
    for index, seg in enumerate(ts.segments):
        check.segment(index, seg)
    check.close_claim()
    return findings


def check_isa_length(data: bytes) -> list[Finding]:
    """An ISA we write must be exactly 106 characters (with its terminator)."""
    start = data.find(b"ISA")
    if start < 0:
        return []
    isa = data[start:start + 106]
    if len(isa) < 106 or isa[103:104] != isa[3:4]:
        return [Finding("error", 1, "ISA", None, "the ISA is not exactly 106 characters")]
    return []


def check_835(era: Remittance835, first_number: int) -> list[Finding]:
    """The balancing failures of an 835 as findings."""
    ids = {"claim": "CLP", "line": "SVC", "payment": "BPR"}
    return [Finding("error", e.segment_number or first_number, ids[e.level], None, e.message)
            for e in era.balance_errors]


def validate(result: ParseResult, data: bytes) -> list[Finding]:
    """All findings for a parsed file: envelopes, unread values and business rules."""
    findings = list(result.findings)
    for ts, item in zip(result.sets, result.transactions, strict=True):
        if ts.set_id == "837":
            findings.extend(check_837(ts))
        elif isinstance(item, Remittance835):
            findings.extend(check_835(item, ts.first_number + 1))
        elif isinstance(item, Acknowledgment999):
            findings.extend(check_999(ts, item))
    if any(ts.set_id == "837" for ts in result.sets):
        findings.extend(check_isa_length(data))
    return findings
