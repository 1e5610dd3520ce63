"""Scrubber edits for authorizations (box 23) and timely filing; both only warn.

Kept apart from ``scrubber.py`` and free of it: they return :class:`Problem` rows that
the scrubber turns into warnings. Standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from oa_desktop.domain.authorizations import (
    ZERO,
    Authorization,
    AuthUnit,
    Stage,
    UsageLine,
    amount_of,
    pick,
)
from oa_desktop.domain.filing import WARN_WITHIN_DAYS, days_left
from oa_desktop.domain.models import Claim, ServiceLine

_BOX23 = ("23", "2300 REF*G1")
_CO197 = "the payer will deny it (CO-197, no authorization)"


@dataclass(frozen=True, slots=True)
class Problem:
    """One warning, as the scrubber words it (box, element, message, hint, line)."""

    code: str
    box: str
    element: str
    message: str
    hint: str
    line: int | None = None


def _fmt(day: date) -> str:
    return day.strftime("%m/%d/%Y")


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def _unit_word(auth: Authorization, value: Decimal) -> str:
    word = "unit" if auth.unit is AuthUnit.UNITS else "visit"
    return f"{_num(value)} {word}{'' if value == 1 else 's'}"


def claim_usage_lines(claim: Claim) -> list[UsageLine]:
    """The claim's lines as usage sees them (as if scheduled)."""
    return [
        UsageLine(claim.id or 0, claim.coverage_id, claim.rendering_provider_id,
                  line.service_date, line.procedure_code, line.modifiers, line.units,
                  Stage.SCHEDULED)
        for line in claim.lines
    ]


def picks(claim: Claim, authorizations: Sequence[Authorization]) -> list[Authorization | None]:
    """The authorization covering each line of the claim, in line order."""
    return [
        pick(authorizations, claim.coverage_id, claim.rendering_provider_id,
             line.procedure_code, line.modifiers, line.service_date)
        for line in claim.lines
    ]


def box23_number(claim: Claim, authorizations: Sequence[Authorization]) -> str | None:
    """The number box 23 should carry: the first line's authorization, or None."""
    return next((a.number for a in picks(claim, authorizations) if a is not None), None)


def line_numbers(claim: Claim, authorizations: Sequence[Authorization]) -> list[str]:
    """What each line's own REF*G1 (loop 2400) should say: the covering authorization's
    number when it is not box 23's, '' when the line goes by box 23 (or none covers it)."""
    box = claim.prior_authorization.strip() or (box23_number(claim, authorizations) or "")
    return [a.number if a is not None and a.number != box else ""
            for a in picks(claim, authorizations)]


def fill_line_authorizations(claim: Claim, authorizations: Sequence[Authorization]) -> bool:
    """Give each line covered by another authorization than box 23's that number (and clear
    one box 23 now holds); a number the biller typed that is not on file stays, and so do
    the lines of a box 23 typed by hand. True if any line changed."""
    ours = {a.number for a in authorizations}
    box = claim.prior_authorization.strip()
    if box and box not in ours:
        return False  # box 23 typed by hand: the biller decides the lines too
    changed = False
    for line, wanted in zip(claim.lines, line_numbers(claim, authorizations), strict=True):
        current = line.prior_authorization.strip()
        if current == wanted or (current and current not in ours):
            continue
        line.prior_authorization = wanted
        changed = True
    return changed


def _uncovered(n: int, line: ServiceLine, claim: Claim,
               authorizations: Sequence[Authorization]) -> Problem | None:
    fits = [a for a in authorizations
            if a.coverage_id == claim.coverage_id
            and a.covers_service(line.procedure_code, line.modifiers,
                                 claim.rendering_provider_id)]
    if not fits:
        return None  # this payer asks no authorization for the code (none on file)
    code, day = line.procedure_code, line.service_date
    ended = [a for a in fits if a.to_date < day]
    if ended and not any(a.from_date > day for a in fits):
        last = max(ended, key=lambda a: a.to_date)
        return Problem(
            "auth.expired", *_BOX23,
            f"Authorization {last.number} for {code} ended {_fmt(last.to_date)}; this service "
            f"is dated {_fmt(day)}.",
            f"Ask the payer for a new authorization and add it to the coverage, or {_CO197}.",
            n)
    return Problem(
        "auth.missing", *_BOX23,
        f"No authorization covers {code} on {_fmt(day)} (on file: "
        f"{', '.join(f'{a.number} {_fmt(a.from_date)}–{_fmt(a.to_date)}' for a in fits)}).",
        f"Add the authorization for this date to the coverage, or {_CO197}.", n)


