from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from oa_desktop.domain.identifiers import is_valid_npi
from oa_desktop.domain.models import Frequency, Relationship
from oa_desktop.x12.errors import X12Error
from oa_desktop.x12.model_837 import ClaimBundle, Submission837
from oa_desktop.x12.parse import parse_bytes
from oa_desktop.x12.read_837 import Batch837
from oa_desktop.x12.validate import check_837, check_isa_length
from oa_desktop.x12.write_837p import ControlNumbers, clean, write_837p
from tests.x12.factories import CREATED, NUMBERS, simple_bundle, simple_submission
from tests.x12.pyx12_check import pyx12_problems
from tests.x12.strategies import submissions


def _segments(text: str) -> list[list[str]]:
    return [s.split("*") for s in text.split("~") if s]


def _own_checks(text: str, submission: Submission837) -> None:
    assert text.index("~") == 105  # ISA is exactly 106 characters with its terminator
    result = parse_bytes(text.encode())
    assert not result.findings, [f.line() for f in result.findings]
    [ts] = result.sets
    assert check_837(ts) == [] and check_isa_length(text.encode()) == []
    segs = _segments(text)
    assert all(is_valid_npi(s[9]) for s in segs if s[0] == "NM1" and len(s) > 9 and s[8] == "XX")
    in_line = False
    for seg in segs:
        in_line = seg[0] in ("LX", "SV1", "DTP", "REF", "SVD", "CAS") and (
            in_line or seg[0] == "LX")
        if seg[0] == "CLM":
            in_line = False
        if seg[0] == "DTP" and seg[1] == "472":
            assert in_line, "DTP*472 at claim level"
    assert text == text.upper()
    assert len([s for s in segs if s[0] == "CLM"]) == len(submission.claims)


def test_office_ally_envelope() -> None:
    text = write_837p(simple_submission(), NUMBERS, CREATED)
    segs = _segments(text)
    isa = segs[0]
    assert isa[5:9] == ["ZZ", "SUB12345       ", "ZZ", "330897513      "]
    assert (isa[11], isa[13], isa[15], isa[16]) == ("^", "000000042", "P", ":")
    assert segs[1] == ["GS", "HC", "SUB12345", "330897513", "20261126", "1430", "7", "X",
                       "005010X222A1"]
    assert segs[2] == ["ST", "837", "0003", "005010X222A1"]
    assert ["NM1", "40", "2", "OFFICE ALLY", "", "", "", "", "46", "330897513"] in segs
    assert segs[-3] == ["SE", str(len(segs) - 4), "0003"]
    assert segs[-2] == ["GE", "1", "7"] and segs[-1] == ["IEA", "1", "000000042"]
    clms = [s for s in segs if s[0] == "CLM"]
    assert [c[5] for c in clms] == ["11:B:1", "11:B:1", "11:B:7"]
    assert ["REF", "F8", "PAY777"] in segs


def test_hierarchy_groups_subscribers_and_dependents() -> None:
    sub = simple_submission()
    sub.claims.append(simple_bundle("C1004", dependent=True))  # same subscriber and child
    text = write_837p(sub, NUMBERS, CREATED)
    hls = [s for s in _segments(text) if s[0] == "HL"]
    assert [h[1:] for h in hls] == [["1", "", "20", "1"], ["2", "1", "22", "0"],
                                    ["3", "1", "22", "1"], ["4", "3", "23", "0"],
                                    ["5", "1", "22", "0"]]


def test_simple_submission_passes_pyx12_and_own_checks() -> None:
    sub = simple_submission()
    text = write_837p(sub, NUMBERS, CREATED)
    _own_checks(text, sub)
    assert pyx12_problems(text) == []


def test_delimiters_in_values_are_refused_with_the_field_named() -> None:
    sub = Submission837(simple_submission().billing, [simple_bundle()])
    sub.claims[0].patient.person.last_name = "O*BRIEN"
    with pytest.raises(X12Error, match="a last name"):
        write_837p(sub, NUMBERS, CREATED)


