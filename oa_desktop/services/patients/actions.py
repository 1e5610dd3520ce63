"""What a biller does to money outside an ERA: patient payments, credit, adjustments and
write-offs, refunds, payer recoupments — and the undo of each (DESIGN §4).

Every action is one transaction: one ``account_actions`` row, the claim ledger rows it
writes (``action_id``) and the patient credit rows. Nothing is ever updated or deleted;
an undo is another action that writes the opposite of each row (``reverses_id``), dated
the day of the undo, so a month already closed keeps its figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

import sqlite_utils

from oa_desktop.domain.money import format_money, from_cents, to_cents
from oa_desktop.domain.status import ClaimStatus, EventKind, next_status, settle_events
from oa_desktop.errors import KnownError
from oa_desktop.logs import get_logger
from oa_desktop.store import claims as claim_store
from oa_desktop.store import patient_ledger as pl
from oa_desktop.store import postings
from oa_desktop.store.db import Store, utc_now

log = get_logger("services")


class Method(StrEnum):
    """How a patient paid (or was refunded)."""

    CASH = "cash"
    CHECK = "check"
    CARD = "card"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The word a biller reads."""
        return {"cash": "Cash", "check": "Check", "card": "Card", "other": "Other"}[self.value]


KIND_LABELS = {"payment": "Patient payment", "apply_credit": "Credit applied",
               "adjustment": "Adjustment", "refund": "Refund", "recoupment": "Payer recoupment",
               "undo": "Undo"}


@dataclass(frozen=True, slots=True)
class ActionResult:
    """What one action did: the money put on claims, and the change to the credit."""

    action_id: int
    applied: list[tuple[int, Decimal]] = field(default_factory=list)  # (claim id, amount)
    credit_change: Decimal = Decimal("0.00")

    @property
    def applied_amount(self) -> Decimal:
        """Everything put on claims."""
        return sum((a for _, a in self.applied), Decimal("0.00"))


def _positive(amount: Decimal, what: str) -> int:
    try:
        cents = to_cents(amount)
    except ValueError:
        raise KnownError(f"{amount} is not an amount of money.", f"Type the {what}, "
                         "like 25.00.") from None
    if cents <= 0:
        raise KnownError(f"The {what} must be more than $0.00.", f"Type the {what}.")
    return cents


def _card_digits(method: Method, reference: str) -> None:
    """A card is named by its last four digits only (never the whole number)."""
    text = reference.strip()
    if method is Method.CARD and text and not (len(text) == 4 and text.isdigit()):
        raise KnownError("For a card, type only its last four digits.",
                         "Never type the whole card number.")


def _day(on: date | None) -> str:
    return (on or date.today()).isoformat()


def _action(db: sqlite_utils.Database, patient_id: int, kind: str, on: str, cents: int, *,
            actor: str, method: str = "", reference: str = "", paid_by: str = "",
            reason: str = "", note: str = "", undoes_id: int | None = None) -> int:
    return pl.insert_action(db, pl.ActionRow(
        0, patient_id, kind, on, cents, method, reference.strip(), paid_by.strip(), reason,
        note.strip(), undoes_id, utc_now(), actor))


def _spread(open_claims: list[pl.ClaimSums], cents: int, *, picked: bool) -> list[tuple[int, int]]:
    """Put ``cents`` on claims in order: on the patient's share of each (oldest first), or
    on the whole balance of the claims the biller picked."""
    placed: list[tuple[int, int]] = []
    for claim in open_claims:
        room = claim.balance_cents if picked else claim.patient_cents
        take = min(cents, room)
        if take > 0:
            placed.append((claim.claim_id, take))
            cents -= take
    return placed


