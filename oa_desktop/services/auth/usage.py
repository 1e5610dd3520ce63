"""Authorization usage, box 23, and the "ending or running out" worklist, from the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from oa_desktop.domain import authorizations as dom
from oa_desktop.domain.authorizations import Usage
from oa_desktop.domain.edits_auth import box23_number, fill_line_authorizations
from oa_desktop.domain.models import Claim
from oa_desktop.store import authorizations as store_auth
from oa_desktop.store import claims, records
from oa_desktop.store.db import Store


def patient_usage(store: Store, patient_id: int) -> list[Usage]:
    """Each of a patient's authorizations with what their claims use of it."""
    auths = store_auth.for_patient(store, patient_id)
    coverage_ids = sorted({a.coverage_id for a in auths})
    return dom.usage(auths, store_auth.usage_lines(store, coverage_ids))


@dataclass(frozen=True, slots=True)
class UsageRow:
    """One authorization as ``auth list`` prints it."""

    patient_id: int
    patient_name: str
    payer_name: str
    usage: Usage

    def as_json(self) -> dict[str, object]:
        """CLI.md: approved = scheduled + billed + remaining; paid is a part of billed."""
        a, u = self.usage.authorization, self.usage
        return {
            "patient_id": self.patient_id, "patient": self.patient_name, "number": a.number,
            "payer": self.payer_name, "codes": [str(c) for c in a.codes],
            "approved": _num(a.approved), "unit": a.unit.value,
            "from": a.from_date.isoformat(), "to": a.to_date.isoformat(),
            "rendering_provider_id": a.rendering_provider_id,
            "scheduled": _num(u.scheduled), "billed": _num(u.billed), "paid": _num(u.paid),
            "remaining": _num(u.remaining),
        }


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def usage_rows(store: Store, patient_id: int | None = None) -> list[UsageRow]:
    """Every authorization (or one patient's) with its usage, patient and payer."""
    auths = store_auth.for_patient(store, patient_id)
    coverage_ids = sorted({a.coverage_id for a in auths})
    usage = dom.usage(auths, store_auth.usage_lines(store, coverage_ids))
    payers = {p.id: p.name for p in records.list_payers(store)}
    rows = []
    coverages = {cid: records.get_coverage(store, cid) for cid in coverage_ids}
    names: dict[int, str] = {}
    for item in usage:
        coverage = coverages[item.authorization.coverage_id]
        if coverage.patient_id not in names:
            names[coverage.patient_id] = records.get_patient(
                store, coverage.patient_id).person.display_name
        rows.append(UsageRow(coverage.patient_id, names[coverage.patient_id],
                             payers.get(coverage.payer_id, ""), item))
    return rows


def fill_box23(store: Store, claim: Claim) -> bool:
    """Put the covering authorization's number in box 23 when it is empty or holds another
    authorization of this coverage (never over a number the biller typed), and each line
    under another authorization its own number (2400 REF*G1); True if anything changed."""
    auths = store_auth.for_coverages(store, [claim.coverage_id])
    number = box23_number(claim, auths)
    current = claim.prior_authorization.strip()
    ours = {a.number for a in auths}
    changed = False
    if number is not None and number != current and not (current and current not in ours):
        claim.prior_authorization = number
        changed = True
    return fill_line_authorizations(claim, auths) or changed


@dataclass(frozen=True, slots=True)
class Uncovered:
    """A claim with lines no authorization covers (while one is on file for the code)."""

    claim_id: int
    pcn: str
    patient_name: str
    codes: str
    first_date: date


@dataclass(frozen=True, slots=True)
class AuthWorklist:
    """The "Authorizations running out" worklist with names for the screen."""

    alerts: list[tuple[UsageRow, dom.Alert]]
    uncovered: list[Uncovered]

    @property
    def count(self) -> int:
        """What the queue's badge shows."""
        return len(self.alerts) + len(self.uncovered)


def worklist(store: Store, today: date) -> AuthWorklist:
    """Authorizations ending within 30 days or running out, and sessions billed without one."""
    rows = usage_rows(store)
    auths = [r.usage.authorization for r in rows]
    lines = store_auth.usage_lines(store, sorted({a.coverage_id for a in auths}))
    found = dom.worklist(auths, lines, today)
    by_id = {r.usage.authorization.id: r for r in rows}
    alerts = [(by_id[a.usage.authorization.id], a) for a in found.alerts]
    names = {r.usage.authorization.coverage_id: r.patient_name for r in rows}
    grouped: dict[int, list[dom.UsageLine]] = {}
    for line in found.uncovered:
        grouped.setdefault(line.claim_id, []).append(line)
    uncovered = [
        Uncovered(claim_id, claims.pcn_of(store.read, claim_id), names.get(ls[0].coverage_id, ""),
                  ", ".join(dict.fromkeys(x.code for x in ls)),
                  min(x.service_date for x in ls))
        for claim_id, ls in sorted(grouped.items())
    ]
    return AuthWorklist(alerts, uncovered)

