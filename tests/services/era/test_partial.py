# ruff: noqa: F811  (pytest fixtures imported from test_era_posting are test arguments)
"""Posting an ERA in parts (claims not matched wait) and parked reversals applied later."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from oa_desktop.errors import KnownError
from oa_desktop.services.era import matching, posting
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import audit as audit_store
from oa_desktop.store import remittances
from tests.services.era.helpers import era_text, open_claims
from tests.services.era.test_posting import (  # noqa: F401 (fixtures)
    _import,
    _paying,
    assert_consistent,
    balances,
    era_workspace,
    sandbox_files,
)


def _claim_row(workspace: Workspace, claim_id: int) -> tuple[str, int, int]:
    row = workspace.store.read.execute(
        "SELECT status, paid_cents, balance_cents FROM claims WHERE id = ?", [claim_id]).fetchone()
    return row[0], row[1], row[2]


def _provider_rows(workspace: Workspace, rid: int) -> int:
    return int(workspace.store.read.execute(
        "SELECT COUNT(*) FROM provider_ledger WHERE remittance_id = ? AND reverses_id IS NULL",
        [rid]).fetchone()[0])


def _cents(text: str) -> int:
    return int(Decimal(text) * 100)


# -- an unmatched claim no longer blocks its ERA ---------------------------------------

def test_matched_claims_post_and_the_unmatched_one_waits_then_posts_once(
    era_workspace: Workspace, tmp_path: Path
) -> None:
    store = era_workspace.store
    start = balances(era_workspace)
    (first_id, first_pcn, first_lines), (second_id, second_pcn, second_lines) = \
        open_claims(era_workspace, 2)
    first = _paying(first_pcn, first_lines, Decimal("0.8"))
    mangled = _paying("X" + second_pcn, second_lines, Decimal("0.7"))
    rid = _import(era_workspace, tmp_path, "p.835", era_text(
        [first, mangled], plb=[("L6", "-2.10"), ("WO", "5.00")]))
    assert remittances.get_remittance(store, rid).unmatched == 1

    preview = posting.preview(store, rid)
    assert not preview.blockers
    assert [c.action for c in preview.claims] == ["paid", "unmatched"]
    assert "not matched" in preview.summary

    posting.post(store, rid)
    summary = remittances.get_remittance(store, rid)
    assert summary.status == "partly_posted" and summary.unposted == 1 and summary.left == 1
    assert summary.posted_label == "Partly (1 left)"
    assert _claim_row(era_workspace, first_id)[1] == _cents(first[3])
    assert _claim_row(era_workspace, second_id) == start[second_id]
    rec = posting.reconcile(store, rid)
    assert rec.posted_provider == Decimal("-2.90")  # the PLB went with the first posting
    assert rec.difference == rec.waiting == Decimal(mangled[3])
    assert any("not matched" in e and "$" in e for e in rec.explanations)
    assert_consistent(era_workspace)
    with pytest.raises(KnownError, match="not matched"):
        posting.post(store, rid)  # nothing else left to post yet

    [_, waiting] = remittances.remittance_claims(store, rid)
    matching.match_manually(store, waiting.id, second_id)
    again = posting.preview(store, rid)
    assert [(c.rc.id, c.action) for c in again.claims] == [(waiting.id, "paid")]
    assert again.provider == []  # the PLB is not posted twice
    posting.post(store, rid)
    summary = remittances.get_remittance(store, rid)
    assert summary.status == "posted" and summary.left == 0
    assert _claim_row(era_workspace, second_id)[1] == _cents(mangled[3])
    assert _provider_rows(era_workspace, rid) == 2
    rec = posting.reconcile(store, rid)
    assert rec.difference == 0 and rec.posted_provider == Decimal("-2.90")
    assert_consistent(era_workspace)
    with pytest.raises(KnownError, match="already posted"):
        posting.post(store, rid)
    after_both = balances(era_workspace)

    # undo takes back both postings (and the PLB once); posting again gives the same
    posting.undo(store, rid)
    assert remittances.get_remittance(store, rid).status == "ready"
    assert {k: v[1:] for k, v in balances(era_workspace).items()} == \
        {k: v[1:] for k, v in start.items()}
    assert posting.reconcile(store, rid).posted_provider == 0
    assert_consistent(era_workspace)
    posting.post(store, rid)
    assert balances(era_workspace) == after_both
    assert remittances.get_remittance(store, rid).status == "posted"
    assert_consistent(era_workspace)
    assert audit_store.verify_chain(store) is None


def test_undo_of_a_partly_posted_era_leaves_the_unmatched_claim_waiting(
    era_workspace: Workspace, tmp_path: Path
) -> None:
    store = era_workspace.store
    start = balances(era_workspace)
    (_, pcn, lines), (_, other_pcn, other_lines) = open_claims(era_workspace, 2)
    rid = _import(era_workspace, tmp_path, "u.835", era_text(
        [_paying(pcn, lines, Decimal("0.8")), _paying("Q" + other_pcn, other_lines,
                                                      Decimal("0.5"))]))
    posting.post(store, rid)
    assert remittances.get_remittance(store, rid).status == "partly_posted"
    assert posting.undo(store, rid) > 0
    summary = remittances.get_remittance(store, rid)
    assert summary.status == "ready" and summary.unmatched == 1
    assert {k: v[1:] for k, v in balances(era_workspace).items()} == \
        {k: v[1:] for k, v in start.items()}
    assert_consistent(era_workspace)
    with pytest.raises(KnownError, match="not posted"):
        posting.undo(store, rid)


def test_an_era_with_nothing_matched_is_not_posted(
    era_workspace: Workspace, tmp_path: Path
) -> None:
    [(_, pcn, lines)] = open_claims(era_workspace, 1)
    rid = _import(era_workspace, tmp_path, "n.835",
                  era_text([_paying("Z" + pcn, lines, Decimal("0.8"))]))
    with pytest.raises(KnownError, match="not matched"):
        posting.post(era_workspace.store, rid)
    posted, skipped = posting.post_all(era_workspace.store)
    assert rid not in posted and [r for r, _ in skipped] == [rid]
    assert remittances.get_remittance(era_workspace.store, rid).status == "ready"


def test_post_all_posts_the_matched_part_and_then_what_was_matched_since(
    era_workspace: Workspace, tmp_path: Path
) -> None:
    store = era_workspace.store
    (_, pcn, lines), (other_id, other_pcn, other_lines) = open_claims(era_workspace, 2)
    rid = _import(era_workspace, tmp_path, "a.835", era_text(
        [_paying(pcn, lines, Decimal("0.8")),
         _paying("Y" + other_pcn, other_lines, Decimal("0.8"))]))
    assert posting.post_all(store) == ([rid], [])
    assert remittances.get_remittance(store, rid).status == "partly_posted"
    assert posting.post_all(store) == ([], [])  # the rest waits for a match: not an error
    [_, waiting] = remittances.remittance_claims(store, rid)
    matching.match_manually(store, waiting.id, other_id)
    assert posting.post_all(store) == ([rid], [])
    assert remittances.get_remittance(store, rid).status == "posted"
    assert_consistent(era_workspace)


# -- a reversal that arrives before the payment it takes back --------------------------

def _reversal_before_original(
    workspace: Workspace, tmp_path: Path, *, correction: bool, reversed_share: str = "0.8"
) -> tuple[int, int, int, tuple[str, str, str, str, list[object]] | None]:
    """ERA A (Nov 1) pays claim X 80 %; ERA B (Dec 1) reverses it (and corrects to 60 %).
    B is imported and posted first: its reversal is parked. Returns (claim, A, B, correction)."""
    [(claim_id, pcn, lines)] = open_claims(workspace, 1)
    original = _paying(pcn, lines, Decimal("0.8"))
    fix = _paying(pcn, lines, Decimal("0.6")) if correction else None
    reversal = _paying(pcn, lines, Decimal(reversed_share), status="22", sign=-1)
    b = _import(workspace, tmp_path, "b.835", era_text(
        [reversal, *([fix] if fix else [])], trace="T2", day="20261201", control="0002"))
    a = _import(workspace, tmp_path, "a.835", era_text([original], trace="T1", day="20261101"))
    plan = posting.post(workspace.store, b)
    assert plan.claims[0].action == "parked"
    assert remittances.get_remittance(workspace.store, b).status == "partly_posted"
    return claim_id, a, b, fix  # type: ignore[return-value]


def test_a_parked_reversal_is_applied_when_the_original_posts_and_nets_to_zero(
    era_workspace: Workspace, tmp_path: Path
) -> None:
    store = era_workspace.store
    claim_id, a, b, _ = _reversal_before_original(era_workspace, tmp_path, correction=False)
    before = _claim_row(era_workspace, claim_id)
    [parked] = remittances.remittance_claims(store, b)
    with pytest.raises(KnownError, match="parked"):
        matching.unmatch(store, parked.id)  # its posting recorded it: undo first
    preview = posting.preview(store, a)
    assert [c.action for c in preview.claims] == ["paid"]
    assert [(c.action, c.retried, c.era_trace) for c in preview.retries] == \
        [("reversal", True, "T2")]
    assert "1 reversal parked on ERA T2 takes back" in preview.summary
    assert preview.payments == -preview.retried_payments > 0
    plan = posting.post(store, a)
    assert len(plan.retries) == 1
    assert _claim_row(era_workspace, claim_id) == before  # paid, then taken back: nets to 0
    assert before[0] == "accepted_by_payer" and before[1] == 0
    for rid in (a, b):
        summary = remittances.get_remittance(store, rid)
        assert summary.status == "posted" and summary.parked == 0
        assert posting.reconcile(store, rid).difference == 0
    assert_consistent(era_workspace)
    assert audit_store.verify_chain(store) is None


def test_a_parked_reversal_plus_correction_nets_to_the_correction(
    era_workspace: Workspace, tmp_path: Path
) -> None:
    store = era_workspace.store
    claim_id, a, b, fix = _reversal_before_original(era_workspace, tmp_path, correction=True)
    assert fix is not None
    corrected = _claim_row(era_workspace, claim_id)
    assert corrected[1] == _cents(fix[3])
    posting.post(store, a)
    assert _claim_row(era_workspace, claim_id) == corrected  # the correction stands, status too
    assert remittances.get_remittance(store, b).status == "posted"
    assert_consistent(era_workspace)

    # undoing the original puts the reversal back to waiting; B's correction stays
    posting.undo(store, a)
    assert remittances.get_remittance(store, a).status == "ready"
    summary = remittances.get_remittance(store, b)
    assert summary.status == "partly_posted" and summary.parked == 1
    assert _claim_row(era_workspace, claim_id) == corrected
    assert_consistent(era_workspace)
    # and posting it again applies the reversal again
    posting.post(store, a)
    assert _claim_row(era_workspace, claim_id) == corrected
    assert remittances.get_remittance(store, b).status == "posted"
    assert_consistent(era_workspace)
    assert audit_store.verify_chain(store) is None


def test_undoing_the_reversals_era_gives_the_original_payment_back(
    era_workspace: Workspace, tmp_path: Path
) -> None:
    store = era_workspace.store
    claim_id, a, b, _ = _reversal_before_original(era_workspace, tmp_path, correction=False)
    posting.post(store, a)
    posting.undo(store, b)  # both postings of B: the parked one and the applied reversal
    assert remittances.get_remittance(store, b).status == "ready"
    assert remittances.get_remittance(store, a).status == "posted"
    status, paid, _ = _claim_row(era_workspace, claim_id)
    assert paid > 0 and status in ("paid", "closed")
    assert_consistent(era_workspace)
    posting.post(store, b)  # now in order: the reversal takes A's payment back at once
    assert remittances.get_remittance(store, b).status == "posted"
    assert _claim_row(era_workspace, claim_id)[1] == 0
    assert_consistent(era_workspace)


def test_post_all_posts_the_oldest_payment_first_so_nothing_parks(
    era_workspace: Workspace, tmp_path: Path
) -> None:
    store = era_workspace.store
    [(claim_id, pcn, lines)] = open_claims(era_workspace, 1)
    fix = _paying(pcn, lines, Decimal("0.6"))
    b = _import(era_workspace, tmp_path, "b.835", era_text(
        [_paying(pcn, lines, Decimal("0.8"), status="22", sign=-1), fix], trace="T2",
        day="20261201", control="0002"))
    a = _import(era_workspace, tmp_path, "a.835",
                era_text([_paying(pcn, lines, Decimal("0.8"))], trace="T1", day="20261101"))
    posted, _ = posting.post_all(store)
    assert posted.index(a) < posted.index(b)
    assert remittances.get_remittance(store, b).status == "posted"
    assert _claim_row(era_workspace, claim_id)[1] == _cents(fix[3])
    assert_consistent(era_workspace)


def test_a_reversal_of_another_amount_waits_for_the_biller(
    era_workspace: Workspace, tmp_path: Path
) -> None:
    store = era_workspace.store
    claim_id, a, b, _ = _reversal_before_original(era_workspace, tmp_path, correction=False,
                                                   reversed_share="0.7")
    plan = posting.post(store, a)
    assert plan.retries == []  # not the same amount: not applied by itself
    assert remittances.get_remittance(store, b).status == "partly_posted"
    preview = posting.preview(store, b)  # the biller posts the rest of B by hand
    [claim] = preview.claims
    assert claim.action == "reversal" and claim.retried and "reverses" in claim.warning
    posting.post(store, b)
    assert remittances.get_remittance(store, b).status == "posted"
    assert _claim_row(era_workspace, claim_id)[1] == 0


def test_a_parked_reversal_never_takes_back_a_later_payment(
    era_workspace: Workspace, tmp_path: Path
) -> None:
    store = era_workspace.store
    claim_id, _, b, _ = _reversal_before_original(era_workspace, tmp_path, correction=False)
    pcn, lines = _pcn_of(era_workspace, claim_id), _lines_of(era_workspace, claim_id)
    later = _import(era_workspace, tmp_path, "c.835", era_text(
        [_paying(pcn, lines, Decimal("0.8"))], trace="T3", day="20270105", control="0003"))
    plan = posting.post(store, later)
    assert plan.retries == []
    assert remittances.get_remittance(store, b).status == "partly_posted"
    assert _claim_row(era_workspace, claim_id)[1] > 0


def _pcn_of(workspace: Workspace, claim_id: int) -> str:
    return str(workspace.store.read.execute("SELECT pcn FROM claims WHERE id = ?",
                                            [claim_id]).fetchone()[0])


def _lines_of(workspace: Workspace, claim_id: int) -> list[tuple[str, int]]:
    return workspace.store.read.execute(
        "SELECT procedure_code, charge_cents FROM service_lines WHERE claim_id = ? "
        "ORDER BY line_number", [claim_id]).fetchall()