def _exceeded(auth: Authorization, mine: list[UsageLine],
              used_elsewhere: Mapping[int, Decimal], first_line: int) -> Problem | None:
    this = amount_of(auth, mine)
    other = used_elsewhere.get(auth.id or 0, ZERO)
    over = other + this - auth.approved
    if over <= 0:
        return None
    return Problem(
        "auth.exceeded", *_BOX23,
        f"This claim uses {_unit_word(auth, this)} of authorization {auth.number}: "
        f"{_num(auth.approved)} approved, {_num(other)} already used by other claims, so "
        f"{_unit_word(auth, over)} over.",
        "Ask the payer to extend the authorization, or bill the units over it later or "
        "to the patient; the payer will deny what goes past it (CO-197 or CO-119).",
        first_line)


def authorization_problems(
    claim: Claim, authorizations: Sequence[Authorization],
    used_elsewhere: Mapping[int, Decimal],
) -> list[Problem]:
    """Lines no authorization covers (or only an expired one), authorizations this claim
    would take past what was approved, and box 23 disagreeing with the lines."""
    if not authorizations:
        return []
    found: list[Problem] = []
    chosen = picks(claim, authorizations)
    lines = claim_usage_lines(claim)
    groups: dict[int, tuple[Authorization, list[UsageLine], int]] = {}
    for n, (line, auth) in enumerate(zip(claim.lines, chosen, strict=True), start=1):
        if auth is None:
            problem = _uncovered(n, line, claim, authorizations)
            if problem is not None:
                found.append(problem)
            continue
        groups.setdefault(auth.id or 0, (auth, [], n))[1].append(lines[n - 1])
    for auth, mine, first_line in groups.values():
        problem = _exceeded(auth, mine, used_elsewhere, first_line)
        if problem is not None:
            found.append(problem)
    found += _box23_problems(claim, [a for a in chosen if a is not None])
    found += _line_problems(claim, chosen)
    return found


def _box23_problems(claim: Claim, chosen: list[Authorization]) -> list[Problem]:
    numbers = list(dict.fromkeys(a.number for a in chosen))
    box = claim.prior_authorization.strip()
    if numbers and box and box not in numbers:
        return [Problem(
            "auth.box23", *_BOX23,
            f"Box 23 says {box}, but the authorization on file for these services is "
            f"{numbers[0]}.",
            f"Put {numbers[0]} in box 23, unless the payer gave you {box} for this claim.")]
    return []


def _line_problems(claim: Claim, chosen: list[Authorization | None]) -> list[Problem]:
    """Lines under another authorization than box 23's must carry it (2400 REF*G1)."""
    box = claim.prior_authorization.strip() or next(
        (a.number for a in chosen if a is not None), "")
    numbers = {a.number for a in chosen if a is not None}
    found = []
    for n, (line, auth) in enumerate(zip(claim.lines, chosen, strict=True), start=1):
        own = line.prior_authorization.strip()
        if auth is None or (own or box) == auth.number or not (own or box in numbers):
            continue  # (a box 23 that is none of them has its own warning)
        found.append(Problem(
            "auth.line", "23", "2400 REF*G1",
            f"Line {n} ({line.procedure_code} on {_fmt(line.service_date)}) falls under "
            f"authorization {auth.number}, but the claim sends {own or box} for it.",
            f"Type {auth.number} in the line's authorization field (it goes with the line, "
            "box 23 keeps the claim's), or split the claim.", n))
    return found


def filing_problems(deadline: date, today: date) -> list[Problem]:
    """A warning from 30 days before the filing deadline on; never an error."""
    left = days_left(deadline, today)
    if left > WARN_WITHIN_DAYS:
        return []
    where = ("24A", "2400 DTP*472")
    if left < 0:
        return [Problem(
            "filing.passed", *where,
            f"The timely filing deadline passed on {_fmt(deadline)} ({-left} days ago).",
            "Send it anyway if you have proof it was filed in time (the proof-of-timely-filing "
            "packet), or ask the payer about an exception.")]
    return [Problem(
        "filing.soon", *where,
        f"Timely filing deadline {_fmt(deadline)}: {left} day{'' if left == 1 else 's'} left.",
        "Send this claim soon; a claim after the deadline is denied (CO-29).")]
