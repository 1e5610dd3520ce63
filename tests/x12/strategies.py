"""Hypothesis strategies for 837P submissions: 1-50 lines, 1-12 diagnoses, dependents,
secondary payers with prior payments, frequency 7/8."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from oa_desktop.domain.models import (
    Address,
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
from tests.x12.factories import billing, make_npi

CPTS = ["90837", "90834", "90791", "97153", "97155", "99213", "99214", "G0151"]
MODIFIERS = ["HO", "GT", "95", "59", "25", "U1", "HN", "XE"]
DIAGNOSES = ["F840", "F900", "F411", "F329", "Z1389", "F4310", "F331", "F419", "F4322",
             "F902", "F6381", "F88", "R480", "F801", "F82"]
TAXONOMIES = ["103T00000X", "101YM0800X", "106S00000X", "207Q00000X", "103K00000X"]
STATES = ["IL", "NY", "CA", "TX", "WA", "FL"]

names = st.from_regex(r"[A-Z][A-Za-z]{0,12}( [A-Z][a-z]{1,8})?(-[A-Z][a-z]{1,8})?",
                      fullmatch=True)
money = st.decimals(min_value=Decimal("1.00"), max_value=Decimal("2500.00"), places=2)
day = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 10, 31))


@st.composite
def addresses(draw: st.DrawFn) -> Address:
    number = draw(st.integers(1, 9999))
    street = draw(st.sampled_from(["Main St", "Oak Ave", "Elm Street", "Pine Rd"]))
    return Address(f"{number} {street}", draw(st.sampled_from(["", "Apt 2", "Suite 100"])),
                   draw(st.sampled_from(["Springfield", "Albany", "Austin"])),
                   draw(st.sampled_from(STATES)),
                   draw(st.from_regex(r"[0-9]{5}([0-9]{4})?", fullmatch=True)))


@st.composite
def people(draw: st.DrawFn, adult: bool = True) -> Person:
    born = draw(st.dates(date(1940, 1, 1), date(2004, 1, 1)) if adult
                else st.dates(date(2008, 1, 1), date(2022, 1, 1)))
    return Person(draw(names), draw(names), born, draw(st.sampled_from(list(Sex))),
                  draw(st.sampled_from(["", "Q", "Lee"])), draw(addresses()))


def payers(name: str, payer_id: str) -> st.SearchStrategy[Payer]:
    filing = st.sampled_from([ClaimFilingIndicator.COMMERCIAL, ClaimFilingIndicator.BLUE_CROSS,
                              ClaimFilingIndicator.MEDICAID, ClaimFilingIndicator.HMO,
                              ClaimFilingIndicator.PPO])
    return st.builds(Payer, name=st.just(name), payer_ids=st.just({"837P": payer_id}),
                     claim_filing_indicator=filing)


@st.composite
def service_lines(draw: st.DrawFn, n_diagnoses: int, pcn: str, index: int) -> ServiceLine:
    start = draw(day)
    span = draw(st.sampled_from([0, 0, 0, 1, 3]))
    pointers = draw(st.lists(st.integers(1, n_diagnoses), min_size=1,
                             max_size=min(4, n_diagnoses), unique=True))
    return ServiceLine(
        service_date=start, procedure_code=draw(st.sampled_from(CPTS)), charge_amount=draw(money),
        units=draw(st.sampled_from([Decimal("1"), Decimal("2"), Decimal("4"), Decimal("1.5")])),
        modifiers=tuple(draw(st.lists(st.sampled_from(MODIFIERS), max_size=4, unique=True))),
        diagnosis_pointers=tuple(pointers),
        service_date_to=start + timedelta(days=span) if span else None,
        place_of_service=draw(st.sampled_from(["", "", "02", "10", "12"])),
        control_number=f"{pcn}L{index}")


def _prior(draw: st.DrawFn, lines: list[ServiceLine]) -> PriorPayment:
    paid_lines = []
    for line in lines:
        paid = (line.charge_amount * draw(st.sampled_from([Decimal("0.5"), Decimal("0.8"),
                                                           Decimal("0")]))).quantize(
            Decimal("0.01"))
        patient = ((line.charge_amount - paid) / 2).quantize(Decimal("0.01"))
        contractual = line.charge_amount - paid - patient
        adjustments = [a for a in (Adjustment("CO", "45", contractual),
                                   Adjustment("PR", "2", patient)) if a.amount]
        paid_lines.append(PriorLinePayment(paid, adjustments))
    total = sum((p.paid_amount for p in paid_lines), Decimal("0.00"))
    return PriorPayment(total, draw(st.dates(date(2026, 11, 1), date(2026, 11, 25))), [],
                        paid_lines)


@st.composite
def bundles(draw: st.DrawFn, pcn: str) -> ClaimBundle:
    n_dx = draw(st.integers(1, 12))
    diagnoses = draw(st.lists(st.sampled_from(DIAGNOSES), min_size=n_dx, max_size=n_dx,
                              unique=True)) if n_dx <= len(DIAGNOSES) else DIAGNOSES[:n_dx]
    n_lines = draw(st.sampled_from([1, 2, 3, 5, 12, 50]))
    lines = [draw(service_lines(len(diagnoses), pcn, i + 1)) for i in range(n_lines)]
    frequency = draw(st.sampled_from(list(Frequency)))
    dependent = draw(st.booleans())
    relationship = draw(st.sampled_from([Relationship.CHILD, Relationship.SPOUSE])
                        ) if dependent else Relationship.SELF
    patient = draw(people(adult=not dependent or relationship == Relationship.SPOUSE))
    subscriber = draw(people()) if dependent else None
    secondary = draw(st.booleans())
    coverage = Coverage(0, 0, 2 if secondary else 1, draw(st.from_regex(r"[A-Z0-9]{6,12}",
                                                                          fullmatch=True)),
                        draw(st.sampled_from(["", "GRP1", "88812"])), relationship, subscriber)
    claim = Claim(0, 0, pcn, diagnoses, lines,
                  place_of_service=draw(st.sampled_from(["11", "02", "10", "12"])),
                  frequency=frequency,
                  original_claim_number="PAYER123" if frequency != Frequency.ORIGINAL else "",
                  prior_authorization=draw(st.sampled_from(["", "AUTH778"])),
                  note=draw(st.sampled_from(["", "Session notes on file"])))
    other = None
    if secondary:
        other = OtherCoverage(
            Coverage(0, 0, 1, draw(st.from_regex(r"[A-Z0-9]{6,12}", fullmatch=True)), "",
                     relationship), draw(payers("First Payer", "FP001")),
            subscriber or patient, _prior(draw, lines))
    rendering = draw(st.sampled_from([None, RenderingProvider(
        "Smith", "Alan", make_npi(22), draw(st.sampled_from(TAXONOMIES)))]))
    facility = draw(st.sampled_from([None, Facility("Bright Path Clinic", make_npi(33),
                                                    Address("200 Elm St", "", "Springfield",
                                                            "IL", "627015555"))]))
    return ClaimBundle(claim, Patient(patient), coverage, draw(payers("Blue Plan", "BP001")),
                       subscriber, rendering, facility, other)


@st.composite
def submissions(draw: st.DrawFn) -> Submission837:
    count = draw(st.integers(1, 3))
    pcns = draw(st.lists(st.from_regex(r"[A-Z0-9]{1,20}", fullmatch=True), min_size=count,
                         max_size=count, unique=True))
    return Submission837(billing(), [draw(bundles(pcn)) for pcn in pcns])
