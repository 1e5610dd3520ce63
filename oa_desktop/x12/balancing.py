"""835 balancing (DESIGN §4). Failures are reported in ``balance_errors``, never fixed.

- per line: SVC02 − ΣCAS(line) = SVC03
- per claim: CLP03 − ΣCAS(claim) − ΣCAS(lines) = CLP04
- per payment: BPR02 = ΣCLP04 − ΣPLB04
"""

from __future__ import annotations

from decimal import Decimal

from oa_desktop.x12.model_835 import Adjustment, BalanceError, Remittance835

_ZERO = Decimal("0")


def _sum(adjustments: list[Adjustment]) -> Decimal:
    return sum([a.amount for a in adjustments], _ZERO)


def check_balancing(era: Remittance835) -> None:
    """Fill ``era.balance_errors`` with every rule the remittance breaks."""
    errors = era.balance_errors
    errors.clear()
    claims_paid = _ZERO
    for claim in era.claims:
        found = claim.adjustments
        # Most lists hold one adjustment or none: summed without a generator.
        adjusted = found[0].amount if len(found) == 1 else _sum(found) if found else _ZERO
        for line in claim.lines:
            found = line.adjustments
            line_adjusted = (found[0].amount if len(found) == 1
                             else _sum(found) if found else _ZERO)
            adjusted += line_adjusted
            if line.charge - line_adjusted != line.paid:
                errors.append(BalanceError(
                    "line", line.segment_number,
                    f"claim {claim.patient_control_number} line {line.procedure}: charge "
                    f"{line.charge} − adjustments {line_adjusted} ≠ paid {line.paid}"))
        if claim.charge - adjusted != claim.paid:
            errors.append(BalanceError(
                "claim", claim.segment_number,
                f"claim {claim.patient_control_number}: charge {claim.charge} − adjustments "
                f"{adjusted} ≠ paid {claim.paid}"))
        claims_paid += claim.paid
    plb = sum((p.amount for p in era.provider_adjustments), _ZERO)
    if claims_paid - plb != era.amount:
        errors.append(BalanceError(
            "payment", 0,
            f"payment {era.amount} (BPR02) ≠ claims paid {claims_paid} − provider "
            f"adjustments {plb}"))
