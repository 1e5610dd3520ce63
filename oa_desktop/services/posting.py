"""Post an ERA to the ledger: preview, post (all or nothing), undo, reversals, denials.

DESIGN §4: the ledger is append-only. Posting one remittance is one transaction; undo
writes reversing rows (``reverses_id``) and restores each claim's previous status.
A CLP02 = 22 reversal takes back the earlier posting of that claim (in this ERA or an
earlier one); a reversal with nothing to take back is parked. A claim paid nothing with
CO/PI adjustments is a denial: no adjustment is posted (the balance stays open) and the
claim goes to the Denials worklist, where the biller resubmits, appeals or writes off.
PLB amounts become provider-level rows (interest, recoupment) so BPR02 reconciles.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlite_utils

from oa_desktop.domain.models import Frequency
from oa_desktop.domain.money import ZERO, format_money, from_cents, to_cents
from oa_desktop.domain.status import ClaimStatus, EventKind, InvalidTransition, next_status
from oa_desktop.errors import KnownError
from oa_desktop.logs import get_logger
from oa_desktop.services.matching import match_lines, our_lines
from oa_desktop.store import claims, remittances
from oa_desktop.store.db import Store, inserted_id, utc_now
from oa_desktop.store.remittances import RemittanceClaim, RemittanceSummary
from oa_desktop.x12.code_lists import text as code_text

log = get_logger("services")
S = ClaimStatus

PATIENT_TYPES = {"1": "deductible", "2": "coinsurance", "3": "copay"}
PLB_REASONS = {
    "L6": "Interest owed", "WO": "Overpayment recovery", "FB": "Forwarding balance",
    "72": "Authorized return", "50": "Late charge", "51": "Interest penalty charge",
    "90": "Early payment allowance", "B2": "Rebate", "B3": "Recovery allowance",
    "BD": "Bad debt adjustment", "CS": "Adjustment", "E3": "Withholding",
    "IR": "IRS withholding", "J1": "Nonreimbursable", "L3": "Penalty", "LE": "Levy",
    "TL": "Third party liability", "WU": "Unspecified recovery", "RA": "Retro-activity adjustment",
    "AH": "Origination fee", "CT": "Capitation payment", "IS": "Interim settlement",
}
DENIAL_GROUPS = ("CO", "PI")


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


@dataclass
class ClaimPlan:
    """What posting will do for one claim of the ERA."""

    rc: RemittanceClaim
    action: str  # paid, denied, reversal, parked, unmatched
    detail: dict[str, Any] = field(default_factory=dict)  # rc.detail, decoded once
    entries: list[dict[str, Any]] = field(default_factory=list)
    events: list[tuple[EventKind, str, str]] = field(default_factory=list)
    payment: Decimal = ZERO
    contractual: Decimal = ZERO  # CO/OA/PI/CR posted as adjustments
    patient: dict[str, Decimal] = field(default_factory=dict)  # deductible, coinsurance, ...
    denial_reasons: list[str] = field(default_factory=list)
    balance_before: Decimal = ZERO
    balance_after: Decimal = ZERO
    status_before: ClaimStatus | None = None
    status_after: ClaimStatus | None = None
    warning: str = ""

    @property
    def patient_total(self) -> Decimal:
        """Patient responsibility of every type."""
        return sum(self.patient.values(), ZERO)


@dataclass
class PostingPlan:
    """The preview of one remittance's posting."""

    remittance: RemittanceSummary
    claims: list[ClaimPlan]
    provider: list[dict[str, Any]]
    blockers: list[str]

    @property
    def payments(self) -> Decimal:
        """Claim payments that will reach the ledger."""
        return sum((c.payment for c in self.claims), ZERO)

    @property
    def provider_total(self) -> Decimal:
        """Money to the practice from PLB (interest positive, recoupments negative)."""
        return sum((from_cents(p["amount_cents"]) for p in self.provider), ZERO)

    @property
    def summary(self) -> str:
        """One line for the confirmation: what will happen in numbers."""
        counts: dict[str, int] = {}
        for c in self.claims:
            counts[c.action] = counts.get(c.action, 0) + 1
        parts = [f"{n} {a}" for a, n in sorted(counts.items())]
        return (f"Post {format_money(self.payments)} in payments to {len(self.claims)} claims "
                f"({', '.join(parts)}) and {format_money(self.provider_total)} provider-level.")