def test_values_are_upper_case_ascii_and_trimmed() -> None:
    assert clean("  José   de la  Peña ", 60, "name") == "JOSE DE LA PENA"
    assert clean("x" * 80, 60, "name") == "X" * 60
    assert clean("Ab ", 1, "name") == "A"


def test_bad_control_numbers_and_empty_batches_are_refused() -> None:
    with pytest.raises(X12Error):
        write_837p(simple_submission(), ControlNumbers(0, 1, 1), CREATED)
    with pytest.raises(X12Error):
        write_837p(Submission837(simple_submission().billing, []), NUMBERS, CREATED)


def _person(p: Any) -> tuple[Any, ...]:
    address = p.address
    return (p.last_name.upper(), p.first_name.upper(), p.middle_name.upper(), p.birth_date,
            p.sex, address.line1.upper(), address.line2.upper(), address.city.upper(),
            address.state, address.zip_code)


def _normal(bundle: ClaimBundle, billing_npi: str) -> tuple[Any, ...]:
    """The domain data a claim's 837P carries, in the writer's case."""
    c = bundle.claim
    lines = tuple((ln.service_date, ln.service_date_to if ln.service_date_to != ln.service_date
                   else None, ln.procedure_code, ln.charge_amount, ln.units, ln.modifiers,
                   ln.diagnosis_pointers, ln.place_of_service if ln.place_of_service
                   != c.place_of_service else "", ln.control_number) for ln in c.lines)
    claim = (c.patient_control_number, c.place_of_service, c.frequency,
             c.original_claim_number.upper() if c.frequency != Frequency.ORIGINAL else "",
             c.prior_authorization.upper(), tuple(c.diagnoses), c.note.upper(), lines)
    cov = bundle.coverage
    coverage = (cov.rank, cov.member_id, cov.group_number.upper(), cov.relationship)
    payer = (bundle.payer.name.upper(), bundle.payer.claim_payer_id,
             bundle.payer.claim_filing_indicator)
    rendering = None
    if bundle.rendering and bundle.rendering.npi != billing_npi:
        r = bundle.rendering
        rendering = (r.last_name.upper(), r.first_name.upper(), r.npi, r.taxonomy)
    facility = None
    if bundle.facility:
        f = bundle.facility
        facility = (f.name.upper(), f.npi, f.address.line1.upper(), f.address.zip_code)
    other = None
    if bundle.other:
        o = bundle.other
        insured = bundle.patient.person if o.coverage.relationship == Relationship.SELF \
            else o.subscriber
        prior = o.prior_payment
        other = (o.coverage.rank, o.coverage.member_id, o.coverage.relationship,
                 o.payer.name.upper(), o.payer.claim_payer_id, o.payer.claim_filing_indicator,
                 insured.last_name.upper(), insured.first_name.upper(),
                 None if prior is None else (prior.paid_amount, prior.adjudication_date,
                                             tuple(prior.claim_adjustments), tuple(
                                                 (p.paid_amount, tuple(p.adjustments))
                                                 for p in prior.lines)))
    subscriber = None  # 2010BA carries only the name when the patient is a dependent
    if bundle.subscriber is not None and cov.relationship != Relationship.SELF:
        subscriber = _person(bundle.subscriber)[:3]
    return (claim, _person(bundle.patient.person), coverage, payer, subscriber, rendering,
            facility, other)


def _round_trip(sub: Submission837) -> None:
    text = write_837p(sub, NUMBERS, CREATED)
    [batch] = parse_bytes(text.encode()).transactions
    assert isinstance(batch, Batch837)
    npi = sub.billing.npi
    sent = {b.claim.patient_control_number: _normal(b, npi) for b in sub.claims}
    back = {b.claim.patient_control_number: _normal(b, npi) for b in batch.submission.claims}
    assert back.keys() == sent.keys()
    for pcn, expected in sent.items():
        for i, (a, b) in enumerate(zip(back[pcn], expected, strict=True)):
            assert a == b, f"{pcn} field {i}: {a} != {b}"
    billing = batch.submission.billing
    assert (billing.npi, billing.ein, billing.taxonomy, billing.submitter_id) == (
        sub.billing.npi, "123456789", sub.billing.taxonomy, sub.billing.submitter_id)
    assert [c.charge for c in batch.claims] == [
        b.claim.charge_amount for b in batch.submission.claims]


