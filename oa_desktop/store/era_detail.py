"""The 835 as the store keeps it: what an ERA claim carries beyond its columns (its
adjustments, remarks and service lines), and what an import writes.

The detail of an ERA claim is stored as compact JSON in ``remittance_claims.detail``;
this module alone knows that format. Amounts stay the two-decimal text the import
wrote (``"-12.30"``): posting turns thousands of them into cents at once.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class CasAdjustment:
    """One CAS reason: group (CO, PR, OA, PI, CR), reason (CARC), amount, quantity."""

    group: str
    reason: str
    amount: str  # two decimals
    quantity: str | None = None

    def code(self) -> str:
        """``CO-45``."""
        return f"{self.group}-{self.reason}"


@functools.lru_cache(maxsize=8192)
def cas(group: str, reason: str, amount: str, quantity: str | None = None) -> CasAdjustment:
    """One shared instance per distinct adjustment: an ERA repeats the same few CAS
    thousands of times, and a frozen instance costs more to make than to look up."""
    return CasAdjustment(group, reason, amount, quantity)


@dataclass(frozen=True, slots=True)
class EraLine:
    """One SVC of an ERA claim: the service the payer adjudicated."""

    procedure: str
    modifiers: tuple[str, ...]
    charge: str  # SVC02, two decimals
    paid: str  # SVC03
    units: str | None
    allowed: str | None  # AMT*B6
    date: str | None  # ISO date of service
    control: str  # REF*6R: our line control number
    adjustments: tuple[CasAdjustment, ...]
    remarks: tuple[str, ...]
    original_procedure: str = ""

    @property
    def code(self) -> str:
        """``97153-HN``: the procedure with its modifiers."""
        return "-".join([self.procedure, *self.modifiers])


@dataclass(frozen=True, slots=True)
class ClaimDetail:
    """What an ERA claim (CLP) carries beyond its columns."""

    adjustments: tuple[CasAdjustment, ...] = ()  # claim-level CAS
    remarks: tuple[str, ...] = ()  # MOA/MIA remark codes
    lines: tuple[EraLine, ...] = ()
    dates: Mapping[str, str] = field(default_factory=dict)  # DTM01 -> ISO date
    frequency: str = ""  # CLP09
    allowed: str | None = None  # AMT*AU

    @property
    def every_adjustment(self) -> tuple[CasAdjustment, ...]:
        """Claim-level adjustments, then every line's."""
        return self.adjustments + tuple(a for line in self.lines for a in line.adjustments)

    def to_json(self) -> str:
        """The stored form."""
        return json.dumps({
            "adjustments": _cas_out(self.adjustments), "remarks": list(self.remarks),
            "dates": dict(self.dates), "lines": [{
                "procedure": ln.procedure, "modifiers": list(ln.modifiers),
                "charge": ln.charge, "paid": ln.paid, "units": ln.units,
                "allowed": ln.allowed, "date": ln.date, "control": ln.control,
                "adjustments": _cas_out(ln.adjustments), "remarks": list(ln.remarks),
                "original_procedure": ln.original_procedure} for ln in self.lines],
            "frequency": self.frequency, "allowed": self.allowed,
        }, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> ClaimDetail:
        """Read the stored form (keys missing in older rows read as empty)."""
        raw: dict[str, Any] = json.loads(text) if text else {}
        return cls(
            _cas_in(raw.get("adjustments")), tuple(raw.get("remarks") or ()),
            tuple(EraLine(
                str(ln["procedure"]), tuple(ln.get("modifiers") or ()), str(ln["charge"]),
                str(ln["paid"]), ln.get("units"), ln.get("allowed"), ln.get("date"),
                ln.get("control") or "", _cas_in(ln.get("adjustments")),
                tuple(ln.get("remarks") or ()), ln.get("original_procedure") or "")
                for ln in raw.get("lines") or ()),
            dict(raw.get("dates") or {}), raw.get("frequency") or "", raw.get("allowed"))


def _cas_out(items: tuple[CasAdjustment, ...]) -> list[list[str | None]]:
    return [[a.group, a.reason, a.amount, a.quantity] for a in items]


def _cas_in(items: list[list[Any]] | None) -> tuple[CasAdjustment, ...]:
    return tuple(cas(str(a[0]), str(a[1]), "0.00" if a[2] is None else str(a[2]),
                     a[3] if len(a) > 3 else None) for a in items or ())


@dataclass(frozen=True, slots=True)
class NewEraClaim:
    """One CLP of an ERA being imported, matched (``claim_id``) or not."""

    seq: int  # its place in the ERA
    pcn: str  # CLP01
    status_code: str  # CLP02
    charge_cents: int
    paid_cents: int
    patient_resp_cents: int
    payer_claim_number: str
    patient_last: str
    patient_first: str
    member_id: str
    first_date: str | None
    detail: ClaimDetail
    claim_id: int | None = None
    match_method: str = ""  # pcn, manual, or '' when not matched


@dataclass(frozen=True, slots=True)
class NewPlb:
    """One provider-level adjustment (PLB) of an ERA being imported."""

    provider_id: str
    reason: str
    reference: str
    fiscal_date: str | None
    amount_cents: int  # positive reduces the payment


@dataclass(frozen=True, slots=True)
class NewRemittance:
    """The header of one ERA being imported: who paid what, how, and its state."""

    file_id: int | None
    source_name: str
    source_sha256: str
    set_index: int
    control_number: str
    payer_name: str
    payer_id: str
    payee_name: str
    payee_npi: str
    payee_tax_id: str
    method: str  # BPR04
    credit_debit: str
    amount_cents: int  # BPR02
    payment_date: str | None
    trace_number: str  # TRN02
    claims_paid_cents: int
    plb_cents: int
    claim_count: int
    problems: tuple[str, ...]
    status: str
    duplicate_of: int | None
    imported_at: str
