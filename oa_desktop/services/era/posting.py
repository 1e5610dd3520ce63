"""Post an ERA to the ledger: preview, post (all or nothing), undo, reversals, denials.

DESIGN §4: the ledger is append-only. One posting is one transaction; undo writes
reversing rows (``reverses_id``) and restores each claim's previous status.

An ERA is posted in one or more postings. The first posts every matched claim and the
PLB rows (provider-level: interest, recoupments) so BPR02 reconciles; claims not matched
wait on the ERA (``partly_posted``) and a later posting posts them once the biller
matches them. No ERA claim and no PLB row is ever posted twice while its posting stands.

A CLP02 = 22 reversal takes back the earlier posting of that claim (in this ERA or an
earlier one); with nothing to take back it is parked, and applied later: by itself when
another ERA's posting posts the payment it takes back (same amount, paid on or before the
reversal), or when the biller posts its ERA again. A claim paid nothing with CO/PI
adjustments is a denial: no adjustment is posted (the balance stays open) and the claim
goes to the Denials worklist, where the biller resubmits, appeals or writes off.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from decimal import Decimal

import sqlite_utils

from oa_desktop.domain.display import plural
from oa_desktop.domain.money import format_money, from_cents, to_cents
from oa_desktop.domain.status import (
    ClaimStatus,
    EventKind,
    InvalidTransition,
    next_status,
    settle_events,
)
from oa_desktop.errors import KnownError
from oa_desktop.logs import get_logger
from oa_desktop.services.era.codes import adjustment_label, carc_text, clp02_text, plb_text
from oa_desktop.services.era.plan import ClaimPlan, PostingPlan
from oa_desktop.services.era.planning import blockers, plan_posting
from oa_desktop.services.patients import actions as patient_actions
from oa_desktop.store import claims, paper_eobs, postings, remittances
from oa_desktop.store.db import Store, utc_now
from oa_desktop.store.remittances import RemittanceSummary

__all__ = ["ClaimPlan", "PostingPlan", "Reconciliation", "adjustment_label", "carc_text",
           "clp02_text", "plb_text", "post", "post_all", "preview", "reconcile", "undo"]

log = get_logger("services")
S = ClaimStatus


def preview(store: Store, remittance_id: int, *,
            summary: RemittanceSummary | None = None) -> PostingPlan:
    """What posting this remittance would do, claim by claim (nothing is written).
    ``summary``: the remittance as just read, when the caller has it."""
    return plan_posting(store.read, summary or remittances.get_remittance(store, remittance_id))


def _summary_in(db: sqlite_utils.Database, remittance_id: int) -> RemittanceSummary:
    try:
        return remittances.summary_in(db, remittance_id)
    except KeyError:
        raise KnownError(f"ERA {remittance_id} does not exist.", "Refresh the ERA list.") from None


def post(store: Store, remittance_id: int, *, actor: str = "",
         below_zero_confirmed: bool = False) -> PostingPlan:
    """Post what of one remittance is not posted yet, in one transaction: all or nothing.

    A posting that would leave a claim below zero is refused unless the biller confirmed
    it in the preview (``below_zero_confirmed``).

    Reversals parked on other ERAs that take back payments posted now are applied in the
    same transaction, each as a posting of its own ERA caused by this one.
    """
    with store.write() as db:
        plan = plan_posting(db, _summary_in(db, remittance_id))
        if plan.blockers:
            raise KnownError(plan.blockers[0], "Nothing was posted.")
        if plan.below_zero and not below_zero_confirmed:
            raise KnownError(plan.below_zero_text(), "Nothing was posted. Check the ERA and "
                             "the claims; post from the preview to confirm it.")
        now = utc_now()
        who = actor or store.actor
        posting_id = postings.insert_posting(db, remittance_id, "post", now, who)
        groups: list[tuple[int, RemittanceSummary | None, list[ClaimPlan]]] = [
            (posting_id, plan.remittance, [c for c in plan.claims if c.written])]
        for era_id in dict.fromkeys(c.rc.remittance_id for c in plan.retries):
            retried = [c for c in plan.retries if c.rc.remittance_id == era_id]
            groups.append((postings.insert_posting(db, era_id, "post", now, who,
                                                   caused_by_id=posting_id), None, retried))
        _write(db, groups, now)
        used = {cp.rc.claim_id: cp.credit_cents for cp in plan.rows
                if cp.credit_cents and cp.rc.claim_id is not None}
        if used:
            patient_actions.apply_posting_credit(db, used, posting_id, now[:10], who,
                                                 plan.remittance.trace_number)
        postings.add_provider_rows(db, [
            (remittance_id, posting_id, p.plb_id, p.kind, p.reason, p.reference,
             p.amount_cents, None, now) for p in plan.provider])
        for era_id in dict.fromkeys([remittance_id, *(c.rc.remittance_id for c in plan.retries)]):
            postings.refresh_remittance_status(db, era_id)
    log.info("posted remittance %d (posting %d, %d claim(s), %d retried reversal(s))",
             remittance_id, posting_id, len(plan.written), len(plan.retries))
    return plan


def _write(db: sqlite_utils.Database,
           groups: list[tuple[int, RemittanceSummary | None, list[ClaimPlan]]], now: str) -> None:
    rows = []
    for posting_id, summary, plans in groups:
        for cp in plans:
            trace = cp.era_trace or (summary.trace_number if summary else "")
            claim_id, rc_id = cp.rc.claim_id, cp.rc.id
            rows += [(e.id, claim_id, e.line_id, e.kind, e.cents, e.group, e.reason, "835", trace,
                      e.reverses, now, "", posting_id, rc_id) for e in cp.entries]
    postings.add_ledger_rows(db, rows)
    touched: set[int] = set()
    for posting_id, summary, plans in groups:
        source = summary.source_name if summary else (plans[0].era_source if plans else "")
        claims.append_events(db, [(cp.rc.claim_id, kind, now, codes, text) for cp in plans
                                  if cp.rc.claim_id is not None
                                  for kind, codes, text in cp.events],
                             source="835", source_file=source)
        postings.add_posting_claims(db, [
            (posting_id, cp.rc.id, cp.rc.claim_id, cp.action,
             cp.status_before.value if cp.status_before and cp.action != "parked" else "")
            for cp in plans])
        postings.set_post_state(db, [cp.rc.id for cp in plans if cp.action != "parked"],
                                "posted")
        postings.set_post_state(db, [cp.rc.id for cp in plans if cp.action == "parked"],
                                "parked")
        postings.add_denials(db, [
            (cp.rc.id, posting_id, cp.rc.claim_id, ", ".join(cp.denial_reasons),
             _left_to_payer(cp), now) for cp in plans
            if cp.rc.claim_id is not None and _denial_to_work(cp)])
        touched |= {cp.rc.claim_id for cp in plans if cp.rc.claim_id is not None and cp.entries}
    claims.refresh_money(db, touched)


def _left_to_payer(cp: ClaimPlan) -> int:
    """What a denial leaves open that the patient does not owe (cents)."""
    return cp.balance_after_cents - sum(cp.patient_cents.values())


def _denial_to_work(cp: ClaimPlan) -> bool:
    """A denied claim, or a paid one with denied lines, goes to the Denials worklist; not
    one the patient owes whole (PR only, say PR-204 "not covered by the plan")."""
    if cp.action == "denied":
        return bool(cp.denial_reasons) or _left_to_payer(cp) > 0
    return cp.action == "paid" and bool(cp.denial_reasons)


# -- undo -----------------------------------------------------------------------------

_RESTORING = (EventKind.REVERSED, EventKind.PAID, EventKind.PARTIALLY_PAID, EventKind.DENIED,
              EventKind.CLOSED, EventKind.REOPENED)


def restoring_events(current: ClaimStatus, target: ClaimStatus) -> list[EventKind]:
    """The shortest list of events that takes a claim from ``current`` back to ``target``.

    A status the machine cannot return to (an ERA proves the payer accepted the claim)
    ends at Accepted by payer.
    """
    queue: deque[tuple[ClaimStatus, list[EventKind]]] = deque([(current, [])])
    seen = {current}
    while queue:
        status, path = queue.popleft()
        if status is target:
            return path
        if len(path) >= 2:
            continue
        for kind in _RESTORING:
            try:
                after = next_status(status, kind)
            except InvalidTransition:
                continue
            if after not in seen:
                seen.add(after)
                queue.append((after, [*path, kind]))
    return [EventKind.REVERSED] if current in (S.PAID, S.PARTIALLY_PAID, S.DENIED,
                                              S.CLOSED) else []


def undo(store: Store, remittance_id: int, *, actor: str = "") -> int:
    """Take back every standing posting of a remittance (and the parked reversals of other
    ERAs they applied, which are parked again) in one transaction: reversing rows,
    previous statuses. Returns the number of ledger rows reversed."""
    with store.write() as db:
        summary = _summary_in(db, remittance_id)
        targets = postings.live_posts(db, remittance_id)
        if summary.status not in ("posted", "partly_posted") or not targets:
            raise KnownError("This ERA is not posted, so there is nothing to undo.",
                             "Refresh the ERA list.")
        later = postings.later_posting(db, [p.id for p in targets])
        if later is not None:
            raise KnownError(f"A later ERA (check/EFT {later}) was posted to some of the "
                             "same claims.", "Undo that ERA first, then this one.")
        now = utc_now()
        count = 0
        acted_on: set[int] = set()
        patient_actions.undo_posting_credit(db, [p.id for p in targets], now[:10],
                                            actor or store.actor)
        for target in sorted(targets, key=lambda p: p.id, reverse=True):
            undo_id = postings.insert_posting(db, target.remittance_id, "undo", now,
                                              actor or store.actor, undoes_id=target.id)
            count += _reverse_rows(db, target, undo_id, now)
            acted_on |= _restore_statuses(db, target, now)
            postings.undo_denials(db, target.id, now, actor or store.actor)
        postings.refresh_post_states(db, acted_on)
        for era_id in dict.fromkeys(p.remittance_id for p in targets):
            postings.refresh_remittance_status(db, era_id)
    log.info("undid %d posting(s) of remittance %d", len(targets), remittance_id)
    return count


def _reverse_rows(db: sqlite_utils.Database, target: postings.PostingRow, undo_id: int,
                  now: str) -> int:
    rows = postings.ledger_rows_of(db, target.id)
    first = postings.next_ledger_id(db)
    postings.add_ledger_rows(db, [
        (first + n, r.claim_id, r.line_id, r.kind, -r.amount_cents, r.group_code, r.reason_code,
         "835", target.trace_number, r.id, now, "posting undone", undo_id, r.remittance_claim_id)
        for n, r in enumerate(rows)])
    claims.refresh_money(db, {r.claim_id for r in rows})
    postings.add_provider_rows(db, [
        (target.remittance_id, undo_id, None, p.kind, p.reason, p.reference, -p.amount_cents,
         p.id, now) for p in postings.provider_rows_of(db, target.id)])
    return len(rows)


def _restore_statuses(db: sqlite_utils.Database, target: postings.PostingRow,
                      now: str) -> set[int]:
    """Put each claim the posting changed back to its status before; return the ERA
    claims the posting acted on."""
    acted = postings.claims_of(db, target.id)
    before: dict[int, ClaimStatus] = {}
    for pc in acted:
        if pc.claim_id is not None and pc.status_before:
            before.setdefault(pc.claim_id, ClaimStatus(pc.status_before))
    current = claims.claim_statuses(db, sorted(before))
    text = f"Posting of ERA {target.trace_number} undone"
    events = [(claim_id, kind, now, "", text) for claim_id, goal in before.items()
              for kind in restoring_events(current[claim_id], goal)]
    claims.append_events(db, events, source="835", source_file=target.source_name)
    return {pc.remittance_claim_id for pc in acted}


# -- duplicates -----------------------------------------------------------------------

def decide_duplicate(store: Store, remittance_id: int, *, is_duplicate: bool) -> None:
    """The biller's decision on a suspected duplicate: set it aside, or allow posting."""
    with store.write() as db:
        summary = _summary_in(db, remittance_id)
        if summary.status != "duplicate":
            raise KnownError("This ERA is not held as a suspected duplicate.",
                             "Refresh the ERA list.")
        if not is_duplicate and paper_eobs.is_paper(db, summary.duplicate_of):
            raise KnownError("This ERA reports a payment already typed in from a paper EOB; "
                             "posting both would post it twice.",
                             "Set it aside, or choose “Use the ERA instead”.")
        remittances.set_status(db, remittance_id, "dismissed" if is_duplicate else "ready")


