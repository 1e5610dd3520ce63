from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from oa_desktop.domain.identifiers import npi_check_digit
from oa_desktop.domain.models import (
    Address,
    BillingProvider,
    Claim,
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
from oa_desktop.domain.scrub_findings import Finding, ScrubContext, Severity, has_errors
from oa_desktop.domain.scrubber import scrub

TODAY = date(2026, 11, 2)
DOS = date(2026, 10, 20)
KNOWN = {"F840": True, "F84": False, "F411": True, "Z0000": True}


def npi(first_nine: str) -> str:
    return first_nine + str(npi_check_digit(first_nine))


BILLING_NPI = npi("123456789")
RENDERING_NPI = npi("198765432")


def billable(code: str) -> bool | None:
    return KNOWN.get(code)


def line(**changes: object) -> ServiceLine:
    base = ServiceLine(DOS, "90837", Decimal("150.00"), Decimal("1"), diagnosis_pointers=(1,))
    return replace(base, **changes)  # type: ignore[arg-type]


def context(**changes: object) -> ScrubContext:
    address = Address("12 MAIN ST", "", "AUSTIN", "TX", "78701")
    claim = Claim(patient_id=1, coverage_id=1, patient_control_number="C0000001",
                  diagnoses=["F840"], lines=[line()])
    base = ScrubContext(
        claim=claim,
        practice=BillingProvider("HARBOR LIGHT", BILLING_NPI, "742345678", "251S00000X",
                                 Address("1200 RIVERSIDE DR", "", "AUSTIN", "TX", "787011234")),
        patient=Patient(Person("DOE", "JANE", date(1990, 1, 2), Sex.FEMALE, address=address),
                        id=1),
        coverage=Coverage(1, 1, 1, "W123456", id=1),
        payer=Payer("Aetna", {"837P": "60054"}, id=1),
        rendering=RenderingProvider("CHEN", "DAVID", RENDERING_NPI, "1041C0700X", id=1),
        today=TODAY,
        is_billable=billable,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def with_claim(**changes: object) -> ScrubContext:
    ctx = context()
    return replace(ctx, claim=replace(ctx.claim, **changes))  # type: ignore[arg-type]


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


def only(findings: list[Finding], code: str) -> Finding:
    matching = [f for f in findings if f.code == code]
    assert len(matching) == 1, findings
    return matching[0]


def test_clean_claim_has_no_findings() -> None:
    assert scrub(context()) == []


def test_findings_carry_box_element_hint_and_line() -> None:
    found = scrub(with_claim(lines=[line(), line(units=Decimal("0"))]))
    finding = only(found, "line.units")
    assert finding.severity is Severity.ERROR
    assert (finding.box, finding.element, finding.line) == ("24G", "2400 SV104", 2)
    assert (finding.place, finding.support) == ("Box 24G, line 2", "837P 2400 SV104")
    assert finding.hint and "Units" in finding.message


def test_errors_sorted_before_warnings() -> None:
    ctx = replace(with_claim(diagnoses=[]), duplicate_pcns=("C0000009",))
    found = scrub(ctx)
    assert found[0].severity is Severity.ERROR and found[-1].severity is Severity.WARNING
    assert has_errors(found)
    assert not has_errors([f for f in found if f.severity is Severity.WARNING])


# -- required fields -----------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "code"), [
    ({"patient": None}, "patient.missing"),
    ({"coverage": None}, "subscriber.coverage"),
    ({"payer": None}, "payer.missing"),
    ({"practice": None}, "billing.missing"),
])
def test_missing_records(changes: dict[str, object], code: str) -> None:
    found = scrub(context(**changes))
    assert code in codes(found) and has_errors(found)


def test_patient_fields() -> None:
    ctx = context()
    assert ctx.patient is not None
    person = replace(ctx.patient.person, last_name="", first_name=" ", birth_date=None,
                     sex=Sex.UNKNOWN, address=Address("", "", "", "Texas", "7870"))
    found = scrub(replace(ctx, patient=replace(ctx.patient, person=person)))
    assert {"patient.last_name", "patient.first_name", "patient.birth_date",
            "patient.address.street", "patient.address.city", "patient.address.state",
            "patient.address.zip"} <= codes(found)
    assert only(found, "patient.sex").severity is Severity.WARNING
    assert only(found, "patient.last_name").element == "2010BA NM103"  # patient is the insured