def _claims_to_pay(db: sqlite_utils.Database, patient_id: int,
                   claim_ids: Sequence[int] | None) -> list[pl.ClaimSums]:
    if claim_ids is None:
        return pl.claim_sums(db, patient_id=patient_id)
    found = {c.claim_id: c for c in pl.claim_sums(db, claim_ids=claim_ids)}
    wrong = [c for c in claim_ids if c not in found or found[c].patient_id != patient_id]
    if wrong:
        raise KnownError(f"Claim {wrong[0]} is not this patient's claim.",
                         "Pick the patient's own claims, or leave the payment as credit.")
    return [found[c] for c in dict.fromkeys(claim_ids)]


def settle(db: sqlite_utils.Database, claim_ids: set[int], why: str, day: str) -> None:
    """Money moved on ``claim_ids`` on ``day``: refresh their balances and move their
    statuses as ERA posting does (``settle_events``: closed when nothing is owed, reopened
    to the payer's answer when owed again). ``why`` names the action on the timeline."""
    claim_store.refresh_money(db, claim_ids)
    ids = sorted(claim_ids)
    status, balance = postings.claim_states(db, ids)
    before = pl.status_before_close(db, [c for c in ids if status[c] is ClaimStatus.CLOSED])
    now = utc_now()
    now = now if now.startswith(day) else f"{day}T12:00:00+00:00"  # an entry dated before
    events = [(c, kind, now, "", _event_text(kind, why)) for c in ids
              for kind in settle_events(status[c], balance[c], before.get(c))]
    if events:
        claim_store.append_events(db, events, source="user")


def _event_text(kind: EventKind, why: str) -> str:
    if kind is EventKind.CLOSED:
        return f"Balance is zero; claim closed ({why})"
    if kind is EventKind.REOPENED:
        return f"Balance owed again; claim reopened ({why})"
    return f"Back to {next_status(ClaimStatus.ACCEPTED_BY_PAYER, kind).label.lower()} ({why})"


def _write_applied(db: sqlite_utils.Database, placed: list[tuple[int, int]], on: str,
                   action_id: int, ref: str, why: str = "") -> None:
    pl.add_claim_rows(db, [(claim_id, None, "patient_payment", cents, "", "", "desk", ref,
                            None, on, "", action_id) for claim_id, cents in placed])
    if why:
        settle(db, {c for c, _ in placed}, why, on)
    else:
        claim_store.refresh_money(db, {c for c, _ in placed})


def _result(action_id: int, placed: list[tuple[int, int]], credit: int) -> ActionResult:
    return ActionResult(action_id, [(c, from_cents(x)) for c, x in placed], from_cents(credit))


def take_payment(store: Store, patient_id: int, amount: Decimal, method: Method | str, *,
                 on: date | None = None, reference: str = "", paid_by: str = "",
                 note: str = "", claim_ids: Sequence[int] | None = None,
                 as_credit: bool = False, actor: str = "") -> ActionResult:
    """Record a patient payment: applied to the patient's share of their open claims,
    oldest first (or to the whole balance of ``claim_ids``, in that order); what is left
    becomes unapplied credit. ``as_credit`` keeps all of it as credit."""
    cents = _positive(amount, "payment")
    method = Method(method)
    if method is Method.CHECK and not reference.strip():
        raise KnownError("A check payment needs the check number.", "Type the check number.")
    _card_digits(method, reference)
    day = _day(on)
    with store.write() as db:
        if not pl.patient_exists(db, patient_id):
            raise KnownError(f"Patient {patient_id} does not exist.", "Pick the patient again.")
        targets = [] if as_credit else _claims_to_pay(db, patient_id, claim_ids)
        placed = _spread(targets, cents, picked=claim_ids is not None)
        rest = cents - sum(x for _, x in placed)
        action_id = _action(db, patient_id, "payment", day, cents, actor=actor or store.actor,
                            method=method.value, reference=reference, paid_by=paid_by, note=note)
        ref = f"{method.value} {reference.strip()}".strip()
        _write_applied(db, placed, day, action_id, ref, "patient payment")
        if rest:
            pl.add_credit_rows(db, [(patient_id, action_id, rest, day, None)])
    log.info("patient payment %d: %d claim(s), %d cents credit", action_id, len(placed), rest)
    return _result(action_id, placed, rest)


