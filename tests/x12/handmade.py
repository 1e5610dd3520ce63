"""Hand-written X12 for tests: envelopes around segments given as ``ID*a*b`` strings.

Counts and control numbers are filled in, so a test writes only the segments it is about
(and breaks a count on purpose with ``se_count``).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

SENDER = "330897513"
RECEIVER = "SUB12345"


def isa(control: str = "000000901", sender: str = SENDER, receiver: str = RECEIVER) -> str:
    """A fixed-width (106-character) ISA with ``~`` as terminator."""
    return (f"ISA*00*          *00*          *ZZ*{sender:<15}*ZZ*{receiver:<15}*261120*0930*^*"
            f"00501*{control:>09}*0*P*:~")


def transaction(set_id: str, control: str, body: Sequence[str], *, version: str = "",
                se_count: int | None = None, se_control: str | None = None) -> str:
    """``ST .. SE`` around ``body`` (segments without terminators)."""
    st = f"ST*{set_id}*{control}" + (f"*{version}" if version else "")
    count = len(body) + 2 if se_count is None else se_count
    segments = [st, *body, f"SE*{count}*{control if se_control is None else se_control}"]
    return "".join(s + "~" for s in segments)


def group(functional_id: str, control: str, sets: Sequence[str], version: str,
          ge_count: int | None = None) -> str:
    """``GS .. GE`` around transaction sets made by :func:`transaction`."""
    count = len(sets) if ge_count is None else ge_count
    return (f"GS*{functional_id}*{SENDER}*{RECEIVER}*20261120*0930*{control}*X*{version}~"
            + "".join(sets) + f"GE*{count}*{control}~")


def interchange(groups: Sequence[str], control: str = "000000901",
                before: Sequence[str] = ()) -> str:
    """``ISA .. IEA``; ``before`` are segments (a TA1) between the ISA and the first GS."""
    return (isa(control) + "".join(s + "~" for s in before) + "".join(groups)
            + f"IEA*{len(groups)}*{control}~")


ERA_HEAD = (
    "BPR*I*{total}*C*ACH*CCP*01*011000015*DA*123456*1512345678**01*021000021*DA*654321*20261121",
    "TRN*1*EFT12345*1512345678",
    "N1*PR*ACME HEALTH PLAN",
    "REF*2U*ACME01",
    "N1*PE*BRIGHT PATH THERAPY*XX*1000000442",
    "REF*TJ*123456789",
    "LX*1",
)


def era_claim(pcn: str, paid: str = "100", *, service_date: str = "20261102",
              charge: str = "180") -> list[str]:
    """One balanced CLP with one SVC line: charge − CO-45 = paid."""
    adjustment = f"{Decimal(charge) - Decimal(paid):.2f}"
    return [f"CLP*{pcn}*1*{charge}*{paid}**12*ICN{pcn}*11*1",
            "NM1*QC*1*DOE*JANE****MI*XYZ123456",
            f"SVC*HC:90837*{charge}*{paid}**1", f"DTM*472*{service_date}",
            f"CAS*CO*45*{adjustment}", f"REF*6R*{pcn}L1"]


def era_835(control: str, claims: Sequence[Sequence[str]], total: str) -> str:
    """An 835 transaction set paying ``claims`` (lists made by :func:`era_claim`)."""
    head = [ERA_HEAD[0].format(total=total), *ERA_HEAD[1:]]
    return transaction("835", control, [*head, *(s for c in claims for s in c)])


def era_file(*sets: str, control: str = "000000901") -> str:
    """An interchange with one 835 group holding ``sets``."""
    return interchange([group("HP", "101", sets, "005010X221A1")], control)