def test_round_trip_of_the_simple_submission() -> None:
    _round_trip(simple_submission())


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(submissions())
def test_generated_claims_pass_pyx12_own_checks_and_round_trip(sub: Submission837) -> None:
    text = write_837p(sub, NUMBERS, CREATED)
    _own_checks(text, sub)
    for bundle in sub.claims:
        assert sum((ln.charge_amount for ln in bundle.claim.lines), Decimal(0)) == \
            bundle.claim.charge_amount
    assert pyx12_problems(text) == []
    _round_trip(sub)


def test_the_pyx12_referee_does_catch_errors() -> None:
    text = write_837p(simple_submission(), NUMBERS, CREATED)
    broken = text.replace("SBR*P*18*GRP9******CI", "SBR*P*18*GRP9******QQ", 1)
    assert pyx12_problems(broken) != []


def test_a_patient_control_number_is_never_trimmed() -> None:
    bundle = simple_bundle("C" * 21)
    with pytest.raises(X12Error, match="patient control number"):
        write_837p(Submission837(simple_submission().billing, [bundle]), NUMBERS, CREATED)


def test_letters_without_ascii_form_are_transliterated_never_dropped() -> None:
    from dataclasses import replace

    from oa_desktop.domain.models import Patient

    assert clean("ØRSTED", 60, "name") == "ORSTED"
    assert clean("Élodie Straße", 60, "name") == "ELODIE STRASSE"
    bundle = simple_bundle("C1001")
    person = replace(bundle.patient.person, last_name="Ørsted", first_name="Zoë",
                     address=replace(bundle.patient.person.address, line1="1 Großgasse"))
    bundle = replace(bundle, patient=Patient(person))
    text = write_837p(Submission837(simple_submission().billing, [bundle]), NUMBERS, CREATED)
    assert "NM1*IL*1*ORSTED*ZOE*" in text and "N3*1 GROSSGASSE~" in text
    assert pyx12_problems(text) == []


def test_a_character_with_no_ascii_form_is_refused_naming_the_field() -> None:
    with pytest.raises(X12Error, match="a last name holds 'ЖУКОВ', which an 837P cannot carry"):
        clean("Жуков", 60, "a last name")


def test_a_line_under_another_authorization_carries_its_own_ref_g1() -> None:
    sub = simple_submission()
    claim = sub.claims[0].claim
    claim.lines.append(replace(claim.lines[0], control_number=f"{claim.patient_control_number}L3"))
    claim.lines[0].prior_authorization = "AUTH1"  # box 23's own: not repeated at the line
    claim.lines[1].prior_authorization = "auth-2"
    claim.lines[2].prior_authorization = "AUTH-3"
    text = write_837p(sub, NUMBERS, CREATED)
    segs = _segments(text)
    start = segs.index(next(s for s in segs if s[0] == "CLM"))
    end = segs.index(next(s for s in segs[start + 1:] if s[0] in ("HL", "CLM", "SE")))
    mine = segs[start:end]
    assert ["REF", "G1", "AUTH1"] in mine[:3]  # 2300: box 23
    lx = [i for i, s in enumerate(mine) if s[0] == "LX"] + [len(mine)]
    per_line = [[s[2] for s in mine[a:b] if s[:2] == ["REF", "G1"]]
                for a, b in zip(lx, lx[1:], strict=False)]
    assert per_line == [[], ["AUTH-2"], ["AUTH-3"]]
    refs = [s[1] for s in mine[lx[1]:lx[2]] if s[0] == "REF"]
    assert refs == ["G1", "6R"]  # the implementation guide's order in loop 2400
    _own_checks(text, sub)
    assert pyx12_problems(text) == []
    [batch] = parse_bytes(text.encode()).transactions
    assert isinstance(batch, Batch837)
    back = batch.submission.claims[0].claim
    assert [ln.prior_authorization for ln in back.lines] == ["", "AUTH-2", "AUTH-3"]
