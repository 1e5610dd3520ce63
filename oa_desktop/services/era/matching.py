"""Tie the claims of an ERA to ours: CLP01 → PCN, REF*6R → line control number.

Automatic matches need our own identifiers. When the payer mangled them, the fallbacks
(patient, dates, procedure, charge) are only *suggested*; the biller matches by hand.
Payers that drop modifiers, split or bundle lines are matched on what is there: a line
that fits none of ours is posted on the claim without a line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import sqlite_utils

from oa_desktop.domain.money import from_cents, to_cents
from oa_desktop.errors import KnownError
from oa_desktop.store import claims, remittances, responses
from oa_desktop.store.db import Store
from oa_desktop.store.era_detail import EraLine
from oa_desktop.store.postings import OurLine


def auto_match(db: sqlite_utils.Database, pcns: Sequence[str]) -> list[int | None]:
    """Our claim id for each CLP01 (``None`` where none): the claim we sent under that
    CLM01, any of a resent claim's (``store.responses.sent_claims``)."""
    sent = responses.sent_claims(db, pcns, unbatched=True)
    return [sent.claim_id(pcn) for pcn in pcns]


def rematch(store: Store, remittance_id: int) -> int:
    """Try the automatic match again for the unmatched claims of one ERA (new claims may
    have been imported since); returns how many were matched now."""
    with store.write() as db:
        waiting = [c for c in remittances.remittance_claims(db, remittance_id)
                   if c.claim_id is None]
        found = [(c.id, claim_id) for c, claim_id in
                 zip(waiting, auto_match(db, [c.pcn for c in waiting]), strict=True)
                 if claim_id is not None]
        for remittance_claim_id, claim_id in found:
            remittances.set_pcn_match(db, remittance_claim_id, claim_id)
    return len(found)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A claim of ours that may be the one the payer meant, and why."""

    claim_id: int
    pcn: str
    patient: str
    first_date: str | None
    charge: Decimal
    reasons: tuple[str, ...]


def suggestions(store: Store, rc: remittances.RemittanceClaim, limit: int = 5) -> list[Suggestion]:
    """Claims with the same patient, dates, procedures or charge, best first."""
    procedures = {line.procedure for line in rc.detail.lines}
    rows = claims.match_candidates(store, rc.patient_last, to_cents(rc.charge), rc.first_date)
    scored: list[tuple[int, Suggestion]] = []
    for claim_id, pcn, last, first, first_date, charge_cents, codes in rows:
        reasons = []
        if rc.patient_last and last.upper() == rc.patient_last.upper():
            reasons.append("same patient" if first.upper() == rc.patient_first.upper()
                           else "same last name")
        if rc.first_date and first_date == rc.first_date:
            reasons.append("same date of service")
        if procedures and procedures <= set((codes or "").split(",")):
            reasons.append("same procedures")
        if charge_cents == to_cents(rc.charge):
            reasons.append("same charge")
        if len(reasons) >= 2:
            scored.append((len(reasons), Suggestion(claim_id, pcn, f"{last}, {first}", first_date,
                                                    from_cents(charge_cents), tuple(reasons))))
    scored.sort(key=lambda s: (-s[0], s[1].claim_id))
    return [s for _, s in scored[:limit]]


def _refuse_if_posted(rc: remittances.RemittanceClaim) -> None:
    if rc.post_state == "parked":
        raise KnownError("This reversal is parked by a posting of the ERA, so its match "
                         "cannot change.", "Undo the ERA's posting first, then change the match.")
    if rc.post_state != "unposted":
        raise KnownError("This claim of the ERA is already posted, so its match cannot change.",
                         "Undo the ERA's posting first, then change the match.")


def match_manually(store: Store, remittance_claim_id: int, claim_id: int) -> None:
    """The biller ties an ERA claim to one of ours."""
    _refuse_if_posted(remittances.get_remittance_claim(store, remittance_claim_id))
    remittances.set_match(store, remittance_claim_id, claim_id, "manual")


def unmatch(store: Store, remittance_claim_id: int) -> None:
    """The biller unties an ERA claim from ours."""
    _refuse_if_posted(remittances.get_remittance_claim(store, remittance_claim_id))
    remittances.set_match(store, remittance_claim_id, None, "")


def _match_by_control(era_lines: Sequence[EraLine], our_lines: list[OurLine],
                      result: list[int | None]) -> set[int]:
    """Fill ``result`` where the ERA line carries one of our control numbers (REF*6R);
    return the ids of our lines taken."""
    by_control: dict[str, list[OurLine]] = {}
    for ours in our_lines:
        if ours.control_number:
            by_control.setdefault(ours.control_number, []).append(ours)
    taken: set[int] = set()
    for index, line in enumerate(era_lines):
        for ours in by_control.get(line.control, ()):
            if ours.id not in taken:
                result[index] = ours.id
                taken.add(ours.id)
                break
    return taken


def match_lines(era_lines: Sequence[EraLine], our_lines: list[OurLine]) -> list[int | None]:
    """Our service line id for each ERA line (``None`` when nothing fits).

    REF*6R control number first; then procedure + date + charge; then procedure + charge;
    then procedure alone (modifiers dropped, units changed). Each of our lines once.
    """
    result: list[int | None] = [None] * len(era_lines)
    taken = _match_by_control(era_lines, our_lines, result)
    if None not in result:
        return result  # every line carried our control number: the usual case
    free = [o for o in our_lines if o.id not in taken]

    def take(index: int, test: Callable[[OurLine], bool]) -> None:
        for ours in free:
            if test(ours):
                result[index] = ours.id
                free.remove(ours)
                return

    tests: tuple[Callable[[EraLine, int], Callable[[OurLine], bool]], ...] = (
        lambda e, c: lambda o: (o.procedure_code == e.procedure and o.service_date == e.date
                                and o.charge_cents == c),
        lambda e, c: lambda o: o.procedure_code == e.procedure and o.charge_cents == c,
        lambda e, c: lambda o: o.procedure_code == e.procedure,
    )
    charges = [to_cents(line.charge) for line in era_lines]
    for test in tests:
        for index, line in enumerate(era_lines):
            if result[index] is None:
                take(index, test(line, charges[index]))
    return result