def post_all(store: Store, *, actor: str = "") -> tuple[list[int], list[tuple[int, str]]]:
    """Post what can be posted of every ERA, oldest payment first (so an original payment
    is posted before the reversal that takes it back); return posted and skipped.

    An ERA with claims not matched is posted in part (they wait); a partly posted ERA is
    posted again when claims were matched since or a parked reversal can now be applied.
    """
    posted: list[int] = []
    skipped: list[tuple[int, str]] = []
    waiting = sorted(remittances.list_remittances(store),
                     key=lambda s: (s.payment_date or "", s.id))
    for summary in waiting:
        if summary.status in ("posted", "dismissed"):
            continue
        reasons = blockers(summary)
        if reasons:
            skipped.append((summary.id, reasons[0]))
            continue
        if summary.status == "partly_posted" and summary.unposted <= summary.unmatched \
                and not summary.parked:
            continue  # what is left waits for a match
        try:
            post(store, summary.id, actor=actor)
        except KnownError as exc:
            if summary.status == "ready":
                skipped.append((summary.id, exc.message))
            continue
        posted.append(summary.id)
    return posted, skipped


# -- reconciliation -------------------------------------------------------------------

@dataclass(frozen=True)
class Reconciliation:
    """The deposit (BPR02) against what reached the ledger, and why they differ."""

    deposit: Decimal
    claims_paid: Decimal  # sum of CLP04 in the ERA
    plb_total: Decimal  # sum of PLB04 (positive reduces the deposit)
    posted_payments: Decimal
    posted_provider: Decimal
    explanations: tuple[str, ...]
    waiting: Decimal = Decimal("0.00")  # CLP04 of the claims not posted (not matched, parked)

    @property
    def difference(self) -> Decimal:
        """Deposit minus what is posted (zero when it reconciles)."""
        return self.deposit - self.posted_payments - self.posted_provider


