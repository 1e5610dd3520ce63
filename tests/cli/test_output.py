"""CLI output: JSON in large buffered chunks; a closed pipe (``| head``) ends quietly."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from oa_desktop.cli import x12 as cli_x12
from tests.x12.handmade import era_835, era_claim, era_file


def _big_era(path: Path, claims: int, paid: str = "100") -> Path:
    total = f"{claims * int(paid)}"
    path.write_text(era_file(era_835("0001", [era_claim(f"C{i:06d}", paid)
                                               for i in range(claims)], total)))
    return path


class _CountingOut:
    def __init__(self) -> None:
        self.pieces: list[str] = []

    def write(self, text: str) -> int:
        self.pieces.append(text)
        return len(text)

    def flush(self) -> None:
        pass


def test_parse_json_is_written_in_large_chunks(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = _big_era(tmp_path / "big.835", 300)
    out = _CountingOut()
    monkeypatch.setattr(sys, "stdout", out)
    assert cli_x12.parse_command(argparse.Namespace(file=str(path), json=True)) == 0
    assert len(out.pieces) == 2 and out.pieces[1] == "\n"  # under 1 MB: one chunk
    text = "".join(out.pieces)
    document = json.loads(text)
    assert len(document["transactions"][0]["claims"]) == 300
    claim_lines = [line for line in text.splitlines()
                   if '"patient_control_number"' in line]
    assert len(claim_lines) == 300  # one claim per line: readable and still fast


@pytest.mark.parametrize("command", [["x12", "parse", "--json"], ["x12", "validate"],
                                     ["x12", "parse"]])
def test_a_closed_pipe_ends_quietly_with_exit_0(tmp_path: Path, command: list[str]) -> None:
    # Unbalanced claims (paid 100, CLP04 says so, BPR says 1) give one finding per claim.
    path = _big_era(tmp_path / "big.835", 3000)
    text = path.read_text().replace("BPR*I*300000*", "BPR*I*1*")
    text = text.replace("CAS*CO*45*80.00~", "CAS*CO*45*79.00~")
    path.write_text(text)
    *words, last = command
    argv = [*words, str(path), last] if last.startswith("--") else [*command, str(path)]
    process = subprocess.Popen(
        [sys.executable, "-m", "oa_desktop", "--data-dir", str(tmp_path / "d"), *argv],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()  # what `| head -1` does, then it goes away
    process.stdout.close()
    err = process.stderr.read().decode()
    code = process.wait(timeout=120)
    if command == ["x12", "parse"]:  # a short summary fits the pipe: it ends as usual
        assert code == 0
        return
    assert code == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_json_chunks_are_large_and_make_the_same_text(tmp_path: Path) -> None:
    from oa_desktop.x12.parse import parse_file
    from oa_desktop.x12.to_json import json_chunks, json_text, result_json

    document = result_json(parse_file(_big_era(tmp_path / "big.835", 400)), raw_claims=True)
    whole = json_text(document)
    chunks = list(json_chunks(document, size=20_000))
    assert "".join(chunks) == whole and len(chunks) > 3
    assert all(len(c) >= 20_000 for c in chunks[:-1])


def test_the_quick_end_is_only_for_the_process_entry_point() -> None:
    import gc

    from oa_desktop.cli import quick_exit

    assert gc.isenabled()
    quick_exit.request()  # in-process (tests, the app): nothing happens
    assert gc.isenabled()
    quick_exit.end_now_if_requested(0)  # returns: nothing was armed


def test_parse_json_through_the_entry_point_is_complete(tmp_path: Path) -> None:
    path = _big_era(tmp_path / "big.835", 2000)
    result = subprocess.run(
        [sys.executable, "-m", "oa_desktop", "--data-dir", str(tmp_path / "d"), "x12",
         "parse", str(path), "--json"], capture_output=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(b"}\n")
    document = json.loads(result.stdout)
    assert len(document["transactions"][0]["claims"]) == 2000
