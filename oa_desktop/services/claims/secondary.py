"""Send to secondary: a claim to the secondary payer that reports what the primary paid.

The new claim bills the primary claim's secondary coverage; its "other payer" (loops
2320/2330) is the primary payer, and the primary's posted ERA supplies the prior
payment: AMT*D and CAS at claim level (2320), SVD/CAS/DTP*573 per line (2430).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from oa_desktop.domain.models import Claim, ServiceLine
from oa_desktop.domain.money import to_money
from oa_desktop.domain.status import ClaimStatus, EventKind
from oa_desktop.errors import InputError
from oa_desktop.store import claims, remittances
from oa_desktop.store.db import Store
from oa_desktop.store.era_detail import CasAdjustment
from oa_desktop.x12.model_835 import Adjustment
from oa_desktop.x12.model_837 import PriorLinePayment, PriorPayment

_ADJUDICATED = {ClaimStatus.PAID, ClaimStatus.PARTIALLY_PAID, ClaimStatus.DENIED,
                ClaimStatus.CLOSED}


def why_not(store: Store, claim_id: int) -> str:
    """Empty if a secondary claim can be made from this claim, else why not (plain words)."""
    claim = claims.get_claim(store, claim_id)
    if claim.secondary_coverage_id is None:
        return "The patient has no secondary coverage on this claim (box 11d)."
    if claim.primary_claim_id is not None:
        return "This claim already is a secondary claim."
    if ClaimStatus(claim.status) not in _ADJUDICATED:
        return "The primary payer has not paid or denied this claim yet."
    if remittances.last_posted_claim_payment(store, claim_id) is None:
        return "No posted ERA from the primary payer for this claim: post its ERA first."
    return ""


def create_secondary_claim(store: Store, claim_id: int) -> int:
    """Make the secondary claim as a draft (to check and send); returns its id."""
    reason = why_not(store, claim_id)
    if reason:
        raise InputError(f"No secondary claim was made: {reason}")
    primary = claims.get_claim(store, claim_id)
    assert primary.secondary_coverage_id is not None
    pcn = claims.new_pcn(store)
    lines = [
        ServiceLine(
            service_date=line.service_date, procedure_code=line.procedure_code,
            charge_amount=line.charge_amount, units=line.units, modifiers=line.modifiers,
            diagnosis_pointers=line.diagnosis_pointers, service_date_to=line.service_date_to,
            place_of_service=line.place_of_service, control_number=f"{pcn}L{number}",
        )
        for number, line in enumerate(primary.lines, start=1)
    ]
    secondary = Claim(
        patient_id=primary.patient_id, coverage_id=primary.secondary_coverage_id,
        patient_control_number=pcn, diagnoses=list(primary.diagnoses), lines=lines,
        place_of_service=primary.place_of_service,
        prior_authorization=primary.prior_authorization,
        rendering_provider_id=primary.rendering_provider_id, facility_id=primary.facility_id,
        referring_name=primary.referring_name, referring_npi=primary.referring_npi,
        secondary_coverage_id=primary.coverage_id, primary_claim_id=claim_id,
        note=primary.note,
    )
    new_id = claims.save_claim(store, secondary)
    claims.add_event(store, claim_id, EventKind.NOTE,
                     text=f"Secondary claim {pcn} made from this claim's payment")
    return new_id


def _adjustments(items: Sequence[CasAdjustment]) -> list[Adjustment]:
    return [
        Adjustment(group=a.group, reason=a.reason, amount=Decimal(a.amount),
                   quantity=Decimal(a.quantity) if a.quantity is not None else None)
        for a in items if Decimal(a.amount) != 0
    ]


def prior_payment(store: Store, claim: Claim) -> PriorPayment | None:
    """What the primary payer paid, for the secondary claim's 2320/2430 loops."""
    if claim.primary_claim_id is None:
        return None
    found = remittances.last_posted_claim_payment(store, claim.primary_claim_id)
    if found is None:
        return None
    paid, paid_on = found
    detail = paid.detail
    primary = claims.get_claim(store, claim.primary_claim_id)
    by_control = {ln.control: ln for ln in detail.lines if ln.control}
    remitted = detail.lines
    lines: list[PriorLinePayment] = []
    for index, line in enumerate(primary.lines):
        era_line = by_control.get(line.control_number)
        if era_line is None and len(remitted) == len(primary.lines):
            era_line = remitted[index]  # the payer dropped REF*6R: same order, same count
        if era_line is None:
            lines = []  # cannot tell lines apart: report the payment at claim level only
            break
        lines.append(PriorLinePayment(
            paid_amount=to_money(era_line.paid or "0"),
            adjustments=_adjustments(era_line.adjustments),
            paid_units=Decimal(era_line.units) if era_line.units else None,
        ))
    claim_adjustments = _adjustments(detail.adjustments)
    if not lines and not claim_adjustments:
        # only line-level CAS and no usable lines: keep the balance at claim level
        for era_line in remitted:
            claim_adjustments += _adjustments(era_line.adjustments)
    adjudicated = date.fromisoformat(paid_on) if paid_on else date.today()
    return PriorPayment(paid_amount=paid.paid, adjudication_date=adjudicated,
                        claim_adjustments=claim_adjustments, lines=lines)
