"""Write an 837P (005010X222A1) in the Office Ally envelope (OFFICE_ALLY.md).

Values are written in upper case, letters transliterated to ASCII (never dropped), trimmed
to each element's maximum length; a value that holds a delimiter character or a character
with no ASCII form is refused (X12 has no escape), naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from oa_desktop.domain.identifiers import is_valid_pcn
from oa_desktop.domain.models import (
    Address,
    BillingProvider,
    Coverage,
    Frequency,
    Payer,
    Person,
    Relationship,
    ServiceLine,
)
from oa_desktop.domain.x12_text import transliterate, unwritable
from oa_desktop.x12.errors import X12Error
from oa_desktop.x12.gc_pause import paused_gc
from oa_desktop.x12.model_835 import Adjustment
from oa_desktop.x12.model_837 import ClaimBundle, OtherCoverage, PriorPayment, Submission837

OFFICE_ALLY_ID = "330897513"
OFFICE_ALLY_NAME = "OFFICE ALLY"
VERSION = "005010X222A1"
ELEMENT, COMPONENT, REPETITION, TERMINATOR = "*", ":", "^", "~"
_FORBIDDEN = frozenset(ELEMENT + COMPONENT + REPETITION + TERMINATOR)
_NOT_DIGITS = re.compile(r"\D")


@dataclass(frozen=True, slots=True)
class ControlNumbers:
    """From the store's counters: ISA13, GS06 and ST02 (never from the clock)."""

    interchange: int  # ISA13, 1..999999999
    group: int  # GS06
    transaction: int  # ST02


_CLEANED: dict[tuple[str, int], str] = {}  # names, ids and codes repeat across claims


def clean(value: str, max_length: int, field_name: str) -> str:
    """Upper-case ASCII (letters transliterated: Ø → O, ß → SS), single spaces, trimmed to
    ``max_length``; refuse delimiters and what has no ASCII form."""
    if not value:
        return ""
    cached = _CLEANED.get((value, max_length))
    if cached is not None:
        return cached
    text = " ".join(transliterate(value).split()).upper()
    bad = unwritable(text)
    if bad:  # the scrubber names these first; never drop a letter silently
        raise X12Error(f"{field_name} holds {bad!r}, which an 837P cannot carry",
                       next_step=f"Replace it in {field_name} with plain letters.")
    if not _FORBIDDEN.isdisjoint(text):
        bad = "".join(sorted(_FORBIDDEN.intersection(text)))
        raise X12Error(f"{field_name} holds {bad!r}, a character that separates X12 data",
                       next_step=f"Remove it from {field_name}.")
    text = text[:max_length].rstrip()
    if len(_CLEANED) > 20_000:
        _CLEANED.clear()
    _CLEANED[(value, max_length)] = text
    return text


# Amounts, quantities and dates repeat across a batch: each is formatted once. Equal
# Decimals (1.0 and 1.00) format alike, except -0 and 0 as quantities (never cached).
_MONEY_TEXT: dict[Decimal, str] = {}
_QUANTITY_TEXT: dict[Decimal, str] = {}
_DATE_TEXT: dict[date, str] = {}
_CENT = Decimal("0.01")


def money(amount: Decimal) -> str:
    """X12 R-type money: ``100``, ``12.5``, ``0.01``."""
    cached = _MONEY_TEXT.get(amount)
    if cached is not None:
        return cached
    text = f"{amount.quantize(_CENT):f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    text = "0" if text in ("", "-0") else text
    if len(_MONEY_TEXT) > 20_000:
        _MONEY_TEXT.clear()
    _MONEY_TEXT[amount] = text
    return text


def quantity(value: Decimal) -> str:
    """X12 R-type quantity without trailing zeros."""
    cached = _QUANTITY_TEXT.get(value)
    if cached is not None:
        return cached
    text = f"{value.normalize():f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    if value:
        if len(_QUANTITY_TEXT) > 20_000:
            _QUANTITY_TEXT.clear()
        _QUANTITY_TEXT[value] = text
    return text


def d8(value: date) -> str:
    """CCYYMMDD."""
    text = _DATE_TEXT.get(value)
    if text is None:
        text = f"{value.year:04d}{value.month:02d}{value.day:02d}"
        if len(_DATE_TEXT) > 20_000:
            _DATE_TEXT.clear()
        _DATE_TEXT[value] = text
    return text


def digits(value: str) -> str:
    """Only the digits (phones, ZIP codes, EINs)."""
    return _NOT_DIGITS.sub("", value)


def segment(*elements: str) -> str:
    """Join elements, drop trailing empties, add the terminator."""
    return ELEMENT.join(elements).rstrip(ELEMENT) + TERMINATOR


