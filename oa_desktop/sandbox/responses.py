"""What Office Ally writes back for one upload: File Summary, 999, 277CA, ERA (835).

Every choice is made by a :class:`random.Random` seeded with the sandbox seed, the
file's hash and the claim's CLM01, so a given seed always gives the same answers.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from oa_desktop.sandbox.submitted import (
    Envelope,
    SetCheck,
    SubmittedClaim,
    SubmittedLine,
)
from oa_desktop.sandbox.x12out import OA_ID, Interchange, amount

_ICD10 = re.compile(r"[A-TV-Z][0-9][0-9A-Z][0-9A-Z]{0,4}")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ClaimVerdict:
    """The stand-in payer's verdict on one claim (a 277CA status)."""
    claim: SubmittedClaim
    category: str  # STC01-1: A2 accepted, A3 / A7 rejected
    status: str  # STC01-2
    entity: str  # STC01-3
    text: str  # for the File Summary ERROR column

    @property
    def accepted(self) -> bool:
        """Whether the claim was accepted (A2)."""
        return self.category == "A2"


def judge_claim(claim: SubmittedClaim, rng: random.Random) -> ClaimVerdict:
    """Office Ally's front-end edits: real checks first, then a seeded share of rejections."""
    if not claim.member_id:
        return ClaimVerdict(claim, "A7", "164", "IL", "MISSING SUBSCRIBER ID")
    if not claim.diagnoses or not all(_ICD10.fullmatch(d) for d in claim.diagnoses):
        return ClaimVerdict(claim, "A7", "255", "", "INVALID DIAGNOSIS CODE")
    if rng.random() < 0.12:
        return ClaimVerdict(claim, "A3", "562", "85", "INVALID BILLING PROVIDER NPI")
    return ClaimVerdict(claim, "A2", "20", "", "")


def claim_rng(seed: int, file_digest: str, pcn: str) -> random.Random:
    """The claim's own random source: the seed and the claim's number decide its fate.

    The file's bytes carry their creation time, so they take no part in a claim's verdict
    (only in file-level draws, where ``pcn`` names the draw): the same seed and the same
    claim always get the same answer, from run to run.
    """
    key = f"{seed}:{file_digest}:{pcn}" if pcn == "era" else f"{seed}:{pcn}"
    return random.Random(key)


def build_999(env: Envelope, checks: list[SetCheck], control: int, day: date) -> str:
    """A 999 (005010X231A1) for the upload's functional group."""
    x12 = Interchange("FA", "005010X231A1", env.sender_id, control, day.strftime("%Y%m%d"),
                      env.time)
    body: list[list[str]] = [["AK1", "HC", env.group_control, env.version]]
    for check in checks:
        body.append(["AK2", "837", check.st_control, env.version])
        for err in check.errors:
            body.append(["IK3", err.segment_id, str(err.position), "", "8"])
            body.append(["IK4", str(err.element), "", err.code, err.bad_value])
        body.append(["IK5", check.status, *check.ik5_codes[:5]])
    accepted = sum(1 for c in checks if c.status in "AE")
    status = "A" if accepted == len(checks) and checks else ("P" if accepted else "R")
    if status == "A" and any(c.status == "E" for c in checks):
        status = "E"
    body.append(["AK9", status, str(len(checks)), str(len(checks)), str(accepted)])
    x12.add_set("999", body)
    return x12.render()


def build_rejected_999(env: Envelope | None, control: int, day: date) -> str:
    """A 999 rejecting a file that could not be read at all."""
    receiver = env.sender_id if env else "UNKNOWN"
    group = env.group_control if env else "0"
    x12 = Interchange("FA", "005010X231A1", receiver, control, day.strftime("%Y%m%d"), "0000")
    x12.add_set("999", [["AK1", "HC", group, "005010X222A1"], ["AK9", "R", "0", "0", "0"]])
    return x12.render()


