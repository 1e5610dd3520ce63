"""The writer's input (and the 837 reader's output): claims with everything loop 2000B-2430
needs, grouped under one billing provider."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from oa_desktop.domain.models import (
    Address,
    BillingProvider,
    Claim,
    Coverage,
    Facility,
    Patient,
    Payer,
    Person,
    RenderingProvider,
)
from oa_desktop.x12.model_835 import Adjustment


@dataclass(slots=True)
class PriorLinePayment:
    """What the prior payer paid on one of the claim's lines (loop 2430)."""

    paid_amount: Decimal  # SVD02
    adjustments: list[Adjustment] = field(default_factory=list)  # CAS
    paid_units: Decimal | None = None  # SVD05, defaults to the line's units


@dataclass(slots=True)
class PriorPayment:
    """The prior payer's adjudication (2320 AMT*D, CAS; 2330B DTP*573; 2430 per line)."""

    paid_amount: Decimal  # 2320 AMT*D
    adjudication_date: date  # DTP*573
    claim_adjustments: list[Adjustment] = field(default_factory=list)  # 2320 CAS
    lines: list[PriorLinePayment] = field(default_factory=list)  # same order as claim.lines


@dataclass(slots=True)
class OtherCoverage:
    """The other payer of a COB claim (loops 2320/2330A/2330B)."""

    coverage: Coverage
    payer: Payer
    subscriber: Person  # the other policy's insured (the patient when relationship is SELF)
    prior_payment: PriorPayment | None = None  # present once that payer has adjudicated


@dataclass(slots=True)
class ClaimBundle:
    """One claim with the records its loops need."""

    claim: Claim
    patient: Patient
    coverage: Coverage  # the coverage billed (2000B SBR)
    payer: Payer  # 2010BB
    subscriber: Person | None = None  # 2010BA when the patient is not the insured
    rendering: RenderingProvider | None = None  # 2310B when it differs from the billing NPI
    facility: Facility | None = None  # 2310C
    other: OtherCoverage | None = None  # 2320/2330 for COB

    @property
    def insured(self) -> Person:
        """The 2010BA person: the subscriber, or the patient when they are the insured."""
        return self.subscriber if self.subscriber is not None else self.patient.person


@dataclass(slots=True)
class Submission837:
    """Everything one 837P transaction set carries."""

    billing: BillingProvider
    claims: list[ClaimBundle]
    pay_to: Address | None = None  # 2010AB when payments go to another address
