"""Plain dataclasses for an 835 (005010X221A1) health care claim payment/advice."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from oa_desktop.x12.errors import Finding
from oa_desktop.x12.values import ZERO


class _EmptyMapping(Mapping[str, Any]):
    """A read-only mapping that is always empty (and hashable, so it can be a default)."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "{}"


# Most lines have no AMT, QTY or REF: they share this one empty mapping instead of a dict
# each (a 50,000-claim ERA has about 175,000 lines). Readers replace it, never change it.
EMPTY: Mapping[str, Any] = _EmptyMapping()


@dataclass(slots=True, frozen=True)
class Adjustment:
    """One CAS reason: group (CAS01), reason (CAS02/05/...), amount and quantity.

    Frozen: a reader shares one instance among the lines that carry the same CAS."""

    group: str
    reason: str
    amount: Decimal
    quantity: Decimal | None = None


@dataclass(slots=True)
class Party:
    """A payer (1000A) or payee (1000B): N1, N3/N4 and its references."""

    name: str = ""
    id_qualifier: str = ""  # N103
    id: str = ""  # N104
    address_lines: list[str] = field(default_factory=list)
    city: str = ""
    state: str = ""
    zip_code: str = ""
    references: list[tuple[str, str]] = field(default_factory=list)  # REF01, REF02
    contacts: list[list[str]] = field(default_factory=list)  # PER segments

    def reference(self, qualifier: str) -> str:
        """The first REF02 with this REF01 qualifier, or ``""``."""
        return next((value for q, value in self.references if q == qualifier), "")


@dataclass(slots=True)
class ServicePayment:
    """Loop 2110: one SVC and what follows it."""

    procedure_qualifier: str  # SVC01-1
    procedure: str  # SVC01-2
    modifiers: tuple[str, ...]  # SVC01-3..6
    charge: Decimal  # SVC02
    paid: Decimal  # SVC03
    revenue_code: str = ""  # SVC04
    units: Decimal | None = None  # SVC05
    original_procedure: str = ""  # SVC06-2 when the payer changed the code
    original_modifiers: tuple[str, ...] = ()
    original_units: Decimal | None = None  # SVC07
    service_date: date | None = None  # DTM*472 or DTM*150
    service_date_to: date | None = None  # DTM*151
    control_number: str = ""  # REF*6R, our line control number
    adjustments: list[Adjustment] = field(default_factory=list)
    remarks: tuple[str, ...] = ()  # LQ*HE codes
    amounts: Mapping[str, Decimal] = EMPTY  # AMT01 -> AMT02
    quantities: Mapping[str, Decimal] = EMPTY  # QTY01 -> QTY02
    references: tuple[tuple[str, str], ...] = ()
    segment_number: int = 0
    other_segments: tuple[list[str], ...] = ()  # kept, never dropped


@dataclass(slots=True)
class ClaimPayment:
    """Loop 2100: one CLP and what follows it."""

    patient_control_number: str  # CLP01, our CLM01
    status_code: str  # CLP02
    charge: Decimal  # CLP03
    paid: Decimal  # CLP04
    patient_responsibility: Decimal | None  # CLP05
    filing_indicator: str = ""  # CLP06
    payer_claim_number: str = ""  # CLP07
    facility_code: str = ""  # CLP08
    frequency: str = ""  # CLP09
    patient_last: str = ""  # NM1*QC
    patient_first: str = ""
    member_id: str = ""
    inpatient: Sequence[str] = ()  # MIA
    outpatient: Sequence[str] = ()  # MOA
    adjustments: list[Adjustment] = field(default_factory=list)
    dates: Mapping[str, date] = EMPTY  # DTM01 -> DTM02
    amounts: Mapping[str, Decimal] = EMPTY  # AMT01 -> AMT02
    quantities: Mapping[str, Decimal] = EMPTY  # QTY01 -> QTY02
    references: tuple[tuple[str, str], ...] = ()
    lines: list[ServicePayment] = field(default_factory=list)
    segment_number: int = 0
    other_segments: tuple[list[str], ...] = ()  # other NM1s etc., kept, never dropped

    @property
    def remark_codes(self) -> list[str]:
        """Remark codes from MOA03-07 and MIA05/MIA20-24."""
        moa = [c for c in self.outpatient[3:8] if c]
        mia = [c for i, c in enumerate(self.inpatient) if c and (i == 5 or 20 <= i <= 24)]
        return moa + mia


@dataclass(slots=True)
class ProviderAdjustment:
    """One PLB reason/amount pair (a positive amount reduces the payment)."""

    provider_id: str  # PLB01
    fiscal_date: date | None  # PLB02
    reason: str  # PLB03-1
    reference: str  # PLB03-2
    amount: Decimal  # PLB04
    segment_number: int = 0


@dataclass(slots=True)
class BalanceError:
    """A balancing rule that the file breaks. Never fixed silently."""

    level: str  # "claim", "line" or "payment"
    segment_number: int
    message: str


@dataclass(slots=True)
class Remittance835:
    """One 835 transaction set."""

    control_number: str  # ST02
    version: str
    amount: Decimal = ZERO  # BPR02
    credit_debit: str = ""  # BPR03
    method: str = ""  # BPR04: ACH, CHK, NON ...
    payment_date: date | None = None  # BPR16
    handling_code: str = ""  # BPR01
    trace_number: str = ""  # TRN02: check or EFT number
    originator_id: str = ""  # TRN03
    production_date: date | None = None  # DTM*405
    payer: Party = field(default_factory=Party)
    payee: Party = field(default_factory=Party)
    references: list[tuple[str, str]] = field(default_factory=list)
    claims: list[ClaimPayment] = field(default_factory=list)
    provider_adjustments: list[ProviderAdjustment] = field(default_factory=list)
    balance_errors: list[BalanceError] = field(default_factory=list)
    other_segments: list[list[str]] = field(default_factory=list)  # header and LX/TS3/TS2
    findings: list[Finding] = field(default_factory=list)  # values that could not be read

    @property
    def balanced(self) -> bool:
        """True when every balancing rule holds."""
        return not self.balance_errors

    @property
    def payer_id(self) -> str:
        """N104 of the payer, else REF*2U, else TRN03."""
        return self.payer.id or self.payer.reference("2U") or self.originator_id

    @property
    def payee_npi(self) -> str:
        """The payee's NPI (N1*PE with XX)."""
        return self.payee.id if self.payee.id_qualifier == "XX" else ""

    @property
    def payee_tax_id(self) -> str:
        """The payee's tax id (N1*PE with FI, or REF*TJ)."""
        if self.payee.id_qualifier == "FI":
            return self.payee.id
        return self.payee.reference("TJ")
