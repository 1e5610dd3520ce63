"""ERA import and posting: exactly once, all or nothing, undo, reversals, denials, PLB."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from oa_desktop.domain.money import format_money
from oa_desktop.errors import KnownError
from oa_desktop.services.claims import problems
from oa_desktop.services.era import importing, posting
from oa_desktop.services.workspace import Workspace, open_workspace
from oa_desktop.store import claims, remittances
from oa_desktop.x12.errors import X12Error
from tests.conftest import SHARED
from tests.services.era.helpers import era_text, import_era, open_claims, sandbox_eras


@pytest.fixture(scope="module")
def sandbox_files(tmp_path_factory: pytest.TempPathFactory,
                  demo_template: Path) -> tuple[Path, list[Path]]:
    """A demo folder whose ready claims were sent to the sandbox, and the ERA zips it sent."""
    tmp = tmp_path_factory.mktemp("era")
    root = tmp / "demo"
    shutil.copytree(demo_template, root)
    workspace = open_workspace(root)
    paths = []
    for name, data in sandbox_eras(workspace, tmp):
        (tmp / name).write_bytes(data)
        paths.append(tmp / name)
    workspace.close()
    return root, paths


@pytest.fixture
def era_workspace(sandbox_files: tuple[Path, list[Path]], tmp_path: Path) -> Iterator[Workspace]:
    root = tmp_path / "ws"
    shutil.copytree(sandbox_files[0], root)
    workspace = open_workspace(root)
    yield workspace
    workspace.close()


def ledger_total(workspace: Workspace) -> int:
    return int(workspace.store.read.execute(
        "SELECT COUNT(*) FROM ledger").fetchone()[0])


def balances(workspace: Workspace) -> dict[int, tuple[str, int, int]]:
    rows = workspace.store.read.execute("SELECT id, status, paid_cents, balance_cents FROM claims")
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def assert_consistent(workspace: Workspace) -> None:
    """Integrity, caches, and each ERA's ledger sums equal the sums of what of it is
    posted: every posted claim's CLP04, the PLB once; nothing of a claim left waiting."""
    store = workspace.store
    assert store.integrity_check() == "ok"
    assert claims.check_claim_caches(store) == []
    for summary in remittances.list_remittances(store):
        rec = posting.reconcile(store, summary.id)
        rcs = remittances.remittance_claims(store, summary.id)
        if summary.status in ("posted", "partly_posted"):
            posted = sum((c.paid for c in rcs if c.post_state == "posted"), Decimal(0))
            assert rec.posted_payments == posted
            assert rec.posted_provider == -summary.plb_total
            assert rec.difference == rec.waiting
            assert (summary.status == "posted") == all(c.post_state == "posted" for c in rcs)
        else:
            assert rec.posted_payments == 0 and rec.posted_provider == 0
            assert all(c.post_state == "unposted" for c in rcs)


def test_sandbox_eras_import_match_and_post_end_to_end(
    era_workspace: Workspace, sandbox_files: tuple[Path, list[Path]]
) -> None:
    for path in sandbox_files[1]:
        result = importing.import_era_file(era_workspace, path)
        assert result.remittance_ids and result.unmatched_claims == 0
    posted, skipped = posting.post_all(era_workspace.store)
    assert posted and not skipped
    for summary in remittances.list_remittances(era_workspace.store):
        assert summary.status == "posted"
        assert posting.reconcile(era_workspace.store, summary.id).difference == 0
    assert_consistent(era_workspace)
    assert posting.denials(era_workspace.store), "the sandbox denies some claims"


