"""What an ERA's codes mean, in the words the screens show: claim adjustment reasons (CARC),
what the payer did with a claim (CLP02) and provider-level adjustments (PLB)."""

from __future__ import annotations

from oa_desktop.x12.code_lists import text as code_text

PLB_REASONS = {
    "L6": "Interest owed", "WO": "Overpayment recovery", "FB": "Forwarding balance",
    "72": "Authorized return", "50": "Late charge", "51": "Interest penalty charge",
    "90": "Early payment allowance", "B2": "Rebate", "B3": "Recovery allowance",
    "BD": "Bad debt adjustment", "CS": "Adjustment", "E3": "Withholding",
    "IR": "IRS withholding", "J1": "Nonreimbursable", "L3": "Penalty", "LE": "Levy",
    "TL": "Third party liability", "WU": "Unspecified recovery", "RA": "Retro-activity adjustment",
    "AH": "Origination fee", "CT": "Capitation payment", "IS": "Interim settlement",
}


def carc_text(code: str) -> str:
    """A claim adjustment reason's meaning without the long usage notes."""
    full = code_text("carc", code)
    return full.split(" Usage:")[0].split(" Note:")[0].rstrip(".")


def adjustment_label(group: str, reason: str) -> str:
    """``CO-45 Charge exceeds fee schedule…`` as the screens show it."""
    return f"{group}-{reason} {carc_text(reason)}"


def clp02_text(code: str) -> str:
    """What the payer did with the claim (CLP02)."""
    return code_text("clp02_claim_status", code)


def plb_text(reason: str) -> str:
    """What a provider-level adjustment (PLB03-1) is."""
    return PLB_REASONS.get(reason, f"Provider adjustment {reason}")
