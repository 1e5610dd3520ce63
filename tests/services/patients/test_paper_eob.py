"""Paper EOBs: checked, posted through the ERA's plan exactly once, undone, and the ERA
that arrives later for the same payment is recognised and never posted twice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from oa_desktop.errors import KnownError
from oa_desktop.services.era import importing, posting
from oa_desktop.services.patients import paper_eob
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, remittances
from tests.services.era.helpers import era_text

D = Decimal


def _open_claim(workspace: Workspace) -> tuple[int, str, list[tuple[int, str, int]]]:
    claim_id, pcn = workspace.store.read.execute(
        "SELECT id, pcn FROM claims WHERE status = 'accepted_by_payer' AND paid_cents = 0 "
        "ORDER BY id LIMIT 1").fetchone()
    lines = workspace.store.read.execute(
        "SELECT id, procedure_code, charge_cents FROM service_lines WHERE claim_id = ? "
        "ORDER BY line_number", [claim_id]).fetchall()
    return claim_id, pcn, lines


def _eob(claim_id: int, lines: list[tuple[int, str, int]], *, check: str = "PAPER77",
         total: Decimal | None = None) -> paper_eob.PaperEob:
    """Each line: 60% paid, 20% the patient's (PR-2), the rest contractual (CO-45)."""
    built = []
    for line_id, _, cents in lines:
        charge = D(cents).scaleb(-2)
        paid = (charge * D("0.6")).quantize(D("0.01"))
        patient = (charge * D("0.2")).quantize(D("0.01"))
        built.append(paper_eob.PaperLine(line_id, paid, (("CO", "45", charge - paid - patient),
                                                         ("PR", "2", patient))))
    paid_total = sum((ln.paid for ln in built), D("0.00"))
    return paper_eob.PaperEob("Aetna", check, date(2026, 11, 1),
                              paid_total if total is None else total,
                              [paper_eob.PaperClaim(claim_id, tuple(built), "AET123")])


def _era_for(pcn: str, lines: list[tuple[int, str, int]], check: str) -> bytes:
    era_lines = []
    for _, code, cents in lines:
        charge = D(cents).scaleb(-2)
        paid = (charge * D("0.6")).quantize(D("0.01"))
        patient = (charge * D("0.2")).quantize(D("0.01"))
        era_lines.append((code, f"{charge:.2f}", f"{paid:.2f}",
                          [("CO", "45", f"{charge - paid - patient:.2f}"),
                           ("PR", "2", f"{patient:.2f}")]))
    charge = sum((D(x[1]) for x in era_lines), D(0))
    paid = sum((D(x[2]) for x in era_lines), D(0))
    return era_text([(pcn, "1", f"{charge:.2f}", f"{paid:.2f}", era_lines)], trace=check,
                    day="20261103")


def _ledger(workspace: Workspace) -> list[tuple[object, ...]]:
    return workspace.store.read.execute("SELECT * FROM ledger ORDER BY id").fetchall()