# A posted 835 row that stands: not itself a reversal, and not taken back by a reversal
# that still stands (an undone reversal gives the row back).
_LIVE = ("{t}.posting_id IS NOT NULL AND {t}.reverses_id IS NULL AND NOT EXISTS "
         "(SELECT 1 FROM ledger r WHERE r.reverses_id = {t}.id AND NOT EXISTS "
         "(SELECT 1 FROM ledger rr WHERE rr.reverses_id = r.id))")


class _Simulation:
    """Balances, statuses and unreversed postings of the claims as posting goes along."""

    def __init__(self, db: sqlite_utils.Database, claim_ids: list[int]) -> None:
        self.db = db
        self.status = claims.claim_statuses(db, claim_ids)
        self.balance: dict[int, Decimal] = {}
        for start in range(0, len(claim_ids), 500):
            chunk = claim_ids[start:start + 500]
            for claim_id, cents in db.execute(
                f"SELECT id, balance_cents FROM claims WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                self.balance[claim_id] = from_cents(cents)
        self.in_plan: dict[int, list[ClaimPlan]] = {}

    def apply(self, claim_id: int, plan: ClaimPlan) -> None:
        plan.balance_before = self.balance[claim_id]
        plan.status_before = self.status[claim_id]
        for entry in plan.entries:
            if entry["kind"] in ("payment", "adjustment", "write_off", "patient_payment"):
                self.balance[claim_id] -= from_cents(entry["amount_cents"])
        status = self.status[claim_id]
        for kind, _, _ in plan.events:
            status = next_status(status, kind)
        if status is S.PAID and self.balance[claim_id] == 0:
            plan.events.append((EventKind.CLOSED, "", "Balance is zero; claim closed"))
            status = S.CLOSED
        self.status[claim_id] = status
        plan.balance_after = self.balance[claim_id]
        plan.status_after = status
        if plan.action in ("paid", "denied"):
            self.in_plan.setdefault(claim_id, []).append(plan)

    def reversible(self, claim_id: int) -> list[dict[str, Any]] | None:
        """The rows of the latest posting of this claim not yet taken back."""
        earlier = self.in_plan.get(claim_id)
        if earlier:
            return list(earlier.pop().entries)
        rows = self.db.execute(
            "SELECT id, kind, amount_cents, line_id, group_code, reason_code, remittance_claim_id "
            f"FROM ledger l WHERE claim_id = ? AND {_LIVE.format(t='l')} "
            "AND remittance_claim_id = (SELECT MAX(remittance_claim_id) FROM ledger m "
            f"  WHERE m.claim_id = l.claim_id AND {_LIVE.format(t='m')}) ORDER BY id",
            [claim_id]).fetchall()
        if not rows:
            return None
        return [{"ledger_id": r[0], "kind": r[1], "amount_cents": r[2], "line_id": r[3],
                 "group_code": r[4], "reason_code": r[5]} for r in rows]


def _entry(kind: str, amount: Decimal, line_id: int | None = None, group: str = "",
           reason: str = "") -> dict[str, Any]:
    return {"kind": kind, "amount_cents": to_cents(amount), "line_id": line_id,
            "group_code": group, "reason_code": reason}


def _post_adjustments(plan: ClaimPlan, adjustments: list[list[Any]], line_id: int | None) -> None:
    for group, reason, amount_text, _ in adjustments:
        amount = Decimal(amount_text)
        if not amount:
            continue
        if group == "PR":
            plan.entries.append(_entry("patient_responsibility", amount, line_id, group, reason))
            key = PATIENT_TYPES.get(reason, "other")
            plan.patient[key] = plan.patient.get(key, ZERO) + amount
        else:
            plan.entries.append(_entry("adjustment", amount, line_id, group, reason))
            plan.contractual += amount


def _is_denied(paid: Decimal, adjustments: list[list[Any]]) -> bool:
    groups = {a[0] for a in adjustments}
    return paid == 0 and "PR" not in groups and bool(groups & set(DENIAL_GROUPS))


def _plan_paid(plan: ClaimPlan, line_ids: list[int | None], trace: str) -> None:
    rc, detail = plan.rc, plan.detail
    lines = detail.get("lines", [])
    by_line = bool(lines) and sum((Decimal(ln["paid"]) for ln in lines), ZERO) == rc.paid
    if not by_line and rc.paid:
        plan.entries.append(_entry("payment", rc.paid))
    for line, line_id in zip(lines, line_ids, strict=True):
        paid = Decimal(line["paid"])
        if by_line and paid:
            plan.entries.append(_entry("payment", paid, line_id))
        if _is_denied(paid, line["adjustments"]):
            plan.denial_reasons += [f"{a[0]}-{a[1]}" for a in line["adjustments"]]
            continue
        _post_adjustments(plan, line["adjustments"], line_id)
    _post_adjustments(plan, detail.get("adjustments", []), None)
    plan.payment = rc.paid
    codes = ", ".join(sorted({f"{e['group_code']}-{e['reason_code']}" for e in plan.entries
                              if e["group_code"]}))
    partial = plan.patient_total > 0 or bool(plan.denial_reasons)
    kind = EventKind.PARTIALLY_PAID if partial else EventKind.PAID
    plan.events.append((kind, codes, f"Payer paid {format_money(rc.paid)} (check/EFT {trace})"))


def _plan_claim(sim: _Simulation, rc: RemittanceClaim, detail: dict[str, Any],
                line_ids: list[int | None], trace: str) -> ClaimPlan:
    if rc.claim_id is None:
        return ClaimPlan(rc, "unmatched", detail)
    every_adjustment = detail.get("adjustments", []) + [
        a for ln in detail.get("lines", []) for a in ln["adjustments"]]
    if rc.status_code == "22":
        earlier = sim.reversible(rc.claim_id)
        if earlier is None:
            plan = ClaimPlan(rc, "parked", detail, warning="Nothing posted to reverse; parked "
                             "until the original payment is posted.")
            plan.balance_before = plan.balance_after = sim.balance[rc.claim_id]
            plan.status_before = plan.status_after = sim.status[rc.claim_id]
            return plan
        plan = ClaimPlan(rc, "reversal", detail)
        for row in earlier:
            plan.entries.append({**{k: row[k] for k in ("kind", "line_id", "group_code",
                                                         "reason_code")},
                                 "amount_cents": -row["amount_cents"],
                                 "reverses": row.get("ledger_id", row)})
        plan.payment = sum((from_cents(e["amount_cents"]) for e in plan.entries
                            if e["kind"] == "payment"), ZERO)
        if plan.payment != rc.paid:
            plan.warning = (f"The payer reverses {format_money(-rc.paid)}; the posting taken "
                            f"back had paid {format_money(-plan.payment)}.")
        plan.events.append((EventKind.REVERSED, "22", f"Payer reversed its payment "
                            f"(check/EFT {trace}); the earlier posting was taken back"))
    elif _is_denied(rc.paid, every_adjustment) or (rc.status_code == "4" and rc.paid == 0):
        plan = ClaimPlan(rc, "denied", detail)
        plan.denial_reasons = [f"{a[0]}-{a[1]}" for a in every_adjustment if a[0] != "PR"]
        plan.entries += [_entry("patient_responsibility", Decimal(a[2]), None, a[0], a[1])
                         for a in every_adjustment if a[0] == "PR"]
        reasons = "; ".join(f"{r} {carc_text(r.split('-')[1])}" for r in plan.denial_reasons)
        plan.events.append((EventKind.DENIED, ", ".join(plan.denial_reasons),
                            f"Denied: {reasons or clp02_text(rc.status_code)}"))
    else:
        plan = ClaimPlan(rc, "paid", detail)
        _plan_paid(plan, line_ids, trace)
    sim.apply(rc.claim_id, plan)
    return plan


def _blockers(summary: RemittanceSummary) -> list[str]:
    if summary.status in ("posted", "partly_posted"):
        return ["This ERA is already posted."]
    if summary.status == "duplicate":
        return ["This payment looks like one imported before (same payer, check/EFT number, "
                "amount and date). Decide first: Not a duplicate, or Set aside."]
    if summary.status == "dismissed":
        return ["This ERA was set aside as a duplicate."]
    if summary.status == "not_postable":
        return ["This ERA has problems and cannot be posted: " + "; ".join(summary.problems)]
    if summary.unmatched:
        return [f"{summary.unmatched} claim(s) of this ERA are not matched to your claims. "
                "Match them (or import the claims) first."]
    return []


def _plan(db: sqlite_utils.Database, summary: RemittanceSummary) -> PostingPlan:
    rcs = remittances.remittance_claims(db, summary.id)
    claim_ids = sorted({rc.claim_id for rc in rcs if rc.claim_id is not None})
    sim = _Simulation(db, claim_ids)
    lines = our_lines(db, claim_ids)
    plans = []
    for rc in rcs:
        detail = rc.detail
        ids = match_lines(detail.get("lines", []), lines.get(rc.claim_id, [])) \
            if rc.claim_id is not None else []
        plans.append(_plan_claim(sim, rc, detail, ids, summary.trace_number))
    provider = []
    for plb in remittances.provider_adjustments(db, summary.id):
        kind = ("interest" if plb.reason in ("L6", "51") else
                "recoupment" if plb.amount > 0 else "provider_adjustment")
        provider.append({"plb_id": plb.id, "kind": kind, "reason": plb.reason,
                         "reference": plb.reference, "amount_cents": -to_cents(plb.amount)})
    return PostingPlan(summary, plans, provider, _blockers(summary))


def preview(store: Store, remittance_id: int) -> PostingPlan:
    """What posting this remittance would do, claim by claim (nothing is written)."""
    summary = remittances.get_remittance(store, remittance_id)
    return _plan(store.read, summary)


def _summary_in(db: sqlite_utils.Database, store: Store, remittance_id: int) -> RemittanceSummary:
    row = db.execute(f"{remittances._SUMMARY_SQL} WHERE r.id = ?", [remittance_id]).fetchone()
    if row is None:
        raise KnownError(f"ERA {remittance_id} does not exist.", "Refresh the ERA list.")
    return remittances._summary(row)


def post(store: Store, remittance_id: int, *, actor: str = "") -> PostingPlan:
    """Post one remittance in one transaction: all of it or none of it."""
    with store.write() as db:
        summary = _summary_in(db, store, remittance_id)
        plan = _plan(db, summary)
        if plan.blockers:
            raise KnownError(plan.blockers[0], "Nothing was posted.")
        now = utc_now()
        posting_id = inserted_id(db.table("postings").insert(
            {"remittance_id": remittance_id, "kind": "post", "at": now,
             "actor": actor or store.actor}))
        _write(db, plan, posting_id, now)
        parked = any(c.action == "parked" for c in plan.claims)
        remittances.set_status(db, remittance_id, "partly_posted" if parked else "posted", now)
    log.info("posted remittance %d (posting %d)", remittance_id, posting_id)
    return plan


def _write(db: sqlite_utils.Database, plan: PostingPlan, posting_id: int, now: str) -> None:
    trace = plan.remittance.trace_number
    next_id = int(db.execute("SELECT COALESCE(MAX(id), 0) FROM ledger").fetchone()[0]) + 1
    rows: list[dict[str, Any]] = []
    events: list[tuple[int, EventKind, str, str, str]] = []
    for cp in plan.claims:
        if cp.rc.claim_id is None:
            continue
        for entry in cp.entries:
            entry["id"] = next_id
            next_id += 1
            reverses = entry.get("reverses")
            rows.append({
                "id": entry["id"], "claim_id": cp.rc.claim_id, "line_id": entry["line_id"],
                "kind": entry["kind"], "amount_cents": entry["amount_cents"],
                "group_code": entry["group_code"], "reason_code": entry["reason_code"],
                "source": "835", "source_ref": trace, "posted_at": now,
                "reverses_id": reverses["id"] if isinstance(reverses, dict) else reverses,
                "posting_id": posting_id, "remittance_claim_id": cp.rc.id})
        events += [(cp.rc.claim_id, kind, now, codes, text) for kind, codes, text in cp.events]
    claims.add_ledger_rows(db, rows)
    claims.append_events(db, events, source="835", source_file=plan.remittance.source_name)
    claims.refresh_money(db, {cp.rc.claim_id for cp in plan.claims if cp.rc.claim_id})
    db.conn.executemany(
        "INSERT INTO posting_claims (posting_id, remittance_claim_id, claim_id, action, "
        "status_before) VALUES (?, ?, ?, ?, ?)",
        [(posting_id, cp.rc.id, cp.rc.claim_id, cp.action,
          cp.status_before.value if cp.status_before else "") for cp in plan.claims])
    db.conn.executemany(
        "UPDATE remittance_claims SET post_state = ? WHERE id = ?",
        [("parked" if cp.action == "parked" else "posted", cp.rc.id) for cp in plan.claims])
    for cp in plan.claims:
        if cp.action == "denied" or (cp.action == "paid" and cp.denial_reasons):
            db.table("denials").insert({
                "remittance_claim_id": cp.rc.id, "posting_id": posting_id,
                "claim_id": cp.rc.claim_id, "reasons": ", ".join(cp.denial_reasons),
                "amount_cents": to_cents(cp.balance_after - cp.patient_total),
                "created_at": now})
    for p in plan.provider:
        db.table("provider_ledger").insert({
            "remittance_id": plan.remittance.id, "posting_id": posting_id,
            "plb_id": p["plb_id"], "kind": p["kind"], "reason": p["reason"],
            "reference": p["reference"], "amount_cents": p["amount_cents"], "posted_at": now})


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


def _last_posting(db: sqlite_utils.Database, remittance_id: int) -> int | None:
    row = db.execute(
        "SELECT id FROM postings p WHERE remittance_id = ? AND kind = 'post' AND NOT EXISTS "
        "(SELECT 1 FROM postings u WHERE u.undoes_id = p.id) ORDER BY id DESC LIMIT 1",
        [remittance_id]).fetchone()
    return None if row is None else int(row[0])


def undo(store: Store, remittance_id: int, *, actor: str = "") -> int:
    """Take back a remittance's posting: reversing rows, previous statuses. Returns the
    number of ledger rows reversed."""
    with store.write() as db:
        summary = _summary_in(db, store, remittance_id)
        posting = _last_posting(db, remittance_id)
        if summary.status not in ("posted", "partly_posted") or posting is None:
            raise KnownError("This ERA is not posted, so there is nothing to undo.",
                             "Refresh the ERA list.")
        later = db.execute(
            "SELECT r.trace_number FROM posting_claims a JOIN posting_claims b "
            "ON b.claim_id = a.claim_id AND b.posting_id > a.posting_id "
            "JOIN postings p ON p.id = b.posting_id AND p.kind = 'post' "
            "JOIN remittances r ON r.id = p.remittance_id "
            "WHERE a.posting_id = ? AND p.remittance_id != ? AND NOT EXISTS "
            "(SELECT 1 FROM postings u WHERE u.undoes_id = p.id) LIMIT 1",
            [posting, remittance_id]).fetchone()
        if later is not None:
            raise KnownError(f"A later ERA (check/EFT {later[0]}) was posted to some of the "
                             "same claims.", "Undo that ERA first, then this one.")
        now = utc_now()
        undo_id = inserted_id(db.table("postings").insert(
            {"remittance_id": remittance_id, "kind": "undo", "undoes_id": posting, "at": now,
             "actor": actor or store.actor}))
        count = _reverse_rows(db, posting, undo_id, now, summary.trace_number)
        _restore_statuses(db, posting, now, summary)
        db.execute("UPDATE remittance_claims SET post_state = 'unposted' WHERE remittance_id = ?",
                   [remittance_id])
        db.conn.executemany(
            "INSERT INTO denial_actions (denial_id, action, at, actor, note) "
            "VALUES (?, 'undone', ?, ?, 'ERA posting undone')",
            [(r[0], now, actor or store.actor) for r in db.execute(
                "SELECT id FROM denials WHERE posting_id = ?", [posting]).fetchall()])
        remittances.set_status(db, remittance_id, "ready", None)
    log.info("undid posting %d of remittance %d", posting, remittance_id)
    return count


def _reverse_rows(db: sqlite_utils.Database, posting: int, undo_id: int, now: str,
                  trace: str) -> int:
    rows = db.execute(
        "SELECT id, claim_id, line_id, kind, amount_cents, group_code, reason_code, "
        "remittance_claim_id FROM ledger WHERE posting_id = ? ORDER BY id", [posting]).fetchall()
    claims.add_ledger_rows(db, [
        {"claim_id": r[1], "line_id": r[2], "kind": r[3], "amount_cents": -r[4],
         "group_code": r[5], "reason_code": r[6], "source": "835", "source_ref": trace,
         "reverses_id": r[0], "posted_at": now, "posting_id": undo_id,
         "remittance_claim_id": r[7], "note": "posting undone"} for r in rows])
    claims.refresh_money(db, {int(r[1]) for r in rows})
    for pid, kind, reason, reference, cents in db.execute(
        "SELECT id, kind, reason, reference, amount_cents FROM provider_ledger WHERE "
        "posting_id = ?", [posting]).fetchall():
        db.table("provider_ledger").insert({
            "remittance_id": db.execute("SELECT remittance_id FROM postings WHERE id = ?",
                                        [posting]).fetchone()[0],
            "posting_id": undo_id, "kind": kind, "reason": reason, "reference": reference,
            "amount_cents": -cents, "reverses_id": pid, "posted_at": now})
    return len(rows)


def _restore_statuses(db: sqlite_utils.Database, posting: int, now: str,
                      summary: RemittanceSummary) -> None:
    before: dict[int, ClaimStatus] = {}
    for claim_id, status in db.execute(
        "SELECT claim_id, status_before FROM posting_claims WHERE posting_id = ? AND claim_id "
        "IS NOT NULL AND status_before != '' ORDER BY remittance_claim_id", [posting]):
        before.setdefault(int(claim_id), ClaimStatus(status))
    current = claims.claim_statuses(db, sorted(before))
    text = f"Posting of ERA {summary.trace_number} undone"
    events = [(claim_id, kind, now, "", text) for claim_id, target in before.items()
              for kind in restoring_events(current[claim_id], target)]
    claims.append_events(db, events, source="835", source_file=summary.source_name)


# -- duplicates -----------------------------------------------------------------------

def decide_duplicate(store: Store, remittance_id: int, *, is_duplicate: bool) -> None:
    """The biller's decision on a suspected duplicate: set it aside, or allow posting."""
    with store.write() as db:
        summary = _summary_in(db, store, remittance_id)
        if summary.status != "duplicate":
            raise KnownError("This ERA is not held as a suspected duplicate.",
                             "Refresh the ERA list.")
        remittances.set_status(db, remittance_id, "dismissed" if is_duplicate else "ready")


def post_all(store: Store, *, actor: str = "") -> tuple[list[int], list[tuple[int, str]]]:
    """Post every matched, balanced, non-duplicate remittance; return posted and skipped."""
    posted: list[int] = []
    skipped: list[tuple[int, str]] = []
    for summary in remittances.list_remittances(store):
        if summary.status in ("posted", "partly_posted", "dismissed"):
            continue
        blockers = _blockers(summary)
        if blockers:
            skipped.append((summary.id, blockers[0]))
            continue
        post(store, summary.id, actor=actor)
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

    @property
    def difference(self) -> Decimal:
        """Deposit minus what is posted (zero when it reconciles)."""
        return self.deposit - self.posted_payments - self.posted_provider


def reconcile(store: Store, remittance_id: int) -> Reconciliation:
    """Compare the deposit with the posted payments and provider-level entries."""
    db = store.read
    summary = remittances.get_remittance(store, remittance_id)
    paid = db.execute(
        "SELECT COALESCE(SUM(l.amount_cents), 0) FROM ledger l JOIN postings p "
        "ON p.id = l.posting_id WHERE p.remittance_id = ? AND l.kind = 'payment'",
        [remittance_id]).fetchone()[0]
    provider = db.execute(
        "SELECT COALESCE(SUM(amount_cents), 0) FROM provider_ledger WHERE remittance_id = ?",
        [remittance_id]).fetchone()[0]
    notes: list[str] = []
    if summary.status not in ("posted", "partly_posted"):
        notes.append("Not posted yet: nothing of this deposit is on the ledger.")
    for rc in remittances.remittance_claims(store, remittance_id):
        if rc.post_state == "parked":
            notes.append(f"Claim {rc.pcn}: a reversal of {format_money(rc.paid)} is parked "
                         "(nothing posted to reverse).")
    if summary.claims_paid - summary.plb_total != summary.amount:
        notes.append("The payer's own totals do not add up: claims "
                     f"{format_money(summary.claims_paid)} − provider adjustments "
                     f"{format_money(summary.plb_total)} ≠ deposit "
                     f"{format_money(summary.amount)}.")
    result = Reconciliation(summary.amount, summary.claims_paid, summary.plb_total,
                            from_cents(paid), from_cents(provider), tuple(notes))
    if result.difference and summary.status in ("posted", "partly_posted") and len(notes) == 0:
        notes.append("A reversal took back a different amount than the payer reversed.")
        result = Reconciliation(result.deposit, result.claims_paid, result.plb_total,
                                result.posted_payments, result.posted_provider, tuple(notes))
    return result


# -- denials --------------------------------------------------------------------------

@dataclass(frozen=True)
class Denial:
    """One line of the Denials worklist."""

    id: int
    claim_id: int
    remittance_id: int
    remittance_claim_id: int
    pcn: str
    patient: str
    payer: str
    payment_date: str | None
    reasons: str
    amount: Decimal
    payer_claim_number: str
    has_secondary: bool

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
    rows = store.read.execute(
        "SELECT d.id, d.claim_id, rc.remittance_id, rc.id, c.pcn, p.last_name || ', ' || "
        "p.first_name, r.payer_name, r.payment_date, d.reasons, d.amount_cents, "
        "rc.payer_claim_number, c.secondary_coverage_id IS NOT NULL "
        "FROM denials d JOIN remittance_claims rc ON rc.id = d.remittance_claim_id "
        "JOIN remittances r ON r.id = rc.remittance_id JOIN claims c ON c.id = d.claim_id "
        "JOIN patients p ON p.id = c.patient_id "
        "WHERE NOT EXISTS (SELECT 1 FROM denial_actions a WHERE a.denial_id = d.id) "
        "ORDER BY r.payment_date DESC, d.id").fetchall()
    return [Denial(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], from_cents(r[9]),
                   r[10], bool(r[11])) for r in rows]