def apply_credit(store: Store, patient_id: int, *, claim_ids: Sequence[int] | None = None,
                 on: date | None = None, actor: str = "") -> ActionResult:
    """Use the patient's unapplied credit on their claims (the patient's share, oldest
    first; or the whole balance of ``claim_ids``)."""
    day = _day(on)
    with store.write() as db:
        credit = pl.credit_cents(db, patient_id)
        if credit <= 0:
            raise KnownError("This patient has no credit to apply.", "")
        placed = _spread(_claims_to_pay(db, patient_id, claim_ids), credit,
                         picked=claim_ids is not None)
        used = sum(x for _, x in placed)
        if not used:
            raise KnownError("No claim of this patient has a balance the credit can pay.",
                             "The credit stays on the account for the next claim.")
        action_id = _action(db, patient_id, "apply_credit", day, used,
                            actor=actor or store.actor)
        _write_applied(db, placed, day, action_id, "credit", "credit applied")
        pl.add_credit_rows(db, [(patient_id, action_id, -used, day, None)])
    return _result(action_id, placed, -used)


def adjust(store: Store, claim_id: int, amount: Decimal, reason_code: str, *,
           line_id: int | None = None, on: date | None = None, note: str = "",
           actor: str = "") -> ActionResult:
    """An adjustment or write-off of part or all of a claim's (or one line's) balance,
    with a reason from the practice's list ("other" needs a note)."""
    cents = _positive(amount, "amount")
    day = _day(on)
    with store.write() as db:
        reason = next((r for r in pl.reasons(db) if r.code == reason_code), None)
        if reason is None or not reason.active:
            raise KnownError(f"“{reason_code}” is not one of the practice's reasons.",
                             "Pick a reason from the list.")
        if reason.needs_note and not note.strip():
            raise KnownError(f"“{reason.label}” needs a few words of why.", "Type a note.")
        claim = _one_claim(db, claim_id)
        if line_id is not None and pl.line_claims(db, [line_id]).get(line_id) != claim_id:
            raise KnownError("That service line is not on this claim.", "Pick the line again.")
        if cents > claim.balance_cents:
            raise KnownError(f"{format_money(from_cents(cents))} is more than the claim's "
                             f"balance of {format_money(from_cents(claim.balance_cents))}.",
                             "Type an amount up to the balance.")
        action_id = _action(db, claim.patient_id, "adjustment", day, cents,
                            actor=actor or store.actor, reason=reason.code, note=note)
        pl.add_claim_rows(db, [(claim_id, line_id, reason.kind, cents, "", reason.code, "desk",
                                reason.label, None, day, note.strip(), action_id)])
        settle(db, {claim_id}, reason.label.lower(), day)
    return ActionResult(action_id, [(claim_id, from_cents(cents))])


def _one_claim(db: sqlite_utils.Database, claim_id: int) -> pl.ClaimSums:
    found = pl.claim_sums(db, claim_ids=[claim_id])
    if not found:
        raise KnownError(f"Claim {claim_id} does not exist.", "Refresh the list.")
    return found[0]


def refund(store: Store, patient_id: int, amount: Decimal, method: Method | str, *,
           reference: str = "", on: date | None = None, note: str = "",
           actor: str = "") -> ActionResult:
    """Give back part or all of a patient's unapplied credit (by check or to the card)."""
    cents = _positive(amount, "refund")
    method = Method(method)
    _card_digits(method, reference)
    day = _day(on)
    with store.write() as db:
        credit = pl.credit_cents(db, patient_id)
        if cents > credit:
            raise KnownError(f"The patient's credit is {format_money(from_cents(credit))}; "
                             f"a refund of {format_money(from_cents(cents))} is more than that.",
                             "Refund at most the credit.")
        action_id = _action(db, patient_id, "refund", day, cents, actor=actor or store.actor,
                            method=method.value, reference=reference, note=note)
        pl.add_credit_rows(db, [(patient_id, action_id, -cents, day, None)])
    return ActionResult(action_id, [], from_cents(-cents))