def test_patient_loop_is_2010ca_when_not_the_insured() -> None:
    ctx = context()
    assert ctx.patient is not None and ctx.coverage is not None
    subscriber = Person("DOE", "JOHN", date(1980, 1, 1), Sex.MALE,
                        address=Address("12 MAIN ST", "", "AUSTIN", "TX", "78701"))
    coverage = replace(ctx.coverage, relationship=Relationship.CHILD, subscriber=subscriber)
    person = replace(ctx.patient.person, last_name="")
    found = scrub(replace(ctx, coverage=coverage, patient=replace(ctx.patient, person=person)))
    assert only(found, "patient.last_name").element == "2010CA NM103"


@pytest.mark.parametrize(("birth", "ok"), [
    (date(1990, 1, 2), True),
    (DOS, True),  # born on the day of service
    (date(2026, 10, 21), False),  # after the date of service
    (date(2026, 12, 1), False),  # in the future
])
def test_patient_birth_date(birth: date, ok: bool) -> None:
    ctx = context()
    assert ctx.patient is not None
    person = replace(ctx.patient.person, birth_date=birth)
    found = scrub(replace(ctx, patient=replace(ctx.patient, person=person)))
    assert ("patient.birth_date" not in codes(found)) is ok


def test_subscriber_member_id_and_missing_insured() -> None:
    ctx = context()
    assert ctx.coverage is not None
    found = scrub(replace(ctx, coverage=replace(ctx.coverage, member_id=" ")))
    assert only(found, "subscriber.member_id").box == "1a"
    coverage = replace(ctx.coverage, relationship=Relationship.CHILD, subscriber=None)
    assert "subscriber.missing" in codes(scrub(replace(ctx, coverage=coverage)))


def test_subscriber_name_and_address_when_not_self() -> None:
    ctx = context()
    assert ctx.coverage is not None
    coverage = replace(ctx.coverage, relationship=Relationship.SPOUSE,
                       subscriber=Person("", "JOHN", address=Address()))
    found = codes(scrub(replace(ctx, coverage=coverage)))
    assert {"subscriber.last_name", "subscriber.address.street",
            "subscriber.address.zip"} <= found


def test_coverage_dates_warning() -> None:
    ctx = context()
    assert ctx.coverage is not None
    coverage = replace(ctx.coverage, effective_to=date(2026, 9, 30))
    finding = only(scrub(replace(ctx, coverage=coverage)), "subscriber.coverage_dates")
    assert finding.severity is Severity.WARNING


def test_payer_needs_837p_payer_id() -> None:
    found = scrub(context(payer=Payer("Local Plan", {"835": "X1"}, id=1)))
    finding = only(found, "payer.id")
    assert finding.element == "2010BB NM109" and "Local Plan" in finding.message


def test_payer_enrollment_warning_unless_enrolled() -> None:
    payer = Payer("Medicaid", {"837P": "TXMCD"}, enrollment_required={"837P": True}, id=1)
    finding = only(scrub(context(payer=payer)), "payer.enrollment")
    assert finding.severity is Severity.WARNING
    assert scrub(context(payer=payer, enrolled_transactions=frozenset({"837P"}))) == []
    only_era = Payer("Aetna", {"837P": "60054"}, enrollment_required={"835": True}, id=1)
    assert scrub(context(payer=only_era)) == []


# -- billing provider --------------------------------------------------------------------------


def _practice(**changes: object) -> ScrubContext:
    ctx = context()
    assert ctx.practice is not None
    return replace(ctx, practice=replace(ctx.practice, **changes))  # type: ignore[arg-type]


def test_billing_provider_needs_nine_digit_zip() -> None:
    found = scrub(_practice(address=Address("1200 RIVERSIDE DR", "", "AUSTIN", "TX", "78701")))
    finding = only(found, "billing.address.zip")
    assert (finding.box, finding.element) == ("33", "2010AA N403")
    assert scrub(_practice(address=Address("1 A ST", "", "AUSTIN", "TX", "78701-1234"))) == []


def test_billing_provider_po_box_name_and_address() -> None:
    found = codes(scrub(_practice(name="", address=Address("PO Box 12", "", "", "", ""))))
    assert {"billing.name", "billing.po_box", "billing.address.city",
            "billing.address.state", "billing.address.zip"} <= found


@pytest.mark.parametrize(("ein", "ok"), [
    ("742345678", True), ("74-2345678", True), ("07-2345678", False), ("12345678", False),
    ("", False), ("74234567X", False),
])
def test_ein(ein: str, ok: bool) -> None:
    found = scrub(_practice(ein=ein))
    assert ("billing.ein" not in codes(found)) is ok
    if not ok:
        assert only(found, "billing.ein").element == "2010AA REF02"