def _waiting_notes(figures: postings.PostedFigures) -> list[str]:
    notes: list[str] = []
    count, cents = figures.unmatched
    if count:
        notes.append(f"{plural(count, 'claim')} not matched to your claims, paid "
                     f"{format_money(from_cents(cents))}, {'is' if count == 1 else 'are'} "
                     "not posted: match them, then "
                     "post the rest of this ERA.")
    count, cents = figures.matched_waiting
    if count:
        notes.append(f"{plural(count, 'claim')} matched since the last posting, paid "
                     f"{format_money(from_cents(cents))}, {'waits' if count == 1 else 'wait'} "
                     "to be posted: post the rest of "
                     "this ERA.")
    for pcn, paid in figures.parked_claims[:5]:
        notes.append(f"Claim {pcn}: a reversal of {format_money(from_cents(paid))} is parked "
                     "(nothing posted to reverse yet; it is applied when that payment is "
                     "posted).")
    if figures.parked[0] > 5:
        notes.append(f"…and {plural(figures.parked[0] - 5, 'more parked reversal')}.")
    return notes


def reconcile(store: Store, remittance_id: int, *,
              summary: RemittanceSummary | None = None) -> Reconciliation:
    """Compare the deposit with the posted payments and provider-level entries.
    ``summary``: the remittance as just read, when the caller has it."""
    summary = summary or remittances.get_remittance(store, remittance_id)
    figures = postings.posted_figures(store.read, remittance_id)
    posted = summary.status in ("posted", "partly_posted")
    notes: list[str] = []
    waiting_cents = 0
    if not posted:
        notes.append("Not posted yet: nothing of this deposit is on the ledger.")
    else:
        notes += _waiting_notes(figures)
        waiting_cents = figures.unmatched[1] + figures.matched_waiting[1] + figures.parked[1]
    unreadable = any(p.startswith("Unreadable: ") for p in summary.problems)
    if unreadable and not summary.claim_count:  # its claims were never read, not missing
        notes.append("Its claims could not be read (see the problem above), so none is "
                     "listed; ask for a corrected copy of the file.")
    elif summary.claims_paid - summary.plb_total != summary.amount:
        notes.append("The payer's own totals do not add up: claims "
                     f"{format_money(summary.claims_paid)} − provider adjustments "
                     f"{format_money(summary.plb_total)} ≠ deposit "
                     f"{format_money(summary.amount)}.")
    result = Reconciliation(summary.amount, summary.claims_paid, summary.plb_total,
                            from_cents(figures.payments), from_cents(figures.provider),
                            tuple(notes), from_cents(waiting_cents))
    unexplained = result.difference - result.waiting
    if posted and unexplained and summary.claims_paid - summary.plb_total == summary.amount:
        notes.append(f"{format_money(unexplained)} of the difference: a reversal took back a "
                     "different amount than the payer reversed.")
        result = Reconciliation(result.deposit, result.claims_paid, result.plb_total,
                                result.posted_payments, result.posted_provider, tuple(notes),
                                result.waiting)
    return result


