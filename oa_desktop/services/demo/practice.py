"""The demo practice: deterministic, fictional, with claims in every status.

``seed_demo`` fills an empty database with a behavioral-health / ABA group, so every
screen has something real to show. The same seed and day give the same practice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from oa_desktop.domain.identifiers import npi_check_digit
from oa_desktop.domain.models import (
    Address,
    BillingProvider,
    Claim,
    ClaimFilingIndicator,
    Coverage,
    Facility,
    Patient,
    Payer,
    Person,
    Relationship,
    RenderingProvider,
    ServiceLine,
    Sex,
)
from oa_desktop.domain.money import to_cents, to_money
from oa_desktop.domain.status import ClaimStatus, EventKind, settle_events
from oa_desktop.errors import KnownError
from oa_desktop.services.demo import auth_demo, data
from oa_desktop.services.era.simulation import CLOSED_TEXT
from oa_desktop.store import batches, claims, fee_schedule, records, settings
from oa_desktop.store.db import Store

if TYPE_CHECKING:
    from oa_desktop.sandbox.responses import Remit
    from oa_desktop.sandbox.server import RunningSandbox
    from oa_desktop.services.claims.loading import ClaimLoader
    from oa_desktop.services.workspace import Workspace

S = ClaimStatus
# days from the first date of service until each step (lines span up to 2 days)
_MIN_AGE_DAYS = {
    S.DRAFT: 3, S.READY: 3, S.SUBMITTED: 3, S.ACCEPTED_BY_CLEARINGHOUSE: 4, S.REJECTED: 5,
    S.ACCEPTED_BY_PAYER: 5,
}


@dataclass(frozen=True)
class DemoSummary:
    """What the demo practice was made with."""
    providers: int
    payers: int
    patients: int
    claims: int


def _npi(rng: random.Random) -> str:
    first = "1" + "".join(str(rng.randrange(10)) for _ in range(8))
    return first + str(npi_check_digit(first))


class _Seeder:
    def __init__(self, store: Store, today: date, seed: int) -> None:
        self.store = store
        self.today = today
        self.accepted_count = 0  # claims the payer accepted so far (payer reports take turns)
        self.rng = random.Random(seed)
        # the demo has no future events: nothing later than now (or the end of ``today``)
        self.latest = min(
            datetime.now(UTC).replace(microsecond=0),
            datetime.combine(today, time(23, 59), tzinfo=UTC),
        )
        self.provider_ids: list[int] = []
        self.payers: list[Payer] = []
        self.patients: list[tuple[Patient, list[Coverage], bool]] = []
        self.loader: ClaimLoader | None = None  # reads claims for the demo's 837 files

    def _stamp(self, day: date, hour: int = 9) -> str:
        moment = min(datetime.combine(day, time(hour), tzinfo=UTC), self.latest)
        return moment.isoformat()

    def practice(self) -> None:
        city, state, zip_code = data.PRACTICE_CITY
        records.save_practice(self.store, BillingProvider(
            name=data.PRACTICE_NAME.upper(), npi=_npi(self.rng), ein="742345678",
            taxonomy="251S00000X",
            address=Address("1200 RIVERSIDE DR", "SUITE 300", city, state, zip_code),
            phone="5125550100", submitter_id="HARBORLT01", contact_name="PAT BILLER",
            contact_phone="5125550101",
        ))
        for last, first, credential, taxonomy in data.PROVIDERS:
            self.provider_ids.append(records.save_rendering_provider(self.store, RenderingProvider(
                last_name=last.upper(), first_name=first.upper(), npi=_npi(self.rng),
                taxonomy=taxonomy, credential=credential,
            )))
        records.save_facility(self.store, Facility(
            name="HARBOR LIGHT CLINIC", npi=_npi(self.rng),
            address=Address("1200 RIVERSIDE DR", "SUITE 300", city, state, zip_code),
        ))
        for code, description, price, _units, _aba in data.SERVICES:
            fee_schedule.set_fee(self.store, fee_schedule.Fee(code, "", price, description))
        for code, price in data.HCPCS_FEES:  # no words of the practice's own: CMS's show
            fee_schedule.set_fee(self.store, fee_schedule.Fee(code, "", price, ""))
        for name, payer_id, non_par, indicator in data.PAYERS:
            payer = Payer(
                name=name, payer_ids={"837P": payer_id, "835": payer_id}, non_par=non_par,
                enrollment_required={"835": True},
                claim_filing_indicator=ClaimFilingIndicator(indicator),
            )
            records.save_payer(self.store, payer)
            self.payers.append(payer)

    def _person(self, first_names: tuple[str, ...], last: str, age: range) -> Person:
        years = self.rng.choice(age)
        born = self.today - timedelta(days=365 * years + self.rng.randrange(365))
        zip_code = f"787{self.rng.randrange(10, 60):02d}"
        address = Address(
            f"{self.rng.randrange(100, 9900)} {self.rng.choice(data.STREETS).upper()}", "",
            "AUSTIN", "TX", zip_code,
        )
        return Person(
            last_name=last.upper(), first_name=self.rng.choice(first_names).upper(),
            birth_date=born, sex=self.rng.choice((Sex.FEMALE, Sex.MALE)), address=address,
            phone=f"512555{self.rng.randrange(1000, 9999)}",
        )

    def patients_and_coverages(self, count: int = 60) -> None:
        for n in range(count):
            last = data.LAST_NAMES[n % len(data.LAST_NAMES)]
            child = n % 5 < 3  # most ABA clients are children covered by a parent's plan
            person = self._person(
                data.FIRST_NAMES_CHILD if child else data.FIRST_NAMES_ADULT, last,
                range(3, 15) if child else range(19, 70),
            )
            patient = Patient(person=person, account_number=f"HL{1000 + n}")
            records.save_patient(self.store, patient)
            assert patient.id is not None
            coverages = [self._coverage(patient, person, child, rank=1)]
            if n % 4 == 1:
                coverages.append(self._coverage(patient, person, child, rank=2))
            self.patients.append((patient, coverages, child))

    def _coverage(self, patient: Patient, person: Person, child: bool, rank: int) -> Coverage:
        payer = self.rng.choice(self.payers[:8] if rank == 2 else self.payers)
        subscriber = None
        relationship = Relationship.SELF
        if child:
            relationship = Relationship.CHILD
            subscriber = self._person(data.FIRST_NAMES_ADULT, person.last_name, range(28, 50))
            subscriber.address = person.address
        coverage = Coverage(
            patient_id=patient.id or 0, payer_id=payer.id or 0, rank=rank,
            member_id=f"{payer.name[:1].upper()}{self.rng.randrange(10**8, 10**9)}",
            group_number=f"G{self.rng.randrange(10000, 99999)}", relationship=relationship,
            subscriber=subscriber, effective_from=self.today - timedelta(days=400),
        )
        records.save_coverage(self.store, coverage)
        return coverage

    def claim(self, n: int) -> None:
        patient, coverages, child = self.patients[n % len(self.patients)]
        age_days = 1 + int(89 * (n / 300) ** 1.4) + self.rng.randrange(0, 3)
        target = self._target_status(age_days)
        # old enough for every step of its journey to lie in the past
        age_days = min(max(age_days, _MIN_AGE_DAYS.get(target, 20)), 90)
        first_day = self.today - timedelta(days=age_days)
        code, _, price, units_choices, aba = self.rng.choice(
            [s for s in data.SERVICES if s[4] == child]
        )
        diagnoses = [self.rng.choice(data.ABA_DIAGNOSES if child else data.BH_DIAGNOSES)]
        if self.rng.random() < 0.3:
            extra = self.rng.choice(data.BH_DIAGNOSES)
            if extra not in diagnoses:
                diagnoses.append(extra)
        lines = []
        for i in range(self.rng.choice((1, 1, 2, 3)) if aba else 1):
            units = Decimal(self.rng.choice(units_choices))
            lines.append(ServiceLine(
                service_date=first_day + timedelta(days=i), procedure_code=code,
                charge_amount=to_money(price * units), units=units,
                modifiers=("HN",) if code == "97153" and self.rng.random() < 0.3 else (),
                diagnosis_pointers=tuple(range(1, len(diagnoses) + 1)),
            ))
        pcn = claims.new_pcn(self.store)
        for i, line in enumerate(lines, start=1):
            line.control_number = f"{pcn}L{i}"
        claim = Claim(
            patient_id=patient.id or 0, coverage_id=coverages[0].id or 0,
            patient_control_number=pcn, diagnoses=diagnoses, lines=lines,
            place_of_service=self.rng.choice(("11", "11", "12", "10")),
            rendering_provider_id=self.provider_ids[0 if aba else 1 + n % 2],
            secondary_coverage_id=coverages[1].id if len(coverages) > 1 else None,
            prior_authorization=f"AUTH{self.rng.randrange(100000, 999999)}" if aba else "",
        )
        base = claim.last_date or first_day
        claims.save_claim(self.store, claim, at=self._stamp(base + timedelta(days=1)))
        assert claim.id is not None
        self._advance(claim, target, base)

    def _target_status(self, age_days: int) -> ClaimStatus:
        if age_days < 8:
            return self.rng.choice((S.DRAFT, S.DRAFT, S.READY, S.READY, S.SUBMITTED))
        if age_days < 22:
            return self.rng.choice(
                (S.SUBMITTED, S.ACCEPTED_BY_CLEARINGHOUSE, S.ACCEPTED_BY_CLEARINGHOUSE, S.REJECTED,
                 S.ACCEPTED_BY_PAYER, S.ACCEPTED_BY_PAYER)
            )
        return self.rng.choice(
            (S.ACCEPTED_BY_PAYER, S.PAID, S.PAID, S.PAID, S.PARTIALLY_PAID, S.PARTIALLY_PAID,
             S.DENIED, S.CLOSED, S.CLOSED, S.CLOSED, S.REJECTED)
        )

    def _advance(self, claim: Claim, target: ClaimStatus, last_day: date) -> None:
        assert claim.id is not None
        order = (S.READY, S.SUBMITTED, S.ACCEPTED_BY_CLEARINGHOUSE)
        if target is S.DRAFT:
            return
        day = last_day + timedelta(days=1)
        claims.add_event(self.store, claim.id, EventKind.MARKED_READY, at=self._stamp(day, 10),
                         text="Scrub passed; ready to send")
        if target is S.READY:
            return
        sent_at = self._stamp(day, 11)
        batch = batches.create_batch(self.store, [self._batch_claim(claim)], at=sent_at)
        self._archive_837(batch, claim.id, sent_at)
        batches.mark_batch(self.store, batch.id, "sent", at=self._stamp(day, 11))
        claims.add_event(self.store, claim.id, EventKind.SUBMITTED, at=self._stamp(day, 11),
                         batch_id=batch.id, text=f"Sent to Office Ally in batch {batch.name}")
        if target is S.SUBMITTED:
            return
        day += timedelta(days=1)
        claims.add_event(self.store, claim.id, EventKind.FILE_ACCEPTED, at=self._stamp(day, 6),
                         source="999", codes="A", text="Office Ally accepted the file (999)")
        batches.mark_batch(self.store, batch.id, "accepted")
        batches.set_answers(self.store, batch.id, ack_status="A", ack_at=self._stamp(day, 6))
        if target in order:
            return
        day += timedelta(days=1)
        batches.set_answers(self.store, batch.id, first_277_at=self._stamp(day, 7))
        if target is S.REJECTED:
            code, text = self.rng.choice(data.REJECTIONS)
            claims.add_event(self.store, claim.id, EventKind.PAYER_REJECTED, at=self._stamp(day, 7),
                             source="277", codes=code, text=f"Rejected by payer: {text}")
            return
        claims.add_event(self.store, claim.id, EventKind.PAYER_ACKNOWLEDGED, at=self._stamp(day, 7),
                         source="277", codes="A2:20", text="Accepted by the payer for processing")
        if target is S.ACCEPTED_BY_PAYER:
            self._payer_report(claim, day + timedelta(days=7))
            return
        self._remit(claim, target, day + timedelta(days=14))

    def _payer_report(self, claim: Claim, day: date) -> None:
        """Every other claim the payer accepted has a payer's 277 since (in turn, not
        drawn, so the seeded draws of the rest of the demo stay as they were)."""
        assert claim.id is not None
        self.accepted_count += 1
        if self.accepted_count % 2 or day > self.today:
            return
        turn = (self.accepted_count // 2) % len(data.PAYER_REPORTS)
        kind, codes, text = data.PAYER_REPORTS[turn]
        claims.add_event(self.store, claim.id, EventKind(kind), at=self._stamp(day, 8),
                         source="277", codes=codes, text=f"The payer (277): {text}")

    def _archive_837(self, batch: batches.Batch, claim_id: int, sent_at: str) -> None:
        """Build the batch's 837P as a real sending does and keep it in the archive, so the
        Batches page can show and save the demo's files."""
        from oa_desktop.paths import DataFolder
        from oa_desktop.services.claims.loading import ClaimLoader
        from oa_desktop.services.submit.batches import archive_batch_file

        if self.loader is None:
            self.loader = ClaimLoader(self.store)
            self.loader.preload()
        practice = self.loader.practice
        submitter = settings.GATEWAY_SUBMITTER_ID.get(self.store) or (
            practice.submitter_id if practice else "")
        submission = self.loader.submission([self.loader.load_id(claim_id)])
        archive_batch_file(self.store, DataFolder(self.store.path.parent), batch, submission,
                           datetime.fromisoformat(sent_at), submitter, keep=_keep_demo_file)

    def _batch_claim(self, claim: Claim) -> batches.BatchClaim:
        assert claim.id is not None
        coverage = records.get_coverage(self.store, claim.coverage_id)
        payer = records.get_payer(self.store, coverage.payer_id)
        practice = records.load_practice(self.store)
        assert practice is not None
        npi = practice.npi
        if claim.rendering_provider_id is not None:
            npi = records.get_rendering_provider(self.store, claim.rendering_provider_id).npi
        return batches.BatchClaim(
            claim.id, claim.patient_control_number, claim.charge_amount, tax_id=practice.ein,
            npi=npi, payer_id=payer.id, non_par=payer.non_par,
        )

    def _remit(self, claim: Claim, target: ClaimStatus, day: date) -> None:
        assert claim.id is not None
        at = self._stamp(min(day, self.today), 8)
        charge = claim.charge_amount
        trace = f"EFT{self.rng.randrange(10**6, 10**7)}"
        if target is S.DENIED:
            code, text = self.rng.choice(data.DENIALS)
            claims.add_event(self.store, claim.id, EventKind.DENIED, at=at, source="835",
                             codes=code, text=f"Denied: {code} {text}")
            return
        allowed = to_money(charge * Decimal("0.80"))
        patient_share = Decimal("0.00")
        if target is S.PARTIALLY_PAID:
            patient_share = to_money(allowed * Decimal("0.25"))
        paid = allowed - patient_share
        with self.store.write() as db:
            claims.add_ledger_entry(db, claim.id, "payment", paid, at=at, source="835",
                                    source_ref=trace)
            claims.add_ledger_entry(db, claim.id, "adjustment", charge - allowed, at=at,
                                    group_code="CO", reason_code="45", source="835",
                                    source_ref=trace)
            if patient_share:
                claims.add_ledger_entry(db, claim.id, "patient_responsibility", patient_share,
                                        at=at, group_code="PR", reason_code="2", source="835",
                                        source_ref=trace)
        kind = EventKind.PARTIALLY_PAID if patient_share else EventKind.PAID
        codes = "CO-45, PR-2" if patient_share else "CO-45"
        claims.add_event(self.store, claim.id, kind, at=at, source="835", codes=codes,
                         text=f"Payer paid ${paid:,.2f} (check/EFT {trace})")
        # as posting does: a claim paid in full closes (a paid or closed target alike);
        # one with the patient's share still owed stays partially paid
        status = S.PARTIALLY_PAID if patient_share else S.PAID
        for settled in settle_events(status, to_cents(charge - paid - (charge - allowed))):
            claims.add_event(self.store, claim.id, settled, at=at, text=CLOSED_TEXT)