def build_277ca(
    env: Envelope, verdicts: list[ClaimVerdict], control: int, day: date, file_id: str
) -> str:
    """A 277CA (005010X214): one status per claim, grouped under its billing provider."""
    d8 = day.strftime("%Y%m%d")
    x12 = Interchange("HN", "005010X214", env.sender_id, control, d8, env.time)
    accepted = [v for v in verdicts if v.accepted]
    rejected = [v for v in verdicts if not v.accepted]
    total = sum((v.claim.charge for v in verdicts), Decimal(0))
    body: list[list[str]] = [
        ["BHT", "0085", "08", file_id, d8, env.time, "TH"],
        ["HL", "1", "", "20", "1"], ["NM1", "AY", "2", "OFFICE ALLY", "", "", "", "", "46", OA_ID],
        ["TRN", "1", file_id], ["DTP", "050", "D8", d8], ["DTP", "009", "D8", d8],
        ["HL", "2", "1", "21", "1"],
        ["NM1", "41", "2", "SUBMITTER", "", "", "", "", "46", env.sender_id],
        ["TRN", "2", env.control], ["STC", "A1:19", d8, "WQ", amount(total)],
        ["QTY", "90", str(len(accepted))], ["QTY", "AA", str(len(rejected))],
        ["AMT", "YU", amount(sum((v.claim.charge for v in accepted), Decimal(0)))],
        ["AMT", "YY", amount(sum((v.claim.charge for v in rejected), Decimal(0)))],
    ]
    hl = 2
    for provider in sorted({(v.claim.billing_name, v.claim.billing_npi) for v in verdicts}):
        hl += 1
        parent = hl
        body += [["HL", str(hl), "2", "19", "1"],
                 ["NM1", "85", "2", provider[0], "", "", "", "", "XX", provider[1]],
                 ["TRN", "1", "0"]]
        for index, verdict in enumerate(v for v in verdicts
                                        if (v.claim.billing_name, v.claim.billing_npi) == provider):
            hl += 1
            body += _claim_status(verdict, hl, parent, d8, f"{file_id}{index:04d}")
    x12.add_set("277", body)
    return x12.render()


def _claim_status(v: ClaimVerdict, hl: int, parent: int, d8: str, trace: str) -> list[list[str]]:
    c = v.claim
    stc = f"{v.category}:{v.status}" + (f":{v.entity}" if v.entity else "")
    dates = [ln.service_date for ln in c.lines if ln.service_date] or [d8]
    return [
        ["HL", str(hl), str(parent), "PT"],
        ["NM1", "QC", "1", c.patient_last, c.patient_first, "", "", "", "MI", c.member_id],
        ["TRN", "2", c.pcn],
        ["STC", stc, d8, "WQ" if v.accepted else "U", amount(c.charge)],
        ["REF", "1K", trace],
        ["DTP", "472", "RD8", f"{min(dates)}-{max(dates)}"],
    ]


@dataclass
class Remit:
    """One CLP loop and its lines, already balanced."""

    claim: SubmittedClaim
    status: str  # CLP02: 1 paid, 2 paid as secondary, 4 denied, 22 reversal
    paid: Decimal
    patient_resp: Decimal
    lines: list[tuple[SubmittedLine, Decimal, list[tuple[str, str, Decimal]]]] = field(
        default_factory=list)
    sign: int = 1


def adjudicate(claim: SubmittedClaim, rng: random.Random) -> list[Remit]:
    """Pay, partly pay or deny a claim; sometimes a reversal and a re-payment."""
    roll = rng.random()
    if roll < 0.15:
        return [_deny(claim, rng)]
    remit = _pay(claim, rng, deny_one=roll < 0.40 and len(claim.lines) > 1)
    if roll > 0.90:
        reversal = Remit(claim, "22", remit.paid, remit.patient_resp, remit.lines, sign=-1)
        return [remit, reversal, _pay(claim, random.Random(rng.random()), deny_one=False)]
    return [remit]


def _deny(claim: SubmittedClaim, rng: random.Random) -> Remit:
    reason = rng.choice(["16", "29", "197"])
    lines = [(ln, Decimal(0), [("CO", reason, ln.charge)]) for ln in claim.lines]
    return Remit(claim, "4", Decimal(0), Decimal(0), lines)


def _pay(claim: SubmittedClaim, rng: random.Random, deny_one: bool) -> Remit:
    lines = []
    denied_index = rng.randrange(len(claim.lines)) if deny_one else -1
    for index, line in enumerate(claim.lines):
        if index == denied_index:
            lines.append((line, Decimal(0), [("CO", rng.choice(["16", "197"]), line.charge)]))
            continue
        allowed = (line.charge * Decimal(str(rng.uniform(0.55, 0.9)))).quantize(CENT)
        adjustments = [("CO", "45", line.charge - allowed)] if line.charge > allowed else []
        patient = _patient_share(allowed, rng)
        adjustments += [("PR", code, value) for code, value in patient if value]
        paid = allowed - sum((value for _, value in patient), Decimal(0))
        lines.append((line, paid, adjustments))
    paid_total = sum((p for _, p, _ in lines), Decimal(0))
    patient_total = sum((a[2] for _, _, adj in lines for a in adj if a[0] == "PR"), Decimal(0))
    return Remit(claim, "1", paid_total, patient_total, lines)


def _patient_share(allowed: Decimal, rng: random.Random) -> list[tuple[str, Decimal]]:
    kind = rng.choice(["none", "1", "2", "3"])
    if kind == "1":
        return [("1", min(allowed, Decimal("50.00")))]
    if kind == "2":
        return [("2", (allowed * Decimal("0.2")).quantize(CENT))]
    if kind == "3":
        return [("3", min(allowed, Decimal("20.00")))]
    return []