# -- denials --------------------------------------------------------------------------

class Denial(postings.OpenDenial):
    """One line of the Denials worklist, with what its reasons mean."""

    @property
    def reason_text(self) -> str:
        """Every reason with its meaning."""
        return "; ".join(f"{r} {carc_text(r.split('-', 1)[1])}" for r in self.reasons.split(", ")
                         if "-" in r)

    @property
    def next_step(self) -> str:
        """What a biller usually does about these reasons."""
        codes = {r.split("-", 1)[1] for r in self.reasons.split(", ") if "-" in r}
        if codes & {"16", "4", "11", "181", "182", "189", "125", "252", "A1"}:
            return "Correct the claim and resubmit as a replacement (7)"
        if codes & {"29"}:
            return "Appeal with proof of timely filing, or write off"
        if codes & {"50", "197", "198", "15", "96", "204"}:
            return "Appeal with records / authorization, or write off"
        return "Review; resubmit as 7, appeal, or write off"


def denials(store: Store) -> list[Denial]:
    """Open denials: posted, not undone, not yet resolved by the biller."""
    return postings.open_denials(store, Denial)


def _denial(store: Store, denial_id: int) -> Denial:
    found = next((d for d in denials(store) if d.id == denial_id), None)
    if found is None:
        raise KnownError("This denial was already worked.", "Refresh the Problems list.")
    return found


