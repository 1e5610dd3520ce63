"""A small, valid 837P to exercise the sandbox (tests, benchmark, ``demo`` without the store)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class SampleClaim:
    """One claim of a sample 837P made for tests and the demo."""
    pcn: str
    member_id: str = "W123456789"
    last: str = "DOE"
    first: str = "JANE"
    payer_name: str = "ACME HEALTH"
    payer_id: str = "12345"
    diagnoses: tuple[str, ...] = ("J209",)
    lines: tuple[tuple[str, Decimal], ...] = (("99213", Decimal("120.00")),)
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)


DEFAULT_CLAIMS = (
    SampleClaim("PCN0001", lines=(("99213", Decimal("120.00")), ("81002", Decimal("15.00")))),
    SampleClaim("PCN0002", last="ROE", first="RICHARD", member_id="X987654321",
                payer_name="BLUE PLAN", payer_id="54321"),
    SampleClaim("PCN0003", last="POE", first="EDGAR", member_id=""),
    SampleClaim("PCN0004", last="LOE", first="ANN", diagnoses=("XYZ",)),
    SampleClaim("PCN0005", last="MOE", first="SAM",
                lines=(("99214", Decimal("180.00")), ("36415", Decimal("12.00")),
                       ("85025", Decimal("25.00")))),
)


def _claim_segments(c: SampleClaim, hl: int, day: str) -> list[str]:
    charge = sum((amount for _, amount in c.lines), Decimal(0))
    subscriber = f"NM1*IL*1*{c.last}*{c.first}****MI*{c.member_id}" if c.member_id \
        else f"NM1*IL*1*{c.last}*{c.first}"
    rows = [
        f"HL*{hl}*1*22*0", "SBR*P*18*******CI", subscriber,
        "N3*1 MAIN ST", "N4*SPRINGFIELD*IL*62701", "DMG*D8*19800101*F",
        f"NM1*PR*2*{c.payer_name}*****PI*{c.payer_id}",
        f"CLM*{c.pcn}*{charge:.2f}***11:B:1*Y*A*Y*Y",
        "HI*" + "*".join(("ABK" if i == 0 else "ABF") + ":" + d for i, d in
                         enumerate(c.diagnoses)),
    ]
    if c.note:
        rows.append(f"NTE*ADD*{c.note}")
    for number, (code, amount) in enumerate(c.lines, start=1):
        rows += [f"LX*{number}", f"SV1*HC:{code}*{amount:.2f}*UN*1***1", f"DTP*472*D8*{day}"]
    return rows


def sample_837(
    claims: tuple[SampleClaim, ...] = DEFAULT_CLAIMS, submitter_id: str = "SUB123",
    control: int = 1, day: date = date(2026, 1, 15), break_se_count: bool = False,
) -> bytes:
    """An 837P (005010X222A1) interchange for Office Ally holding ``claims``."""
    d8 = day.strftime("%Y%m%d")
    body = [
        f"BHT*0019*00*{control:09d}*{d8}*1200*CH",
        f"NM1*41*2*SAMPLE CLINIC*****46*{submitter_id}", "PER*IC*BILLING*TE*5555550100",
        "NM1*40*2*OFFICE ALLY*****46*330897513",
        "HL*1**20*1", "NM1*85*2*SAMPLE CLINIC*****XX*1234567893",
        "N3*1 MAIN ST", "N4*SPRINGFIELD*IL*627010000", "REF*EI*123456789",
    ]
    for index, claim in enumerate(claims):
        body += _claim_segments(claim, index + 2, d8)
    count = len(body) + 2 + (1 if break_se_count else 0)
    st = ["ST*837*0001*005010X222A1", *body, f"SE*{count}*0001"]
    isa = (f"ISA*00*          *00*          *ZZ*{submitter_id:<15}*ZZ*{'330897513':<15}*"
           f"{d8[2:]}*1200*^*00501*{control:09d}*0*P*:")
    rows = [isa, f"GS*HC*{submitter_id}*330897513*{d8}*1200*{control}*X*005010X222A1", *st,
            f"GE*1*{control}", f"IEA*1*{control:09d}"]
    return ("~\n".join(rows) + "~\n").encode("ascii")
