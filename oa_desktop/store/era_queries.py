"""Small ERA questions beside store/remittances.py: how many ERAs wait to be posted, which
ERAs pay a claim, and which ERAs a search word finds (claim number, patient, amount)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from oa_desktop.domain.money import from_cents
from oa_desktop.store.db import LIKE_ESCAPE, Store, like_contains

TO_POST = ("ready", "duplicate", "partly_posted")  # the ERAs that still need the biller


def to_post(store: Store) -> tuple[int, Decimal]:
    """How many ERAs still need posting (or a decision), and their payments' total."""
    marks = ", ".join(f"'{s}'" for s in TO_POST)
    count, cents = store.read.execute(
        f"SELECT COUNT(*), COALESCE(SUM(amount_cents), 0) FROM remittances "
        f"WHERE status IN ({marks})").fetchone()
    return int(count), from_cents(int(cents))


@dataclass(frozen=True, slots=True)
class ClaimEra:
    """An ERA that answers a claim: what it paid the claim and whether it is posted."""

    remittance_id: int
    payment_date: str | None
    payer_name: str
    trace_number: str
    charge: Decimal
    paid: Decimal
    patient_share: Decimal
    status_code: str
    post_state: str  # unposted, posted, parked, ...
    era_status: str  # the ERA's status (ready, posted, partly_posted, ...)
    paper: bool = False  # typed in from a paper EOB, not an ERA file


def eras_for_claim(store: Store, claim_id: int) -> list[ClaimEra]:
    """Every ERA with a claim matched to ``claim_id``, newest first."""
    rows = store.read.execute(
        "SELECT r.id, r.payment_date, r.payer_name, r.trace_number, c.charge_cents, "
        "c.paid_cents, c.patient_resp_cents, c.status_code, c.post_state, r.status, "
        "EXISTS (SELECT 1 FROM paper_eobs p WHERE p.remittance_id = r.id) "
        "FROM remittance_claims c JOIN remittances r ON r.id = c.remittance_id "
        "WHERE c.claim_id = ? ORDER BY r.payment_date DESC, r.id DESC", [claim_id])
    return [ClaimEra(r[0], r[1], r[2], r[3], from_cents(r[4]), from_cents(r[5]),
                     from_cents(r[6]), r[7] or "", r[8] or "", r[9], bool(r[10])) for r in rows]


def find_remittances(store: Store, text: str) -> set[int]:
    """ERAs with a claim whose claim number, payer claim number or patient matches
    ``text``, or with a payment, claim charge or paid amount equal to it."""
    word = text.strip()
    if not word:
        return set()
    like = like_contains(word)  # %, _ and \\ typed in the box match only themselves
    found = {r[0] for r in store.read.execute(
        "SELECT DISTINCT c.remittance_id FROM remittance_claims c "
        "LEFT JOIN claims o ON o.id = c.claim_id "
        f"WHERE c.pcn LIKE ? {LIKE_ESCAPE} OR c.payer_claim_number LIKE ? {LIKE_ESCAPE} "
        f"OR o.pcn LIKE ? {LIKE_ESCAPE} "
        f"OR (c.patient_last || ', ' || c.patient_first) LIKE ? {LIKE_ESCAPE} "
        f"OR (c.patient_first || ' ' || c.patient_last) LIKE ? {LIKE_ESCAPE}", [like] * 5)}
    try:
        cents = int((Decimal(word.replace("$", "").replace(",", "")) * 100).to_integral_value())
    except (InvalidOperation, ValueError):
        return found
    found |= {r[0] for r in store.read.execute(
        "SELECT id FROM remittances WHERE amount_cents = ? UNION "
        "SELECT remittance_id FROM remittance_claims WHERE charge_cents = ? OR paid_cents = ?",
        [cents, cents, cents])}
    return found
