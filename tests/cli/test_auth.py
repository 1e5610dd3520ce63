"""``oa-desktop auth list``: the JSON CLI.md promises."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from oa_desktop.cli.main import main
from oa_desktop.domain.authorizations import AuthCode, Authorization
from oa_desktop.services.workspace import open_workspace
from oa_desktop.store import authorizations as store_auth
from tests.store.factories import make_claim


def test_auth_list_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workspace = open_workspace(tmp_path)
    claim = make_claim(workspace.store, day=date(2026, 10, 1))
    store_auth.save_authorization(workspace.store, Authorization(
        claim.coverage_id, "A-77", (AuthCode("97153"),), Decimal("24"),
        date(2026, 9, 1), date(2026, 12, 31)))
    workspace.close()
    assert main(["--data-dir", str(tmp_path), "auth", "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["number"] == "A-77" and row["payer"] == "Aetna" and row["codes"] == ["97153"]
    assert (row["approved"], row["unit"], row["from"], row["to"]) == \
        ("24", "units", "2026-09-01", "2026-12-31")
    assert (row["scheduled"], row["billed"], row["paid"], row["remaining"]) == ("4", "0", "0", "20")
    other = str(claim.patient_id + 1)
    assert main(["--data-dir", str(tmp_path), "auth", "list", "--patient", other, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--data-dir", str(tmp_path), "auth", "list"]) == 0
    assert "A-77" in capsys.readouterr().out
