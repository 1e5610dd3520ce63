"""The sandbox answers like Office Ally: File Summary, 999, 277CA, ERA; same seed, same answers."""

from __future__ import annotations

import io
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from oa_desktop.sandbox.responder import Responder, SandboxLayout
from oa_desktop.sandbox.sample import DEFAULT_CLAIMS, SampleClaim, sample_837
from oa_desktop.sandbox.submitted import read_submitted_claims


def segments(text: str) -> list[list[str]]:
    return [s.strip().split("*") for s in text.split("~") if s.strip()]


def check_envelope(text: str) -> list[list[list[str]]]:
    """Every ST/SE count, GE and IEA count and control number must agree; returns the sets."""
    segs = segments(text)
    assert segs[0][0] == "ISA" and segs[0][6].strip() == "330897513"
    assert segs[1][0] == "GS" and segs[1][2] == "330897513"
    sets, current = [], None
    for seg in segs:
        if seg[0] == "ST":
            current = [seg]
        elif current is not None:
            current.append(seg)
            if seg[0] == "SE":
                assert int(seg[1]) == len(current), "SE01 must count ST..SE"
                assert seg[2] == current[0][2]
                sets.append(current)
                current = None
    assert segs[-2][0] == "GE" and int(segs[-2][1]) == len(sets) and segs[-2][2] == segs[1][6]
    assert segs[-1] == ["IEA", "1", segs[0][13]]
    return sets


def run(tmp_path: Path, data: bytes, seed: int = 3, name: str = "batch.txt") -> dict[str, bytes]:
    layout = SandboxLayout(tmp_path / f"oa{seed}").prepare()
    (layout.inbound / name).write_bytes(data)
    responder = Responder(layout, seed=seed, respond_after=0)
    responder.poll(time.monotonic())
    assert list(layout.inbound.iterdir()) == []  # picked up: /inbound empties
    out = {p.name: p.read_bytes() for p in layout.outbound.iterdir()}
    for p in layout.scheduled.iterdir():
        out[p.name.split("__")[1]] = p.read_bytes()
    return out


def by_suffix(out: dict[str, bytes], suffix: str) -> str:
    [text] = [v.decode() for k, v in out.items() if k.endswith(suffix)]
    return text


def test_read_submitted_claims() -> None:
    claims = read_submitted_claims(sample_837())
    assert [c.pcn for c in claims] == [c.pcn for c in DEFAULT_CLAIMS]
    first = claims[0]
    assert first.charge == Decimal("135.00") and len(first.lines) == 2
    assert (first.patient_last, first.member_id, first.payer_id) == ("DOE", "W123456789", "12345")
    assert first.lines[0].procedure == "99213" and first.lines[0].service_date == "20260115"


def test_an_accepted_upload_gets_summary_999_277ca_and_era(tmp_path: Path) -> None:
    out = run(tmp_path, sample_837())
    names = sorted(out)
    assert any(n.startswith("FS_HCFA_") and n.endswith("_IN_C.txt") for n in names)
    [era_name] = [n for n in names if n.endswith(".zip")]
    assert "_ERA_STATUS_5010_20260129" in era_name

    ack = segments(by_suffix(out, ".999"))
    assert ["IK5", "A"] in ack and ack[-4][:2] == ["AK9", "A"]
    check_envelope(by_suffix(out, ".999"))

    status = by_suffix(out, ".277")
    check_envelope(status)
    stc = {seg[2]: None for seg in segments(status) if seg[0] == "TRN" and seg[1] == "2"}
    assert {"PCN0001", "PCN0003", "PCN0004"} <= set(stc)
    rejected = {segs[i - 1][2]: seg[1] for segs in [segments(status)]
                for i, seg in enumerate(segs) if seg[0] == "STC" and segs[i - 1][0] == "TRN"
                and segs[i - 1][1] == "2"}
    assert rejected["PCN0003"].startswith("A7:164")  # missing subscriber id
    assert rejected["PCN0004"].startswith("A7:255")  # invalid diagnosis

    summary = by_suffix(out, "_IN_C.txt")
    rows = summary.splitlines()
    header = next(i for i, r in enumerate(rows) if r.startswith("CLAIM#"))
    errors = {r[121:135].strip(): r[153:183].strip() for r in rows[header + 1:]}
    assert errors["PCN0003"] == "MISSING SUBSCRIBER ID"
    assert errors["PCN0001"] in ("", "INVALID BILLING PROVIDER NPI")

    with zipfile.ZipFile(io.BytesIO(out[era_name])) as z:
        members = sorted(z.namelist())
        text_835 = z.read(next(m for m in members if m.endswith(".835"))).decode()
    assert any(m.endswith(".txt") for m in members)
    pcns = {seg[1] for seg in segments(text_835) if seg[0] == "CLP"}
    assert "PCN0003" not in pcns and "PCN0004" not in pcns  # rejected claims are not paid
    check_835(text_835)