def write_off_denial(store: Store, denial_id: int, *, actor: str = "", note: str = "") -> Decimal:
    """Write off what the denial left open to the payer; the claim closes unless the
    patient owes a share. Returns the amount."""
    denial = _denial(store, denial_id)
    now = utc_now()
    with store.write() as db:
        # What the denial left to the payer, never the patient's share beside it.
        cents = max(min(claims.balance_cents_in(db, denial.claim_id),
                        to_cents(denial.amount)), 0)
        amount = from_cents(cents)
        if amount:
            claims.add_ledger_entry(db, denial.claim_id, "write_off", amount, at=now,
                                    group_code="CO", reason_code=denial.reasons.split(", ")[0]
                                    .split("-")[-1], source="user",
                                    source_ref=f"denial {denial_id}", note=note)
        status = claims.claim_statuses(db, [denial.claim_id])[denial.claim_id]
        left = claims.balance_cents_in(db, denial.claim_id)
        settled = [(denial.claim_id, kind, now, "", f"Denial written off ({format_money(amount)})")
                   for kind in settle_events(status, left)]  # closed, as every ledger action
        if settled:
            claims.append_events(db, settled, source="user")
        postings.record_denial_action(db, denial_id, "write_off", now, actor or store.actor,
                                      note)
    return amount


def appeal_denial(store: Store, denial_id: int, *, actor: str = "", note: str = "") -> None:
    """Record that the biller appeals the denial (it leaves the worklist)."""
    denial = _denial(store, denial_id)
    now = utc_now()
    with store.write() as db:
        claims.append_events(db, [(denial.claim_id, EventKind.NOTE, now, denial.reasons,
                                   f"Appeal started{': ' + note if note else ''}")],
                             source="user")
        postings.record_denial_action(db, denial_id, "appeal", now, actor or store.actor, note)


def resubmit_denial(store: Store, denial_id: int, *, actor: str = "") -> None:
    """Start a replacement claim (frequency 7 with the payer's claim number, REF*F8)."""
    denial = _denial(store, denial_id)
    now = utc_now()
    with store.write() as db:
        claims.append_events(db, [(denial.claim_id, EventKind.CORRECTION_STARTED, now,
                                   denial.reasons, "Correct and resubmit as a replacement (7)")],
                             source="user")
        claims.start_replacement(db, denial.claim_id, denial.payer_claim_number, now)
        postings.record_denial_action(db, denial_id, "resubmit", now, actor or store.actor)