def _denial(store: Store, denial_id: int) -> Denial:
    found = next((d for d in denials(store) if d.id == denial_id), None)
    if found is None:
        raise KnownError("This denial was already worked.", "Refresh the Denials list.")
    return found


def write_off_denial(store: Store, denial_id: int, *, actor: str = "", note: str = "") -> Decimal:
    """Write off what the denial left open; the claim closes. Returns the amount."""
    denial = _denial(store, denial_id)
    now = utc_now()
    with store.write() as db:
        cents = db.execute("SELECT balance_cents FROM claims WHERE id = ?",
                           [denial.claim_id]).fetchone()[0]
        amount = from_cents(cents)
        if amount:
            claims.add_ledger_entry(db, denial.claim_id, "write_off", amount, at=now,
                                    group_code="CO", reason_code=denial.reasons.split(", ")[0]
                                    .split("-")[-1], source="user",
                                    source_ref=f"denial {denial_id}", note=note)
        status = claims.claim_statuses(db, [denial.claim_id])[denial.claim_id]
        if status in (S.DENIED, S.PAID, S.PARTIALLY_PAID):
            claims.append_events(db, [(denial.claim_id, EventKind.CLOSED, now, "",
                                       f"Denial written off ({format_money(amount)})")],
                                 source="user")
        db.table("denial_actions").insert({"denial_id": denial_id, "action": "write_off",
                                           "at": now, "actor": actor or store.actor,
                                           "note": note})
    return amount


