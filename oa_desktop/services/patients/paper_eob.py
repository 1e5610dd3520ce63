"""Insurance payments without an ERA: a paper EOB or a check, typed in claim by claim and
line by line, posted through the ERA's own plan, preview, exactly-once rule and undo.

``enter`` checks the EOB balances (per line: charge − adjustments = paid, the allowed
amount within the charge; a claim's payment = its lines' paid − its claim-level
adjustments; the check total = what the claims were paid) and stores it as a remittance,
ready to preview and post with ``services.era.posting`` like any ERA. When the payer's
ERA for the same payment arrives later (same check/EFT number and amount, one of the same
claims) the import holds it as a suspected duplicate of the paper EOB; the biller keeps
the paper posting (set the ERA aside) or ``use_era_instead`` (the paper posting is undone
and set aside, the ERA is ready to post). Nothing is posted twice.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from oa_desktop.domain.money import format_money, from_cents, to_cents
from oa_desktop.errors import KnownError
from oa_desktop.services.era import posting
from oa_desktop.store import paper_eobs, remittances
from oa_desktop.store.db import Store, utc_now
from oa_desktop.store.era_detail import ClaimDetail, EraLine, NewEraClaim, NewRemittance, cas

GROUPS = ("CO", "PR", "OA", "PI", "CR")


@dataclass(frozen=True, slots=True)
class PaperLine:
    """What the EOB says of one of our service lines."""

    line_id: int
    paid: Decimal
    adjustments: tuple[tuple[str, str, Decimal], ...] = ()  # group, CARC, amount (PR = patient)
    allowed: Decimal | None = None


@dataclass(frozen=True, slots=True)
class PaperClaim:
    """What the EOB says of one of our claims."""

    claim_id: int
    lines: tuple[PaperLine, ...]
    payer_claim_number: str = ""
    # claim-level adjustments (group, CARC, amount), as an ERA's claim-level CAS: each line
    # balances by itself and these come off the claim's payment (paid = lines' paid − these)
    adjustments: tuple[tuple[str, str, Decimal], ...] = ()

    @property
    def paid(self) -> Decimal:
        """What the payer paid on the claim: its lines' paid less claim-level adjustments."""
        return (sum((ln.paid for ln in self.lines), Decimal("0.00"))
                - sum((a[2] for a in self.adjustments), Decimal("0.00")))


@dataclass(frozen=True)
class PaperEob:
    """The check (or EFT) and the claims it pays."""

    payer_name: str
    check_number: str
    check_date: date
    total: Decimal
    claims: list[PaperClaim] = field(default_factory=list)
    payer_id: str = ""


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _check_codes(adjustments: tuple[tuple[str, str, Decimal], ...], where: str) -> None:
    for group, reason, _ in adjustments:
        if group not in GROUPS or not reason.strip():
            raise KnownError(f"{where}: “{group}-{reason}” is not a group and reason code.",
                             "Use a group (CO, PR, OA, PI) and the CARC printed on the EOB, "
                             "like CO-45 or PR-2.")


def _line_detail(eob_line: PaperLine, ours: tuple[Any, ...], where: str) -> EraLine:
    _, code, modifiers, day, charge_cents, units, control = ours
    adjusted = sum((a[2] for a in eob_line.adjustments), Decimal("0.00"))
    _check_codes(eob_line.adjustments, where)
    charge = from_cents(charge_cents)
    if eob_line.allowed is not None and not Decimal("0.00") <= eob_line.allowed <= charge:
        raise KnownError(f"{where}: the allowed amount {format_money(eob_line.allowed)} is not "
                         f"between $0.00 and the charge of {format_money(charge)}.",
                         "Type the allowed amount printed on the EOB, or leave it empty.")
    if charge - adjusted != eob_line.paid:
        raise KnownError(
            f"{where} does not balance: charge {format_money(charge)} − adjustments "
            f"{format_money(adjusted)} is {format_money(charge - adjusted)}, not the "
            f"{format_money(eob_line.paid)} paid.",
            "Check the adjustments and the patient's share against the EOB.")
    return EraLine(
        code, tuple(json.loads(modifiers)), _money(charge), _money(eob_line.paid), units,
        _money(eob_line.allowed) if eob_line.allowed is not None else None, day, control,
        tuple(cas(g, r.strip(), _money(a)) for g, r, a in eob_line.adjustments), ())


