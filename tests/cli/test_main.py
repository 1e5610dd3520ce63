import json
import subprocess
import sys
from pathlib import Path

import pytest

from oa_desktop import __version__
from oa_desktop.cli.main import main
from oa_desktop.domain.status import ClaimStatus


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_seed_demo_then_status_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "seed-demo"]) == 0
    assert "300 claims" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "status", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert set(summary) == {"claims", "batches", "remittances", "posted_total",
                            "unmatched_remittance_claims", "not_for_this_practice"}
    assert set(summary["claims"]) == {s.value for s in ClaimStatus}
    assert sum(summary["claims"].values()) == 300
    whole, cents = summary["posted_total"].split(".")
    assert whole.isdigit() and len(cents) == 2
    assert summary["batches"]["accepted"] > 0


def test_seed_demo_twice_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    main(["--data-dir", str(data), "seed-demo"])
    capsys.readouterr()
    assert main(["--data-dir", str(data), "seed-demo"]) == 2
    err = capsys.readouterr().err
    assert "already holds a practice" in err and "Traceback" not in err


def test_selfcheck(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path / "d"), "selfcheck"]) == 0
    out = capsys.readouterr().out
    assert "Database integrity" in out and " ok" in out
    assert "Keyring backend" in out
    assert "password" not in out.lower()


def test_corrupt_database_exit_2_plain_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "d"
    data.mkdir()
    (data / "oa_desktop.sqlite3").write_bytes(b"garbage" * 1000)
    assert main(["--data-dir", str(data), "status", "--json"]) == 2
    err = capsys.readouterr().err
    assert "damaged" in err and "Traceback" not in err
    assert (data / "oa_desktop.sqlite3").read_bytes() == b"garbage" * 1000


def test_unwritable_data_dir_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["--data-dir", str(blocker / "d"), "status"]) == 2
    assert "cannot be used" in capsys.readouterr().err


def test_console_module_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "oa_desktop", "--data-dir", str(tmp_path / "d"), "status",
         "--json"], capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["claims"]["draft"] == 0


def test_post_eras_posts_in_part_and_says_what_waits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "seed-demo"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data), "post-eras", "--auto"]) == 1  # a claim waits
    out, err = capsys.readouterr()
    assert "Posted 9 ERAs." in out  # the demo's 8 ERAs and its paper EOB
    assert "posted in part; waiting: 1 claim not matched" in err
    assert main(["--data-dir", str(data), "post-eras", "--auto"]) == 0  # nothing new to post
    assert "Posted 0 ERAs." in capsys.readouterr().out
    assert main(["--data-dir", str(data), "status", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["remittances"].get("partly_posted") == 1
    assert summary["unmatched_remittance_claims"] == 1
