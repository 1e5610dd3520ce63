from __future__ import annotations

from decimal import Decimal

from oa_desktop.domain.fees import FeeRule
from oa_desktop.services.office_ally import oa_fees
from oa_desktop.store import batches, settings
from oa_desktop.store.db import Store
from tests.store.factories import make_claim

TAX = "742345678"
NPI_A, NPI_B = "1111111112", "1222222220"


def send(store: Store, non_par: list[bool], *, npi: str = NPI_A, at: str,
         test_mode: bool = False, status: str = "sent") -> None:
    claims = []
    for flag in non_par:
        claim = make_claim(store)
        assert claim.id is not None
        claims.append(batches.BatchClaim(claim.id, claim.patient_control_number,
                                         claim.charge_amount, tax_id=TAX, npi=npi,
                                         non_par=flag))
    batch = batches.create_batch(store, claims, test_mode=test_mode, at=at)
    batches.mark_batch(store, batch.id, "sent", at=at)
    if status != "sent":
        batches.mark_batch(store, batch.id, status)


def test_fee_report_from_sent_batches(store: Store) -> None:
    send(store, [True, True, False], at="2026-10-05T15:00:00+00:00")
    send(store, [True, False, False, False], npi=NPI_B, at="2026-10-31T23:59:59+00:00")
    send(store, [True] * 5, at="2026-11-01T00:00:00+00:00")  # next month
    send(store, [True] * 5, at="2026-10-06T10:00:00+00:00", test_mode=True)  # OATEST
    send(store, [True] * 5, at="2026-10-07T10:00:00+00:00", status="rejected")  # file failed
    rows = oa_fees.fee_report(store, oa_fees.parse_month("2026-10"))
    assert oa_fees.rows_as_json(rows) == [
        {"tax_id": TAX, "npi": NPI_A, "claims": 3, "non_par_claims": 2, "share": "66.66",
         "fee": "35.00"},
        {"tax_id": TAX, "npi": NPI_B, "claims": 4, "non_par_claims": 1, "share": "25.00",
         "fee": "0.00"},
    ]
    assert oa_fees.month_total(rows) == Decimal("35.00")


def test_settings_are_the_defaults(store: Store) -> None:
    assert oa_fees.fee_rule(store) == FeeRule(Decimal("35.00"), Decimal("50"), Decimal("0.00"))
    settings.NON_PAR_FEE.set(store, "40.00")
    settings.NON_PAR_THRESHOLD.set(store, 1)
    settings.PER_CLAIM_CHARGE.set(store, "0.20")
    send(store, [True] + [False] * 9, at="2026-10-05T15:00:00+00:00")
    [row] = oa_fees.fee_report(store, oa_fees.parse_month("2026-10"))
    assert row.fee_amount == Decimal("42.00")
