"""``oa-desktop codes import taxonomy|hcpcs FILE [--json]`` (CLI.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oa_desktop.cli.main import main
from oa_desktop.services.workspace import open_workspace
from oa_desktop.store import code_words

NUCC = ("Code,Grouping,Classification,Specialization,Definition,Notes,Display Name,Section\n"
        "103K00000X,Behavioral,Behavior Analyst,,,,Behavior Analyst,Individual\n"
        "XX,Behavioral,Nothing,,,,Nothing,Individual\n")


def test_import_taxonomy_names_bad_rows_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, file = str(tmp_path / "d"), tmp_path / "nucc.csv"
    file.write_text(NUCC)
    assert main(["--data-dir", data, "codes", "import", "taxonomy", str(file)]) == 1
    out = capsys.readouterr().out
    assert "Loaded 1 taxonomy code from nucc.csv; 1 row left out (below)." in out
    assert "left out: row 3, column Code: 'XX' is not a taxonomy code" in out
    assert main(["--data-dir", data, "codes", "import", "taxonomy", str(file), "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["codes"] == 1 and document["bad_rows"] == [
        {"row": 3, "column": "Code", "reason": "'XX' is not a taxonomy code (like 103K00000X)"}]


def test_import_hcpcs_ok_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, file = str(tmp_path / "d"), tmp_path / "hcpcs.csv"
    file.write_text("HCPC,LONG DESCRIPTION,SHORT DESCRIPTION\n"
                    "H2014,\"Skills training and development, per 15 minutes\",Skills train\n")
    assert main(["--data-dir", data, "codes", "import", "hcpcs", str(file)]) == 0
    assert "Loaded 1 HCPCS Level II code from hcpcs.csv." in capsys.readouterr().out
    workspace = open_workspace(Path(data))
    try:
        assert set(code_words.code_words(workspace.store, "hcpcs")) == {"H2014"}
    finally:
        workspace.close()


def test_a_file_with_no_header_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    file = tmp_path / "list.csv"
    file.write_text("Name,Price\nA,1\n")
    assert main(["--data-dir", str(tmp_path / "d"), "codes", "import", "hcpcs",
                 str(file)]) == 2
    err = capsys.readouterr().err
    assert "no column headings this app recognises" in err and "Nothing was changed" in err
    assert "Traceback" not in err