@pytest.mark.parametrize(("taxonomy", "ok"), [
    ("251S00000X", True), ("", True), ("251S00000", False), ("251s00000y", False),
])
def test_taxonomy_shape(taxonomy: str, ok: bool) -> None:
    assert ("billing.taxonomy" not in codes(scrub(_practice(taxonomy=taxonomy)))) is ok
    ctx = context()
    assert ctx.rendering is not None
    rendering = replace(ctx.rendering, taxonomy=taxonomy)
    assert ("rendering.taxonomy" not in codes(scrub(replace(ctx, rendering=rendering)))) is ok


# -- NPIs ---------------------------------------------------------------------------------------


def _bad_check_digit(good: str) -> str:
    return good[:9] + str((int(good[9]) + 1) % 10)


@pytest.mark.parametrize("value", [
    "", "123456789", "12345678901", "A234567893", "3" + BILLING_NPI[1:],
    _bad_check_digit(BILLING_NPI),
])
def test_billing_npi_invalid(value: str) -> None:
    finding = only(scrub(_practice(npi=value)), "npi.billing")
    assert (finding.box, finding.element) == ("33a", "2010AA NM109")


def test_known_valid_npi() -> None:
    assert scrub(_practice(npi="1234567893")) == []  # CMS's published example


def test_rendering_referring_facility_npis() -> None:
    ctx = context()
    assert ctx.rendering is not None
    bad = _bad_check_digit(RENDERING_NPI)
    facility = Facility("CLINIC", bad, Address("1 A ST", "", "AUSTIN", "TX", "78701"))
    ctx = replace(ctx, rendering=replace(ctx.rendering, npi=bad), facility=facility,
                  claim=replace(ctx.claim, referring_name="SMITH", referring_npi=bad))
    found = scrub(ctx)
    assert only(found, "npi.rendering").place == "Box 24J"
    assert only(found, "npi.referring").box == "17b"
    assert only(found, "npi.facility").element == "2310C NM109"


def test_facility_without_npi_is_fine_but_needs_name_and_address() -> None:
    assert scrub(context(facility=Facility("CLINIC", "", Address("1 A ST", "", "AUSTIN", "TX",
                                                                  "78701")))) == []
    found = codes(scrub(context(facility=Facility("", "", Address()))))
    assert {"facility.name", "facility.address.street"} <= found


def test_referring_npi_needs_a_name() -> None:
    found = scrub(with_claim(referring_npi=RENDERING_NPI))
    assert codes(found) == {"referring.name"}


# -- diagnoses ---------------------------------------------------------------------------------


def test_no_diagnosis() -> None:
    found = scrub(with_claim(diagnoses=[], lines=[line(diagnosis_pointers=())]))
    assert only(found, "diagnosis.none").box == "21"


def test_twelve_diagnoses_allowed_thirteen_not() -> None:
    twelve = ["F840"] + [f"Z00{n:02d}" for n in range(11)]
    allowed = {code: True for code in twelve + ["Z0011"]}
    ok = replace(with_claim(diagnoses=twelve), is_billable=allowed.get)
    assert scrub(ok) == []
    too_many = replace(with_claim(diagnoses=[*twelve, "Z0011"]), is_billable=allowed.get)
    assert codes(scrub(too_many)) == {"diagnosis.too_many"}


@pytest.mark.parametrize(("code", "finding"), [
    ("F84.0", None), ("f840", None), ("F84", "diagnosis.not_billable"),
    ("F99.9", "diagnosis.unknown"), ("84.0", "diagnosis.shape"), ("", "diagnosis.shape"),
])
def test_diagnosis_validity(code: str, finding: str | None) -> None:
    found = scrub(with_claim(diagnoses=[code]))
    if finding is None:
        assert found == []
    else:
        result = only(found, finding)
        assert result.element == "2300 HI01-2" and result.severity is Severity.ERROR


def test_without_code_list_only_the_shape_is_checked() -> None:
    assert scrub(replace(with_claim(diagnoses=["F84"]), is_billable=None)) == []


def test_repeated_diagnosis_warning() -> None:
    found = scrub(with_claim(diagnoses=["F840", "F84.0"]))
    assert only(found, "diagnosis.repeated").severity is Severity.WARNING


