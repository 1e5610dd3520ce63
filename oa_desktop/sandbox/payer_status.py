"""The payer's own 277 (005010X212): where some accepted claims are, before their ERA.

A seeded share of accepted claims gets a report a week after the upload: pending (P1),
the payer needs information (P3), approved with the amount to be paid (F1, as the ERA
will pay it), or denied (F2, when the ERA will deny it).
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from oa_desktop.sandbox.responses import ClaimVerdict, Remit
from oa_desktop.sandbox.submitted import Envelope
from oa_desktop.sandbox.x12out import OA_ID, Interchange, amount

SHARE = 0.35  # of accepted claims that get a payer status report


def choose(verdict: ClaimVerdict, remits: list[Remit], rng: random.Random
           ) -> tuple[str, Decimal | None] | None:
    """The STC01 (category:code) a claim is reported with, and the amount (F1), or None."""
    if rng.random() >= SHARE or not remits:
        return None
    first = remits[0]
    if first.status == "4":
        return "F2:88", None
    roll = rng.random()
    if roll < 0.4:
        return "F1:65", first.paid
    if roll < 0.7:
        return "P1:20", None
    return "P3:21", None


def build_payer_277(env: Envelope, reports: list[tuple[ClaimVerdict, str, Decimal | None]],
                    control: int, day: date) -> str:
    """One 277 with a claim loop (HL 22) per report, under each billing provider."""
    d8 = day.strftime("%Y%m%d")
    x12 = Interchange("HN", "005010X212", env.sender_id, control, d8, env.time)
    body: list[list[str]] = [
        ["BHT", "0010", "08", f"S{control}", d8, env.time, "DG"],
        ["HL", "1", "", "20", "1"], ["NM1", "PR", "2", "SANDBOX PAYER", "", "", "", "", "PI",
                                         "SANDBOX"],
        ["HL", "2", "1", "21", "1"], ["NM1", "41", "2", "OFFICE ALLY", "", "", "", "", "46",
                                          OA_ID],
    ]
    hl = 2
    for provider in sorted({(v.claim.billing_name, v.claim.billing_npi) for v, _, _ in reports}):
        hl += 1
        parent = hl
        body += [["HL", str(hl), "2", "19", "1"],
                 ["NM1", "85", "2", provider[0], "", "", "", "", "XX", provider[1]]]
        for verdict, stc, paid in reports:
            c = verdict.claim
            if (c.billing_name, c.billing_npi) != provider:
                continue
            hl += 1
            stc_row = ["STC", stc, d8, "", amount(c.charge)]
            if paid is not None:
                stc_row.append(amount(paid))
            body += [["HL", str(hl), str(parent), "22", "0"],
                     ["NM1", "IL", "1", c.patient_last, c.patient_first, "", "", "", "MI",
                      c.member_id],
                     ["TRN", "2", c.pcn], stc_row]
    x12.add_set("277", body)
    return x12.render()
