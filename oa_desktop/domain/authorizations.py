"""Authorizations: a payer approves so many units (or visits) of some codes between two dates.

Which authorization covers a service line is decided here, once, by :func:`pick`; usage,
box 23, the scrubber and the worklist all ask it, so they never disagree. Usage is never
stored: it is summed from the claims' lines (:class:`UsageLine`) every time.

Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from oa_desktop.domain.status import ClaimStatus

ZERO = Decimal("0")


class AuthUnit(StrEnum):
    """What an authorization counts."""

    UNITS = "units"  # the lines' units (15-minute units for ABA codes)
    VISITS = "visits"  # one per date of service on a claim


@dataclass(frozen=True, slots=True)
class AuthCode:
    """A procedure code an authorization approves, with the modifiers it requires."""

    code: str
    modifiers: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> AuthCode:
        """``97153``, ``97153-HN``, ``97153:HN:U1`` or ``97153 HN`` → code and modifiers."""
        parts = [p for p in text.replace(":", " ").replace("-", " ").upper().split() if p]
        if not parts:
            raise ValueError("empty procedure code")
        return cls(parts[0], tuple(parts[1:]))

    def __str__(self) -> str:
        return "-".join((self.code, *self.modifiers))

    def covers(self, code: str, modifiers: Sequence[str]) -> bool:
        """Same code, and every modifier the authorization names is on the line."""
        return code.upper() == self.code and all(m in modifiers for m in self.modifiers)


@dataclass(slots=True)
class Authorization:
    """Prior authorization for one coverage (box 23, REF*G1)."""

    coverage_id: int
    number: str  # box 23, 2300 REF*G1
    codes: tuple[AuthCode, ...]
    approved: Decimal  # units or visits
    from_date: date
    to_date: date
    unit: AuthUnit = AuthUnit.UNITS
    rendering_provider_id: int | None = None  # None: any provider
    note: str = ""
    id: int | None = None

    def covers_service(self, code: str, modifiers: Sequence[str], provider_id: int | None) -> bool:
        """The code (with modifiers) and provider fit, whatever the date."""
        if self.rendering_provider_id is not None and provider_id != self.rendering_provider_id:
            return False
        return any(c.covers(code, modifiers) for c in self.codes)

    def in_period(self, day: date) -> bool:
        """``day`` falls between the from and to dates (both included)."""
        return self.from_date <= day <= self.to_date

    @property
    def codes_text(self) -> str:
        """``97153, 97155-HN``."""
        return ", ".join(str(c) for c in self.codes)


class Stage(StrEnum):
    """Where a claim line counts against an authorization."""

    SCHEDULED = "scheduled"  # on a draft, ready or rejected claim: not sent yet
    BILLED = "billed"  # sent to the payer


_S = ClaimStatus
SCHEDULED_STATUSES = frozenset({_S.DRAFT, _S.READY, _S.REJECTED})
BILLED_STATUSES = frozenset({
    _S.SUBMITTED, _S.ACCEPTED_BY_CLEARINGHOUSE, _S.ACCEPTED_BY_PAYER, _S.PAID,
    _S.PARTIALLY_PAID, _S.CLOSED,
})


def stage_of(status: ClaimStatus, frequency: str) -> Stage | None:
    """Where a claim's lines count: scheduled, billed, or nowhere.

    A denied claim uses nothing until it is corrected (it is then a draft again and
    counts as scheduled); a void (frequency 8) never uses anything.
    """
    if frequency == "8":
        return None
    if status in SCHEDULED_STATUSES:
        return Stage.SCHEDULED
    if status in BILLED_STATUSES:
        return Stage.BILLED
    return None


@dataclass(frozen=True, slots=True)
class UsageLine:
    """One service line as usage sees it."""

    claim_id: int
    coverage_id: int
    provider_id: int | None
    service_date: date
    code: str
    modifiers: tuple[str, ...]
    units: Decimal
    stage: Stage
    paid: bool = False  # payments posted (ERA or by hand) and not undone


def pick(
    authorizations: Iterable[Authorization], coverage_id: int, provider_id: int | None,
    code: str, modifiers: Sequence[str], day: date,
) -> Authorization | None:
    """The authorization that covers one line, or None.

    Candidates share the claim's coverage, cover the code (and the modifiers they name)
    and the provider (when they name one), and include the date. A provider-specific one
    wins over one for any provider; then the one ending first (use it up before it
    lapses); then the oldest.
    """
    found = [
        a for a in authorizations
        if a.coverage_id == coverage_id and a.in_period(day)
        and a.covers_service(code, modifiers, provider_id)
    ]
    if not found:
        return None
    return min(found, key=lambda a: (a.rendering_provider_id is None, a.to_date, a.id or 0))


def amount_of(auth: Authorization, lines: Iterable[UsageLine]) -> Decimal:
    """What ``lines`` use of ``auth``: their units, or one visit per claim and date."""
    lines = list(lines)
    if auth.unit is AuthUnit.VISITS:
        return Decimal(len({(line.claim_id, line.service_date) for line in lines}))
    return sum((line.units for line in lines), ZERO)


@dataclass(frozen=True, slots=True)
class Usage:
    """One authorization with what the claims use of it."""

    authorization: Authorization
    scheduled: Decimal
    billed: Decimal
    paid: Decimal  # a part of billed

    @property
    def used(self) -> Decimal:
        """Scheduled and billed together."""
        return self.scheduled + self.billed

    @property
    def remaining(self) -> Decimal:
        """Approved less used; negative when the claims already go past it."""
        return self.authorization.approved - self.used

    @property
    def used_fraction(self) -> float:
        """Used / approved, 0 to 1 (more when over)."""
        approved = self.authorization.approved
        return float(self.used / approved) if approved > 0 else 1.0


def assign(
    authorizations: Sequence[Authorization], lines: Iterable[UsageLine]
) -> tuple[dict[int, list[UsageLine]], list[UsageLine]]:
    """Lines by the id of the authorization :func:`pick` gives them, and the lines none
    covers (of codes some authorization of their coverage lists, at any date)."""
    by_auth: dict[int, list[UsageLine]] = {a.id or 0: [] for a in authorizations}
    uncovered: list[UsageLine] = []
    for line in lines:
        auth = pick(authorizations, line.coverage_id, line.provider_id, line.code,
                    line.modifiers, line.service_date)
        if auth is not None:
            by_auth[auth.id or 0].append(line)
        elif any(a.coverage_id == line.coverage_id
                 and a.covers_service(line.code, line.modifiers, line.provider_id)
                 for a in authorizations):
            uncovered.append(line)
    return by_auth, uncovered


def usage(authorizations: Sequence[Authorization], lines: Iterable[UsageLine]) -> list[Usage]:
    """Usage of every authorization, in the order given."""
    by_auth, _ = assign(authorizations, lines)
    result = []
    for auth in authorizations:
        mine = by_auth[auth.id or 0]
        result.append(Usage(
            auth,
            scheduled=amount_of(auth, (x for x in mine if x.stage is Stage.SCHEDULED)),
            billed=amount_of(auth, (x for x in mine if x.stage is Stage.BILLED)),
            paid=amount_of(auth, (x for x in mine if x.stage is Stage.BILLED and x.paid)),
        ))
    return result


# -- the worklist "Authorizations ending or running out" --------------------------------

ENDING_WITHIN_DAYS = 30
LOW_FRACTION = Decimal("0.20")
PACE_WEEKS = 4  # the current weekly pace: what the last four weeks used


@dataclass(frozen=True, slots=True)
class Alert:
    """One row of the worklist."""

    usage: Usage
    reasons: tuple[str, ...]
    weekly_pace: Decimal  # units (or visits) a week over the last four weeks
    runs_out: date | None  # at that pace, None when the pace is zero


def weekly_pace(auth: Authorization, lines: Iterable[UsageLine], today: date) -> Decimal:
    """Units (or visits) a week used over the last four weeks up to ``today``."""
    start = today - timedelta(weeks=PACE_WEEKS)
    recent = [x for x in lines if start < x.service_date <= today]
    return amount_of(auth, recent) / PACE_WEEKS


def _fmt(day: date) -> str:
    return day.strftime("%m/%d/%Y")


def _amount(value: Decimal, unit: AuthUnit) -> str:
    number = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    word = "unit" if unit is AuthUnit.UNITS else "visit"
    return f"{number} {word}{'' if value == 1 else 's'}"


def alert_for(
    item: Usage, lines: Sequence[UsageLine], today: date
) -> Alert | None:
    """Why the authorization belongs on the worklist, or None.

    It ends within 30 days; or less than 20% of it is left at the current weekly pace,
    that is: what will be left on its last day, if the last four weeks' pace goes on,
    is under 20% of what was approved (so an authorization nobody is using is not
    flagged for running out, and one used fast is flagged early).
    """
    auth = item.authorization
    if auth.to_date < today:
        return None  # expired: no longer a thing to plan for (the scrubber warns)
    reasons: list[str] = []
    days_left = (auth.to_date - today).days
    if days_left <= ENDING_WITHIN_DAYS:
        reasons.append(f"Ends in {days_left} day{'' if days_left == 1 else 's'} "
                       f"({_fmt(auth.to_date)})")
    pace = weekly_pace(auth, lines, today)
    weeks_left = Decimal(days_left) / 7
    left_at_end = item.remaining - pace * weeks_left
    runs_out = None
    if pace > 0 and item.remaining > 0:
        runs_out = today + timedelta(days=int(item.remaining / pace * 7))
    if auth.approved > 0 and left_at_end < auth.approved * LOW_FRACTION:
        reasons.append(_running_out_text(item, pace, runs_out))
    if not reasons:
        return None
    return Alert(item, tuple(reasons), pace, runs_out)


def _running_out_text(item: Usage, pace: Decimal, runs_out: date | None) -> str:
    auth = item.authorization
    left = (f"{_amount(max(item.remaining, ZERO), auth.unit)} of "
            f"{_amount(auth.approved, auth.unit)} left")
    if item.remaining <= 0:
        return f"Used up: {left}"
    if pace > 0:
        when = (f", runs out about {_fmt(runs_out)}"
                if runs_out is not None and runs_out <= auth.to_date else "")
        return f"{left} at {_amount(pace.quantize(Decimal('0.1')), auth.unit)} a week{when}"
    return f"{left}"


@dataclass(frozen=True, slots=True)
class Worklist:
    """The worklist: authorizations flagged, and lines none covers."""

    alerts: list[Alert] = field(default_factory=list)
    uncovered: list[UsageLine] = field(default_factory=list)  # sessions billed without one

    @property
    def count(self) -> int:
        """Authorizations flagged plus claims with lines no authorization covers."""
        return len(self.alerts) + len({x.claim_id for x in self.uncovered})


def worklist(
    authorizations: Sequence[Authorization], lines: Sequence[UsageLine], today: date
) -> Worklist:
    """Authorizations ending or running out, and lines billed without one."""
    by_auth, uncovered = assign(authorizations, lines)
    alerts = []
    for item in usage(authorizations, lines):
        alert = alert_for(item, by_auth[item.authorization.id or 0], today)
        if alert is not None:
            alerts.append(alert)
    alerts.sort(key=lambda a: a.usage.authorization.to_date)
    return Worklist(alerts, uncovered)
