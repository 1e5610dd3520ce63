"""Read an 837 (P, and I well enough for a summary) back into :class:`Submission837`.

The writer's output reads back into the same domain data (round trip); other files give
at least each claim's CLM01, CLM02 and number of service lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

from oa_desktop.domain.models import (
    Address,
    BillingProvider,
    Claim,
    ClaimFilingIndicator,
    Coverage,
    Facility,
    Frequency,
    Patient,
    Payer,
    Person,
    Relationship,
    RenderingProvider,
    ServiceLine,
    Sex,
)
from oa_desktop.x12.errors import Finding
from oa_desktop.x12.model_835 import Adjustment
from oa_desktop.x12.model_837 import (
    ClaimBundle,
    OtherCoverage,
    PriorLinePayment,
    PriorPayment,
    Submission837,
)
from oa_desktop.x12.syntax import TransactionSet
from oa_desktop.x12.values import (
    amount,
    date_range,
    el,
    optional_amount,
    run_segments,
)

NO_DATE = date(1, 1, 1)
E = TypeVar("E")
_RANKS = {"P": 1, "S": 2, "T": 3}
_DIAGNOSIS_QUALIFIERS = frozenset({"ABK", "ABF", "BK", "BF"})


@dataclass(slots=True)
class ClaimSummary:
    """What ``x12 parse`` shows of a claim in an 837."""

    patient_control_number: str  # CLM01
    charge: Decimal  # CLM02
    lines: int  # LX count
    segment_number: int


@dataclass(slots=True)
class Batch837:
    """One 837 transaction set."""

    control_number: str
    version: str
    submission: Submission837
    claims: list[ClaimSummary] = field(default_factory=list)
    other_segments: list[list[str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _enum_or(kind: type[E], value: str, default: E) -> E:
    try:
        return kind(value)  # type: ignore[call-arg]
    except ValueError:
        return default


def _adjustments(seg: list[str]) -> list[Adjustment]:
    group = el(seg, 1)
    return [Adjustment(group, seg[i], amount(seg, i + 1), optional_amount(seg, i + 2))
            for i in range(2, min(len(seg), 20), 3) if seg[i]]


class _Reader:
    def __init__(self, ts: TransactionSet) -> None:
        self.ts = ts
        self.comp = ts.delimiters.component
        self.billing = BillingProvider(name="", npi="", ein="")
        self.batch = Batch837(ts.control_number, ts.version, Submission837(self.billing, []))
        self.level = ""
        self.entity = ""  # the NM101 of the loop we are in
        self.target: object | None = None  # the record N3/N4/DMG apply to
        self.coverage = Coverage(0, 0, 1, "")
        self.subscriber = Person("", "")
        self.payer = Payer("")
        self.patient: Person | None = None
        self.relationship = Relationship.SELF
        self.bundle: ClaimBundle | None = None
        self.line: ServiceLine | None = None
        self.claim_date = NO_DATE
        self.handlers = {
            "HL": self._hl, "NM1": self._nm1, "N3": self._n3, "N4": self._n4, "DMG": self._dmg,
            "REF": self._ref, "PRV": self._prv, "PER": self._per, "SBR": self._sbr,
            "PAT": self._pat, "CLM": self._clm, "HI": self._hi, "NTE": self._nte,
            "LX": self._lx, "SV1": self._sv1, "SV2": self._sv2, "DTP": self._dtp,
            "CAS": self._cas, "AMT": self._amt, "SVD": self._svd,
        }

    def handle(self, index: int, seg: list[str]) -> None:
        if index == 0 or index == len(self.ts.segments) - 1:
            return
        self.number = self.ts.first_number + index
        handler = self.handlers.get(seg[0])
        if handler is None or not handler(seg):
            self.batch.other_segments.append(seg)

    # -- hierarchy ----------------------------------------------------------------------
    def _hl(self, seg: list[str]) -> bool:
        self.level, self.bundle, self.line, self.entity = el(seg, 3), None, None, ""
        if self.level == "22":
            self.coverage, self.subscriber, self.payer = Coverage(0, 0, 1, ""), Person("", ""), \
                Payer("")
            self.patient, self.relationship = None, Relationship.SELF
        elif self.level == "23":
            self.patient, self.relationship = Person("", ""), Relationship.SELF
        return False

    def _sbr(self, seg: list[str]) -> bool:
        rank = _RANKS.get(el(seg, 1), 1)
        filing = _enum_or(ClaimFilingIndicator, el(seg, 9), ClaimFilingIndicator.OTHER)
        if self.bundle is None:
            self.coverage = Coverage(0, 0, rank, "", el(seg, 3))
            self.payer.claim_filing_indicator = filing
            return True
        relationship = _enum_or(Relationship, el(seg, 2), Relationship.OTHER)
        self.bundle.other = OtherCoverage(Coverage(0, 0, rank, "", el(seg, 3), relationship),
                                          Payer("", claim_filing_indicator=filing),
                                          Person("", ""))
        self.entity, self.line = "2320", None
        return True

    def _pat(self, seg: list[str]) -> bool:
        self.relationship = _enum_or(Relationship, el(seg, 1), Relationship.OTHER)
        return True

    # -- names and addresses ------------------------------------------------------------
    def _nm1(self, seg: list[str]) -> bool:
        code = el(seg, 1)
        self.entity, self.target = code, None
        if self.bundle is not None:
            return self._claim_nm1(code, seg)
        if code == "85":
            self._billing_name(seg)
        elif code == "87":
            self.batch.submission.pay_to = self.target = Address()
        elif code == "41":
            self.billing.submitter_id = el(seg, 9)
        elif code == "IL" and self.level == "22":
            self.target = self.subscriber = _person(seg)
            self.coverage.member_id = el(seg, 9)
        elif code == "PR":
            self.payer.name, self.payer.payer_ids = el(seg, 3), {"837P": el(seg, 9)}
        elif code == "QC":
            self.target = self.patient = _person(seg)
        else:
            return False
        return True

    def _billing_name(self, seg: list[str]) -> None:
        billing = self.billing
        billing.is_organization = el(seg, 2) != "1"
        billing.name = el(seg, 3) if billing.is_organization else f"{el(seg, 3)}, {el(seg, 4)}"
        billing.npi = el(seg, 9)
        self.target = billing

    def _claim_nm1(self, code: str, seg: list[str]) -> bool:
        bundle = self.bundle
        assert bundle is not None
        other = bundle.other
        if self.line is not None:
            return False
        if other is not None and code == "IL":
            other.subscriber = _person(seg)
            other.coverage.member_id = el(seg, 9)
        elif other is not None and code == "PR":
            other.payer.name, other.payer.payer_ids = el(seg, 3), {"837P": el(seg, 9)}
        elif other is not None:
            return False
        elif code == "82":
            bundle.rendering = RenderingProvider(el(seg, 3), el(seg, 4), el(seg, 9))
        elif code == "77":
            bundle.facility = Facility(el(seg, 3), el(seg, 9))
            self.target = bundle.facility.address
        elif code == "DN":
            bundle.claim.referring_name = f"{el(seg, 3)}, {el(seg, 4)}"
            bundle.claim.referring_npi = el(seg, 9)
        else:
            return False
        return True

    def _address_target(self) -> Address | None:
        target = self.target
        if isinstance(target, Address):
            return target
        if isinstance(target, (Person, BillingProvider)):
            return target.address
        return None

    def _n3(self, seg: list[str]) -> bool:
        address = self._address_target()
        if address is None:
            return False
        address.line1, address.line2 = el(seg, 1), el(seg, 2)
        return True

    def _n4(self, seg: list[str]) -> bool:
        address = self._address_target()
        if address is None:
            return False
        address.city, address.state, address.zip_code = el(seg, 1), el(seg, 2), el(seg, 3)
        return True

    def _dmg(self, seg: list[str]) -> bool:
        if not isinstance(self.target, Person):
            return False
        start, _ = date_range(seg, 2)
        self.target.birth_date = start
        self.target.sex = _enum_or(Sex, el(seg, 3), Sex.UNKNOWN)
        return True

    def _per(self, seg: list[str]) -> bool:
        if self.entity != "41":
            return False
        self.billing.contact_name = el(seg, 2)
        self.billing.contact_phone = el(seg, 4) if el(seg, 3) == "TE" else ""
        return True

    def _prv(self, seg: list[str]) -> bool:
        if el(seg, 1) == "BI" and self.bundle is None:
            self.billing.taxonomy = el(seg, 3)
        elif el(seg, 1) == "PE" and self.bundle is not None and self.bundle.rendering:
            self.bundle.rendering.taxonomy = el(seg, 3)
        else:
            return False
        return True

    def _ref(self, seg: list[str]) -> bool:
        qualifier, value = el(seg, 1), el(seg, 2)
        if self.line is not None and qualifier == "6R":
            self.line.control_number = value
        elif self.line is not None and qualifier == "G1":
            self.line.prior_authorization = value
        elif self.bundle is not None and self.line is None and self.entity == "":
            claim = self.bundle.claim
            if qualifier == "G1":
                claim.prior_authorization = value
            elif qualifier == "F8":
                claim.original_claim_number = value
            else:
                return False
        elif qualifier == "EI" and self.entity == "85":
            self.billing.ein = value
        else:
            return False
        return True

    # -- claim --------------------------------------------------------------------------
    def _clm(self, seg: list[str]) -> bool:
        charge = amount(seg, 2)  # before any change: a bad value re-reads the segment
        parts = el(seg, 5).split(self.comp) + ["", "", ""]
        dependent = self.level == "23" and self.patient is not None
        coverage = Coverage(0, 0, self.coverage.rank, self.coverage.member_id,
                            self.coverage.group_number,
                            self.relationship if dependent else Relationship.SELF,
                            self.subscriber if dependent else None)
        claim = Claim(0, 0, el(seg, 1), place_of_service=parts[0],
                      frequency=_enum_or(Frequency, parts[2], Frequency.ORIGINAL))
        patient = self.patient if dependent and self.patient else self.subscriber
        self.bundle = ClaimBundle(claim, Patient(patient), coverage, self.payer,
                                  self.subscriber if dependent else None)
        self.batch.submission.claims.append(self.bundle)
        self.batch.claims.append(ClaimSummary(el(seg, 1), charge, 0, self.number))
        self.line, self.entity, self.target, self.claim_date = None, "", None, NO_DATE
        return True

    def _hi(self, seg: list[str]) -> bool:
        if self.bundle is None:
            return False
        for composite in seg[1:]:
            qualifier, _, code = composite.partition(self.comp)
            if qualifier in _DIAGNOSIS_QUALIFIERS:
                self.bundle.claim.diagnoses.append(code.partition(self.comp)[0])
        return True

    def _nte(self, seg: list[str]) -> bool:
        if self.bundle is None or self.line is not None:
            return False
        self.bundle.claim.note = el(seg, 2)
        return True

    def _lx(self, seg: list[str]) -> bool:
        if self.bundle is None:
            return False
        self.batch.claims[-1].lines += 1
        self.line, self.entity, self.target = None, "LX", None
        return True

    def _new_line(self, procedure: str, charge: Decimal, units: Decimal | None) -> ServiceLine:
        assert self.bundle is not None
        parts = procedure.split(self.comp)
        line = ServiceLine(self.claim_date, parts[1] if len(parts) > 1 else parts[0], charge,
                           units if units is not None else Decimal("1"),
                           tuple(p for p in parts[2:6] if p))
        self.bundle.claim.lines.append(line)
        self.line = line
        return line

    def _sv1(self, seg: list[str]) -> bool:
        if self.bundle is None:
            return False
        line = self._new_line(el(seg, 1), amount(seg, 2), optional_amount(seg, 4))
        line.place_of_service = el(seg, 5)
        line.diagnosis_pointers = tuple(int(p) for p in el(seg, 7).split(self.comp)
                                        if p.isdigit() and len(p) < 3)
        return True

    def _sv2(self, seg: list[str]) -> bool:
        if self.bundle is None:
            return False
        procedure = el(seg, 2) or f"RC{self.comp}{el(seg, 1)}"
        self._new_line(procedure, amount(seg, 3), optional_amount(seg, 5))
        return True

    def _dtp(self, seg: list[str]) -> bool:
        qualifier = el(seg, 1)
        if qualifier == "472" and self.bundle is not None:
            start, end = date_range(seg, 3)
            if self.line is None:
                self.claim_date = start or NO_DATE
            else:
                self.line.service_date = start or NO_DATE
                self.line.service_date_to = end
            return True
        if qualifier == "573" and self.bundle is not None and self.bundle.other is not None:
            start, _ = date_range(seg, 3)
            prior = self._prior()
            prior.adjudication_date = start or NO_DATE
            return True
        return False

    def _prior(self) -> PriorPayment:
        assert self.bundle is not None and self.bundle.other is not None
        other = self.bundle.other
        if other.prior_payment is None:
            other.prior_payment = PriorPayment(Decimal("0.00"), NO_DATE)
        return other.prior_payment

    def _cas(self, seg: list[str]) -> bool:
        if self.bundle is None or self.bundle.other is None:
            return False
        if self.line is None:
            self._prior().claim_adjustments.extend(_adjustments(seg))
        elif self._prior().lines:
            self._prior().lines[-1].adjustments.extend(_adjustments(seg))
        else:
            return False
        return True

    def _amt(self, seg: list[str]) -> bool:
        if (self.bundle is None or self.bundle.other is None or self.line is not None
                or el(seg, 1) != "D"):
            return False
        self._prior().paid_amount = amount(seg, 2)
        return True

    def _svd(self, seg: list[str]) -> bool:
        if self.bundle is None or self.bundle.other is None or self.line is None:
            return False
        prior = self._prior()
        units = optional_amount(seg, 5)
        prior.lines.append(PriorLinePayment(amount(seg, 2), [],
                                            None if units == self.line.units else units))
        return True


def _person(seg: list[str]) -> Person:
    return Person(el(seg, 3), el(seg, 4), middle_name=el(seg, 5))


def read_837(ts: TransactionSet) -> Batch837:
    """Read one 837 transaction set."""
    reader = _Reader(ts)
    run_segments(ts, reader.handle, reader.batch.findings, reader.batch.other_segments.append)
    return reader.batch
