"""The records a practice keeps: providers, payers, patients, coverages, claims."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

MAX_DIAGNOSES = 12
MAX_SERVICE_LINES = 50
MAX_MODIFIERS = 4
MAX_POINTERS = 4


@dataclass(slots=True)
class Address:
    """A postal address (US), as boxes 5, 7, 32 and 33 hold it."""
    line1: str = ""
    line2: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""  # 5 or 9 digits; the 837P wants 9 for the billing provider


@dataclass(slots=True)
class BillingProvider:
    """The practice: CMS-1500 box 33 and the 837P submitter (1000A) and billing loop (2010AA)."""

    name: str
    npi: str  # box 33a, 2010AA NM109
    ein: str  # box 25, 2010AA REF*EI
    taxonomy: str = ""  # 2000A PRV03
    address: Address = field(default_factory=Address)
    phone: str = ""
    submitter_id: str = ""  # ISA06 / GS02 / 1000A NM109, agreed with Office Ally
    contact_name: str = ""  # 1000A PER02
    contact_phone: str = ""  # 1000A PER04
    is_organization: bool = True  # NM102 2 (organization) or 1 (person)


@dataclass(slots=True)
class RenderingProvider:
    """Box 24J; 2310B on the claim when it differs from the billing provider."""

    last_name: str
    first_name: str
    npi: str
    taxonomy: str = ""
    credential: str = ""
    id: int | None = None
    active: bool = True

    @property
    def display_name(self) -> str:
        """``Last, First, CRED``."""
        name = f"{self.last_name}, {self.first_name}"
        return f"{name}, {self.credential}" if self.credential else name


@dataclass(slots=True)
class Facility:
    """Box 32; loop 2310C service facility."""

    name: str
    npi: str = ""
    address: Address = field(default_factory=Address)
    place_of_service: str = "11"
    id: int | None = None


class ClaimFilingIndicator(StrEnum):
    """SBR09: what kind of plan pays."""

    COMMERCIAL = "CI"
    BLUE_CROSS = "BL"
    MEDICARE_B = "MB"
    MEDICAID = "MC"
    HMO = "HM"
    CHAMPUS = "CH"
    PPO = "12"
    POS = "13"
    EPO = "14"
    OTHER_FEDERAL = "OF"
    WORKERS_COMP = "WC"
    OTHER = "ZZ"


@dataclass(slots=True)
class Payer:
    """A payer from Office Ally's list. Its id can differ by transaction (837P, 835, 270...)."""

    name: str
    payer_ids: dict[str, str] = field(default_factory=dict)  # {"837P": "...", "835": ...}
    non_par: bool = False  # Office Ally Non-Par: claims to it count toward the monthly fee
    enrollment_required: dict[str, bool] = field(default_factory=dict)  # per transaction
    claim_filing_indicator: ClaimFilingIndicator = ClaimFilingIndicator.COMMERCIAL
    address: Address = field(default_factory=Address)
    id: int | None = None

    @property
    def claim_payer_id(self) -> str:
        """The id to put in 2010BB NM109 of an 837P."""
        return self.payer_ids.get("837P", "")


class Sex(StrEnum):
    """Administrative sex as the 837P's DMG03 codes it."""
    FEMALE = "F"
    MALE = "M"
    UNKNOWN = "U"


@dataclass(slots=True)
class Person:
    """A patient or a subscriber: boxes 2/3/5 (patient), 4/7/11a (insured)."""

    last_name: str
    first_name: str
    birth_date: date | None = None
    sex: Sex = Sex.UNKNOWN
    middle_name: str = ""
    address: Address = field(default_factory=Address)
    phone: str = ""

    @property
    def display_name(self) -> str:
        """``Last, First M``."""
        first = f"{self.first_name} {self.middle_name}".strip()
        return f"{self.last_name}, {first}"