# -- pointers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("pointers", "code"), [
    ((1,), None),
    ((1, 2), None),
    ((), "line.pointer_none"),
    ((3,), "line.pointer"),  # the claim has two diagnoses
    ((0,), "line.pointer"),
    ((1, 1), "line.pointer_repeated"),
    ((1, 2, 1, 2, 1), "line.pointer_count"),
])
def test_pointers(pointers: tuple[int, ...], code: str | None) -> None:
    found = scrub(with_claim(diagnoses=["F840", "F411"],
                             lines=[line(diagnosis_pointers=pointers)]))
    if code is None:
        assert found == []
    else:
        assert only(found, code).box == "24E"


def test_four_pointers_allowed() -> None:
    claim = with_claim(diagnoses=["F840", "F411", "Z0000", "F84.0"],
                       lines=[line(diagnosis_pointers=(1, 2, 3, 4))])
    assert "line.pointer_count" not in codes(scrub(claim))


# -- lines ---------------------------------------------------------------------------------------


def test_line_count_limits() -> None:
    assert only(scrub(with_claim(lines=[])), "lines.none").element == "2400 LX"
    assert "lines.too_many" not in codes(scrub(with_claim(lines=[line()] * 50)))
    assert "lines.too_many" in codes(scrub(with_claim(lines=[line()] * 51)))


@pytest.mark.parametrize(("code", "ok"), [
    ("90837", True), ("H0031", True), ("0362T", True), ("3008F", True), ("9083", False),
    ("908377", False), ("W1234", False), ("", False),
])
def test_procedure_shape(code: str, ok: bool) -> None:
    assert ("line.procedure" not in codes(scrub(with_claim(lines=[line(procedure_code=code)])))) \
        is ok


def test_modifiers() -> None:
    assert scrub(with_claim(lines=[line(modifiers=("HN", "95", "GT", "59"))])) == []
    found = scrub(with_claim(lines=[line(modifiers=("HN", "95", "GT", "59", "XU"))]))
    assert codes(found) == {"line.modifier_count"}
    found = scrub(with_claim(lines=[line(modifiers=("H", "G-T"))]))
    assert [f.code for f in found] == ["line.modifier", "line.modifier"]


@pytest.mark.parametrize(("units", "charge", "expected"), [
    ("1", "0.01", set()),
    ("0.5", "10", set()),
    ("0", "10", {"line.units"}),
    ("-1", "10", {"line.units"}),
    ("1", "0", {"line.charge"}),
    ("1", "-5", {"line.charge"}),
])
def test_units_and_charge(units: str, charge: str, expected: set[str]) -> None:
    ln = line(units=Decimal(units), charge_amount=Decimal(charge))
    assert codes(scrub(with_claim(lines=[ln]))) == expected


@pytest.mark.parametrize(("start", "end", "expected"), [
    (DOS, None, set()),
    (TODAY, None, set()),  # today is not in the future
    (date(2026, 11, 3), None, {"line.date_future"}),
    (DOS, DOS, set()),
    (DOS, date(2026, 10, 22), set()),
    (DOS, date(2026, 10, 19), {"line.date_order"}),  # to-date before from-date
    (DOS, date(2026, 11, 3), {"line.date_future"}),
])
def test_service_dates(start: date, end: date | None, expected: set[str]) -> None:
    found = scrub(with_claim(lines=[line(service_date=start, service_date_to=end)]))
    assert codes(found) == expected


def test_place_of_service() -> None:
    assert only(scrub(with_claim(place_of_service="99x")), "claim.pos").element == "2300 CLM05-1"
    assert "claim.pos" in codes(scrub(with_claim(place_of_service="00")))
    assert scrub(with_claim(place_of_service="10")) == []
    assert codes(scrub(with_claim(lines=[line(place_of_service="77")]))) == {"line.pos"}


def test_pcn_shape() -> None:
    assert codes(scrub(with_claim(patient_control_number="c-1"))) == {"claim.pcn"}
    assert codes(scrub(with_claim(patient_control_number="C" * 21))) == {"claim.pcn"}


# -- frequency and duplicates -----------------------------------------------------------------


@pytest.mark.parametrize("frequency", [Frequency.REPLACEMENT, Frequency.VOID])
def test_replacement_and_void_need_payer_claim_number(frequency: Frequency) -> None:
    finding = only(scrub(with_claim(frequency=frequency)), "claim.original_number")
    assert (finding.box, finding.element) == ("22", "2300 REF*F8")
    assert scrub(with_claim(frequency=frequency, original_claim_number="PAYER123")) == []


def test_duplicate_warning() -> None:
    found = scrub(context(duplicate_pcns=("C0000004", "C0000007")))
    finding = only(found, "claim.duplicate")
    assert finding.severity is Severity.WARNING and "C0000004, C0000007" in finding.message
    assert not has_errors(found)
