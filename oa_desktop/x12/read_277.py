"""Read a 277CA (005010X214) or 277 (005010X212) into per-claim statuses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from oa_desktop.x12.code_lists import status_text
from oa_desktop.x12.errors import Finding
from oa_desktop.x12.syntax import TransactionSet
from oa_desktop.x12.values import date_range, el, optional_amount, optional_date, run_segments

_CLAIM_LEVELS = frozenset({"PT", "22", "23"})


@dataclass(slots=True)
class Status:
    """One STC: STC01 (or STC10/STC11) category, code and entity, with text."""

    category: str
    code: str
    entity: str
    text: str
    date: date | None = None  # STC02
    action: str = ""  # STC03
    charge: Decimal | None = None  # STC04
    paid: Decimal | None = None  # STC05
    line: int | None = None  # the index of the service line (SVC) it belongs to, if any


@dataclass(slots=True)
class ClaimStatus:
    """A claim's loop (2200D/E): TRN02, REF*1K, REF*D9 and the STC statuses."""

    trace_number: str  # TRN02: our CLM01 in a 277CA
    patient_control_number: str  # CLM01 (REF*EJ in a 277 when present, else TRN02)
    payer_claim_number: str = ""  # REF*1K
    clearinghouse_trace: str = ""  # REF*D9
    patient_last: str = ""
    patient_first: str = ""
    member_id: str = ""
    service_date: date | None = None  # DTP*472
    service_date_to: date | None = None
    statuses: list[Status] = field(default_factory=list)
    references: list[tuple[str, str]] = field(default_factory=list)
    other_segments: list[list[str]] = field(default_factory=list)
    segment_number: int = 0

    @property
    def charge(self) -> Decimal | None:
        """STC04 of the first claim-level status."""
        return next((s.charge for s in self.statuses if s.line is None and s.charge is not None),
                    None)


@dataclass(slots=True)
class StatusReport277:
    """One 277 transaction set."""

    control_number: str
    version: str
    claims: list[ClaimStatus] = field(default_factory=list)
    level_statuses: list[tuple[str, Status]] = field(default_factory=list)  # (HL03, STC)
    other_segments: list[list[str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _statuses(seg: list[str], comp: str, line: int | None) -> list[Status]:
    out = []
    when = optional_date(seg, 2)
    charge, paid = optional_amount(seg, 4), optional_amount(seg, 5)
    for index in (1, 10, 11):
        composite = el(seg, index)
        if not composite:
            continue
        parts = composite.split(comp) + ["", "", ""]
        out.append(Status(parts[0], parts[1], parts[2], status_text(*parts[:3]), when,
                          el(seg, 3), charge if index == 1 else None,
                          paid if index == 1 else None, line))
    return out


class _Reader:
    def __init__(self, ts: TransactionSet) -> None:
        self.ts = ts
        self.comp = ts.delimiters.component
        self.report = StatusReport277(ts.control_number, ts.version)
        self.level = ""
        self.name: list[str] = []
        self.claim: ClaimStatus | None = None
        self.line: int | None = None

    def handle(self, index: int, seg: list[str]) -> None:
        sid = seg[0]
        if index == 0 or index == len(self.ts.segments) - 1:
            return
        if sid == "HL":
            self.level, self.claim, self.line, self.name = el(seg, 3), None, None, []
            self.report.other_segments.append(seg)
        elif sid == "NM1" and self.claim is None:
            self.name = seg
            self.report.other_segments.append(seg)
        elif sid == "TRN" and self.level in _CLAIM_LEVELS:
            self._trn(index, seg)
        elif sid == "STC":
            self._stc(seg)
        elif sid == "REF" and self.claim is not None:
            self._ref(seg)
        elif sid == "SVC" and self.claim is not None:
            self.line = 0 if self.line is None else self.line + 1
            self.claim.other_segments.append(seg)
        elif sid == "DTP" and self.claim is not None and el(seg, 1) == "472" and self.line is None:
            self.claim.service_date, self.claim.service_date_to = date_range(seg, 3)
        elif self.claim is not None:
            self.claim.other_segments.append(seg)
        else:
            self.report.other_segments.append(seg)

    def _trn(self, index: int, seg: list[str]) -> None:
        name = self.name
        self.claim = ClaimStatus(el(seg, 2), el(seg, 2), patient_last=el(name, 3),
                                 patient_first=el(name, 4), member_id=el(name, 9),
                                 segment_number=self.ts.first_number + index)
        self.line = None
        self.report.claims.append(self.claim)

    def _stc(self, seg: list[str]) -> None:
        statuses = _statuses(seg, self.comp, self.line)
        if self.claim is not None:
            self.claim.statuses.extend(statuses)
        else:
            self.report.level_statuses.extend((self.level, s) for s in statuses)

    def _ref(self, seg: list[str]) -> None:
        assert self.claim is not None
        qualifier, value = el(seg, 1), el(seg, 2)
        self.claim.references.append((qualifier, value))
        if self.line is not None:
            return
        if qualifier == "1K":
            self.claim.payer_claim_number = value
        elif qualifier == "D9":
            self.claim.clearinghouse_trace = value
        elif qualifier == "EJ":
            self.claim.patient_control_number = value


def read_277(ts: TransactionSet) -> StatusReport277:
    """Read one 277 or 277CA transaction set."""
    reader = _Reader(ts)
    run_segments(ts, reader.handle, reader.report.findings, reader.report.other_segments.append)
    return reader.report