@dataclass(slots=True)
class Patient:
    """A patient of the practice: the person and the practice's chart number."""
    person: Person
    account_number: str = ""  # the practice's chart number
    id: int | None = None


class Relationship(StrEnum):
    """Patient's relationship to the insured (box 6; SBR02 / PAT01)."""

    SELF = "18"
    SPOUSE = "01"
    CHILD = "19"
    OTHER = "G8"


@dataclass(slots=True)
class Coverage:
    """A patient's insurance with one payer, ranked primary (1), secondary (2), tertiary (3)."""

    patient_id: int
    payer_id: int
    rank: int  # 1 primary, 2 secondary, 3 tertiary: SBR01 P/S/T
    member_id: str  # box 1a, 2010BA NM109
    group_number: str = ""  # box 11, SBR03
    relationship: Relationship = Relationship.SELF
    subscriber: Person | None = None  # the insured when not the patient
    effective_from: date | None = None
    effective_to: date | None = None
    id: int | None = None

    @property
    def rank_letter(self) -> str:
        """SBR01: P, S or T."""
        return {1: "P", 2: "S", 3: "T"}.get(self.rank, "P")


class Frequency(StrEnum):
    """CLM05-3 / box 22: original, replacement or void."""

    ORIGINAL = "1"
    REPLACEMENT = "7"
    VOID = "8"


@dataclass(slots=True)
class ServiceLine:
    """Box 24, loop 2400."""

    service_date: date  # 24A from, DTP*472
    procedure_code: str  # 24D, SV101-2
    charge_amount: Decimal  # 24F, SV102
    units: Decimal = Decimal("1")  # 24G, SV104
    modifiers: tuple[str, ...] = ()  # 24D, SV101-3..6
    diagnosis_pointers: tuple[int, ...] = (1,)  # 24E, SV107: 1-based into the claim's list
    service_date_to: date | None = None  # 24A to
    place_of_service: str = ""  # 24B when it differs from the claim's
    control_number: str = ""  # REF*6R, comes back in the 835 SVC loop
    id: int | None = None
    # REF*G1 in 2400: this line's authorization when it differs from box 23 ('' otherwise)
    prior_authorization: str = ""

    @property
    def last_date(self) -> date:
        """The line's through date."""
        return self.service_date_to or self.service_date


@dataclass(slots=True)
class Claim:
    """A professional claim (CMS-1500 / 837P loop 2300)."""

    patient_id: int
    coverage_id: int  # the payer billed by this claim
    patient_control_number: str  # box 26, CLM01
    diagnoses: list[str] = field(default_factory=list)  # box 21, HI: codes without dots
    lines: list[ServiceLine] = field(default_factory=list)
    place_of_service: str = "11"  # CLM05-1
    frequency: Frequency = Frequency.ORIGINAL  # box 22, CLM05-3
    original_claim_number: str = ""  # box 22, REF*F8 for 7/8
    prior_authorization: str = ""  # box 23, REF*G1
    rendering_provider_id: int | None = None  # box 24J, 2310B
    facility_id: int | None = None  # box 32, 2310C
    referring_name: str = ""  # box 17, 2310A
    referring_npi: str = ""  # box 17b
    secondary_coverage_id: int | None = None  # box 11d, 2320/2330
    primary_claim_id: int | None = None  # a secondary claim: the claim the prior payer paid
    note: str = ""  # box 19, NTE
    status: str = "draft"  # derived from the claim's events; see status.py
    id: int | None = None

    @property
    def charge_amount(self) -> Decimal:
        """Box 28 and CLM02: the sum of the lines' charges."""
        return sum((line.charge_amount for line in self.lines), Decimal("0.00"))

    @property
    def first_date(self) -> date | None:
        """The earliest date of service."""
        return min((line.service_date for line in self.lines), default=None)

    @property
    def last_date(self) -> date | None:
        """The latest date of service."""
        return max((line.last_date for line in self.lines), default=None)