def test_a_paper_eob_is_previewed_posted_once_and_undone_like_an_era(
        demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    claim_id, _, lines = _open_claim(demo_workspace)
    before = claims.balance(store, claim_id)
    rid = paper_eob.enter(store, _eob(claim_id, lines))
    plan = posting.preview(store, rid)
    assert [c.action for c in plan.claims] == ["paid"] and not plan.blockers
    posting.post(store, rid)
    patient = sum(((D(c).scaleb(-2) * D("0.2")).quantize(D("0.01")) for *_, c in lines),
                  D("0.00"))
    assert claims.balance(store, claim_id) == patient  # the patient's share (PR) stays open
    with pytest.raises(KnownError):
        posting.post(store, rid)  # exactly once
    assert remittances.get_remittance(store, rid).status == "posted"
    assert posting.undo(store, rid) > 0
    assert claims.balance(store, claim_id) == before
    assert claims.check_claim_caches(store) == []


def test_a_paper_eob_that_does_not_balance_is_refused(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    claim_id, _, lines = _open_claim(demo_workspace)
    with pytest.raises(KnownError, match="the check is for"):
        paper_eob.enter(store, _eob(claim_id, lines, total=D("1.00")))
    line_id, _, cents = lines[0]
    wrong = paper_eob.PaperEob("Aetna", "X1", date(2026, 11, 1), D("1.00"), [
        paper_eob.PaperClaim(claim_id, (paper_eob.PaperLine(line_id, D("1.00")),))])
    with pytest.raises(KnownError, match="does not balance"):
        paper_eob.enter(store, wrong)
    assert store.read.execute("SELECT COUNT(*) FROM paper_eobs").fetchone()[0] == 0


def test_the_later_era_for_a_paper_eob_is_held_and_never_posted_twice(
        demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    claim_id, pcn, lines = _open_claim(demo_workspace)
    paper_id = paper_eob.enter_and_post(store, _eob(claim_id, lines, check="CHK5501"))
    posted_balance = claims.balance(store, claim_id)
    ledger = _ledger(demo_workspace)
    [era_id] = importing.import_bytes(demo_workspace, "late.835",
                                      _era_for(pcn, lines, "CHK5501")).remittance_ids
    era = remittances.get_remittance(store, era_id)
    assert era.status == "duplicate" and era.duplicate_of == paper_id
    with pytest.raises(KnownError):
        posting.post(store, era_id)
    posted, _ = posting.post_all(store)
    assert era_id not in posted
    with pytest.raises(KnownError, match="twice"):
        posting.decide_duplicate(store, era_id, is_duplicate=False)
    assert _ledger(demo_workspace) == ledger  # nothing posted twice
    # the biller chooses the ERA: the paper posting is undone, the ERA posts in its place
    assert paper_eob.use_era_instead(store, era_id) == paper_id
    assert remittances.get_remittance(store, paper_id).status == "dismissed"
    posting.post(store, era_id)
    assert claims.balance(store, claim_id) == posted_balance
    assert posting.post_all(store)[0] == []
    assert claims.check_claim_caches(store) == []


def test_the_deposit_slip_lists_a_posted_paper_eob_check(demo_workspace: Workspace) -> None:
    from oa_desktop.services.reports.money import deposit_slip

    store = demo_workspace.store
    claim_id, _, lines = _open_claim(demo_workspace)
    eob = _eob(claim_id, lines, check="CHK31")
    rid = paper_eob.enter(store, eob)
    assert not [r for r in deposit_slip(store, eob.check_date).rows if r[1] == "CHK31"]
    posting.post(store, rid)
    [row] = [r for r in deposit_slip(store, eob.check_date).rows if r[1] == "CHK31"]
    assert row == ["Insurance check", "CHK31", "Aetna", eob.total]
    posting.undo(store, rid)
    assert not [r for r in deposit_slip(store, eob.check_date).rows if r[1] == "CHK31"]


def test_a_paper_eob_for_an_era_already_imported_is_refused(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    claim_id, pcn, lines = _open_claim(demo_workspace)
    importing.import_bytes(demo_workspace, "first.835", _era_for(pcn, lines, "EFT9"))
    with pytest.raises(KnownError, match="already reports check EFT9"):
        paper_eob.enter(store, _eob(claim_id, lines, check="EFT9"))


def test_the_demo_has_one_paper_eob_ready_to_post(demo_workspace: Workspace) -> None:
    from oa_desktop.services.demo.ledger_history import add_demo_paper_eob
    from oa_desktop.services.demo.practice import add_demo_eras

    store = demo_workspace.store
    add_demo_eras(demo_workspace, today=date(2026, 11, 2))
    assert add_demo_paper_eob(store, date(2026, 11, 2)) == 1
    [paper] = [r for r in remittances.list_remittances(store) if r.source_name.startswith("Paper")]
    assert paper.status == "ready" and paper.unmatched == 0
    assert posting.post_all(store)[1] == []
    assert remittances.get_remittance(store, paper.id).status == "posted"
    assert claims.check_claim_caches(store) == []


def test_claim_level_adjustments_and_allowed_amounts_post_and_the_preview_adds_up(
        demo_workspace: Workspace) -> None:
    """A claim-level adjustment (as an ERA's claim-level CAS) comes off the claim's payment;
    the allowed amount of each line is kept with the EOB."""
    store = demo_workspace.store
    claim_id, _, lines = _open_claim(demo_workspace)
    eob = _eob(claim_id, lines)
    [claim] = eob.claims
    allowed = tuple(paper_eob.PaperLine(ln.line_id, ln.paid, ln.adjustments,
                                        allowed=ln.paid + ln.adjustments[1][2])
                    for ln in claim.lines)
    levied = (("CO", "253", D("1.50")), ("PR", "1", D("5.00")))
    claim = paper_eob.PaperClaim(claim_id, allowed, "AET9", levied)
    assert claim.paid == sum((ln.paid for ln in allowed), D("0.00")) - D("6.50")
    rid = paper_eob.enter(store, paper_eob.PaperEob("Aetna", "PAPER88", date(2026, 11, 1),
                                                    claim.paid, [claim]))
    plan = posting.preview(store, rid)
    [row] = plan.claims
    assert row.payment == claim.paid
    assert row.adjustment("CO") == sum((ln.adjustments[0][2] for ln in allowed), D("0")) \
        + D("1.50")
    assert row.patient_total == sum((ln.adjustments[1][2] for ln in allowed), D("0")) + D("5")
    assert row.balance_before - row.payment - row.contractual - row.credit == row.balance_after
    posting.post(store, rid)
    assert claims.balance(store, claim_id) == row.balance_after
    detail = store.read.execute("SELECT detail FROM remittance_claims WHERE remittance_id = ?",
                                [rid]).fetchone()[0]
    assert '"allowed":"' in detail and '"253"' in detail


def test_a_bad_allowed_amount_or_too_large_claim_adjustment_is_refused(
        demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    claim_id, _, lines = _open_claim(demo_workspace)
    [claim] = _eob(claim_id, lines).claims
    first = claim.lines[0]
    wrong = paper_eob.PaperLine(first.line_id, first.paid, first.adjustments,
                                allowed=D("99999.00"))
    bad = paper_eob.PaperClaim(claim_id, (wrong, *claim.lines[1:]))
    with pytest.raises(KnownError, match="allowed amount"):
        paper_eob.enter(store, paper_eob.PaperEob("Aetna", "P1", date(2026, 11, 1), bad.paid,
                                                  [bad]))
    huge = paper_eob.PaperClaim(claim_id, claim.lines, "", (("CO", "45", D("99999.00")),))
    with pytest.raises(KnownError, match="claim-level adjustments"):
        paper_eob.enter(store, paper_eob.PaperEob("Aetna", "P2", date(2026, 11, 1), D("0"),
                                                  [huge]))
