"""What a procedure modifier means, in a biller's words (HCPCS Level II modifiers).

HCPCS Level II modifiers are a CMS (US government) list; the meanings below are short
plain-English glosses written for this app, not copied descriptors. CPT's two-digit
modifiers (25, 59, 95, ...) are AMA-licensed text, so they are named only as "CPT
modifier" here; the practice's own words can be added later.
"""

from __future__ import annotations

_MEANINGS = {
    "HA": "child or adolescent program", "HB": "adult program, not geriatric",
    "HC": "adult program, geriatric", "HD": "pregnant or parenting women's program",
    "HE": "mental health program", "HF": "substance use program",
    "HG": "opioid treatment program", "HH": "integrated mental health and substance use",
    "HI": "integrated mental health and developmental disability program",
    "HJ": "employee assistance program", "HK": "specialized program for high-risk groups",
    "HL": "intern", "HM": "less than a bachelor's degree", "HN": "bachelor's degree level",
    "HO": "master's degree level", "HP": "doctoral level", "HQ": "group setting",
    "HR": "family or couple, client present", "HS": "family or couple, client not present",
    "HT": "multidisciplinary team", "HU": "funded by child welfare agency",
    "HV": "funded by state addictions agency", "HW": "funded by state mental health agency",
    "HX": "funded by county or local agency", "HY": "funded by juvenile justice agency",
    "HZ": "funded by criminal justice agency",
    "GT": "telehealth, live audio and video", "GQ": "telehealth, store and forward",
    "FQ": "telehealth, audio only", "KX": "payer's policy requirements met",
    "XE": "separate encounter", "XP": "separate practitioner", "XS": "separate organ or site",
    "XU": "unusual, non-overlapping service", "TF": "intermediate level of care",
    "TG": "complex level of care", "TJ": "program group, child or adolescent",
    "TS": "follow-up service", "SA": "nurse practitioner with a physician",
    "AH": "clinical psychologist", "AJ": "clinical social worker",
}
_STATE_DEFINED = {f"U{c}" for c in "123456789ABCD"}


def modifier_meaning(code: str) -> str:
    """``HN`` → ``bachelor's degree level``; "" when this app has no words for it."""
    code = code.strip().upper()
    if code in _MEANINGS:
        return _MEANINGS[code]
    if code in _STATE_DEFINED:
        return "level of care defined by the state Medicaid program"
    if code.isdigit() and len(code) == 2:
        return "CPT modifier"
    return ""


def modifier_text(code: str) -> str:
    """``HN (bachelor's degree level)``; the bare code when there are no words."""
    meaning = modifier_meaning(code)
    return f"{code} ({meaning})" if meaning else code
