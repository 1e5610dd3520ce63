"""What went wrong with a claim, and the next step for that reason (the Problems worklist).

The reason → next step table is data: each row names a group of claim adjustment reason
codes (CARC), the steps a biller can take, the first being the usual one, and one or two
sentences of advice. A rejection is always fixed and sent again as an original; a denial
is worked by its CARC group; timely filing (CARC 29) can never be fixed by a
replacement, so its row comes first and no row it matches offers one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class ProblemKind(StrEnum):
    """Why a claim is on the Problems worklist. New kinds add a member and a label."""

    REJECTED = "rejected"  # Office Ally or the payer rejected it: it never reached the books
    DENIED = "denied"  # the payer decided it and paid nothing
    NEEDS_INFO = "needs_info"  # 277 P3/P4 or R*: the payer needs information (pended)
    STUCK = "stuck"  # sent, and no answer long after one was due

    @property
    def label(self) -> str:
        """The kind in a biller's words."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    ProblemKind.REJECTED: "Rejected",
    ProblemKind.DENIED: "Denied",
    ProblemKind.NEEDS_INFO: "Payer needs information",
    ProblemKind.STUCK: "No answer",
}


class Step(StrEnum):
    """A next step the worklist offers."""

    FIX_AND_RESEND = "fix_and_resend"  # a rejection: fix, send again as an original (1)
    CORRECT_AND_RESUBMIT = "correct_and_resubmit"  # replacement (7) with the payer's number
    APPEAL = "appeal"  # with a letter
    WRITE_OFF = "write_off"  # with a reason
    MARK_WAITING = "mark_waiting"  # done what can be done; hide it for a while

    @property
    def label(self) -> str:
        """The button's words."""
        return _STEP_LABELS[self]


_STEP_LABELS = {
    Step.FIX_AND_RESEND: "Fix and resend",
    Step.CORRECT_AND_RESUBMIT: "Correct and resubmit (7)",
    Step.APPEAL: "Appeal…",
    Step.WRITE_OFF: "Write off…",
    Step.MARK_WAITING: "Mark as waiting…",
}


@dataclass(frozen=True, slots=True)
class Advice:
    """One row of the table: a reason group, its steps (usual first) and what to do."""

    group: str
    codes: frozenset[str]
    steps: tuple[Step, ...]
    advice: str
    appeal_point: str = ""  # the argument an appeal letter makes for this group

    @property
    def next_step(self) -> str:
        """The usual step, in words, for the worklist's column."""
        return _STEP_WORDS[self.steps[0]]


_STEP_WORDS = {
    Step.FIX_AND_RESEND: "Fix and resend",
    Step.CORRECT_AND_RESUBMIT: "Correct and resubmit (7)",
    Step.APPEAL: "Appeal",
    Step.WRITE_OFF: "Write off",
    Step.MARK_WAITING: "Check status, mark waiting",
}

C, A, W, M = Step.CORRECT_AND_RESUBMIT, Step.APPEAL, Step.WRITE_OFF, Step.MARK_WAITING


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