def _keep_demo_file(archive: Path, name: str, data: bytes) -> Path:
    """Where a real sending keeps its file (``archive/inbound``), without the disk flushes:
    the demo can always be made again."""
    path = archive / "inbound" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def seed_demo(store: Store, today: date | None = None, seed: int = 2026) -> DemoSummary:
    """Fill an empty database with the demo practice. Refuses a database that has data."""
    if records.load_practice(store) is not None or claims.claim_count(store):
        raise KnownError(
            "This data folder already holds a practice; the demo was not added.",
            "Use `oa-desktop demo`, which keeps the demo in its own folder.",
        )
    seeder = _Seeder(store, today or date.today(), seed)
    seeder.practice()
    seeder.patients_and_coverages()
    for n in range(300):
        seeder.claim(n)
    from oa_desktop.services.office_ally.alerts import DEMO_HISTORY_LAST_BATCH

    made = batches.list_batches(store)
    DEMO_HISTORY_LAST_BATCH.set(store, max((b.id for b in made), default=0))
    from oa_desktop.services.demo.ledger_history import add_demo_money

    add_demo_money(store, seeder.today)
    auth_demo.set_demo_filing_limits(store)
    auth_demo.add_demo_authorizations(store, seeder.today)
    settings.DEMO.set(store, True)
    return DemoSummary(
        providers=len(seeder.provider_ids), payers=len(seeder.payers),
        patients=len(seeder.patients), claims=300,
    )


