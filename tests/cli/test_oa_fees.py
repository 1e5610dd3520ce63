from __future__ import annotations

import json
from pathlib import Path

import pytest

from oa_desktop.cli.main import main
from oa_desktop.services.workspace import open_workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "workspace"


def test_fees_json_on_the_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "seed-demo"]) == 0
    capsys.readouterr()
    workspace = open_workspace(data)
    month = workspace.store.read.execute(
        "SELECT substr(MAX(sent_at), 1, 7) FROM batches").fetchone()[0]
    workspace.close()
    assert main(["--data-dir", str(data), "fees", "--month", month, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["month"] == month and report["rows"]
    for row in report["rows"]:
        assert set(row) == {"tax_id", "npi", "claims", "non_par_claims", "share", "fee"}
        assert row["tax_id"] == "742345678" and len(row["npi"]) == 10
        assert row["fee"] in ("0.00", "35.00")
        assert row["claims"] >= row["non_par_claims"]
    assert main(["--data-dir", str(data), "fees", "--month", month]) == 0
    assert "Total for" in capsys.readouterr().out


def test_fees_empty_month_and_bad_month(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "d")
    assert main(["--data-dir", data, "fees", "--month", "2019-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"month": "2019-01", "rows": [],
                                                    "total": "0.00"}
    assert main(["--data-dir", data, "fees", "--month", "January", "--json"]) == 2
    err = capsys.readouterr().err
    assert "'January' is not a month" in err and "Traceback" not in err