def recoup(store: Store, claim_id: int, amount: Decimal, *, payer: str = "",
           reference: str = "", on: date | None = None, note: str = "",
           actor: str = "") -> ActionResult:
    """A payer takes back money it paid on a claim, outside an ERA (a letter, a call):
    the payer's payment goes down and the claim's balance up."""
    cents = _positive(amount, "amount")
    day = _day(on)
    with store.write() as db:
        claim = _one_claim(db, claim_id)
        paid = pl.paid_by_payer(db, claim_id)
        if cents > paid:
            raise KnownError(f"The payer paid {format_money(from_cents(paid))} on this claim; "
                             f"it cannot take back {format_money(from_cents(cents))}.",
                             "Type at most what the payer paid.")
        action_id = _action(db, claim.patient_id, "recoupment", day, cents,
                            actor=actor or store.actor, reference=reference, reason=payer,
                            note=note)
        pl.add_claim_rows(db, [(claim_id, None, "payment", -cents, "", "", "recoupment",
                                reference.strip(), None, day, note.strip(), action_id)])
        settle(db, {claim_id}, "payer recoupment", day)
    return ActionResult(action_id, [(claim_id, from_cents(-cents))])


def undo(store: Store, action_id: int, *, on: date | None = None, actor: str = "") -> int:
    """Take an action back by writing the opposite of each of its rows; returns the undo's
    id. Refused when it was undone already, or when its credit was used or refunded since
    (undo that first)."""
    day = _day(on)
    with store.write() as db:
        target = pl.get_action(db, action_id)
        if target is None:
            raise KnownError(f"Entry {action_id} does not exist.", "Refresh the account.")
        if target.kind == "undo":
            raise KnownError("An undo cannot itself be undone.", "Enter the action again.")
        if pl.undo_of(db, action_id) is not None:
            raise KnownError("This entry was undone already.", "Refresh the account.")
        undo_id, claim_ids = undo_in(db, target, day, actor or store.actor)
        settle(db, claim_ids, f"{KIND_LABELS.get(target.kind, target.kind).lower()} undone",
               day)
    log.info("account action %d undone by %d", action_id, undo_id)
    return undo_id


def undo_in(db: sqlite_utils.Database, target: pl.ActionRow, day: str,
            actor: str) -> tuple[int, set[int]]:
    """Write the undo of one action inside the caller's transaction (balances refreshed,
    statuses left to the caller); returns the undo's id and the claims it touched."""
    rows = pl.claim_rows_of(db, target.id)
    credit = pl.credit_rows_of(db, target.id)
    taken = sum(c for _, _, c in credit)
    if taken > pl.credit_cents(db, target.patient_id):
        raise KnownError("Part of this payment's credit was used or refunded since.",
                         "Undo the later refund or credit first.")
    undo_id = _action(db, target.patient_id, "undo", day, target.amount_cents, actor=actor,
                      undoes_id=target.id)
    pl.add_claim_rows(db, [(r[1], r[2], r[3], -r[4], r[5], r[6], r[7], r[8], r[0], day,
                            r[9], undo_id) for r in rows])
    pl.add_credit_rows(db, [(patient, undo_id, -cents, day, row_id)
                            for row_id, patient, cents in credit])
    claim_ids = {r[1] for r in rows}
    claim_store.refresh_money(db, claim_ids)
    return undo_id, claim_ids


# -- credit the next claim uses (applied by an ERA or paper EOB posting) ------------------

POSTING_REASON = "posting"  # account_actions.reason of credit an insurance posting applied


