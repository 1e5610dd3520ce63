"""The demo practice's desk money, made through the same services a biller uses: a few
patient payments (one of them today, so the deposit slip has something), a copay kept as
credit and partly refunded, a small-balance write-off, two payer recoupments by letter;
and, beside the demo's ERAs, one paper EOB from a payer that sends no ERA."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from oa_desktop.services.patients import actions, paper_eob
from oa_desktop.store import paper_eobs
from oa_desktop.store import patient_ledger as pl
from oa_desktop.store.db import Store

_METHODS = (("check", "1042"), ("cash", ""), ("card", "4242"), ("check", "2210"))


def add_demo_money(store: Store, today: date) -> int:
    """Write the demo's desk history; returns how many actions it took."""
    owing = _claims_with_patient_share(store)
    done = 0
    seen: set[int] = set()
    for index, claim in enumerate(owing):
        if claim.patient_id in seen or len(seen) == len(_METHODS):
            continue
        seen.add(claim.patient_id)
        method, reference = _METHODS[len(seen) - 1]
        share = Decimal(claim.patient_cents).scaleb(-2)
        amount = share if index % 2 else (share / 2).quantize(Decimal("0.01"))
        day = today if len(seen) <= 2 else today - timedelta(days=3 + index)
        actions.take_payment(store, claim.patient_id, amount, method, on=day,
                             reference=reference, paid_by="Parent" if index % 3 else "")
        done += 1
    rest = [c for c in _claims_with_patient_share(store) if c.patient_id not in seen]
    if rest:
        small = rest[0]
        actions.adjust(store, small.claim_id, Decimal(min(small.patient_cents, 500)).scaleb(-2),
                       "small_balance", on=today,
                       note="Under $5 after the payer's share")
        done += 1
    fresh = pl.claim_ids_with_status(store.read, ("draft", "ready"), limit=1)
    if fresh:
        patient_id = pl.patient_of_claim(store.read, fresh[0])
        actions.take_payment(store, patient_id, Decimal("30.00"), "card", reference="1881",
                             on=today - timedelta(days=5), as_credit=True,
                             note="Copay at check-in")
        actions.refund(store, patient_id, Decimal("10.00"), "card", reference="1881",
                       on=today - timedelta(days=1), note="Copay was $20, not $30")
        done += 2
    return done + _recoupments(store, today)


def _recoupments(store: Store, today: date) -> int:
    """Two payers take part of a payment back by letter: those claims, paid in full and
    closed, are owed again and stand "Paid" with the balance the recoupment left."""
    done = 0
    for number, claim_id in enumerate(pl.claim_ids_with_status(store.read, ("closed",))):
        paid = pl.paid_by_payer(store.read, claim_id)
        if paid < 5000:
            continue
        actions.recoup(store, claim_id, Decimal(paid // 4).scaleb(-2),
                       reference=f"RCP-{7100 + number}", on=today - timedelta(days=2 + done),
                       note="Letter: part of the visit is another plan's to pay")
        done += 1
        if done == 2:
            break
    return done


def add_demo_paper_eob(store: Store, today: date | None = None) -> int:
    """One payer sends no ERA: the last claim it accepted (and no ERA names) is paid on
    paper, 70% paid and 10% coinsurance. Returns how many paper EOBs were entered."""
    today = today or date.today()
    row = paper_eobs.accepted_claim_without_era(store.read)
    if row is None:
        return 0
    lines = []
    for line_id, _, _, _, cents, _, _ in paper_eobs.claim_lines(store.read, row[0]):
        charge = Decimal(cents).scaleb(-2)
        paid = (charge * Decimal("0.7")).quantize(Decimal("0.01"))
        patient = (charge * Decimal("0.1")).quantize(Decimal("0.01"))
        lines.append(paper_eob.PaperLine(line_id, paid, (("CO", "45", charge - paid - patient),
                                                         ("PR", "2", patient))))
    total = sum((ln.paid for ln in lines), Decimal("0.00"))
    # entered, not posted: like the demo's ERAs it waits under ERAs to be previewed and
    # posted (posting stamps the real clock, which would lie after the demo's "today")
    paper_eob.enter(store, paper_eob.PaperEob(
        str(row[1]), "004417", today - timedelta(days=4), total,
        [paper_eob.PaperClaim(int(row[0]), tuple(lines), "PAPER-ICN-88")]))
    return 1


def _claims_with_patient_share(store: Store) -> list[pl.ClaimSums]:
    ids = pl.claim_ids_with_status(store.read, ("partially_paid",))
    return [c for c in pl.claim_sums(store.read, claim_ids=ids) if c.patient_cents > 0]
