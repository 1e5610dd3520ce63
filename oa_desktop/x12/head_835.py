"""Who pays whom in an 835 set that cannot be read whole (build item 9).

An unreadable set (no SE, a segment out of place) is not posted, but the biller should
still see which payment it was: the header (BPR, TRN, N1*PR, N1*PE, REF*TJ) before the
first LX or CLP is read value by value; what cannot be read stays empty.
"""

from __future__ import annotations

from oa_desktop.x12.model_835 import Party, Remittance835
from oa_desktop.x12.syntax import TransactionSet
from oa_desktop.x12.values import ElementError, money, x12_date

_BODY = frozenset({"LX", "CLP", "PLB", "SE"})


def _el(seg: list[str], index: int) -> str:
    return seg[index].strip() if len(seg) > index else ""


def read_835_header(ts: TransactionSet) -> Remittance835:
    """The payment, payer and payee of an 835 set; never raises on its values."""
    era = Remittance835(ts.control_number, ts.version)
    try:
        for seg in ts.iter_segments():
            sid = seg[0]
            if sid in _BODY:
                break
            if sid == "BPR":
                era.credit_debit, era.method = _el(seg, 3), _el(seg, 4)
                try:
                    era.amount = money(_el(seg, 2), 2)
                    era.payment_date = x12_date(_el(seg, 16), 16) if _el(seg, 16) else None
                except ElementError:
                    pass
            elif sid == "TRN":
                era.trace_number, era.originator_id = _el(seg, 2), _el(seg, 3)
            elif sid == "N1" and _el(seg, 1) in ("PR", "PE"):
                party = Party(_el(seg, 2), _el(seg, 3), _el(seg, 4))
                if _el(seg, 1) == "PR":
                    era.payer = party
                else:
                    era.payee = party
            elif sid == "REF" and era.payee.name and _el(seg, 1):
                era.payee.references.append((_el(seg, 1), _el(seg, 2)))
            elif sid == "REF" and _el(seg, 1) == "2U":
                era.payer.references.append(("2U", _el(seg, 2)))
    except (IndexError, ValueError):  # a set cut anywhere still shows what came before
        pass
    return era