def credit_to_use(credit: dict[int, int],
                  owed: Sequence[tuple[int, int, int]]) -> dict[int, int]:
    """How much of each patient's unapplied ``credit`` (patient id → cents) goes on claims
    that just gained a patient share: ``owed`` is ``(patient id, claim id, patient share in
    cents)`` in the order to pay (oldest first); returns claim id → cents applied."""
    left = dict(credit)
    used: dict[int, int] = {}
    for patient_id, claim_id, share in owed:
        take = min(left.get(patient_id, 0), share)
        if take > 0:
            used[claim_id] = used.get(claim_id, 0) + take
            left[patient_id] -= take
    return used


def posting_credit(db: sqlite_utils.Database,
                   owed: dict[int, tuple[int, int]]) -> dict[int, int]:
    """The credit an insurance posting applies: ``owed`` maps each claim to which it gives
    a patient share to ``(its balance after the posting, the patient share it adds)``
    (cents); returns claim id → credit applied, oldest claim first within each patient."""
    with_credit = pl.patients_with_credit(db)
    if not with_credit or not owed:
        return {}
    patients = pl.claim_patients(db, list(owed))
    ids = [c for c, p in patients.items() if p in with_credit]
    shares = [(c.patient_id, c.claim_id, max(0, min(
        owed[c.claim_id][0], c.patient_resp_cents + owed[c.claim_id][1] - c.patient_paid_cents)))
        for c in pl.claim_sums(db, claim_ids=ids)] if ids else []
    return credit_to_use(with_credit, shares)


def apply_posting_credit(db: sqlite_utils.Database, used: dict[int, int], posting_id: int,
                         day: str, actor: str, check: str = "") -> list[int]:
    """Write the credit a posting applies (``credit_to_use``), inside the posting's
    transaction: one ``apply_credit`` action per patient naming the posting, so undoing
    the posting undoes it. Statuses are the posting's to move. Returns the action ids."""
    by_patient: dict[int, list[tuple[int, int]]] = {}
    patients = pl.claim_patients(db, list(used))
    for claim_id, cents in used.items():
        by_patient.setdefault(patients[claim_id], []).append((claim_id, cents))
    made = []
    for patient_id, placed in sorted(by_patient.items()):
        cents = sum(x for _, x in placed)
        action_id = _action(db, patient_id, "apply_credit", day, cents, actor=actor,
                            reason=POSTING_REASON, reference=str(posting_id))
        _write_applied(db, placed, day, action_id, f"check/EFT {check}" if check else "credit")
        pl.add_credit_rows(db, [(patient_id, action_id, -cents, day, None)])
        made.append(action_id)
    return made


def undo_posting_credit(db: sqlite_utils.Database, posting_ids: Sequence[int], day: str,
                        actor: str) -> set[int]:
    """Undo the credit that these postings applied (and that stands), inside the undo's
    transaction; returns the claims touched."""
    touched: set[int] = set()
    for action in pl.posting_credit_actions(db, [str(p) for p in posting_ids],
                                            POSTING_REASON):
        touched |= undo_in(db, action, day, actor)[1]
    return touched


def reasons(store: Store, *, active_only: bool = True) -> list[pl.Reason]:
    """The practice's adjustment reasons."""
    return [r for r in pl.reasons(store.read) if r.active or not active_only]


def add_reason(store: Store, label: str, kind: str = "write_off") -> str:
    """Add a reason of the practice's own; returns its code."""
    label = label.strip()
    if not label:
        raise KnownError("A reason needs a name.", "Type what the reason is called.")
    if kind not in ("adjustment", "write_off"):
        raise KnownError(f"“{kind}” is not a kind of adjustment.", "Pick adjustment or "
                         "write-off.")
    code = "".join(ch if ch.isalnum() else "_" for ch in label.lower()).strip("_")[:30]
    with store.write() as db:
        if any(r.code == code or r.label.lower() == label.lower() for r in pl.reasons(db)):
            raise KnownError(f"There is a reason called “{label}” already.", "")
        pl.add_reason(db, code, label, kind)
    return code
