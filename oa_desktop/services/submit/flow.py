"""The batch submission wizard's flow, Qt-free (Electrum's wizard is the model).

Choose → Scrub → Summary → Send. Nothing is written until :meth:`SubmitFlow.finish`
hands back what to send; the UI then runs :func:`services.submit.submit` in the
background. Every page's content is computed here so it can be tested without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from oa_desktop.domain import fees
from oa_desktop.domain.money import from_cents
from oa_desktop.domain.scrub_findings import Finding, has_errors
from oa_desktop.services.submit import batches
from oa_desktop.store import records, settings, submit_queries
from oa_desktop.store.db import Store

PAGES = ("choose", "scrub", "summary", "send")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A ready claim as the Choose page lists it."""

    claim_id: int
    pcn: str
    patient_name: str
    payer_id: int
    payer_name: str
    non_par: bool
    provider_id: int | None
    provider_name: str
    npi: str
    first_date: str
    charge_amount: Decimal
    line_count: int


@dataclass(frozen=True, slots=True)
class Filters:
    """Which ready claims the send wizard offers."""
    payer_id: int | None = None
    provider_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def keeps(self, c: Candidate) -> bool:
        """True if the claim passes every filter."""
        day = date.fromisoformat(c.first_date) if c.first_date else None
        return (
            (self.payer_id is None or c.payer_id == self.payer_id)
            and (self.provider_id is None or c.provider_id == self.provider_id)
            and (self.date_from is None or (day is not None and day >= self.date_from))
            and (self.date_to is None or (day is not None and day <= self.date_to))
        )


@dataclass(frozen=True, slots=True)
class ScrubProblem:
    """A claim the scrub left out, with its first error."""
    claim_id: int
    pcn: str
    patient_name: str
    finding: Finding


@dataclass(frozen=True, slots=True)
class FeeRow:
    """One Tax ID + rendering NPI: this batch and the month with it, and the fee."""

    tax_id: str
    npi: str
    provider_name: str
    par: int  # in this batch
    non_par: int
    month_claims: int  # sent this month, this batch included
    month_non_par: int
    fee_amount: Decimal

    @property
    def share(self) -> Decimal:
        """The month's Non-Par share in percent."""
        if not self.month_claims:
            return Decimal(0)
        return (Decimal(100) * self.month_non_par / self.month_claims).quantize(Decimal("1"))


@dataclass(frozen=True)
class Summary:
    """What the batch would send: claims, lines, charges, payers, fee."""
    claims: int
    lines: int
    charge_amount: Decimal
    payers: list[tuple[str, int, Decimal]]  # name, claims, charges
    fees: list[FeeRow]
    files: int  # how many files the cap splits the batch into


def non_par_fee(month_claims: int, month_non_par: int, threshold_percent: int,
                fee: Decimal) -> Decimal:
    """Office Ally's monthly Non-Par fee for one Tax ID + NPI (OFFICE_ALLY.md, Costs).

    The fee is due when the month's Non-Par share reaches the threshold (default 50%);
    the rule itself is ``domain.fees.triggers``.
    """
    if fees.triggers(month_non_par, month_claims, Decimal(threshold_percent)):
        return fee
    return Decimal("0.00")


def load_candidates(store: Store) -> list[Candidate]:
    """Every sendable ready claim with what the Choose page shows and filters on."""
    ids = batches.sendable_claim_ids(store)
    if not ids:
        return []
    practice_npi = records.practice_npi(store)
    rows = submit_queries.candidate_rows(store, ids)
    return [
        Candidate(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7] or "Billing provider",
                  r[8] or practice_npi, r[9], from_cents(r[10]),
                  r[11])
        for r in rows
    ]


