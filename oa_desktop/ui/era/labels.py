"""What the ERA screen and the EOB PDF both print: the payment method's name and what
the payer allowed on a claim.

Apart from both, so the EOB PDF needs nothing from the screen that saves it.
"""

from __future__ import annotations

from decimal import Decimal

from oa_desktop.domain.money import ZERO
from oa_desktop.store.remittances import RemittanceClaim

METHODS = {"ACH": "EFT (ACH)", "CHK": "Check", "NON": "No payment", "BOP": "Financial institution",
           "FWT": "Wire transfer"}


def claim_allowed(rc: RemittanceClaim) -> Decimal:
    """What the payer allowed: the lines' AMT*B6 when sent, else paid + patient share."""
    lines = rc.detail.lines
    if lines and all(line.allowed for line in lines):
        return sum((Decimal(line.allowed or 0) for line in lines), ZERO)
    return rc.paid + rc.patient_responsibility
