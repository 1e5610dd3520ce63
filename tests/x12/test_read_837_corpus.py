from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from oa_desktop.x12.parse import parse_file
from oa_desktop.x12.read_837 import Batch837
from oa_desktop.x12.tokenizer import tokenize
from tests.x12.conftest import corpus_params


@pytest.mark.parametrize("path", corpus_params("837p", "837i"))
def test_corpus_837_summary_agrees_with_a_naive_count(path: Path) -> None:
    result = parse_file(path)
    batches = [t for t in result.transactions if isinstance(t, Batch837)]
    clm: list[tuple[str, Decimal]] = []
    lx: list[int] = []
    for ts in tokenize(path.read_bytes()).transactions:
        for seg in ts.segments:
            if seg[0] == "CLM":
                clm.append((seg[1], Decimal(seg[2])))
                lx.append(0)
            elif seg[0] == "LX" and lx:
                lx[-1] += 1
    claims = [c for b in batches for c in b.claims]
    assert [(c.patient_control_number, c.charge) for c in claims] == clm
    assert [c.lines for c in claims] == lx
    assert all(b.control_number for b in batches)
