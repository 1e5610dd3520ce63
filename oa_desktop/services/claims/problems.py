"""The Problems worklist: every rejected, denied, pended or stuck claim with its next step.

One list replaces the Rejections and Denials queues and worklists. Each item says what
went wrong in words (the codes in small type), how long ago, how much money, and the
next step for that reason from :mod:`oa_desktop.domain.next_steps`. The sidebar badge is
:func:`count`, the same items the worklist shows by default.

A claim the biller appealed or marked as waiting leaves the default list until its day
comes or a new answer arrives from outside; "Show waiting" lists it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from oa_desktop.domain.models import Frequency
from oa_desktop.domain.money import format_money, from_cents
from oa_desktop.domain.next_steps import Advice, ProblemKind, Step, advice_for
from oa_desktop.domain.status import ClaimStatus, EventKind
from oa_desktop.errors import InputError, KnownError
from oa_desktop.services.claims import rejections
from oa_desktop.services.era import posting
from oa_desktop.services.era.codes import carc_text
from oa_desktop.store import claims, postings, problem_queries, records, responses
from oa_desktop.store.db import Store, utc_now
from oa_desktop.store.postings import OpenDenial
from oa_desktop.store.problem_queries import CandidateRow

S = ClaimStatus

# how long a sent claim may go without an answer before it is a problem (days)
NO_999_DAYS = 2  # Office Ally answers a file within minutes to hours
NO_277_DAYS = 7  # the payer's acknowledgement comes within a day or two
NO_PAYMENT_DAYS = 45  # most payers pay a clean claim within 30 days

_REJECTED_EVENTS = ("payer_rejected", "clearinghouse_rejected", "file_rejected")
_NEEDS_INFO_CATEGORIES = ("P3", "P4", "R")

WRITE_OFF_REASONS = (
    "Timely filing limit passed",
    "Not covered; no appeal",
    "Appeal lost",
    "No authorization on file",
    "Small balance",
    "Billed in error",
    "Other",
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One line of the Problems worklist."""

    claim_id: int
    pcn: str
    patient: str
    payer_id: int
    payer: str
    service_date: str  # ISO, "" when unknown
    amount: Decimal  # what is at stake: the open balance, or the charge
    kind: ProblemKind
    since: str  # ISO time the problem began
    days: int
    reason: str  # in words
    codes: str  # for small type: "CO-29", "A7:562"
    advice: Advice
    payer_claim_number: str
    denial_id: int | None  # the open denial posted from an ERA, if any
    waiting_until: str = ""  # ISO date when the biller parked it ("" = not parked)
    waiting_note: str = ""
    stays: Decimal = Decimal(0)  # a denial's: the patient's share a write-off leaves

    @property
    def steps(self) -> tuple[Step, ...]:
        """The steps offered for this claim, the usual one first."""
        return self.advice.steps

    @property
    def next_step(self) -> str:
        """The usual step in words."""
        return self.advice.next_step