def ensure_demo(root: Path) -> None:
    """Create the demo practice in ``root`` unless it is already there."""
    from oa_desktop.services.workspace import open_workspace

    workspace = open_workspace(root)
    try:
        if not settings.DEMO.get(workspace.store):
            seed_demo(workspace.store)
            add_demo_eras(workspace)
            from oa_desktop.services.demo.ledger_history import add_demo_paper_eob

            add_demo_paper_eob(workspace.store)
            auth_demo.write_demo_timesheets(workspace.store, root / DEMO_TIMESHEETS, date.today())
    finally:
        workspace.close()


DEMO_TIMESHEETS = "Demo timesheets (CentralReach export).csv"
DEMO_SANDBOX_USER = "demopractice"
DEMO_SANDBOX_PASSWORD = "Demo2026pw"


def start_demo_sandbox(root: Path, respond_after: float = 5.0) -> RunningSandbox:
    """Start the in-process Office Ally stand-in for the demo folder and point the demo at it.

    The demo's password is kept for this session only: the demo never writes to the
    computer's keyring. The sandbox's own host key is pinned (it runs in this process).
    """
    from oa_desktop.gateway.settings import GatewaySettings
    from oa_desktop.sandbox.server import start_sandbox
    from oa_desktop.services.office_ally import account
    from oa_desktop.services.workspace import open_workspace

    sandbox = start_sandbox(root / "sandbox", port=0, username=DEMO_SANDBOX_USER,
                            password=DEMO_SANDBOX_PASSWORD, respond_after=respond_after,
                            seed=2026)
    workspace = open_workspace(root)
    try:
        practice = records.load_practice(workspace.store)
        gateway = GatewaySettings(
            host="127.0.0.1", port=sandbox.port, username=DEMO_SANDBOX_USER,
            tax_id=practice.ein if practice else "", submitter_id="HARBORLT01", test_mode=True,
            responses_requested=True, agreement_signed=True,
        )
        account.save_gateway_settings(workspace, gateway)
        account.known_hosts(workspace).pin("127.0.0.1", sandbox.port, sandbox.host_key)
        account.CREDENTIALS.remember_for_session(
            "127.0.0.1", DEMO_SANDBOX_USER, DEMO_SANDBOX_PASSWORD
        )
    finally:
        workspace.close()
    return sandbox