def appeal_denial(store: Store, denial_id: int, *, actor: str = "", note: str = "") -> None:
    """Record that the biller appeals the denial (it leaves the worklist)."""
    denial = _denial(store, denial_id)
    now = utc_now()
    with store.write() as db:
        claims.append_events(db, [(denial.claim_id, EventKind.NOTE, now, denial.reasons,
                                   f"Appeal started{': ' + note if note else ''}")],
                             source="user")
        db.table("denial_actions").insert({"denial_id": denial_id, "action": "appeal", "at": now,
                                           "actor": actor or store.actor, "note": note})


def resubmit_denial(store: Store, denial_id: int, *, actor: str = "") -> None:
    """Start a replacement claim (frequency 7 with the payer's claim number, REF*F8)."""
    denial = _denial(store, denial_id)
    now = utc_now()
    with store.write() as db:
        claims.append_events(db, [(denial.claim_id, EventKind.CORRECTION_STARTED, now,
                                   denial.reasons, "Correct and resubmit as a replacement (7)")],
                             source="user")
        db.execute("UPDATE claims SET frequency = ?, original_claim_number = ?, updated_at = ? "
                   "WHERE id = ?", [Frequency.REPLACEMENT.value, denial.payer_claim_number, now,
                                    denial.claim_id])
        db.table("denial_actions").insert({"denial_id": denial_id, "action": "resubmit",
                                           "at": now, "actor": actor or store.actor, "note": ""})