def _day(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


def _days(since: str, today: date) -> int:
    day = _day(since)
    return max((today - day).days, 0) if day else 0


def denial_reason(codes: str) -> str:
    """"CO-29, PR-1" in words: each code's meaning, joined."""
    parts = []
    for raw in codes.replace(";", ",").split(","):
        code = raw.strip()
        if not code:
            continue
        number = code.rsplit("-", 1)[-1]
        parts.append(carc_text(number))
    return "; ".join(parts)


def _words(text: str, codes: str) -> str:
    """The event's text without its "Rejected by payer:" / "Denied: CO-16" lead-in."""
    words = text.split(":", 1)[1].strip() if ":" in text[:40] else text
    if codes and words.startswith(codes):
        words = words[len(codes):].strip()
    return words or "No reason recorded"


def _kind(row: CandidateRow, today: date, has_denial: bool) -> tuple[ProblemKind, str] | None:
    """The problem this claim has (and since when), or None."""
    status = S(row.status)
    if status is S.REJECTED:
        return ProblemKind.REJECTED, row.reason_at or row.last_answer_at
    if status is S.DENIED or has_denial:
        return ProblemKind.DENIED, row.reason_at or row.last_answer_at
    if status is S.INFO_REQUESTED:  # a 277 P3/P4/R*: the payer pended it for information
        return ProblemKind.NEEDS_INFO, row.reason_at or row.last_answer_at
    if row.reason_kind == EventKind.STATUS_REPORTED and row.reason_at == row.last_answer_at \
            and row.reason_codes.startswith(_NEEDS_INFO_CATEGORIES):
        return ProblemKind.NEEDS_INFO, row.reason_at
    limit = {S.SUBMITTED: NO_999_DAYS, S.ACCEPTED_BY_CLEARINGHOUSE: NO_277_DAYS,
             S.ACCEPTED_BY_PAYER: NO_PAYMENT_DAYS}.get(status)
    if limit is not None and row.sent_at and _days(row.sent_at, today) >= limit:
        return ProblemKind.STUCK, row.sent_at
    return None


def _stuck_reason(row: CandidateRow, days: int) -> str:
    status = S(row.status)
    if status is S.SUBMITTED:
        return (f"Office Ally has not answered the file in {days} days "
                "(it usually answers within hours)")
    if status is S.ACCEPTED_BY_CLEARINGHOUSE:
        return (f"The payer has not acknowledged the claim in {days} days "
                "(usually a day or two)")
    return f"No payment or denial {days} days after sending"


def _problem(row: CandidateRow, today: date, denial: OpenDenial | None,
             action: problem_queries.ActionRow | None, store: Store) -> Problem | None:
    found = _kind(row, today, denial is not None)
    if found is None:
        return None
    kind, since = found
    days = _days(since, today)
    codes = row.reason_codes
    amount = from_cents(row.balance_cents or row.charge_cents)
    denial_id = None
    if kind is ProblemKind.DENIED:
        if denial is not None:
            denial_id = denial.id
            codes = denial.reasons or codes
            amount = denial.amount or amount
        reason = denial_reason(codes) if codes else _words(row.reason_text, codes)
    elif kind is ProblemKind.STUCK:
        codes, reason = "", _stuck_reason(row, days)
    else:
        reason = _words(row.reason_text, codes)
    number = denial.payer_claim_number if denial is not None and denial.payer_claim_number else ""
    if kind is ProblemKind.DENIED and not number:
        number = responses.payer_claim_number(store, row.claim_id)
    waiting_until, note = "", ""
    if action is not None and action.at >= (row.last_answer_at or ""):
        waiting_until, note = action.until or "9999-12-31", action.note
    stays = max(from_cents(row.balance_cents) - amount, Decimal(0)) if denial_id else Decimal(0)
    return Problem(row.claim_id, row.pcn, row.patient_name, row.payer_id, row.payer_name,
                   row.first_date or "", amount, kind, since, days, reason, codes,
                   advice_for(kind, codes), number, denial_id, waiting_until, note, stays)


def all_problems(store: Store, today: date | None = None) -> list[Problem]:
    """Every problem, waiting ones included, oldest and largest first."""
    day = today or datetime.now(UTC).date()
    denials: dict[int, OpenDenial] = {}
    for denial in postings.open_denials(store, OpenDenial):
        denials.setdefault(denial.claim_id, denial)
    actions = problem_queries.latest_actions(store)
    found = []
    for row in problem_queries.candidate_rows(store):
        item = _problem(row, day, denials.get(row.claim_id), actions.get(row.claim_id), store)
        if item is not None:
            found.append(item)
    found.sort(key=lambda p: (-p.days, -p.amount, p.pcn))
    return found


def is_waiting(item: Problem, today: date | None = None) -> bool:
    """True while the biller has parked the claim and its day has not come."""
    day = (today or datetime.now(UTC).date()).isoformat()
    return bool(item.waiting_until) and item.waiting_until > day


def worklist(store: Store, today: date | None = None, *, kinds: Iterable[ProblemKind] = (),
             payer_id: int | None = None, waiting: bool = False) -> list[Problem]:
    """The problems to work (or, with ``waiting``, also the parked ones), filtered."""
    wanted = set(kinds)
    return [p for p in all_problems(store, today)
            if (waiting or not is_waiting(p, today))
            and (not wanted or p.kind in wanted)
            and (payer_id is None or p.payer_id == payer_id)]


def counts(items: Iterable[Problem]) -> dict[ProblemKind, int]:
    """How many of each kind (every kind present)."""
    found = dict.fromkeys(ProblemKind, 0)
    for item in items:
        found[item.kind] += 1
    return found


def count(store: Store, today: date | None = None) -> int:
    """The sidebar badge: problems to work now (not waiting)."""
    return len(worklist(store, today))


# -- the next steps ------------------------------------------------------------------------

def _get(store: Store, claim_id: int, today: date | None = None) -> Problem:
    item = next((p for p in all_problems(store, today) if p.claim_id == claim_id), None)
    if item is None:
        raise KnownError("This claim is no longer on the Problems list.",
                         "Refresh the list; someone may have worked it already.")
    return item


def rejection(store: Store, claim_id: int, today: date | None = None) -> Problem | None:
    """Why a rejected claim is on the Problems list (for the editor that fixes it)."""
    return next((p for p in all_problems(store, today)
                 if p.claim_id == claim_id and p.kind is ProblemKind.REJECTED), None)


def _offer(item: Problem, step: Step) -> None:
    if step not in item.steps:
        raise InputError(f"{step.label.rstrip('…')} is not a step for claim {item.pcn} "
                         f"({item.advice.group.lower()}).", item.advice.advice)


def correct_and_resubmit(store: Store, claim_id: int, payer_claim_number: str = "",
                         today: date | None = None) -> str:
    """Start a replacement (7) draft of a denied claim; returns what happened."""
    item = _get(store, claim_id, today)
    _offer(item, Step.CORRECT_AND_RESUBMIT)
    number = payer_claim_number.strip() or item.payer_claim_number
    if item.denial_id is not None and number == item.payer_claim_number and number:
        posting.resubmit_denial(store, item.denial_id)
    else:
        rejections.start_correction(store, claim_id, Frequency.REPLACEMENT, number)
    return (f"Claim {item.pcn} is a draft replacement (7) of payer claim {number}: correct "
            "it in Drafts, mark it ready, and send it with the next batch.")


def appeal(store: Store, claim_id: int, note: str = "", *, follow_up_days: int = 45,
           today: date | None = None) -> str:
    """Record an appeal; the claim waits for the payer's answer (``follow_up_days``)."""
    item = _get(store, claim_id, today)
    _offer(item, Step.APPEAL)
    day = today or datetime.now(UTC).date()
    until = (day + timedelta(days=follow_up_days)).isoformat()
    if item.denial_id is not None:
        posting.appeal_denial(store, item.denial_id, note=note)
    else:
        claims.add_event(store, claim_id, EventKind.NOTE, codes=item.codes,
                         text=f"Appeal started{': ' + note if note else ''}")
    problem_queries.add_action(store, claim_id, "appealed", utc_now(), until, note=note)
    return (f"Appeal recorded for claim {item.pcn}; it comes back to this list on "
            f"{date.fromisoformat(until):%m/%d/%Y} if the payer has not answered.")


def mark_waiting(store: Store, claim_id: int, days: int = 14, note: str = "",
                 today: date | None = None) -> str:
    """Park a claim for ``days``; a new answer from outside brings it back sooner."""
    item = _get(store, claim_id, today)
    day = today or datetime.now(UTC).date()
    until = (day + timedelta(days=days)).isoformat()
    claims.add_event(store, claim_id, EventKind.NOTE,
                     text=f"Marked as waiting for {days} days{': ' + note if note else ''}")
    problem_queries.add_action(store, claim_id, "waiting", utc_now(), until, note=note)
    return (f"Claim {item.pcn} is waiting until {date.fromisoformat(until):%m/%d/%Y}; "
            "it comes back sooner if an answer arrives.")


def write_off(store: Store, claim_id: int, reason: str, note: str = "",
              today: date | None = None) -> str:
    """Write off what the claim still owes, with a reason; the claim closes."""
    item = _get(store, claim_id, today)
    _offer(item, Step.WRITE_OFF)
    if not reason.strip():
        raise InputError("Choose why you write this claim off.")
    words = f"{reason.strip()}{': ' + note.strip() if note.strip() else ''}"
    if item.denial_id is not None:
        amount = posting.write_off_denial(store, item.denial_id, note=words)
        owed = claims.balance(store, claim_id)  # a patient's share the denial left stays
        then = (f"the patient's {format_money(owed)} stays on their account" if owed
                else "it is closed")
        return f"Wrote off {format_money(amount)} on claim {item.pcn} ({reason}); {then}."
    now = utc_now()
    with store.write() as db:
        amount = from_cents(claims.balance_cents_in(db, claim_id))
        if amount:
            code = item.codes.split(",")[0].strip().rsplit("-", 1)[-1] if item.codes else ""
            claims.add_ledger_entry(db, claim_id, "write_off", amount, at=now, group_code="CO",
                                    reason_code=code, source="user", source_ref="problems",
                                    note=words)
        status = claims.claim_statuses(db, [claim_id])[claim_id]
        if status in (S.DENIED, S.PAID, S.PARTIALLY_PAID):
            claims.append_events(db, [(claim_id, EventKind.CLOSED, now, item.codes,
                                       f"Written off ({format_money(amount)}): {words}")],
                                 source="user")
    return f"Wrote off {format_money(amount)} on claim {item.pcn} ({reason}); it is closed."


def is_timely_filing(item: Problem) -> bool:
    """The payer denied the claim as filed late (CARC 29): the appeal wants proof of filing."""
    return "29" in [c.rsplit("-", 1)[-1].strip() for c in item.codes.split(",")]


def appeal_letter(store: Store, claim_id: int, today: date | None = None,
                  enclosure: str = "") -> list[str]:
    """The paragraphs of an appeal letter for a denied claim (the UI prints them).

    ``enclosure`` names what goes with the letter (the proof-of-timely-filing packet of a
    CO-29 denial); without it a timely-filing appeal asks for the batch's acceptance report.
    """
    item = _get(store, claim_id, today)
    day = today or datetime.now(UTC).date()
    practice = records.load_practice(store)
    name = practice.name if practice else "Our practice"
    dos = _day(item.service_date)
    lines = [
        name,
        f"{day:%m/%d/%Y}",
        f"To: {item.payer}, Appeals",
        f"Re: Appeal of denied claim — patient {item.patient}, date of service "
        f"{dos:%m/%d/%Y}" if dos else f"Re: Appeal of denied claim — patient {item.patient}",
        f"Our claim number {item.pcn}; your claim number "
        f"{item.payer_claim_number or '(not on the remittance)'}; "
        f"amount {format_money(item.amount)}.",
        f"The claim was denied with reason {item.codes or 'not given'}: {item.reason}.",
        f"We ask you to reconsider. {item.advice.appeal_point}".strip(),
        "Please reprocess the claim for payment. Contact our billing office with any "
        "questions.",
        "Sincerely,",
        name,
    ]
    if enclosure:
        lines.insert(-3, f"Enclosed: {enclosure}")
    elif is_timely_filing(item):
        lines.insert(-3, "Enclosed: our record of when the claim was sent and accepted (attach "
                         "the batch's acceptance report from Office Ally).")
    return lines