def test_importing_any_era_twice_posts_nothing_the_second_time(
    era_workspace: Workspace, sandbox_files: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    path = sandbox_files[1][0]
    importing.import_era_file(era_workspace, path)
    posting.post_all(era_workspace.store)
    before = (ledger_total(era_workspace), balances(era_workspace))
    again = importing.import_era_file(era_workspace, path)
    assert again.already_imported_on is not None and "already imported on" in again.summary
    # the same 835 taken out of the zip, under another name: the same bytes
    [(member, body)] = importing.era_members(path.name, path.read_bytes())
    (tmp_path / "renamed.835").write_bytes(body)
    assert importing.import_era_file(era_workspace, tmp_path / "renamed.835") \
        .already_imported_on is not None
    assert posting.post_all(era_workspace.store) == ([], [])
    assert (ledger_total(era_workspace), balances(era_workspace)) == before


def test_same_payment_in_a_new_file_is_held_for_the_biller(
    era_workspace: Workspace, sandbox_files: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    path = sandbox_files[1][0]
    first = importing.import_era_file(era_workspace, path)
    [(member, body)] = importing.era_members(path.name, path.read_bytes())
    (tmp_path / "copy.835").write_bytes(body.replace(b"~", b"~\r\n"))  # new bytes, same payment
    second = importing.import_era_file(era_workspace, tmp_path / "copy.835")
    assert second.held_duplicates == len(second.remittance_ids) == len(first.remittance_ids)
    held = second.remittance_ids[0]
    assert remittances.get_remittance(era_workspace.store, held).duplicate_of is not None
    with pytest.raises(KnownError, match="imported before"):
        posting.post(era_workspace.store, held)
    posting.decide_duplicate(era_workspace.store, held, is_duplicate=True)
    posted, _ = posting.post_all(era_workspace.store)
    assert held not in posted and set(posted) == set(first.remittance_ids)
    assert_consistent(era_workspace)


def test_a_malformed_file_changes_nothing(era_workspace: Workspace, tmp_path: Path) -> None:
    text = era_text([("C0000001", "1", "100", "80", [])])
    bad = tmp_path / "bad.835"
    bad.write_bytes(text[:text.index(b"SE*")])  # cut short: no SE, GE or IEA
    count = "SELECT COUNT(*) FROM received_files"
    files_before = era_workspace.store.read.execute(count).fetchone()
    with pytest.raises(X12Error) as info:
        importing.import_era_file(era_workspace, bad)
    assert "segment" in str(info.value)
    assert era_workspace.store.read.execute(count).fetchone() == files_before
    assert remittances.list_remittances(era_workspace.store) == []


def test_undo_then_repost_gives_identical_balances(
    era_workspace: Workspace, sandbox_files: tuple[Path, list[Path]]
) -> None:
    start = balances(era_workspace)
    for path in sandbox_files[1]:
        importing.import_era_file(era_workspace, path)
    posting.post_all(era_workspace.store)
    after_post = balances(era_workspace)
    for summary in remittances.list_remittances(era_workspace.store):
        posting.undo(era_workspace.store, summary.id)
    restored = balances(era_workspace)
    assert {k: v[1:] for k, v in restored.items()} == {k: v[1:] for k, v in start.items()}
    assert all(restored[k][0] in (v[0], "accepted_by_payer") for k, v in start.items())
    assert_consistent(era_workspace)
    posting.post_all(era_workspace.store)
    assert {k: v[1:] for k, v in balances(era_workspace).items()} == \
        {k: v[1:] for k, v in after_post.items()}
    assert_consistent(era_workspace)




def _paying(pcn: str, lines: list[tuple[str, int]], share: Decimal, status: str = "1",
            sign: int = 1) -> tuple[str, str, str, str, list[tuple[str, str, str, list[Any]]]]:
    built = []
    for code, cents in lines:
        charge = Decimal(cents) / 100
        paid = (charge * share).quantize(Decimal("0.01"))
        built.append((code, f"{sign * charge:.2f}", f"{sign * paid:.2f}",
                      [("CO", "45", f"{sign * (charge - paid):.2f}")]))
    charge = sum((Decimal(c) / 100 for _, c in lines), Decimal(0))
    paid = sum((Decimal(b[2]) for b in built), Decimal(0))
    return (pcn, status, f"{sign * charge:.2f}", f"{paid:.2f}", built)



_import = import_era


def test_a_reversal_plus_a_correction_nets_to_the_correction(
    era_workspace: Workspace, tmp_path: Path
) -> None:
    store = era_workspace.store
    claim_id, pcn, lines = open_claims(era_workspace, 1)[0]
    first = _import(era_workspace, tmp_path, "a.835",
                    era_text([_paying(pcn, lines, Decimal("0.8"))], trace="T1"))
    posting.post(store, first)
    correction = _paying(pcn, lines, Decimal("0.6"))
    second = _import(era_workspace, tmp_path, "b.835", era_text(
        [_paying(pcn, lines, Decimal("0.8"), status="22", sign=-1), correction],
        trace="T2", control="0002"))
    plan = posting.post(store, second)
    assert [c.action for c in plan.claims] == ["reversal", "paid"]
    paid = store.read.execute("SELECT paid_cents FROM claims WHERE id = ?", [claim_id]).fetchone()
    assert paid[0] == int(Decimal(correction[3]) * 100)
    assert_consistent(era_workspace)
    # undo the correction ERA: the first payment stands again
    posting.undo(store, second)
    paid = store.read.execute("SELECT paid_cents FROM claims WHERE id = ?", [claim_id]).fetchone()
    assert paid[0] == int(Decimal(_paying(pcn, lines, Decimal("0.8"))[3]) * 100)
    with pytest.raises(KnownError):  # the later ERA has to be undone first... it was
        posting.undo(store, second)
    posting.post(store, second)
    assert_consistent(era_workspace)


def test_a_reversal_with_nothing_to_reverse_is_parked(
    era_workspace: Workspace, tmp_path: Path
) -> None:
    _, pcn, lines = open_claims(era_workspace, 1)[0]
    rid = _import(era_workspace, tmp_path, "r.835", era_text(
        [_paying(pcn, lines, Decimal("0.8"), status="22", sign=-1)], trace="T9"))
    plan = posting.post(era_workspace.store, rid)
    assert plan.claims[0].action == "parked"
    summary = remittances.get_remittance(era_workspace.store, rid)
    assert summary.status == "partly_posted" and summary.parked == 1
    rec = posting.reconcile(era_workspace.store, rid)
    assert rec.difference != 0 and any("parked" in e for e in rec.explanations)
    assert_consistent(era_workspace)


def test_plb_is_posted_at_provider_level_and_reconciles(
    era_workspace: Workspace, tmp_path: Path
) -> None:
    _, pcn, lines = open_claims(era_workspace, 1)[0]
    rid = _import(era_workspace, tmp_path, "p.835", era_text(
        [_paying(pcn, lines, Decimal("0.8"))], plb=[("L6", "-2.10"), ("WO", "5.00")]))
    plan = posting.post(era_workspace.store, rid)
    assert [p.kind for p in plan.provider] == ["interest", "recoupment"]
    rec = posting.reconcile(era_workspace.store, rid)
    assert rec.difference == 0 and rec.posted_provider == Decimal("-2.90")


def test_an_unbalanced_era_cannot_be_posted(era_workspace: Workspace, tmp_path: Path) -> None:
    _, pcn, lines = open_claims(era_workspace, 1)[0]
    rid = _import(era_workspace, tmp_path, "u.835", era_text(
        [_paying(pcn, lines, Decimal("0.8"))], amount="1.00"))
    summary = remittances.get_remittance(era_workspace.store, rid)
    assert summary.status == "not_postable" and "BPR02" in summary.problems[0]
    with pytest.raises(KnownError):
        posting.post(era_workspace.store, rid)
    assert posting.post_all(era_workspace.store)[0] == []


def test_denials_reach_the_worklist_and_are_worked(
    era_workspace: Workspace, tmp_path: Path
) -> None:
    store = era_workspace.store
    claim_id, pcn, lines = open_claims(era_workspace, 1)[0]
    charge = sum((Decimal(c) / 100 for _, c in lines), Decimal(0))
    built = [(code, f"{Decimal(c) / 100:.2f}", "0", [("CO", "16", f"{Decimal(c) / 100:.2f}")])
             for code, c in lines]
    rid = _import(era_workspace, tmp_path, "d.835",
                  era_text([(pcn, "4", f"{charge:.2f}", "0", built)]))
    posting.post(store, rid)
    [denial] = [d for d in posting.denials(store) if d.claim_id == claim_id]
    assert "CO-16" in denial.reasons and "lacks information" in denial.reason_text
    assert "resubmit" in denial.next_step
    assert claims.balance(store, claim_id) == charge  # nothing written off by itself
    assert posting.write_off_denial(store, denial.id) == charge
    assert claims.balance(store, claim_id) == 0
    assert store.read.execute("SELECT status FROM claims WHERE id = ?",
                              [claim_id]).fetchone()[0] == "closed"
    assert not [d for d in posting.denials(store) if d.claim_id == claim_id]


def test_manual_match_and_suggestions(era_workspace: Workspace, tmp_path: Path) -> None:
    from oa_desktop.services.era import matching

    claim_id, pcn, lines = open_claims(era_workspace, 1)[0]
    mangled = _paying("X" + pcn, lines, Decimal("0.8"))
    rid = _import(era_workspace, tmp_path, "m.835", era_text([mangled]))
    summary = remittances.get_remittance(era_workspace.store, rid)
    assert summary.unmatched == 1
    [rc] = remittances.remittance_claims(era_workspace.store, rid)
    assert claim_id in [s.claim_id for s in matching.suggestions(era_workspace.store, rc)]
    matching.match_manually(era_workspace.store, rc.id, claim_id)
    posting.post(era_workspace.store, rid)
    with pytest.raises(KnownError):
        matching.unmatch(era_workspace.store, rc.id)


def corpus_files() -> list[Path]:
    folder = SHARED / "corpus" / "835"
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.mark.skipif(not corpus_files(), reason="the shared 835 corpus is absent")
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name[:60])
def test_every_corpus_835_imports(path: Path, tmp_path: Path) -> None:
    workspace = open_workspace(tmp_path / "ws")
    try:
        try:
            result = importing.import_era_file(workspace, path)
        except X12Error as exc:  # unreadable: refused with its position, nothing stored
            assert remittances.list_remittances(workspace.store) == []
            pytest.skip(f"unreadable sample: {exc.message}")
        assert result.remittance_ids
        for rid in result.remittance_ids:
            posting.preview(workspace.store, rid)  # the preview never fails
    finally:
        workspace.close()


@pytest.mark.parametrize("text", ["0", "-0", "88", "-88", "352.5", "352.50", "1E+2", "0.005",
                                  "-12.345", "100.00", "0.1", "12.3456", "1.2E-3", "-0.00"])
def test_detail_amounts_are_written_with_two_decimals(text: str) -> None:
    assert importing._money(Decimal(text)) == f"{Decimal(text):.2f}"




def _denied_with_share(pcn: str, lines: list[tuple[str, int]], covered: int) -> tuple[
        tuple[str, str, str, str, list[Any]], Decimal, Decimal]:
    """CLP02 4: PR-204 ("not covered by the patient's plan": the patient owes it) on the
    first ``covered`` lines, CO-16 on the others."""
    built = [(code, f"{Decimal(c) / 100:.2f}", "0",
              [("PR" if i < covered else "CO", "204" if i < covered else "16",
                f"{Decimal(c) / 100:.2f}")]) for i, (code, c) in enumerate(lines)]
    charge = sum((Decimal(c) / 100 for _, c in lines), Decimal(0))
    owed = sum((Decimal(c) / 100 for _, c in lines[:covered]), Decimal(0))
    return (pcn, "4", f"{charge:.2f}", "0", built), charge, owed


def test_a_denial_the_patient_owes_part_of_shows_the_share_and_writing_it_off_leaves_it(
    era_workspace: Workspace, tmp_path: Path
) -> None:
    from oa_desktop.store import patient_ledger as pl

    store = era_workspace.store
    claim_id, pcn, lines = open_claims(era_workspace, 1, min_lines=2)[0]
    denied, charge, owed = _denied_with_share(pcn, lines, 1)
    rid = _import(era_workspace, tmp_path, "pr.835", era_text([denied]))
    (row,) = [p for p in posting.preview(store, rid).claims if p.rc.claim_id == claim_id]
    assert row.action == "denied" and row.patient_total == owed
    posting.post(store, rid)
    [denial] = [d for d in posting.denials(store) if d.claim_id == claim_id]
    assert denial.amount == charge - owed and denial.reasons == "CO-16"
    (item,) = [p for p in problems.all_problems(store) if p.claim_id == claim_id]
    assert (item.amount, item.stays) == (charge - owed, owed)  # as the write-off box says
    said = problems.write_off(store, claim_id, problems.WRITE_OFF_REASONS[0])
    assert said.startswith(f"Wrote off {format_money(charge - owed)} on claim {pcn}")
    assert f"the patient's {format_money(owed)} stays on their account" in said
    assert claims.balance(store, claim_id) == owed
    (sums,) = pl.claim_sums(store.read, claim_ids=[claim_id])
    assert sums.patient_cents == int(owed * 100)  # the patient still owes it


def test_a_denial_the_patient_owes_whole_is_not_a_denial_to_work(
    era_workspace: Workspace, tmp_path: Path
) -> None:
    store = era_workspace.store
    claim_id, pcn, lines = open_claims(era_workspace, 1)[0]
    denied, charge, owed = _denied_with_share(pcn, lines, len(lines))
    rid = _import(era_workspace, tmp_path, "pr.835", era_text([denied]))
    posting.post(store, rid)
    assert owed == charge and claims.balance(store, claim_id) == owed
    assert not [d for d in posting.denials(store) if d.claim_id == claim_id]
