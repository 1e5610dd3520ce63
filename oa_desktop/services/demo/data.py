"""Fixed ingredients of the demo practice: names, payers, codes. Fictional people."""

from __future__ import annotations

from decimal import Decimal

PRACTICE_NAME = "Harbor Light Behavioral Health"
PRACTICE_CITY = ("AUSTIN", "TX", "787011234")

PROVIDERS = (
    ("Alvarez", "Maria", "BCBA", "103K00000X"),  # behavior analyst
    ("Chen", "David", "LCSW", "1041C0700X"),  # clinical social worker
    ("Okafor", "Grace", "PHD", "103TC0700X"),  # clinical psychologist
)

# name, OA payer id, non-par, claim filing indicator
PAYERS = (
    ("Aetna", "60054", False, "CI"),
    ("Blue Cross Blue Shield of Texas", "84980", False, "BL"),
    ("Cigna", "62308", False, "CI"),
    ("UnitedHealthcare", "87726", False, "CI"),
    ("Humana", "61101", False, "HM"),
    ("Texas Medicaid (TMHP)", "TXMCD", False, "MC"),
    ("Medicare Part B Texas", "04412", False, "MB"),
    ("Superior HealthPlan", "68069", False, "MC"),
    ("Magellan Healthcare", "01260", True, "CI"),
    ("Tricare East", "TREST", True, "CH"),
    ("Optum Behavioral Health", "87726B", True, "CI"),
    ("Scott & White Health Plan", "88030", True, "HM"),
)

LAST_NAMES = (
    "Smith", "Johnson", "Garcia", "Nguyen", "Patel", "Brown", "Martinez", "Davis", "Lopez",
    "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Lee", "Harris", "Clark",
    "Lewis", "Walker", "Young", "Hernandez", "King", "Wright", "Scott", "Green", "Baker",
    "Adams", "Nelson", "Hill",
)
FIRST_NAMES_CHILD = (
    "Liam", "Noah", "Emma", "Olivia", "Mateo", "Ava", "Elijah", "Sophia", "Lucas", "Mia",
    "Ethan", "Isabella", "Aiden", "Amelia", "Leo", "Harper",
)
FIRST_NAMES_ADULT = (
    "James", "Mary", "Robert", "Patricia", "Michael", "Jennifer", "William", "Linda", "Daniel",
    "Elizabeth", "Carlos", "Sarah", "Kevin", "Karen", "Brian", "Nancy",
)
STREETS = ("Oak St", "Elm Ave", "Lamar Blvd", "Congress Ave", "Guadalupe St", "Riverside Dr")

# procedure code, description, unit price, typical units, needs an ABA diagnosis
SERVICES = (
    ("97153", "Adaptive behavior treatment by protocol", Decimal("30.00"), (8, 12, 16), True),
    ("97155", "Protocol modification by QHP", Decimal("45.00"), (2, 4), True),
    ("97156", "Family adaptive behavior guidance", Decimal("45.00"), (2, 4), True),
    ("97151", "Behavior identification assessment", Decimal("50.00"), (4, 8), True),
    ("90834", "Psychotherapy, 45 minutes", Decimal("125.00"), (1,), False),
    ("90837", "Psychotherapy, 60 minutes", Decimal("165.00"), (1,), False),
    ("90791", "Psychiatric diagnostic evaluation", Decimal("210.00"), (1,), False),
    ("90847", "Family psychotherapy with patient", Decimal("140.00"), (1,), False),
)
# HCPCS Level II services the practice prices but has not described (CMS's words show)
HCPCS_FEES = (("H0032", Decimal("95.00")), ("H2019", Decimal("22.00")))

ABA_DIAGNOSES = ("F840", "F840", "F842", "F849")
BH_DIAGNOSES = ("F411", "F321", "F331", "F4310", "F902", "F419", "F4323", "F900")

REJECTIONS = (
    ("A7:562", "Entity's National Provider Identifier (NPI) is invalid (rendering provider)"),
    ("A7:21", "Missing or invalid information: subscriber's member ID"),
    ("A3:255", "Diagnosis code is not valid for the date of service"),
    ("A6:35", "Claim/encounter not found: patient not eligible on the date of service"),
)
DENIALS = (
    ("CO-197", "Precertification/authorization/notification absent"),
    ("CO-29", "The time limit for filing has expired"),
    ("CO-16", "Claim/service lacks information needed for adjudication"),
)

# A payer's own 277 for some claims the payer accepted: (EventKind value, STC01, words).
PAYER_REPORTS = (
    ("payer_pended", "P1:20", "Pending at the payer: in process"),
    ("info_requested", "P3:21:QC",
     "Pending: the payer asked the provider for information: medical records for the visit"),
    ("payer_approved", "F1:65", "Approved: payment is coming"),
    ("payer_returned", "F3F:107", "Finalized: forwarded to another payer"),
    ("payer_finalized", "F4:107", "Finalized: adjudication complete, no payment will be made"),
)