class _Writer:
    def __init__(self, submission: Submission837, numbers: ControlNumbers,
                 created: datetime) -> None:
        self.sub = submission
        self.numbers = numbers
        self.created = created
        self.out: list[str] = []
        self.hl = 0

    def add(self, *elements: str) -> None:
        self.out.append(ELEMENT.join(elements).rstrip(ELEMENT) + TERMINATOR)  # segment()

    # -- envelope and header ------------------------------------------------------------
    def write(self, usage: str) -> str:
        billing = self.sub.billing
        sender = clean(billing.submitter_id, 15, "the Office Ally submitter id")
        if not sender:
            raise X12Error("the practice has no Office Ally submitter id",
                           next_step="Enter it in the practice settings.")
        when = self.created
        isa13 = f"{self.numbers.interchange:09d}"
        st02 = f"{self.numbers.transaction:04d}"
        isa = (f"ISA*00*{' ' * 10}*00*{' ' * 10}*ZZ*{sender:<15}*ZZ*{OFFICE_ALLY_ID:<15}*"
               f"{when:%y%m%d}*{when:%H%M}*{REPETITION}*00501*{isa13}*0*{usage}*{COMPONENT}~")
        header = [isa, segment("GS", "HC", sender, OFFICE_ALLY_ID, f"{when:%Y%m%d}",
                               f"{when:%H%M}", str(self.numbers.group), "X", VERSION)]
        self.add("ST", "837", st02, VERSION)
        self.add("BHT", "0019", "00", st02, f"{when:%Y%m%d}", f"{when:%H%M}", "CH")
        self._submitter(billing, sender)
        self._billing(billing)
        self._subscribers()
        self.add("SE", str(len(self.out) + 1), st02)
        trailer = [segment("GE", "1", str(self.numbers.group)), segment("IEA", "1", isa13)]
        return "".join(header + self.out + trailer)

    def _submitter(self, billing: BillingProvider, sender: str) -> None:
        self.add("NM1", "41", "2", clean(billing.name, 60, "the practice name"), "", "", "", "",
                 "46", sender)
        contact = clean(billing.contact_name or billing.name, 60, "the contact name")
        phone = digits(billing.contact_phone or billing.phone)[:10]
        self.add("PER", "IC", contact, "TE", phone) if phone else self.add("PER", "IC", contact)
        self.add("NM1", "40", "2", OFFICE_ALLY_NAME, "", "", "", "", "46", OFFICE_ALLY_ID)

    def _billing(self, billing: BillingProvider) -> None:
        self.hl += 1
        self.add("HL", str(self.hl), "", "20", "1")
        if billing.taxonomy:
            self.add("PRV", "BI", "PXC", clean(billing.taxonomy, 50, "the billing taxonomy"))
        if billing.is_organization:
            self.add("NM1", "85", "2", clean(billing.name, 60, "the practice name"), "", "", "",
                     "", "XX", billing.npi)
        else:
            last, _, first = billing.name.partition(",")
            self.add("NM1", "85", "1", clean(last, 60, "the provider's last name"),
                     clean(first, 35, "the provider's first name"), "", "", "", "XX",
                     billing.npi)
        self._address(billing.address, "the practice address")
        self.add("REF", "EI", digits(billing.ein))
        if self.sub.pay_to is not None:
            self.add("NM1", "87", "2")
            self._address(self.sub.pay_to, "the pay-to address")

    def _address(self, address: Address, what: str) -> None:
        lines = [clean(address.line1, 55, what), clean(address.line2, 55, what)]
        if not lines[0]:
            return
        self.add("N3", *lines)
        self.add("N4", clean(address.city, 30, what), clean(address.state, 2, what),
                 digits(address.zip_code)[:9])

    # -- 2000B / 2000C -----------------------------------------------------------------
    def _subscribers(self) -> None:
        for (_, dependent), bundles in _group(self.sub.claims).items():
            first = bundles[0]
            parent = self.hl + 1
            self.hl = parent
            self.add("HL", str(parent), "1", "22", "1" if dependent else "0")
            self._sbr(first.coverage, first.payer, "" if dependent else "18")
            self._person("IL", first.insured, first.coverage.member_id, full=not dependent)
            self._payer(first.payer)
            if not dependent:
                for bundle in bundles:
                    self._claim(bundle)
                continue
            for patient_bundles in _by_patient(bundles):
                self.hl += 1
                self.add("HL", str(self.hl), str(parent), "23", "0")
                self.add("PAT", patient_bundles[0].coverage.relationship.value)
                self._person("QC", patient_bundles[0].patient.person, "", full=True)
                for bundle in patient_bundles:
                    self._claim(bundle)

    def _sbr(self, coverage: Coverage, payer: Payer, relationship: str) -> None:
        self.add("SBR", coverage.rank_letter, relationship,
                 clean(coverage.group_number, 50, "the group number"), "", "", "", "", "",
                 payer.claim_filing_indicator.value)

    def _person(self, code: str, person: Person, member_id: str, *, full: bool) -> None:
        name = [clean(person.last_name, 60, "a last name"),
                clean(person.first_name, 35, "a first name"),
                clean(person.middle_name, 25, "a middle name")]
        if member_id:
            self.add("NM1", code, "1", *name, "", "", "MI", clean(member_id, 80, "the member id"))
        else:
            self.add("NM1", code, "1", *name)
        if not full:
            return
        self._address(person.address, "an address")
        if person.birth_date is not None:
            self.add("DMG", "D8", d8(person.birth_date), person.sex.value)

    def _payer(self, payer: Payer) -> None:
        self.add("NM1", "PR", "2", clean(payer.name, 60, "the payer name"), "", "", "", "", "PI",
                 clean(payer.claim_payer_id, 80, "the payer id"))

    # -- 2300 ---------------------------------------------------------------------------
    def _claim(self, bundle: ClaimBundle) -> None:
        claim = bundle.claim
        pcn = claim.patient_control_number
        if not is_valid_pcn(pcn):  # trimming it would break the match with the 835's CLP01
            raise X12Error(f"patient control number {pcn[:30]!r} is not 1-20 upper-case "
                           "letters and digits", next_step="Give the claim a new number.")
        self.add("CLM", pcn, money(claim.charge_amount), "", "",
                 f"{claim.place_of_service}{COMPONENT}B{COMPONENT}{claim.frequency.value}",
                 "Y", "A", "Y", "Y")
        if claim.prior_authorization:
            self.add("REF", "G1", clean(claim.prior_authorization, 50, "the prior authorization"))
        if claim.frequency in (Frequency.REPLACEMENT, Frequency.VOID):
            self.add("REF", "F8", clean(claim.original_claim_number, 50,
                                         "the original claim number"))
        if claim.note:
            self.add("NTE", "ADD", clean(claim.note, 80, "the claim note"))
        codes = [clean(code.replace(".", ""), 30, "a diagnosis") for code in claim.diagnoses[:12]]
        self.add("HI", *(f"{'ABK' if i == 0 else 'ABF'}{COMPONENT}{c}" for i, c in
                         enumerate(codes)))
        self._claim_providers(bundle)
        if bundle.other is not None:
            self._other(bundle, bundle.other)
        for number, line in enumerate(claim.lines, start=1):
            self._line(bundle, number, line)

    def _claim_providers(self, bundle: ClaimBundle) -> None:
        claim = bundle.claim
        if claim.referring_npi and claim.referring_name:
            last, _, first = claim.referring_name.partition(",")
            self.add("NM1", "DN", "1", clean(last, 60, "the referring name"),
                     clean(first, 35, "the referring name"), "", "", "", "XX",
                     claim.referring_npi)
        rendering = bundle.rendering
        if rendering is not None and rendering.npi != self.sub.billing.npi:
            self.add("NM1", "82", "1", clean(rendering.last_name, 60, "the rendering last name"),
                     clean(rendering.first_name, 35, "the rendering first name"), "", "", "",
                     "XX", rendering.npi)
            if rendering.taxonomy:
                self.add("PRV", "PE", "PXC", clean(rendering.taxonomy, 50, "the taxonomy"))
        facility = bundle.facility
        if facility is not None:
            name = clean(facility.name, 60, "the facility name")
            if facility.npi:
                self.add("NM1", "77", "2", name, "", "", "", "", "XX", facility.npi)
            else:
                self.add("NM1", "77", "2", name)
            self._address(facility.address, "the facility address")

    # -- 2320 / 2330 --------------------------------------------------------------------
    def _other(self, bundle: ClaimBundle, other: OtherCoverage) -> None:
        relationship = other.coverage.relationship.value
        self.add("SBR", other.coverage.rank_letter, relationship,
                 clean(other.coverage.group_number, 50, "the other group number"), "", "", "",
                 "", "", other.payer.claim_filing_indicator.value)
        prior = other.prior_payment
        if prior is not None:
            self._cas(prior.claim_adjustments)
            self.add("AMT", "D", money(prior.paid_amount))
        self.add("OI", "", "", "Y", "", "", "Y")
        insured = other.subscriber
        if other.coverage.relationship == Relationship.SELF:
            insured = bundle.patient.person
        self.add("NM1", "IL", "1", clean(insured.last_name, 60, "a last name"),
                 clean(insured.first_name, 35, "a first name"),
                 clean(insured.middle_name, 25, "a middle name"), "", "", "MI",
                 clean(other.coverage.member_id, 80, "the other member id"))
        self._payer(other.payer)
        if prior is not None and not prior.lines:
            self.add("DTP", "573", "D8", d8(prior.adjudication_date))

    def _cas(self, adjustments: Iterable[Adjustment]) -> None:
        by_group: dict[str, list[Adjustment]] = {}
        for adjustment in adjustments:
            by_group.setdefault(adjustment.group, []).append(adjustment)
        for group, items in by_group.items():
            for start in range(0, len(items), 6):
                elements: list[str] = []
                for item in items[start:start + 6]:
                    qty = "" if item.quantity is None else quantity(item.quantity)
                    elements += [item.reason, money(item.amount), qty]
                self.add("CAS", group, *elements)

    # -- 2400 / 2430 --------------------------------------------------------------------
    def _line(self, bundle: ClaimBundle, number: int, line: ServiceLine) -> None:
        claim = bundle.claim
        procedure = COMPONENT.join(["HC", clean(line.procedure_code, 48, "a procedure code"),
                                    *(clean(m, 2, "a modifier") for m in line.modifiers[:4])])
        place = line.place_of_service
        if place == claim.place_of_service:
            place = ""
        pointers = COMPONENT.join(str(p) for p in line.diagnosis_pointers[:4])
        self.add("LX", str(number))
        self.add("SV1", procedure, money(line.charge_amount), "UN", quantity(line.units), place,
                 "", pointers)
        if line.service_date_to and line.service_date_to != line.service_date:
            self.add("DTP", "472", "RD8", f"{d8(line.service_date)}-{d8(line.service_date_to)}")
        else:
            self.add("DTP", "472", "D8", d8(line.service_date))
        own = line.prior_authorization.strip()
        if own and own != claim.prior_authorization.strip():  # REF*G1 comes before REF*6R
            self.add("REF", "G1", clean(own, 50, "a line's prior authorization"))
        if line.control_number:
            self.add("REF", "6R", clean(line.control_number, 50, "a line control number"))
        other = bundle.other
        if other is not None and other.prior_payment is not None:
            self._line_payment(other, other.prior_payment, number - 1, procedure, line)

    def _line_payment(self, other: OtherCoverage, prior: PriorPayment, index: int,
                      procedure: str, line: ServiceLine) -> None:
        if index >= len(prior.lines):
            return
        paid = prior.lines[index]
        units = paid.paid_units if paid.paid_units is not None else line.units
        self.add("SVD", clean(other.payer.claim_payer_id, 80, "the payer id"),
                 money(paid.paid_amount), procedure, "", quantity(units))
        self._cas(paid.adjustments)
        self.add("DTP", "573", "D8", d8(prior.adjudication_date))


