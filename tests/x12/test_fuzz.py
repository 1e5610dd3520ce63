"""Random bytes and mutated files raise only X12Error: never another exception, never a hang."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oa_desktop.x12.errors import X12Error
from oa_desktop.x12.parse import parse_bytes
from oa_desktop.x12.to_json import result_json
from oa_desktop.x12.validate import validate
from oa_desktop.x12.write_837p import write_837p
from tests.x12.conftest import FIXTURES, corpus_files
from tests.x12.factories import CREATED, NUMBERS, simple_submission

SEEDS: list[bytes] = [p.read_bytes() for p in sorted(FIXTURES.glob("*"))]
SEEDS.append(write_837p(simple_submission(), NUMBERS, CREATED).encode())
SEEDS += [p.read_bytes() for p in corpus_files("835", "277", "999", "997", "837p")
          if p.stat().st_size < 40_000]
TOKENS = [b"~", b"*", b":", b"^", b"\r\n", b"ISA", b"IEA", b"GS*", b"GE*", b"ST*835*", b"SE*",
          b"CLP*", b"SVC*", b"CAS*", b"PLB*", b"HL*", b"CLM*", b"AK2*", b"IK5*", b"STC*",
          b"-1", b"9" * 30, b"NaN", b"1e999", b"\x00", b"\xef\xbb\xbf", b"20261399"]


def _exercise(data: bytes) -> None:
    try:
        result = parse_bytes(data)
    except X12Error as exc:
        assert str(exc)
        return
    result_json(result)
    validate(result, data)


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_random_bytes(data: bytes) -> None:
    _exercise(data)


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_random_bytes_behind_a_valid_isa(tail: bytes) -> None:
    _exercise(SEEDS[0][:106] + tail)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.integers(0, 3))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == 0 and data:  # flip a byte
            data[pos] = draw(st.integers(0, 255))
        elif kind == 1:  # insert a token
            data[pos:pos] = draw(st.sampled_from(TOKENS))
        elif kind == 2:  # delete a run
            del data[pos:pos + draw(st.integers(1, 40))]
        else:  # truncate
            del data[pos:]
    return bytes(data)


@settings(max_examples=400, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_files(data: bytes) -> None:
    _exercise(data)


def test_seeds_parse() -> None:
    for data in SEEDS:
        _exercise(data)
    assert Path(FIXTURES).is_dir()
