"""The direct JSON text of an 835 claim is exactly what json.dumps makes of its dict."""

from __future__ import annotations

import json

from oa_desktop.x12.json_835 import claim_text
from oa_desktop.x12.model_835 import Remittance835
from oa_desktop.x12.parse import parse_file, parse_text
from oa_desktop.x12.to_json import claim_json, json_text, result_json
from tests.x12.conftest import fixture
from tests.x12.handmade import era_835, era_claim, era_file


def _claims(text: str) -> Remittance835:
    [era] = parse_text(text).transactions
    assert isinstance(era, Remittance835)
    return era


def test_claim_text_matches_json_dumps_for_odd_values() -> None:
    claim = era_claim("C1")
    claim[1] = 'NM1*QC*1*O"BRIEN\\*ZOË \u00c9****MI*X\tY'
    claim[2] = "SVC*HC:90837:HO:GT*180*100**1.50"
    claims = [claim, [*era_claim("C2"), "LQ*HE*N130", "LQ*HE*M51"],
              ["CLP*C3*4*50*0*50*12*ICN3*11*1", "CAS*PR*1*50*2"]]
    era = _claims(era_file(era_835("0001", claims, "200")))
    for item in era.claims:
        assert claim_text(item) == json.dumps(claim_json(item))


def test_the_document_reads_back_equal_to_the_dicts() -> None:
    result = parse_file(fixture("era_basic.835"))
    text = json_text(result_json(result, raw_claims=True))
    assert json.loads(text) == json.loads(json.dumps(result_json(result)))
