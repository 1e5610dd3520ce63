"""The SQL behind the practice reports and the Costs screen.

Every amount here is summed over the append-only ``ledger`` (never read from the
cached ``paid/adjusted/balance`` columns of ``claims``), in integer cents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from oa_desktop.store.db import Store

# A claim's money, straight from the ledger. ``first_sent`` is its first confirmed upload
# (the ``submitted`` event); age in the A/R report counts from there.
_CLAIM_MONEY = """
SELECT c.id, c.pcn, c.patient_id, p.last_name || ', ' || p.first_name, py.id, py.name,
       c.status, c.charge_cents, c.first_date,
       (SELECT MIN(e.at) FROM claim_events e WHERE e.claim_id = c.id AND e.kind = 'submitted'),
       COALESCE(l.payer_paid, 0), COALESCE(l.patient_paid, 0), COALESCE(l.adjusted, 0),
       COALESCE(l.patient_resp, 0), l.first_payment
FROM claims c
JOIN patients p ON p.id = c.patient_id
JOIN coverages cv ON cv.id = c.coverage_id
JOIN payers py ON py.id = cv.payer_id
LEFT JOIN (
    SELECT claim_id,
           SUM(CASE WHEN kind = 'payment' THEN amount_cents ELSE 0 END) AS payer_paid,
           SUM(CASE WHEN kind = 'patient_payment' THEN amount_cents ELSE 0 END) AS patient_paid,
           SUM(CASE WHEN kind IN ('adjustment', 'write_off') THEN amount_cents ELSE 0 END)
               AS adjusted,
           SUM(CASE WHEN kind = 'patient_responsibility' THEN amount_cents ELSE 0 END)
               AS patient_resp,
           MIN(CASE WHEN kind = 'payment' AND amount_cents > 0 THEN posted_at END)
               AS first_payment
    FROM ledger GROUP BY claim_id
) l ON l.claim_id = c.id
"""


@dataclass(frozen=True, slots=True)
class ClaimMoney:
    """One claim's money as the ledger has it, in cents."""

    claim_id: int
    pcn: str
    patient_id: int
    patient_name: str
    payer_id: int
    payer_name: str
    status: str
    charge_cents: int
    first_date: str | None
    first_sent_at: str | None  # first confirmed upload, UTC ISO
    payer_paid_cents: int
    patient_paid_cents: int
    adjusted_cents: int  # contractual adjustments and write-offs
    patient_resp_cents: int  # what the payers said the patient owes (PR)
    first_payment_at: str | None  # first payer payment posted

    @property
    def balance_cents(self) -> int:
        """Charge less everything paid and adjusted."""
        return (self.charge_cents - self.payer_paid_cents - self.patient_paid_cents
                - self.adjusted_cents)

    @property
    def patient_due_cents(self) -> int:
        """The part of the balance the patient owes: PR less patient payments, within it."""
        owed = self.patient_resp_cents - self.patient_paid_cents
        return max(0, min(self.balance_cents, owed))

    @property
    def insurance_due_cents(self) -> int:
        """The part of the balance still expected from the payer."""
        return self.balance_cents - self.patient_due_cents


def claim_money(store: Store, claim_ids: list[int] | None = None) -> list[ClaimMoney]:
    """Every claim (or those of ``claim_ids``) with its ledger sums, by claim id."""
    sql = _CLAIM_MONEY
    params: list[int] = []
    if claim_ids is not None:
        if not claim_ids:
            return []
        sql += f" WHERE c.id IN ({', '.join('?' * len(claim_ids))})"
        params = list(claim_ids)
    rows = store.read.execute(sql + " ORDER BY c.id", params).fetchall()
    return [ClaimMoney(*r) for r in rows]


