"""Done-when of issue 15: a generated 11,000-row payer list in the export's shape (every
TRANSACTION kind, every WC / AUTO value, quoted multi-line NOTES, a few broken rows)
imports with a report, and the bad rows are named (row, column, value). The list comes
from the benchmark's own generator (benchmarks/payer_list.py); no timing is asserted."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from oa_desktop.services.imports.payer_list import import_payer_list
from oa_desktop.store import payer_list
from oa_desktop.store.db import Store

BENCH = Path(__file__).resolve().parents[3] / "benchmarks" / "payer_list.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_payer_list", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("xlsx", [False, True])
def test_an_11000_row_list_imports_with_its_bad_rows_named(tmp_path: Path, xlsx: bool) -> None:
    gen = _generator()
    data = gen.rows(11_000)
    kinds = {row[2] for row in data}
    assert kinds == set(gen.TRANSACTIONS)  # every TRANSACTION kind
    assert {row[8] for row in data} == set(gen.WC_AUTO)  # every WC / AUTO value
    assert any("\n" in row[9] and '"' in row[9] for row in data)  # quoted multi-line notes
    broken = [i for i, row in enumerate(data) if row[4] == "Maybe" or row[1] == ""]
    assert len(broken) >= 4
    path = gen.write(tmp_path / ("payers.xlsx" if xlsx else "payers.csv"), data, xlsx)
    store = Store(tmp_path / "db.sqlite3")
    result = import_payer_list(store, path)
    assert result.counts.rows == len(data) - len(broken)
    # each bad row named: its row number in the file (the header is row 1), column, value
    assert [s.row for s in result.skipped] == [i + 2 for i in broken]
    for skipped, i in zip(result.skipped, broken, strict=True):
        assert (skipped.column, skipped.value) == (
            ("NON PAR", "Maybe") if data[i][4] == "Maybe" else ("PAYER ID", ""))
    assert len(result.skipped_lines) == len(broken)
    assert f"skipped {len(broken)} rows that could not be read" in result.summary
    name, payer_id = data[0][0], data[0][1]
    [found] = payer_list.search_payer_list(store, name)
    assert found.name == name and any(t for t in found.transactions)
    assert payer_list.search_payer_list(store, payer_id)
    store.close()
