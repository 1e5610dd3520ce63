"""Random sequences of charges, ERAs, paper EOBs, patient payments, adjustments, refunds,
recoupments and undos; after every step the books balance, claim statuses follow their
balances, credit goes on the patient share a posting records, and nothing written before
has changed."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from oa_desktop.domain.models import Claim, ServiceLine
from oa_desktop.errors import KnownError
from oa_desktop.services.era import importing, posting
from oa_desktop.services.patients import actions, paper_eob
from oa_desktop.services.reports.month_end import month_end
from oa_desktop.services.workspace import Workspace, open_workspace
from oa_desktop.store import claims, patient_ledger, remittances
from tests.services.era.helpers import era_text

DAYS = st.dates(date(2026, 9, 1), date(2026, 12, 31))
AMOUNTS = st.integers(1, 30_000).map(lambda c: Decimal(c).scaleb(-2))
_APPEND_ONLY = ("ledger", "patient_credit", "account_actions", "postings", "paper_eobs")


class LedgerMachine(RuleBasedStateMachine):
    """One demo practice per run; a handful of its patients do everything."""

    template: Path

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="ledger-prop-"))
        shutil.copytree(self.template, self.tmp / "ws")
        self.workspace: Workspace = open_workspace(self.tmp / "ws")
        self.store = self.workspace.store
        rows = self.store.read.execute(
            "SELECT c.patient_id, c.coverage_id FROM claims c WHERE c.status = "
            "'accepted_by_payer' GROUP BY c.patient_id ORDER BY c.patient_id LIMIT 3").fetchall()
        self.patients = [(int(p), int(c)) for p, c in rows]
        self.claim_ids = [int(r[0]) for r in self.store.read.execute(
            "SELECT id FROM claims WHERE patient_id IN (?, ?, ?)",
            [p for p, _ in self.patients]).fetchall()]
        self.remittances: list[int] = []
        self.paper_eras: list[tuple[str, str, list[Any], Decimal]] = []
        self.actions: list[int] = []
        self.traces = 0
        self.snapshot = self._rows()
        self.start_states = {c: (st, b) for c, st, b in self._states()}

    def teardown(self) -> None:
        self.workspace.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _rows(self) -> dict[str, list[tuple[Any, ...]]]:
        return {t: self.store.read.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
                for t in _APPEND_ONLY}

    # -- steps ----------------------------------------------------------------------------

    @rule(who=st.integers(0, 2), day=DAYS, charges=st.lists(AMOUNTS, min_size=1, max_size=3))
    def charge(self, who: int, day: date, charges: list[Decimal]) -> None:
        patient_id, coverage_id = self.patients[who]
        claim = Claim(patient_id=patient_id, coverage_id=coverage_id,
                      patient_control_number=claims.new_pcn(self.store), diagnoses=["F840"],
                      lines=[ServiceLine(day, "90837", amount, Decimal(1)) for amount in charges])
        self.claim_ids.append(claims.save_claim(self.store, claim))

    @rule(pick=st.integers(0, 10_000), paid=st.integers(0, 100), patient=st.integers(0, 30))
    def era(self, pick: int, paid: int, patient: int) -> None:
        rows = self.store.read.execute(
            "SELECT id, pcn FROM claims WHERE status = 'accepted_by_payer' AND patient_id IN "
            "(?, ?, ?) ORDER BY id", [p for p, _ in self.patients]).fetchall()
        if not rows:
            return
        claim_id, pcn = rows[pick % len(rows)]
        lines = []
        for code, cents in self.store.read.execute(
                "SELECT procedure_code, charge_cents FROM service_lines WHERE claim_id = ? "
                "ORDER BY line_number", [claim_id]):
            line_paid = cents * paid // 100
            pr = min(cents - line_paid, cents * patient // 100)
            cas = [("CO", "45", f"{Decimal(cents - line_paid - pr).scaleb(-2):.2f}")]
            if pr:
                cas.append(("PR", "2", f"{Decimal(pr).scaleb(-2):.2f}"))
            lines.append((code, f"{Decimal(cents).scaleb(-2):.2f}",
                          f"{Decimal(line_paid).scaleb(-2):.2f}", cas))
        charge = sum(Decimal(x[1]) for x in lines)
        total = sum(Decimal(x[2]) for x in lines)
        self.traces += 1
        data = era_text([(pcn, "1", f"{charge:.2f}", f"{total:.2f}", lines)],
                        trace=f"PROP{self.traces}", control=f"{self.traces:04d}")
        [rid] = importing.import_bytes(self.workspace, f"p{self.traces}.835", data).remittance_ids
        try:
            posting.post(self.store, rid)
        except KnownError:
            return
        self._credit_used(rid)
        self.remittances.append(rid)

    @rule(pick=st.integers(0, 10_000), paid=st.integers(0, 100), patient=st.integers(0, 30))
    def paper_eob(self, pick: int, paid: int, patient: int) -> None:
        rows = self.store.read.execute(
            "SELECT id, pcn FROM claims WHERE status = 'accepted_by_payer' AND patient_id IN "
            "(?, ?, ?) ORDER BY id", [p for p, _ in self.patients]).fetchall()
        if not rows:
            return
        claim_id, pcn = rows[pick % len(rows)]
        lines, era_lines = [], []
        for line_id, code, cents in self.store.read.execute(
                "SELECT id, procedure_code, charge_cents FROM service_lines WHERE claim_id = ? "
                "ORDER BY line_number", [claim_id]):
            line_paid = cents * paid // 100
            pr = min(cents - line_paid, cents * patient // 100)
            cas = [("CO", "45", Decimal(cents - line_paid - pr).scaleb(-2))]
            if pr:
                cas.append(("PR", "2", Decimal(pr).scaleb(-2)))
            lines.append(paper_eob.PaperLine(line_id, Decimal(line_paid).scaleb(-2), tuple(cas)))
            era_lines.append((code, f"{Decimal(cents).scaleb(-2):.2f}",
                              f"{Decimal(line_paid).scaleb(-2):.2f}",
                              [(g, r, f"{a:.2f}") for g, r, a in cas]))
        total = sum((ln.paid for ln in lines), Decimal("0.00"))
        self.traces += 1
        check = f"PAPER{self.traces}"
        rid = paper_eob.enter(self.store, paper_eob.PaperEob(
            "Aetna", check, date(2026, 11, 1), total,
            [paper_eob.PaperClaim(claim_id, tuple(lines))]))
        try:
            posting.post(self.store, rid)
        except KnownError:
            return
        self._credit_used(rid)
        self.remittances.append(rid)
        self.paper_eras.append((pcn, check, era_lines, total))

    @rule(index=st.integers(0, 50))
    def era_after_paper(self, index: int) -> None:
        """The payer's ERA for a payment typed in from paper: held, never posted."""
        if not self.paper_eras:
            return
        pcn, check, lines, total = self.paper_eras[index % len(self.paper_eras)]
        charge = sum(Decimal(x[1]) for x in lines)
        data = era_text([(pcn, "1", f"{charge:.2f}", f"{total:.2f}", lines)], trace=check,
                        control=f"{9000 + self.traces:04d}")
        self.traces += 1
        result = importing.import_bytes(self.workspace, f"twin{self.traces}.835", data)
        for rid in result.remittance_ids:
            summary = remittances.get_remittance(self.store, rid)
            assert summary.status in ("duplicate", "ready")
            if summary.status == "ready":  # the paper EOB was undone or set aside meanwhile
                continue
            posted, _ = posting.post_all(self.store)
            assert rid not in posted

    @rule(index=st.integers(0, 50))
    def undo_era(self, index: int) -> None:
        if self.remittances:
            with contextlib.suppress(KnownError):
                posting.undo(self.store, self.remittances[index % len(self.remittances)])

    @rule(who=st.integers(0, 2), amount=AMOUNTS, day=DAYS, method=st.sampled_from(actions.Method),
          mode=st.sampled_from(["oldest", "picked", "credit"]), pick=st.integers(0, 10_000))
    def payment(self, who: int, amount: Decimal, day: date, method: actions.Method, mode: str,
                pick: int) -> None:
        patient_id = self.patients[who][0]
        own = [c for c in self.claim_ids if self._patient_of(c) == patient_id]
        picked = [own[pick % len(own)]] if mode == "picked" and own else None
        result = actions.take_payment(self.store, patient_id, amount, method, on=day,
                                      reference="1001", claim_ids=picked,
                                      as_credit=mode == "credit")
        assert result.applied_amount + result.credit_change == amount
        self.actions.append(result.action_id)

    @rule(who=st.integers(0, 2), day=DAYS)
    def use_credit(self, who: int, day: date) -> None:
        with contextlib.suppress(KnownError):
            self.actions.append(actions.apply_credit(self.store, self.patients[who][0],
                                                     on=day).action_id)

    @rule(pick=st.integers(0, 10_000), share=st.integers(1, 100), day=DAYS,
          reason=st.sampled_from(["contractual", "small_balance", "courtesy", "collections"]))
    def adjustment(self, pick: int, share: int, day: date, reason: str) -> None:
        claim_id = self.claim_ids[pick % len(self.claim_ids)]
        balance = claims.balance_cents_in(self.store.read, claim_id)
        cents = balance * share // 100
        if cents <= 0:
            return
        self.actions.append(actions.adjust(self.store, claim_id, Decimal(cents).scaleb(-2),
                                           reason, on=day).action_id)

    @rule(who=st.integers(0, 2), share=st.integers(1, 100), day=DAYS)
    def refund(self, who: int, share: int, day: date) -> None:
        patient_id = self.patients[who][0]
        cents = patient_ledger.credit_cents(self.store.read, patient_id) * share // 100
        if cents > 0:
            self.actions.append(actions.refund(self.store, patient_id, Decimal(cents).scaleb(-2),
                                               "check", reference="R1", on=day).action_id)

    @rule(pick=st.integers(0, 10_000), share=st.integers(1, 100), day=DAYS)
    def recoupment(self, pick: int, share: int, day: date) -> None:
        claim_id = self.claim_ids[pick % len(self.claim_ids)]
        cents = patient_ledger.paid_by_payer(self.store.read, claim_id) * share // 100
        if cents > 0:
            self.actions.append(actions.recoup(self.store, claim_id, Decimal(cents).scaleb(-2),
                                               payer="Aetna", on=day).action_id)

    @rule(index=st.integers(0, 50), day=DAYS)
    def undo(self, index: int, day: date) -> None:
        if self.actions:
            with contextlib.suppress(KnownError):
                self.actions.append(actions.undo(
                    self.store, self.actions[index % len(self.actions)], on=day))

    def _patient_of(self, claim_id: int) -> int:
        return int(self.store.read.execute("SELECT patient_id FROM claims WHERE id = ?",
                                           [claim_id]).fetchone()[0])

    # -- what must hold after every step ---------------------------------------------------

    @invariant()
    def books_balance(self) -> None:
        db = self.store.read
        assert claims.check_claim_caches(self.store) == []
        for patient_id, _ in self.patients:
            for c in patient_ledger.claim_sums(db, patient_id=patient_id):
                taken = db.execute(
                    "SELECT COALESCE(SUM(amount_cents), 0) FROM ledger WHERE claim_id = ? AND "
                    "kind IN ('payment', 'patient_payment', 'adjustment', 'write_off')",
                    [c.claim_id]).fetchone()[0]
                assert c.balance_cents == c.charge_cents - taken
                assert c.patient_cents + c.insurance_cents == c.balance_cents
                assert c.patient_cents >= 0
            assert patient_ledger.credit_cents(db, patient_id) >= 0
        every_balance = db.execute("SELECT COALESCE(SUM(balance_cents), 0) FROM claims") \
            .fetchone()[0]
        whole = month_end(self.store, date(2000, 1, 1), date(2100, 12, 31))
        assert whole.reconciles
        assert whole.ar_end_amount == Decimal(every_balance).scaleb(-2)
        credit = db.execute("SELECT COALESCE(SUM(amount_cents), 0) FROM patient_credit") \
            .fetchone()[0]
        assert whole.credit_end_amount == Decimal(credit).scaleb(-2)
        for month in (11, 12):
            period = month_end(self.store, date(2026, month, 1),
                               date(2026, month, 30 if month == 11 else 31))
            assert period.reconciles

    @invariant()
    def patient_money_is_conserved(self) -> None:
        """What patients paid (less refunds), of actions that stand, is on their claims or
        their credit, to the cent."""
        db = self.store.read
        for patient_id, _ in self.patients:
            standing = db.execute(
                "SELECT COALESCE(SUM(CASE kind WHEN 'payment' THEN amount_cents "
                "WHEN 'refund' THEN -amount_cents END), 0) FROM account_actions a WHERE "
                "patient_id = ? AND NOT EXISTS (SELECT 1 FROM account_actions u "
                "WHERE u.undoes_id = a.id)", [patient_id]).fetchone()[0]
            on_claims = db.execute(
                "SELECT COALESCE(SUM(l.amount_cents), 0) FROM ledger l JOIN claims c ON "
                "c.id = l.claim_id WHERE c.patient_id = ? AND l.kind = 'patient_payment'",
                [patient_id]).fetchone()[0]
            assert on_claims + patient_ledger.credit_cents(db, patient_id) == standing

    @invariant()
    def statuses_follow_balances(self) -> None:
        """Every ledger action and undo settles the claim as ERA posting does: a claim the
        payer answered is closed exactly when nothing is owed on it."""
        for claim_id, status, balance in self._states():
            if self.start_states.get(claim_id) == (status, balance):
                continue  # as the demo made it, untouched
            if status in ("paid", "partially_paid", "denied", "closed"):
                assert (status == "closed") == (balance == 0), (claim_id, status, balance)

    def _states(self) -> list[tuple[int, str, int]]:
        return self.store.read.execute(
            "SELECT id, status, balance_cents FROM claims WHERE patient_id IN (?, ?, ?)",
            [p for p, _ in self.patients]).fetchall()

    def _credit_used(self, remittance_id: int) -> None:
        """After a posting: a patient with credit owes nothing on the claims it posted."""
        db = self.store.read
        for (claim_id,) in db.execute("SELECT claim_id FROM remittance_claims WHERE "
                                      "remittance_id = ? AND claim_id IS NOT NULL",
                                      [remittance_id]).fetchall():
            [sums] = patient_ledger.claim_sums(db, claim_ids=[claim_id])
            if sums.patient_cents:
                assert patient_ledger.credit_cents(db, sums.patient_id) == 0

    @invariant()
    def nothing_rewritten(self) -> None:
        now = self._rows()
        for table, before in self.snapshot.items():
            assert now[table][:len(before)] == before, f"a row of {table} changed"
        self.snapshot = now


def test_the_books_balance_after_any_sequence(demo_template: Path) -> None:
    machine = type("Machine", (LedgerMachine,), {"template": demo_template})
    run_state_machine_as_test(machine, settings=settings(  # type: ignore[arg-type]
        max_examples=15, stateful_step_count=25, deadline=None,
        suppress_health_check=[HealthCheck.too_slow]))
