"""Who a 277 speaks of: the billing provider (2100C NM1*85) above each claim loop.

Kept apart from :mod:`oa_desktop.x12.read_277` so the reader stays as it is; the order of
the list is the order of ``StatusReport277.claims`` (one entry per claim-level TRN).
"""

from __future__ import annotations

from oa_desktop.x12.syntax import TransactionSet

_CLAIM_LEVELS = frozenset({"PT", "22", "23"})
_PROVIDER_LEVEL = "19"


def _el(seg: list[str], index: int) -> str:
    return seg[index].strip() if len(seg) > index else ""


def claim_providers_277(ts: TransactionSet) -> list[str]:
    """For each claim loop of a 277, the NPI of the provider it sits under ('' if none)."""
    level, provider = "", ""
    found: list[str] = []
    for seg in ts.iter_segments():
        sid = seg[0]
        if sid == "HL":
            level = _el(seg, 3)
            if level == _PROVIDER_LEVEL:
                provider = ""
        elif sid == "NM1" and level == _PROVIDER_LEVEL and _el(seg, 1) == "85":
            provider = _el(seg, 9) if _el(seg, 8) == "XX" else ""
        elif sid == "TRN" and level in _CLAIM_LEVELS:
            found.append(provider)
    return found