def check_835(text: str) -> None:
    """Each transaction balances: BPR02 = ΣCLP04 − ΣPLB; each claim and line balances."""
    for st in check_envelope(text):
        assert st[0][3] == "005010X221A1"
        paid = Decimal(0)
        plb = Decimal(0)
        claim: list[Decimal] | None = None
        line: list[Decimal] | None = None
        claims: list[list[Decimal]] = []
        lines: list[list[Decimal]] = []
        for seg in st:
            if seg[0] == "CLP":
                claim = [Decimal(seg[3]), Decimal(seg[4]), Decimal(0)]
                claims.append(claim)
                paid += Decimal(seg[4])
                line = None
            elif seg[0] == "SVC":
                line = [Decimal(seg[2]), Decimal(seg[3]), Decimal(0)]
                lines.append(line)
            elif seg[0] == "CAS":
                total = sum(Decimal(seg[i]) for i in range(3, len(seg), 3))
                assert claim is not None
                claim[2] += total
                if line is not None:
                    line[2] += total
            elif seg[0] == "PLB":
                plb += sum(Decimal(seg[i]) for i in range(4, len(seg), 2))
        bpr = next(s for s in st if s[0] == "BPR")
        assert Decimal(bpr[2]) == paid - plb
        for charge, paid_amount, adjusted in claims + lines:
            assert charge - paid_amount == adjusted


def test_same_seed_same_answers_and_another_seed_differs(tmp_path: Path) -> None:
    many = tuple(SampleClaim(f"PCN{i:04d}", last=f"PAT{i}") for i in range(40))
    data = sample_837(many)
    first, again = run(tmp_path / "a", data, seed=5), run(tmp_path / "b", data, seed=5)
    assert first == again
    other = run(tmp_path / "c", data, seed=6)
    assert sorted(first) != sorted(other) or first != other


def test_many_claims_cover_every_era_outcome(tmp_path: Path) -> None:
    many = tuple(SampleClaim(f"PCN{i:04d}", lines=(("99213", Decimal("100.00")),
                                                   ("85025", Decimal("30.00"))))
                 for i in range(60))
    out = run(tmp_path, sample_837(many), seed=11)
    era = next(v for k, v in out.items() if k.endswith(".zip"))
    with zipfile.ZipFile(io.BytesIO(era)) as z:
        text = z.read(next(n for n in z.namelist() if n.endswith(".835"))).decode()
    check_835(text)
    segs = segments(text)
    statuses = {s[2] for s in segs if s[0] == "CLP"}
    assert {"1", "4", "22"} <= statuses
    reasons = {(s[1], s[2]) for s in segs if s[0] == "CAS"}
    assert ("CO", "45") in reasons
    assert reasons & {("CO", "16"), ("CO", "29"), ("CO", "197")}
    assert reasons & {("PR", "1"), ("PR", "2"), ("PR", "3")}
    rejected = segments(by_suffix(out, ".277"))
    assert any(s[0] == "STC" and s[1].startswith("A3") for s in rejected)


def test_structural_error_gets_999_reject_with_counts(tmp_path: Path) -> None:
    out = run(tmp_path, sample_837(break_se_count=True))
    ack = segments(by_suffix(out, ".999"))
    assert ["IK5", "R", "4"] in ack and next(s for s in ack if s[0] == "AK9")[1] == "R"
    assert not any(k.endswith(".277") or k.endswith(".zip") for k in out)
    assert any("ErrorReport" in k for k in out)


def test_element_errors_get_ik3_ik4(tmp_path: Path) -> None:
    bad = sample_837().replace(b"CLM*PCN0002*120.00", b"CLM*PCN0002*12X.00")
    ack = segments(by_suffix(run(tmp_path, bad), ".999"))
    ik3 = next(s for s in ack if s[0] == "IK3")
    ik4 = next(s for s in ack if s[0] == "IK4")
    assert ik3[1] == "CLM" and ik4[1] == "2" and ik4[3] == "6"
    assert ["IK5", "R", "5"] in ack


def test_long_note_is_accepted_with_errors(tmp_path: Path) -> None:
    claims = (SampleClaim("PCN0001", note="X" * 90),)
    ack = segments(by_suffix(run(tmp_path, sample_837(claims)), ".999"))
    assert ["IK5", "E", "5"] in ack and next(s for s in ack if s[0] == "AK9")[1] == "E"


@pytest.mark.parametrize("junk", [b"", b"hello, not x12", b"ISA*00*short~"])
def test_malformed_file_gets_999_r_and_error_report(tmp_path: Path, junk: bytes) -> None:
    out = run(tmp_path, junk)
    assert next(s for s in segments(by_suffix(out, ".999")) if s[0] == "AK9")[1] == "R"
    check_envelope(by_suffix(out, ".999"))
    assert "NO CLAIMS WERE CREATED" in by_suffix(out, ".txt")


def test_temporary_names_are_left_alone(tmp_path: Path) -> None:
    layout = SandboxLayout(tmp_path / "oa").prepare()
    (layout.inbound / ".batch.txt.part").write_bytes(b"partial")
    (layout.inbound / "batch.txt.filepart").write_bytes(b"partial")
    Responder(layout, seed=1, respond_after=0).poll(time.monotonic())
    assert len(list(layout.inbound.iterdir())) == 2
    assert list(layout.outbound.iterdir()) == []


def test_respond_after_waits(tmp_path: Path) -> None:
    layout = SandboxLayout(tmp_path / "oa").prepare()
    (layout.inbound / "b.txt").write_bytes(sample_837())
    responder = Responder(layout, seed=1, respond_after=30)
    responder.poll(100.0)
    responder.poll(120.0)
    assert list(layout.outbound.iterdir()) == []
    responder.poll(131.0)
    assert len(list(layout.outbound.iterdir())) == 3
