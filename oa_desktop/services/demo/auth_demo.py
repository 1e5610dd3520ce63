"""The demo practice's authorizations, payers' filing limits and a timesheet file.

Added after the claims, from them, so every new screen shows real data: most ABA clients
have an authorization with room to spare; one is nearly used up, one ends within weeks,
and one has expired with sessions after it (the scrubber and the worklist show it); one
was renewed in the middle of a claim, whose later lines carry the renewal's number. Two
payers carry their own filing limit (Texas Medicaid's 95 days), so old open claims
reach the "Filing deadline within 14 days" queue.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from oa_desktop.domain import authorizations as dom
from oa_desktop.domain.authorizations import AuthCode, Authorization
from oa_desktop.domain.edits_auth import box23_number, line_numbers
from oa_desktop.store import authorizations as store_auth
from oa_desktop.store import claims, filing, records
from oa_desktop.store.db import Store

ABA_CODES = (AuthCode("97153"), AuthCode("97155"), AuthCode("97156"))
OWN_LIMITS = {"Texas Medicaid (TMHP)": 95, "Superior HealthPlan": 95}
_UNSENT = ("draft", "ready", "rejected")


_CODES = tuple(c.code for c in ABA_CODES)


def _aba_coverages(store: Store) -> list[tuple[int, int]]:
    """(patient id, primary coverage id) of patients billed for ABA codes, by patient id."""
    return store_auth.coverages_billed_for(store, _CODES)


def _has_unsent(store: Store, coverage_id: int, after: date) -> bool:
    return store_auth.has_unsent_after(store, coverage_id, after, _CODES)


def add_demo_authorizations(store: Store, today: date) -> int:
    """Authorizations for the ABA clients; returns how many."""
    coverages = [c for _, c in _aba_coverages(store)]
    expired_end = today - timedelta(days=12)
    expired = next((c for c in coverages if _has_unsent(store, c, expired_end)), None)
    ending = next(c for c in coverages if c != expired)
    planned: list[tuple[Authorization, Decimal, Decimal]] = []
    for n, coverage_id in enumerate(coverages):
        start, end = today - timedelta(days=100), today + timedelta(days=80)
        if coverage_id == expired:
            end = expired_end
        elif coverage_id == ending:
            end = today + timedelta(days=19)
        auth = Authorization(coverage_id, f"PA{2026_0000 + 37 * n + 11}", ABA_CODES,
                             Decimal("1"), start, end)
        lines = store_auth.usage_lines(store, [coverage_id])
        used = dom.usage([auth], lines)[0].used
        pace = dom.weekly_pace(auth, lines, today)
        weeks_left = Decimal(max((end - today).days, 0)) / 7
        planned.append((auth, used, (pace * weeks_left * Decimal("1.6")).quantize(Decimal("1"))))
    nearly = max((p for p in planned if p[0].coverage_id not in (expired, ending)),
                 key=lambda p: p[1])[0]
    for auth, used, ahead in planned:
        # room for the weeks ahead at today's pace; one client with only 4 units left
        auth.approved = used + 4 if auth is nearly else max(Decimal("40"), used + ahead + 16)
        store_auth.save_authorization(store, auth)
    renewed = _renew_mid_claim(store, [p[0] for p in planned
                                       if p[0].coverage_id not in (expired, ending)
                                       and p[0] is not nearly])
    _fill_unsent_box23(store)
    return len(planned) + renewed


def _renew_mid_claim(store: Store, candidates: list[Authorization]) -> int:
    """End one authorization the day before the last date of an unsent claim's lines and
    add its renewal from that day: the claim's later lines carry their own number (2400
    REF*G1). Returns 1, or 0 when no claim has lines on two days."""
    for auth in candidates:
        for claim_id in store_auth.claim_ids_in(store, _UNSENT):
            claim = claims.get_claim(store, claim_id)
            days = sorted({ln.service_date for ln in claim.lines
                           if ln.procedure_code in _CODES})
            if claim.coverage_id != auth.coverage_id or len(days) < 2:
                continue
            renewal = Authorization(auth.coverage_id, f"{auth.number}R", auth.codes,
                                    auth.approved, days[-1], auth.to_date, auth.unit)
            auth.to_date = days[-1] - timedelta(days=1)
            store_auth.save_authorization(store, auth)
            store_auth.save_authorization(store, renewal)
            return 1
    return 0


def _fill_unsent_box23(store: Store) -> None:
    """Claims not sent yet carry the authorization that covers them in box 23, and a line
    under another authorization its own number."""
    auths = store_auth.for_patient(store)
    boxes: dict[int, str] = {}
    lines: dict[int, str] = {}
    for claim_id in store_auth.claim_ids_in(store, _UNSENT):
        claim = claims.get_claim(store, claim_id)
        boxes[claim_id] = claim.prior_authorization = box23_number(claim, auths) or ""
        lines.update({ln.id: number for ln, number in zip(
            claim.lines, line_numbers(claim, auths), strict=True) if number and ln.id})
    store_auth.set_box23(store, boxes)
    store_auth.set_line_authorizations(store, lines)


def set_demo_filing_limits(store: Store) -> None:
    """Texas Medicaid and its managed-care plan: 95 days from the date of service."""
    for payer in records.list_payers(store):
        if payer.name in OWN_LIMITS and payer.id is not None:
            filing.set_payer_limit(store, payer.id, OWN_LIMITS[payer.name])


def write_demo_timesheets(store: Store, path: Path, today: date) -> int:
    """A timesheet export shaped like CentralReach's (its field names, see
    services/sessions/columns.py) for last week's ABA sessions; returns rows."""
    coverages = _aba_coverages(store)[:6]
    providers = records.list_rendering_providers(store)
    monday = today - timedelta(days=today.weekday() + 7)
    rows = []
    for n, (patient_id, _) in enumerate(coverages):
        person = records.get_patient(store, patient_id).person
        for day in range(0, 5, 2 if n % 2 else 1):
            minutes = 7 if (n, day) == (0, 4) else (180, 120, 23, 150, 90)[(n + day) % 5]
            start = 9 * 60 + (n % 3) * 30
            dos = monday + timedelta(days=day)
            rows.append([
                str(880000 + 10 * n + day), f"{dos:%Y-%m-%d}T00:00:00", str(40100 + n),
                person.first_name.title(), person.last_name.title(),
                providers[0].first_name.title() if providers else "",
                providers[0].last_name.title() if providers else "",
                "97153: Adaptive Behavior Treatment by Protocol", "12: Home", str(minutes),
                _stamp(dos, start), _stamp(dos, start + minutes), "False",
            ])
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Id", "DateOfService", "ClientId", "ClientFirstName",
                         "ClientLastName", "ProviderFirstName", "ProviderLastName",
                         "ProcedureCodeString", "Location", "TimeWorkedInMins", "DateTimeFrom",
                         "DateTimeTo", "IsVoid"])
        writer.writerows(rows)
    return len(rows)


def _stamp(day: date, minutes: int) -> str:
    hour, minute = divmod(minutes, 60)
    return f"{day:%Y-%m-%d}T{hour:02d}:{minute:02d}:00.0000000"
