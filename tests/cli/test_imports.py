from __future__ import annotations

from pathlib import Path

import pytest

from oa_desktop.cli.main import main
from oa_desktop.services.workspace import open_workspace
from oa_desktop.store import payer_list

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "workspace"


def test_import_payers_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "d")
    assert main(["--data-dir", data, "import-payers",
                 str(FIXTURES / "payer_list_current.csv")]) == 0
    assert "Imported 9 payer rows (4 payers; 2 Non-Par)" in capsys.readouterr().out


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("empty.csv", b"", "empty.csv is empty"),
    ("cols.csv", b"PAYER ID,PAYER NAME\n1,A\n", "cols.csv, row 1 (header): columns TRANSACTION"),
    ("list.pdf", b"%PDF-1.4\x00\x00binary", "list.pdf is not a CSV or XLSX file"),
])
def test_import_payers_bad_file_exit_2_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes,
    expected: str,
) -> None:
    data = tmp_path / "d"
    assert main(["--data-dir", str(data), "import-payers",
                 str(FIXTURES / "payer_list_older.csv")]) == 0
    capsys.readouterr()
    bad = tmp_path / name
    bad.write_bytes(content)
    assert main(["--data-dir", str(data), "import-payers", str(bad)]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    workspace = open_workspace(data)
    try:
        assert payer_list.list_size(workspace.store) == 8  # the older list is still there
    finally:
        workspace.close()