@dataclass
class SubmitFlow:
    """The wizard's state. ``today`` fixes the month the fee counts."""

    store: Store
    today: date
    preselected: set[int] | None = None
    candidates: list[Candidate] = field(default_factory=list)
    filters: Filters = field(default_factory=Filters)
    selected: set[int] = field(default_factory=set)
    findings: dict[int, list[Finding]] = field(default_factory=dict)
    test_mode: bool = True
    confirmed: bool = False

    def __post_init__(self) -> None:
        self.candidates = load_candidates(self.store)
        known = {c.claim_id for c in self.candidates}
        self.selected = set(self.preselected & known) if self.preselected else set(known)
        self.test_mode = bool(settings.TEST_MODE.get(self.store))

    # -- page 1: choose -------------------------------------------------------------------

    def visible(self) -> list[Candidate]:
        """The candidates the filters keep."""
        return [c for c in self.candidates if self.filters.keeps(c)]

    def chosen(self) -> list[Candidate]:
        """Selected claims the filters keep (what goes on to the scrub)."""
        return [c for c in self.visible() if c.claim_id in self.selected]

    def set_filters(self, filters: Filters) -> None:
        """Change the filters; the scrub must run again."""
        self.filters = filters
        self.findings = {}

    # -- page 2: scrub --------------------------------------------------------------------

    def run_scrub(self) -> list[ScrubProblem]:
        """Scrub the chosen claims; returns the problems (errors first)."""
        chosen = self.chosen()
        self.findings = batches.scrub_claims(self.store, [c.claim_id for c in chosen], self.today)
        by_id = {c.claim_id: c for c in chosen}
        return [ScrubProblem(i, by_id[i].pcn, by_id[i].patient_name, f)
                for i, found in self.findings.items() for f in found]

    def left_out(self) -> list[int]:
        """Chosen claims with scrubber errors: they stay behind."""
        return [i for i, found in self.findings.items() if has_errors(found)]

    def to_send(self) -> list[Candidate]:
        """Chosen claims that passed the scrub."""
        out = set(self.left_out())
        return [c for c in self.chosen() if c.claim_id not in out]

    # -- page 3: summary ------------------------------------------------------------------

    def summary(self) -> Summary:
        """Counts, charges, payers and the Office Ally fee this batch leads to."""
        sending = self.to_send()
        payers: dict[str, tuple[int, Decimal]] = {}
        for c in sending:
            count, charges = payers.get(c.payer_name, (0, Decimal("0.00")))
            payers[c.payer_name] = (count + 1, charges + c.charge_amount)
        tax_id = records.practice_ein(self.store)
        month = submit_queries.month_counts(self.store, self.today.strftime("%Y-%m"))
        threshold = int(settings.NON_PAR_THRESHOLD.get(self.store))
        fee = Decimal(str(settings.NON_PAR_FEE.get(self.store)))
        groups: dict[str, list[Candidate]] = {}
        for c in sending:
            groups.setdefault(c.npi, []).append(c)
        fees = []
        for npi, group in sorted(groups.items(), key=lambda g: g[1][0].provider_name):
            non_par = sum(1 for c in group if c.non_par)
            before, before_non_par = month.get((tax_id, npi), (0, 0))
            total, total_non_par = before + len(group), before_non_par + non_par
            fees.append(FeeRow(tax_id, npi, group[0].provider_name, len(group) - non_par,
                               non_par, total, total_non_par,
                               non_par_fee(total, total_non_par, threshold, fee)))
        cap = max(int(settings.BATCH_CLAIM_CAP.get(self.store)), 1)
        return Summary(
            claims=len(sending), lines=sum(c.line_count for c in sending),
            charge_amount=sum((c.charge_amount for c in sending), Decimal("0.00")),
            payers=sorted(((n, k, t) for n, (k, t) in payers.items()), key=lambda p: -p[1]),
            fees=fees, files=-(-len(sending) // cap) if sending else 0,
        )

    # -- page 4: send ---------------------------------------------------------------------

    def can_finish(self) -> bool:
        """Something to send and the biller confirmed."""
        return self.confirmed and bool(self.to_send())

    def finish(self) -> tuple[list[int], bool]:
        """The claim ids to send and whether as a test file (nothing is written here)."""
        if not self.can_finish():
            raise ValueError("the batch is not confirmed or has no claims")
        return [c.claim_id for c in self.to_send()], self.test_mode