def _person_key(person: Person) -> str:
    """Everything 2010BA/2010CA carries of a person: one loop per distinct person."""
    a = person.address
    return "|".join([person.last_name, person.first_name, person.middle_name,
                     str(person.birth_date), person.sex.value, a.line1, a.line2, a.city,
                     a.state, a.zip_code])


def _group(claims: list[ClaimBundle]) -> dict[tuple[str, bool], list[ClaimBundle]]:
    """2000B groups: one per (payer, insured, rank) and whether the patient is a dependent."""
    groups: dict[tuple[str, bool], list[ClaimBundle]] = {}
    for bundle in claims:
        insured = bundle.insured
        dependent = bundle.coverage.relationship != Relationship.SELF
        key = "|".join([bundle.payer.claim_payer_id, bundle.payer.name,
                        bundle.payer.claim_filing_indicator.value, bundle.coverage.member_id,
                        bundle.coverage.rank_letter, bundle.coverage.group_number,
                        _person_key(insured)])
        groups.setdefault((key, dependent), []).append(bundle)
    return groups


def _by_patient(bundles: list[ClaimBundle]) -> list[list[ClaimBundle]]:
    """2000C groups: one per dependent patient, in first-seen order."""
    groups: dict[tuple[str, str], list[ClaimBundle]] = {}
    for bundle in bundles:
        key = (_person_key(bundle.patient.person), bundle.coverage.relationship.value)
        groups.setdefault(key, []).append(bundle)
    return list(groups.values())


def write_837p(submission: Submission837, numbers: ControlNumbers, created: datetime,
               usage: str = "P") -> str:
    """Return the 837P text for ``submission`` (one ISA/GS/ST).

    ``numbers`` come from the store's counters; ``created`` is the file's creation time.
    Raises :class:`X12Error` for a value that cannot be written.
    """
    if not submission.claims:
        raise X12Error("there are no claims to write")
    if not 0 < numbers.interchange < 10**9 or not 0 < numbers.group < 10**9:
        raise X12Error("control numbers must be between 1 and 999999999")
    with paused_gc():
        return _Writer(submission, numbers, created).write(usage)
