"""The practice reports equal plain SQL sums over ``ledger`` and ``claims``.

The expected figures are computed here independently, with SQL written for the test,
never by calling the report code.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from oa_desktop.domain.money import to_money
from oa_desktop.services.reports import practice as rp
from oa_desktop.services.reports.table import Kind, write_csv
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims
from tests.conftest import DEMO_DAY

# open balance of each sent claim, from the ledger
_OPEN = """
SELECT c.id, c.charge_cents
   - COALESCE((SELECT SUM(amount_cents) FROM ledger l WHERE l.claim_id = c.id
               AND l.kind IN ('payment', 'patient_payment', 'adjustment', 'write_off')), 0),
   COALESCE((SELECT SUM(amount_cents) FROM ledger l WHERE l.claim_id = c.id
             AND l.kind = 'patient_responsibility'), 0)
   - COALESCE((SELECT SUM(amount_cents) FROM ledger l WHERE l.claim_id = c.id
               AND l.kind = 'patient_payment'), 0),
   julianday(?) - julianday(date((SELECT MIN(at) FROM claim_events e
                                  WHERE e.claim_id = c.id AND e.kind = 'submitted')))
FROM claims c
WHERE EXISTS (SELECT 1 FROM claim_events e WHERE e.claim_id = c.id AND e.kind = 'submitted')
"""


def _dollars(value: int) -> Decimal:
    return to_money(Decimal(value) / 100)


def _split(demo: Workspace) -> list[tuple[int, int, int, int]]:
    """(claim id, insurance part, patient part, age days) of every sent, open claim."""
    out = []
    for claim_id, balance, owed, age in demo.store.read.execute(_OPEN, [DEMO_DAY.isoformat()]):
        patient = max(0, min(balance, owed))
        out.append((claim_id, balance - patient, patient, int(age)))
    return out


def test_aging_by_payer_equals_ledger_sums(demo_workspace: Workspace) -> None:
    report = rp.aging_by_payer(demo_workspace.store, DEMO_DAY)
    split = _split(demo_workspace)
    assert report.total is not None
    assert report.total[6] == _dollars(sum(s[1] for s in split))
    assert report.total[7] == sum(1 for s in split if s[1])
    over_60 = sum(s[1] for s in split if s[3] > 60)
    assert sum(report.total[3:6], Decimal(0)) == _dollars(over_60)
    # each payer: the insurance part of its claims, grouped here
    payer_of = dict(demo_workspace.store.read.execute(
        "SELECT c.id, py.name FROM claims c JOIN coverages cv ON cv.id = c.coverage_id "
        "JOIN payers py ON py.id = cv.payer_id"))
    by_payer: dict[str, int] = {}
    for claim_id, insurance, _, _ in split:
        if insurance:
            by_payer[payer_of[claim_id]] = by_payer.get(payer_of[claim_id], 0) + insurance
    assert {r[0]: r[6] for r in report.rows} == {k: _dollars(v) for k, v in by_payer.items()}


def test_aging_by_payer_rows_add_up(demo_workspace: Workspace) -> None:
    report = rp.aging_by_payer(demo_workspace.store, DEMO_DAY)
    for row in report.rows:
        assert sum(row[1:6], Decimal(0)) == row[6]
    assert report.total is not None
    assert sum((r[6] for r in report.rows), Decimal(0)) == report.total[6]


def test_aging_by_patient_equals_ledger_sums(demo_workspace: Workspace) -> None:
    report = rp.aging_by_patient(demo_workspace.store, DEMO_DAY)
    split = _split(demo_workspace)
    owed = sum(s[2] for s in split)
    assert owed > 0  # the demo has partly paid claims
    assert report.total is not None
    assert report.total[6] == _dollars(owed)
    # what patients owe is the PR on sent claims less the demo's desk payments and its
    # small-balance write-off of a patient's share
    pr, paid, written_off = demo_workspace.store.read.execute(
        "SELECT SUM(CASE WHEN kind = 'patient_responsibility' THEN amount_cents END), "
        "SUM(CASE WHEN kind = 'patient_payment' THEN amount_cents END), "
        "SUM(CASE WHEN kind = 'write_off' AND source = 'desk' THEN amount_cents END) FROM ledger"
    ).fetchone()
    assert paid > 0  # the demo takes desk payments through the patient account
    assert report.total[6] == _dollars(pr - paid - written_off)


def test_insurance_plus_patient_is_every_open_balance(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    payer = rp.aging_by_payer(store, DEMO_DAY).total
    patient = rp.aging_by_patient(store, DEMO_DAY).total
    assert payer is not None and patient is not None
    cents = store.read.execute(
        "SELECT SUM(c.charge_cents) - COALESCE((SELECT SUM(l.amount_cents) FROM ledger l "
        "WHERE l.kind IN ('payment', 'patient_payment', 'adjustment', 'write_off')), 0) "
        "FROM claims c WHERE c.id IN (SELECT claim_id FROM claim_events "
        "WHERE kind = 'submitted')").fetchone()[0]
    assert payer[6] + patient[6] == _dollars(cents)


def test_patient_payment_moves_money_out_of_patient_aging(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    before = rp.aging_by_patient(store, DEMO_DAY).total
    claim_id = store.read.execute(
        "SELECT claim_id FROM ledger l WHERE kind = 'patient_responsibility' AND NOT EXISTS "
        "(SELECT 1 FROM ledger p WHERE p.claim_id = l.claim_id AND p.kind = 'patient_payment') "
        "LIMIT 1").fetchone()[0]
    patients_before = next(r for r in rp.payments_by_payer_month(store).rows
                           if r[0] == rp.PATIENT_PAYMENTS)
    with store.write() as db:
        claims.add_ledger_entry(db, claim_id, "patient_payment", Decimal("10.00"),
                                at="2026-10-30T10:00:00+00:00")
    after = rp.aging_by_patient(store, DEMO_DAY).total
    payments = rp.payments_by_payer_month(store)
    assert before is not None and after is not None
    assert after[6] == before[6] - Decimal("10.00")
    patients = next(r for r in payments.rows if r[0] == rp.PATIENT_PAYMENTS)
    assert patients[-1] == patients_before[-1] + Decimal("10.00")


def test_payments_by_payer_and_month_equal_ledger(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    report = rp.payments_by_payer_month(store)
    expected = {
        (payer, month): _dollars(cents)
        for payer, month, cents in store.read.execute(
            "SELECT py.name, strftime('%m/%Y', l.posted_at), SUM(l.amount_cents) FROM ledger l "
            "JOIN claims c ON c.id = l.claim_id JOIN coverages cv ON cv.id = c.coverage_id "
            "JOIN payers py ON py.id = cv.payer_id WHERE l.kind = 'payment' GROUP BY 1, 2")
    }
    expected.update({
        (rp.PATIENT_PAYMENTS, month): _dollars(cents)
        for month, cents in store.read.execute(
            "SELECT strftime('%m/%Y', posted_at), SUM(amount_cents) FROM ledger "
            "WHERE kind = 'patient_payment' GROUP BY 1")})
    titles = [c.title for c in report.columns]
    got = {(row[0], titles[i]): row[i] for row in report.rows
           for i in range(1, len(titles) - 1) if row[i]}
    assert got == expected
    total = store.read.execute(
        "SELECT SUM(amount_cents) FROM ledger WHERE kind IN ('payment', 'patient_payment')"
    ).fetchone()[0]
    assert report.total is not None and report.total[-1] == _dollars(total)
    patients = store.read.execute(
        "SELECT SUM(amount_cents) FROM ledger WHERE kind = 'patient_payment'").fetchone()[0]
    assert report.total[-1] == claims.posted_payments_total(store) + _dollars(patients)


def test_denial_reasons_count_and_amount(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    report = rp.denial_reasons(store)
    expected = {
        codes: (n, _dollars(cents)) for codes, n, cents in store.read.execute(
            "SELECT e.codes, COUNT(*), SUM(c.charge_cents) FROM claim_events e "
            "JOIN claims c ON c.id = e.claim_id WHERE e.kind = 'denied' GROUP BY e.codes")
    }
    assert {r[0]: (r[2], r[3]) for r in report.rows} == expected  # demo: one reason each
    assert all(r[1] for r in report.rows)  # every code with its meaning
    events = sum(n for n, _ in expected.values())
    assert report.total is not None and report.total[2] == events


def test_status_counts_and_balances(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    report = rp.status_counts(store)
    assert report.total is not None
    assert report.total[1] == store.read.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
    charge, taken = store.read.execute(
        "SELECT (SELECT SUM(charge_cents) FROM claims), (SELECT SUM(amount_cents) FROM ledger "
        "WHERE kind IN ('payment', 'patient_payment', 'adjustment', 'write_off'))").fetchone()
    assert report.total[2] == _dollars(charge)
    assert report.total[3] == _dollars(charge - taken)
    paid = next(r for r in report.rows if r[0] == "Paid")
    assert paid[1] == store.read.execute(
        "SELECT COUNT(*) FROM claims WHERE status = 'paid'").fetchone()[0]


def test_days_to_payment(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    report = rp.days_to_payment(store)
    rows = store.read.execute(
        "SELECT julianday(date(MIN(l.posted_at))) - julianday(date((SELECT MIN(e.at) "
        "FROM claim_events e WHERE e.claim_id = l.claim_id AND e.kind = 'submitted'))) "
        "FROM ledger l WHERE l.kind = 'payment' AND l.amount_cents > 0 GROUP BY l.claim_id"
    ).fetchall()
    days = [int(r[0]) for r in rows]
    assert report.total is not None
    assert report.total[1] == len(days)
    assert report.total[2] == Decimal(sum(days) / len(days)).quantize(Decimal("0.1"))
    assert report.total[4] == min(days) and report.total[5] == max(days)
    assert report.chart is not None
    assert sum(report.chart.series[0][1]) == len(days)


def test_csv_has_real_numbers(demo_workspace: Workspace, tmp_path: Path) -> None:
    report = rp.aging_by_payer(demo_workspace.store, DEMO_DAY)
    path = tmp_path / "aging.csv"
    assert write_csv(report, path) == len(report.rows) + 1
    with path.open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0][0] == "Payer" and rows[-1][0] == "Total"
    assert report.total is not None
    assert Decimal(rows[-1][6]) == report.total[6]  # 1234.56: no $, no comma
    assert all("$" not in cell and "," not in cell for row in rows[1:] for cell in row[1:])
    assert [c.kind for c in report.columns][1] is Kind.MONEY


def test_every_report_builds_on_an_empty_store(store: object) -> None:
    from oa_desktop.store.db import Store

    assert isinstance(store, Store)
    for key in rp.REPORTS:
        report = rp.build(store, key, date(2026, 11, 2))
        assert report.rows == [] and report.total is None and report.empty_text


def test_aging_by_date_of_service(demo_workspace: Workspace) -> None:
    by_sent = rp.aging_by_payer(demo_workspace.store, DEMO_DAY)
    by_dos = rp.aging_by_payer_dos(demo_workspace.store, DEMO_DAY)
    assert by_sent.total is not None and by_dos.total is not None
    assert by_dos.total[6] == by_sent.total[6]  # the same money, aged from another day
    ages = {claim_id: (DEMO_DAY - date.fromisoformat(first)).days for claim_id, first in
            demo_workspace.store.read.execute("SELECT id, first_date FROM claims")}
    over_60 = sum(s[1] for s in _split(demo_workspace) if ages[s[0]] > 60)
    assert sum(by_dos.total[3:6], Decimal(0)) == _dollars(over_60)
    assert "date of service" in by_dos.title