def _claim_row(store: Store, seq: int, claim: PaperClaim) -> NewEraClaim:
    db = store.read
    facts = paper_eobs.claim_facts(db, claim.claim_id)
    if facts is None:
        raise KnownError(f"Claim {claim.claim_id} does not exist.", "Pick the claim again.")
    pcn, last, first, member = facts
    ours = {line[0]: line for line in paper_eobs.claim_lines(db, claim.claim_id)}
    lines = []
    for number, eob_line in enumerate(claim.lines, start=1):
        if eob_line.line_id not in ours:
            raise KnownError(f"Claim {pcn}: line {number} is not one of its service lines.",
                             "Pick the line again.")
        lines.append(_line_detail(eob_line, ours[eob_line.line_id],
                                  f"Claim {pcn}, line {number}"))
    _check_codes(claim.adjustments, f"Claim {pcn}, claim-level adjustments")
    paid = claim.paid
    if paid < 0:
        raise KnownError(f"Claim {pcn}: the claim-level adjustments are more than its lines "
                         "paid.", "Check the claim-level adjustments against the EOB.")
    patient = sum((a[2] for ln in claim.lines for a in ln.adjustments if a[0] == "PR"),
                  Decimal("0.00")) + sum((a[2] for a in claim.adjustments if a[0] == "PR"),
                                         Decimal("0.00"))
    charge = sum((Decimal(ln.charge) for ln in lines), Decimal("0.00"))
    dates = [ln.date for ln in lines if ln.date]
    return NewEraClaim(
        seq, pcn, "1" if paid else "4", to_cents(charge), to_cents(paid), to_cents(patient),
        claim.payer_claim_number.strip(), last, first, member, min(dates, default=None),
        ClaimDetail(adjustments=tuple(cas(g, r.strip(), _money(a))
                                      for g, r, a in claim.adjustments), lines=tuple(lines)),
        claim.claim_id, "paper")


def enter(store: Store, eob: PaperEob, *, actor: str = "") -> int:
    """Check and store a paper EOB as a remittance ready to preview and post; returns its
    id. Nothing is posted yet (``services.era.posting.post`` does that, exactly once)."""
    check = eob.check_number.strip()
    if not check or not eob.payer_name.strip():
        raise KnownError("A paper EOB needs the payer and the check (or EFT) number.",
                         "Type them as printed on the EOB.")
    if not eob.claims:
        raise KnownError("This EOB has no claims yet.", "Add the claims it pays.")
    rows = [_claim_row(store, seq, c) for seq, c in enumerate(eob.claims)]
    paid = sum(r.paid_cents for r in rows)
    total = to_cents(eob.total)
    if paid != total:
        raise KnownError(f"The claims add up to {format_money(from_cents(paid))}, but the check "
                         f"is for {format_money(eob.total)}.",
                         "Check each claim's paid amount, or the check total.")
    name, npi, ein = paper_eobs.practice_payee(store.read)
    body = json.dumps({"check": check, "total": total, "payer": eob.payer_name,
                       "claims": [(r.pcn, r.detail.to_json()) for r in rows]}, sort_keys=True)
    now = utc_now()
    with store.write() as db:
        era = paper_eobs.era_for_check(db, check, total)
        if era is not None:
            raise KnownError(f"ERA {era} already reports check {check} for "
                             f"{format_money(eob.total)}.",
                             "Post that ERA instead (under ERAs); nothing was entered.")
        remittance_id = remittances.insert_remittance(db, NewRemittance(
            None, f"Paper EOB, check {check}", hashlib.sha256(body.encode()).hexdigest(), 0,
            "", eob.payer_name.strip(), eob.payer_id, name, npi, ein, "CHK", "C", total,
            eob.check_date.isoformat(), check, paid, 0, len(rows), (), "ready", None, now),
            rows, [])
        paper_eobs.mark_paper(db, remittance_id, now, actor or store.actor)
    return remittance_id


def enter_and_post(store: Store, eob: PaperEob, *, actor: str = "") -> int:
    """Enter a paper EOB and post it at once (the CLI and the demo; the screen previews
    first). Returns the remittance id."""
    remittance_id = enter(store, eob, actor=actor)
    posting.post(store, remittance_id, actor=actor)
    return remittance_id


def use_era_instead(store: Store, era_id: int, *, actor: str = "") -> int:
    """The ERA held as the twin of a paper EOB replaces it: the paper posting is undone
    and set aside, and the ERA becomes ready to post. Returns the paper EOB's id."""
    summary = remittances.get_remittance(store, era_id)
    paper_id = summary.duplicate_of
    if summary.status != "duplicate" or not paper_eobs.is_paper(store.read, paper_id):
        raise KnownError("This ERA is not held as the twin of a paper EOB.",
                         "Refresh the ERA list.")
    assert paper_id is not None
    if remittances.get_remittance(store, paper_id).status in ("posted", "partly_posted"):
        posting.undo(store, paper_id, actor=actor)
    with store.write() as db:
        remittances.set_status(db, paper_id, "dismissed")
        remittances.set_status(db, era_id, "ready")
    return paper_id
