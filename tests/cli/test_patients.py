"""``payment add`` and ``patient ledger --json``."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from oa_desktop.cli.main import main
from oa_desktop.services.workspace import open_workspace


def test_payment_add_then_the_ledger_shows_it(demo_template: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "demo"
    shutil.copytree(demo_template, root)
    workspace = open_workspace(root)
    patient_id = workspace.store.read.execute(
        "SELECT patient_id FROM claims WHERE patient_id NOT IN (SELECT patient_id FROM "
        "patient_credit) ORDER BY id LIMIT 1").fetchone()[0]
    workspace.close()
    data = ["--data-dir", str(root)]
    assert main([*data, "payment", "add", "--patient", str(patient_id), "--amount", "12.50",
                 "--method", "check", "--reference", "3001", "--credit", "--json"]) == 0
    added = json.loads(capsys.readouterr().out)
    assert added["credit"] == "12.50" and added["applied"] == []
    assert main([*data, "patient", "ledger", str(patient_id), "--json"]) == 0
    account = json.loads(capsys.readouterr().out)
    assert account["credit"] == "12.50"
    last = account["entries"][-1]
    assert last["amount"] == "-12.50" and "check 3001" in last["description"]
    assert main([*data, "patient", "ledger", str(patient_id)]) == 0
    assert "credit $12.50" in capsys.readouterr().out
    open_claim = next(c for c in account["claims"] if Decimal(c["balance"]) > 1)
    assert main([*data, "payment", "add", "--patient", str(patient_id), "--amount", "1.00",
                 "--method", "card", "--reference", "4242", "--claims", open_claim["pcn"],
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["applied"] == [
        {"claim_id": open_claim["claim_id"], "amount": "1.00"}]


def test_payment_errors_are_plain(demo_template: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "demo"
    shutil.copytree(demo_template, root)
    data = ["--data-dir", str(root)]
    assert main([*data, "payment", "add", "--patient", "1", "--amount", "abc",
                 "--method", "cash"]) == 2
    assert main([*data, "payment", "add", "--patient", "1", "--amount", "5",
                 "--method", "check"]) != 0
    err = capsys.readouterr().err
    assert "not an amount" in err and "check number" in err and "Traceback" not in err