def add_demo_eras(workspace: Workspace, today: date | None = None, seed: int = 2026) -> int:
    """Import (not post) ERAs for some claims the payers accepted, so the ERA screens and
    posting can be tried at once. Made by the sandbox's adjudicator; returns how many.

    A second, older ERA carries one claim number the payer keyed wrongly: it does not
    match, so posting that ERA posts the others and leaves it waiting for a match."""
    from oa_desktop.store.claims_list import ClaimColumn, ClaimQuery, claim_ids

    day = today or date.today()
    at_payer = {S.ACCEPTED_BY_PAYER, S.PENDING_AT_PAYER, S.INFO_REQUESTED,
                S.APPROVED_FOR_PAYMENT, S.RETURNED_BY_PAYER, S.FINALIZED_NO_PAYMENT}
    query = ClaimQuery(statuses=frozenset(at_payer), sort=ClaimColumn.PCN, descending=False)
    ids = claim_ids(workspace.store, query)[:24]
    if not ids:
        return 0
    made = _import_demo_era(workspace, ids[:12], day, seed, 900_000_001, mangle=False)
    if len(ids) > 12:
        made += _import_demo_era(workspace, ids[12:], day - timedelta(days=6), seed,
                                 900_000_002, mangle=True)
    return made


def _import_demo_era(workspace: Workspace, ids: list[int], day: date, seed: int,
                     control: int, *, mangle: bool) -> int:
    from dataclasses import replace

    from oa_desktop.sandbox.era import build_835
    from oa_desktop.sandbox.responses import adjudicate
    from oa_desktop.sandbox.submitted import read_envelope, read_submitted_claims
    from oa_desktop.services.claims.bundles import export_837
    from oa_desktop.services.era import importing

    sent, _ = export_837(workspace.store, ids)
    data = sent.encode("ascii")
    envelope, _segments = read_envelope(data)
    remits = [
        remit for claim in read_submitted_claims(data)
        for remit in adjudicate(claim, random.Random(f"{seed}:era:{claim.pcn}"))
    ]
    if mangle:  # one payer's claims only; one claim's number keyed wrongly (0 -> O)
        by_payer: dict[str, list[Remit]] = {}
        for remit in remits:
            by_payer.setdefault(remit.claim.payer_id, []).append(remit)
        remits = max(by_payer.values(), key=len)
        if len({r.claim.pcn for r in remits}) < 2:
            return 0
        counts: dict[str, int] = {}
        for remit in remits:
            counts[remit.claim.pcn] = counts.get(remit.claim.pcn, 0) + 1
        first = next((r.claim for r in remits if counts[r.claim.pcn] == 1), remits[0].claim)
        wrong = replace(first, pcn=first.pcn[:-2] + "O" + first.pcn[-1])
        remits = [replace(r, claim=wrong) if r.claim is first else r for r in remits]
    era = build_835(envelope, remits, control, day, random.Random(seed))
    result = importing.import_bytes(workspace, f"DEMO_ERA_835_5010_{day:%Y%m%d}.835",
                                     era.encode("ascii"))
    return len(result.remittance_ids)
