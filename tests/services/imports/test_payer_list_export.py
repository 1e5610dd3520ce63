"""Office Ally's payer list as it exports it: WC / AUTO text, extra columns, bad rows
reported and skipped, what changed for the practice's payers, Find a payer."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from oa_desktop.cli.main import main
from oa_desktop.domain.models import Payer
from oa_desktop.services.imports.payer_list import import_payer_list, read_payer_list
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import payer_list, records
from oa_desktop.store.db import Store

HEADER = ["PAYER NAME", "PAYER ID", "TRANSACTION", "AVAILABLE", "NON PAR", "ENROLLMENT",
          "SECONDARY", "ATTACHMENT", "WC / AUTO", "NOTES", "LAST UPDATED"]


def write_list(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def row(name: str, payer_id: str, transaction: str = "Professional Claims 837P", *,
        non_par: str = "No", enrollment: str = "No", wc_auto: str = "", notes: str = "",
        available: str = "Yes") -> list[str]:
    return [name, payer_id, transaction, available, non_par, enrollment, "No", "No", wc_auto,
            notes, "09/05/2025"]


def test_wc_auto_is_text_and_extra_columns_are_ignored(store: Store, tmp_path: Path) -> None:
    path = write_list(tmp_path / "list.csv", [
        row("STATE FUND", "SF001", wc_auto="Work Comp"),
        row("CAR MUTUAL", "CM001", wc_auto="Auto"),
        row("BOTH PLAN", "BP001", wc_auto="Work Comp & Auto",
            notes="Line one.\nLine \"two\"."),
        row("PLAIN PLAN", "PP001"),
        row("PLAIN PLAN", "PP001", "Remits 835", enrollment="Yes"),
    ])
    result = import_payer_list(store, path)
    assert result.counts.rows == 5 and result.skipped == ()
    [both] = payer_list.search_payer_list(store, "both")
    assert [(t.transaction_type, t.wc_auto) for t in both.transactions] == [
        ("837P", "Work Comp & Auto")]
    assert both.transactions[0].notes == 'Line one.\nLine "two".'
    kinds = {p.name: p.transactions[0].wc_auto
             for text in ("state", "car") for p in payer_list.search_payer_list(store, text)}
    assert kinds["STATE FUND"] == "Work Comp" and kinds["CAR MUTUAL"] == "Auto"
    [plain] = payer_list.search_payer_list(store, "PP0")
    assert [(t.label, t.enrollment) for t in plain.transactions] == [
        ("Professional Claims 837P", False), ("Remits 835", True)]


def test_a_row_with_an_unreadable_cell_is_reported_and_skipped(store: Store,
                                                              tmp_path: Path) -> None:
    path = write_list(tmp_path / "list.csv", [
        row("GOOD ONE", "G1"), row("BAD FLAG", "B1", non_par="Maybe"),
        row("NO ID", ""), row("GOOD TWO", "G2", wc_auto="Auto")])
    result = import_payer_list(store, path)
    assert result.counts.rows == 2
    assert [(s.row, s.column, s.value) for s in result.skipped] == [
        (3, "NON PAR", "Maybe"), (4, "PAYER ID", "")]
    assert result.skipped_lines[0] == "row 3, column NON PAR: 'Maybe' is not Yes or No"
    assert "skipped 2 rows that could not be read" in result.summary


def test_a_file_without_a_recognisable_header_changes_nothing(store: Store,
                                                             tmp_path: Path) -> None:
    import_payer_list(store, write_list(tmp_path / "a.csv", [row("KEEP ME", "K1")]))
    bad = write_list(tmp_path / "b.csv", [["x", "y"]], header=["NAME", "CODE"])
    with pytest.raises(Exception, match="no header row"):
        import_payer_list(store, bad)
    assert [p.name for p in payer_list.search_payer_list(store, "keep")] == ["KEEP ME"]


def test_like_wildcards_are_searched_as_text(store: Store, tmp_path: Path) -> None:
    import_payer_list(store, write_list(tmp_path / "l.csv", [
        row("A_B PLAN", "AB1"), row("AXB PLAN", "AX1"), row("100% CARE", "HC1"),
        row("100X CARE", "HX1"), row("C\\D HEALTH", "CD1"), row("CD HEALTH", "CD2")]))

    def names(text: str) -> list[str]:
        return [p.name for p in payer_list.search_payer_list(store, text)]

    assert names("_") == ["A_B PLAN"]
    assert names("%") == ["100% CARE"]
    assert names("\\") == ["C\\D HEALTH"]
    assert names("A_") == ["A_B PLAN"]


def _demo_month(workspace: Workspace) -> date:
    sent = workspace.store.read.execute(
        "SELECT MAX(sent_at) FROM batches WHERE test_mode = 0 AND status != 'rejected'"
    ).fetchone()[0]
    return date.fromisoformat(sent[:10])


def test_the_import_says_what_changed_for_the_practices_payers(
        demo_workspace: Workspace, tmp_path: Path) -> None:
    store = demo_workspace.store
    payers = [p for p in records.list_payers(store) if p.claim_payer_id]
    first = [row(p.name.upper(), p.claim_payer_id) for p in payers]
    import_payer_list(store, write_list(tmp_path / "first.csv", first))
    changed, gone, *rest = payers
    second = [row(changed.name.upper(), changed.claim_payer_id, non_par="Yes"),
              row(changed.name.upper(), changed.claim_payer_id, "Remits 835",
                  enrollment="Yes"),
              *[row(p.name.upper(), p.claim_payer_id, non_par="Yes") for p in rest]]
    result = import_payer_list(store, write_list(tmp_path / "second.csv", second),
                               today=_demo_month(demo_workspace))
    lines = result.change_lines
    assert any(line.startswith(f"{changed.name}: now Non-Par") for line in lines)
    assert any(line.startswith(f"{gone.name}: no longer offered for claims") for line in lines)
    assert any(line.startswith(f"{changed.name}: enrollment now required for remits")
               for line in lines)
    fee = result.fee
    assert fee is not None and (fee.before, fee.after) == (Decimal("0.00"), Decimal("35.00"))
    assert lines[-1].endswith("$0.00 before this list, $35.00 with it.")
    assert records.get_payer(store, gone.id or 0).name == gone.name  # never deleted


def test_payers_find_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    path = write_list(tmp_path / "l.csv", [
        row("MAGELLAN HEALTHCARE", "01260", non_par="Yes", enrollment="Yes",
            notes="Behavioral health only.\nUse the Magellan form."),
        row("MAGELLAN HEALTHCARE", "01260", "Remits 835", non_par="Yes"),
        row("MAGELLAN HEALTHCARE", "MGL27", "Claim Status 276 / 277"),
        row("MAGELLAN HEALTHCARE", "MGL70", "Eligibility 270 / 271", wc_auto="Auto")])
    assert main(["--data-dir", str(data), "import-payers", str(path)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data), "payers", "find", "magel", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    [payer] = document["payers"]
    assert payer["name"] == "MAGELLAN HEALTHCARE" and payer["claim_payer_id"] == "01260"
    assert [(t["transaction"], t["payer_id"], t["par"], t["enrollment_required"])
            for t in payer["transactions"]] == [
        ("837P", "01260", "Non-Par", True), ("835", "01260", "Non-Par", False),
        ("276", "MGL27", "Par", False), ("270", "MGL70", "Par", False)]
    assert payer["transactions"][0]["notes"].startswith("Behavioral health only.\n")
    assert payer["transactions"][3]["wc_auto"] == "Auto"
    assert main(["--data-dir", str(data), "payers", "find", "%", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["payers"] == []


def test_fee_effect_is_money(store: Store, tmp_path: Path) -> None:
    records.save_payer(store, Payer("Ours", {"837P": "O1"}))
    result = import_payer_list(store, write_list(tmp_path / "l.csv", [row("OURS", "O1")]))
    assert result.fee is not None and result.fee.before == result.fee.after == Decimal("0")
    assert read_payer_list(tmp_path / "l.csv").file_format == "current"