# CARC groups, first match wins; timely filing first, so nothing else can offer a 7 for it.
DENIAL_TABLE: tuple[Advice, ...] = (
    Advice("Timely filing", _codes("29"), (A, W),
           "The payer says the claim came in after its filing limit. A corrected claim cannot "
           "fix that: appeal with proof the claim was sent in time (for now, the batch's "
           "Office Ally acceptance report; a proof-of-filing packet will come with the appeal "
           "letter when it is available), or write it off.",
           "The claim was submitted within the payer's filing limit; the enclosed submission "
           "record shows the date it was sent and accepted."),
    Advice("Missing or wrong information", _codes("16 17 125 140 181 182 189 206 226 227 252 A1"),
           (C, A, W),
           "Something on the claim was missing or wrong. Correct it and resubmit as a "
           "replacement (7) with the payer's claim number.",
           "The information the payer needed is included with this request."),
    Advice("Code mismatch", _codes("4 5 6 7 8 9 10 11 12 40 146"), (C, A, W),
           "A code does not fit (modifier, place of service, diagnosis, age or sex). Correct "
           "the code and resubmit as a replacement (7).",
           "The codes billed are correct for the service documented in the enclosed records."),
    Advice("Authorization or referral", _codes("15 39 62 197 198 243 288"), (A, C, W),
           "The payer found no authorization or referral. If you had one, appeal with it (or "
           "correct the claim to carry the authorization number, box 23); if not, write off.",
           "The service was authorized; the authorization is enclosed."),
    Advice("Not medically necessary or not covered",
           _codes("46 49 50 54 55 56 57 58 96 167 204 A8"), (A, W),
           "The payer does not see the service as necessary or covered. Appeal with the "
           "clinical records, or write it off (or bill the patient if they signed a waiver).",
           "The service was medically necessary; the enclosed clinical records document it."),
    Advice("Included in another service", _codes("59 97 231 234 B15"), (C, A, W),
           "The payer bundled this service into another one. If it was separate, correct the "
           "modifier (for example 59 or XU) and resubmit as a replacement (7); otherwise "
           "write it off.",
           "The service was distinct from the other services that day, as the records show."),
    Advice("Duplicate", _codes("18"), (M, A),
           "The payer already has this claim. Check that the original was paid; mark this as "
           "waiting, or appeal if it was not a duplicate.",
           "This claim is not a duplicate: it is for a different service or date."),
    Advice("Eligibility or coverage", _codes("24 26 27 31 32 33 109 177 200"), (C, W, A),
           "The payer found no coverage for the patient on that date. Check eligibility: if "
           "the member ID or payer was wrong, correct it and resubmit; if the patient had no "
           "coverage, write it off to the patient's balance.",
           "The patient was covered on the date of service; the eligibility record is "
           "enclosed."),
    Advice("Other insurance pays first", _codes("22 23"), (M, C),
           "The payer says another insurance is primary. Ask the patient to update their "
           "coordination of benefits with the payer and mark this as waiting, or bill the "
           "primary and correct this claim with its payment.",
           "The patient has no other coverage primary to this plan."),
    Advice("Benefit limit reached", _codes("35 119 149 151 273"), (A, W),
           "The patient's benefit limit was reached. Appeal if the count is wrong, or write "
           "it off.",
           "The benefit limit had not been reached on the date of service."),
    Advice("Provider not eligible", _codes("38 52 170 171 185 242 B7 B9"), (A, W),
           "The payer does not accept this provider for the service (enrollment or "
           "credentialing). Check the provider's enrollment, then appeal or write off.",
           "The provider was enrolled with the plan and eligible to provide this service."),
)

OTHER_DENIAL = Advice(
    "Other reason", frozenset(), (C, A, W),
    "Read the reason: correct and resubmit as a replacement (7) if something was wrong on the "
    "claim, appeal if the payer is wrong, or write it off.",
    "The claim was billed correctly and should be paid.")

REJECTION = Advice(
    "Rejected before the payer", frozenset(), (Step.FIX_AND_RESEND,),
    "The payer never took this claim in, so fix what the reason names and send it again as "
    "an original claim. It gets a new claim number when it is sent; the old one stays in its "
    "history.")

NEEDS_INFO = Advice(
    "Payer needs information", frozenset(), (M,),
    "The payer has paused the claim until it gets what it asks for. Send it (records, an "
    "itemized bill, the patient's answers), then mark the claim as waiting.")

STUCK = Advice(
    "No answer", frozenset(), (M,),
    "No answer has come for this claim long after one was due. Ask where it is (Office "
    "Ally's claim status, the payer's portal or phone), then mark it as waiting. If the "
    "file never reached Office Ally, send the batch again from Batches.")

_FIXED = {ProblemKind.REJECTED: REJECTION, ProblemKind.NEEDS_INFO: NEEDS_INFO,
          ProblemKind.STUCK: STUCK}


def carc_numbers(codes: str) -> list[str]:
    """The CARC codes in "CO-29, PR-1" (group prefixes dropped), in order."""
    found = []
    for part in codes.replace(";", ",").split(","):
        code = part.strip().rsplit("-", 1)[-1].strip()
        if code:
            found.append(code)
    return found


def denial_advice(carcs: Iterable[str]) -> Advice:
    """The row for a denial's reason codes (first matching row of the table)."""
    wanted = set(carcs)
    for row in DENIAL_TABLE:
        if row.codes & wanted:
            return row
    return OTHER_DENIAL


def advice_for(kind: ProblemKind, codes: str = "") -> Advice:
    """The advice for a problem of ``kind`` with its codes ("CO-29, PR-1" for a denial)."""
    if kind is ProblemKind.DENIED:
        return denial_advice(carc_numbers(codes))
    return _FIXED[kind]