def payments_by_payer_month(store: Store) -> list[tuple[str, str, int]]:
    """``(payer name, YYYY-MM, cents)`` of payer payments, net of reversals, by posting month.

    Patient payments come as the payer ``""``. The payer is the claim's primary payer.
    """
    rows = store.read.execute(
        "SELECT CASE WHEN l.kind = 'payment' THEN py.name ELSE '' END, "
        "substr(l.posted_at, 1, 7), SUM(l.amount_cents) FROM ledger l "
        "JOIN claims c ON c.id = l.claim_id JOIN coverages cv ON cv.id = c.coverage_id "
        "JOIN payers py ON py.id = cv.payer_id "
        "WHERE l.kind IN ('payment', 'patient_payment') GROUP BY 1, 2 ORDER BY 1, 2"
    ).fetchall()
    return [(r[0], r[1], int(r[2])) for r in rows]


def denial_events(store: Store) -> list[tuple[int, str, str, str, int, str]]:
    """``(claim id, pcn, payer, codes, charge cents, at)`` for each time a claim was denied.

    ``codes`` is the event's list of adjustment reasons, e.g. ``"CO-16, CO-197"``.
    """
    rows = store.read.execute(
        "SELECT e.claim_id, c.pcn, py.name, e.codes, c.charge_cents, e.at "
        "FROM claim_events e JOIN claims c ON c.id = e.claim_id "
        "JOIN coverages cv ON cv.id = c.coverage_id JOIN payers py ON py.id = cv.payer_id "
        "WHERE e.kind = 'denied' ORDER BY e.at, e.id"
    ).fetchall()
    return [(r[0], r[1], r[2], r[3], int(r[4]), r[5]) for r in rows]


def sent_months(store: Store) -> list[str]:
    """``YYYY-MM`` of every month a batch counted by the fee was sent, newest first."""
    rows = store.read.execute(
        "SELECT DISTINCT substr(sent_at, 1, 7) FROM batches WHERE sent_at IS NOT NULL "
        "AND test_mode = 0 AND status != 'rejected' ORDER BY 1 DESC"
    ).fetchall()
    return [r[0] for r in rows]


def provider_names(store: Store) -> dict[str, str]:
    """NPI → the name a biller knows it by (rendering providers and the practice)."""
    names: dict[str, str] = {}
    practice = store.read.execute("SELECT npi, name FROM practice").fetchone()
    if practice:
        names[practice[0]] = f"{practice[1]} (billing)"
    for npi, last, first, credential in store.read.execute(
        "SELECT npi, last_name, first_name, credential FROM rendering_providers ORDER BY id"
    ):
        names[npi] = f"{first} {last}" + (f", {credential}" if credential else "")
    return names


def practice_header(store: Store) -> dict[str, str]:
    """The practice's name, address, phone, NPI and Tax ID (empty strings when unset)."""
    row = store.read.execute(
        "SELECT name, line1, line2, city, state, zip_code, phone, npi, ein FROM practice"
    ).fetchone()
    keys = ("name", "line1", "line2", "city", "state", "zip_code", "phone", "npi", "ein")
    return dict(zip(keys, row or ("",) * len(keys), strict=True))


def statement_lines(store: Store, claim_ids: list[int]) -> list[tuple[int, str, str, str, int]]:
    """``(claim id, service date, procedure, modifiers JSON, charge cents)`` of each line."""
    if not claim_ids:
        return []
    rows = store.read.execute(
        "SELECT claim_id, service_date, procedure_code, modifiers, charge_cents "
        f"FROM service_lines WHERE claim_id IN ({', '.join('?' * len(claim_ids))}) "
        "ORDER BY claim_id, line_number", claim_ids
    ).fetchall()
    return [(r[0], r[1], r[2], r[3], int(r[4])) for r in rows]


def patient_addresses(store: Store, patient_ids: list[int]) -> dict[int, dict[str, str]]:
    """Name and mailing address of each patient."""
    if not patient_ids:
        return {}
    keys = ("last_name", "first_name", "line1", "line2", "city", "state", "zip_code",
            "account_number")
    rows = store.read.execute(
        f"SELECT id, {', '.join(keys)} FROM patients "
        f"WHERE id IN ({', '.join('?' * len(patient_ids))})", patient_ids
    ).fetchall()
    return {r[0]: dict(zip(keys, r[1:], strict=True)) for r in rows}


def today_iso() -> str:
    """Today's date (local) as ISO, for reports that are "as of" a day."""
    return date.today().isoformat()
