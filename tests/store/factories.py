"""Small builders for store tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from oa_desktop.domain.models import Claim, Coverage, Patient, Payer, Person, ServiceLine
from oa_desktop.store import claims, records
from oa_desktop.store.db import Store


def make_claim(
    store: Store,
    last: str = "DOE",
    first: str = "JANE",
    payer_name: str = "Aetna",
    member_id: str = "W123456",
    charge: str = "100.00",
    day: date = date(2026, 10, 1),
) -> Claim:
    payer = Payer(name=payer_name, payer_ids={"837P": "60054"})
    records.save_payer(store, payer)
    patient = Patient(Person(last, first, date(1990, 1, 2)))
    records.save_patient(store, patient)
    assert patient.id is not None and payer.id is not None
    coverage = Coverage(patient_id=patient.id, payer_id=payer.id, rank=1, member_id=member_id)
    records.save_coverage(store, coverage)
    assert coverage.id is not None
    claim = Claim(
        patient_id=patient.id, coverage_id=coverage.id,
        patient_control_number=claims.new_pcn(store), diagnoses=["F840"],
        lines=[ServiceLine(day, "97153", Decimal(charge), Decimal("4"))],
    )
    claims.save_claim(store, claim)
    return claim
