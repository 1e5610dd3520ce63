"""A small practice and CentralReach-style timesheet files for the sessions tests."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from oa_desktop.domain.authorizations import AuthCode, Authorization
from oa_desktop.domain.models import Coverage, Patient, Payer, Person, RenderingProvider
from oa_desktop.store import authorizations as store_auth
from oa_desktop.store import fee_schedule, records
from oa_desktop.store.db import Store

CR_HEADER = ["TimesheetId", "Client", "ClientId", "Date of Service", "Time Worked From",
             "Time Worked To", "Time Worked in Mins", "Service Code", "Modifiers", "Provider",
             "Location"]
NPI = "1234567893"


@dataclass(frozen=True)
class Practice:
    patient_ids: list[int]
    coverage_ids: list[int]
    provider_id: int


def practice(store: Store, patients: int = 1) -> Practice:
    payer = Payer(name="Blue Cross Texas", payer_ids={"837P": "84980"})
    records.save_payer(store, payer)
    provider = RenderingProvider("SMITH", "ANNA", NPI, credential="BCBA")
    records.save_rendering_provider(store, provider)
    fee_schedule.set_fee(store, fee_schedule.Fee("97153", "", Decimal("20.00"), "ABA"))
    patient_ids, coverage_ids = [], []
    for n in range(patients):
        patient = Patient(Person(f"KID{n}", "ALEX", date(2018, 1, 1)), account_number=f"A{n}")
        records.save_patient(store, patient)
        assert patient.id is not None and payer.id is not None
        coverage = Coverage(patient.id, payer.id, 1, f"M{n}")
        records.save_coverage(store, coverage)
        assert coverage.id is not None
        patient_ids.append(patient.id)
        coverage_ids.append(coverage.id)
    store_auth.save_authorization(store, Authorization(
        coverage_ids[0], "AUTH-9", (AuthCode("97153"),), Decimal("400"),
        date(2026, 10, 1), date(2027, 3, 31)))
    assert provider.id is not None
    return Practice(patient_ids, coverage_ids, provider.id)


def timesheet_rows(days: int, start: date = date(2026, 11, 2), patients: int = 1,
                   minutes: int = 180) -> list[list[str]]:
    rows = []
    n = 0
    for day in range(days):
        for p in range(patients):
            n += 1
            d = start + timedelta(days=day)
            rows.append([str(1000 + n), f"KID{p}, ALEX", f"A{p}", d.strftime("%m/%d/%Y"),
                         "9:00 AM", "12:00 PM", str(minutes), "97153", "", "Smith, Anna",
                         "Home"])
    return rows


def write_csv(path: Path, rows: list[list[str]], header: list[str] = CR_HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path
