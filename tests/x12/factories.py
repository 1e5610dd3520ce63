"""Builders for domain claims used by the 837P writer tests."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from oa_desktop.domain.identifiers import npi_check_digit
from oa_desktop.domain.models import (
    Address,
    BillingProvider,
    Claim,
    ClaimFilingIndicator,
    Coverage,
    Facility,
    Frequency,
    Patient,
    Payer,
    Person,
    Relationship,
    RenderingProvider,
    ServiceLine,
    Sex,
)
from oa_desktop.x12.model_835 import Adjustment
from oa_desktop.x12.model_837 import (
    ClaimBundle,
    OtherCoverage,
    PriorLinePayment,
    PriorPayment,
    Submission837,
)
from oa_desktop.x12.write_837p import ControlNumbers

CREATED = datetime(2026, 11, 26, 14, 30)
NUMBERS = ControlNumbers(interchange=42, group=7, transaction=3)


def make_npi(seed: int) -> str:
    base = str(100000000 + seed % 899999999)[:9]
    return base + str(npi_check_digit(base))


def billing() -> BillingProvider:
    return BillingProvider(
        name="Bright Path Therapy LLC", npi=make_npi(11), ein="12-3456789",
        taxonomy="103K00000X",
        address=Address("100 Main St", "Suite 2", "Springfield", "IL", "627011234"),
        phone="(217) 555-0100", submitter_id="SUB12345", contact_name="Ann Biller",
        contact_phone="2175550101")


def payer(name: str = "Blue Plan", payer_id: str = "BP001",
          filing: ClaimFilingIndicator = ClaimFilingIndicator.COMMERCIAL) -> Payer:
    return Payer(name=name, payer_ids={"837P": payer_id}, claim_filing_indicator=filing)


def person(last: str = "Doe", first: str = "Jane", born: date = date(1980, 5, 17),
           sex: Sex = Sex.FEMALE) -> Person:
    return Person(last, first, born, sex, address=Address("12 Oak Ave", "", "Springfield", "IL",
                                                          "62702"))


def simple_bundle(pcn: str = "C1001", *, lines: int = 2, dependent: bool = False,
                  frequency: Frequency = Frequency.ORIGINAL, secondary: bool = False
                  ) -> ClaimBundle:
    relationship = Relationship.CHILD if dependent else Relationship.SELF
    patient_person = person("Doe", "Timmy", date(2015, 3, 2), Sex.MALE) if dependent else person()
    coverage = Coverage(patient_id=0, payer_id=0, rank=2 if secondary else 1,
                        member_id="XYZ123456", group_number="GRP9", relationship=relationship,
                        subscriber=person() if dependent else None)
    service_lines = [ServiceLine(date(2026, 11, 2 + i), "90837", Decimal("180.00"),
                                 Decimal("1"), ("HO",) if i % 2 else (), (1,),
                                 control_number=f"{pcn}L{i + 1}") for i in range(lines)]
    claim = Claim(patient_id=0, coverage_id=0, patient_control_number=pcn,
                  diagnoses=["F840", "F900"], lines=service_lines, frequency=frequency,
                  original_claim_number="PAY777" if frequency != Frequency.ORIGINAL else "",
                  prior_authorization="AUTH1")
    other = None
    if secondary:
        prior_lines = [PriorLinePayment(Decimal("100.00"),
                                        [Adjustment("CO", "45", Decimal("50.00")),
                                         Adjustment("PR", "2", Decimal("30.00"))])
                       for _ in service_lines]
        prior = PriorPayment(Decimal("100.00") * lines, date(2026, 11, 20),
                             [], prior_lines)
        other = OtherCoverage(Coverage(0, 0, 1, "PRIM555", "G1", relationship),
                              payer("Medicare", "MCR01", ClaimFilingIndicator.MEDICARE_B),
                              coverage.subscriber or patient_person, prior)
    return ClaimBundle(
        claim=claim, patient=Patient(patient_person), coverage=coverage, payer=payer(),
        subscriber=coverage.subscriber,
        rendering=RenderingProvider("Smith", "Alan", make_npi(22), "103T00000X"),
        facility=Facility("Bright Path Clinic", make_npi(33),
                          Address("200 Elm St", "", "Springfield", "IL", "627015555")),
        other=other)


def simple_submission() -> Submission837:
    return Submission837(billing(), [
        simple_bundle("C1001"),
        simple_bundle("C1002", dependent=True, lines=3),
        simple_bundle("C1003", frequency=Frequency.REPLACEMENT, secondary=True),
    ])
