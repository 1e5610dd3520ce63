"""Two processes: the sandbox serves; `gateway setup` and `sync` talk to it over loopback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from oa_desktop.cli.main import main
from oa_desktop.sandbox.responder import SandboxLayout
from oa_desktop.services.office_ally import connection
from oa_desktop.services.workspace import open_workspace


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[tuple[int, str, Path]]:
    root = tmp_path / "sandbox"
    proc = subprocess.Popen(
        [sys.executable, "-m", "oa_desktop", "sandbox", "serve", "--root", str(root),
         "--port", "0", "--username", "practice1", "--password-stdin", "--respond-after", "0.2"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("Secret1234\n")
    proc.stdin.close()
    port = int(proc.stdout.readline().strip().removeprefix("port="))
    fingerprint = proc.stdout.readline().strip().removeprefix("fingerprint=")
    try:
        yield port, fingerprint, root
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _cli(args: list[str], password: str = "Secret1234") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oa_desktop", *args], input=f"{password}\n", text=True,
        capture_output=True, timeout=60, check=False,
    )


def test_setup_then_sync_from_another_process(
    sandbox: tuple[int, str, Path], tmp_path: Path
) -> None:
    port, fingerprint, root = sandbox
    data = tmp_path / "data"
    base = ["--data-dir", str(data), "gateway", "setup", "--host", "127.0.0.1", "--port",
            str(port), "--username", "practice1", "--tax-id", "74-2345678", "--password-stdin"]
    probe = _cli(base)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == f"fingerprint={fingerprint}"
    assert not (data / "oa_desktop.sqlite3").exists()  # probing stores nothing

    wrong = _cli([*base, "--accept-host-key", "SHA256:not-the-key"])
    assert wrong.returncode == 3, wrong.stderr
    assert "Traceback" not in wrong.stderr

    done = _cli([*base, "--accept-host-key", fingerprint])
    assert done.returncode == 0, done.stderr
    assert "Connected to 127.0.0.1" in done.stdout

    outbound = SandboxLayout(root).outbound
    (outbound / "123456789.999").write_bytes(b"ISA*00*" + b" " * 10)
    first = _cli(["--data-dir", str(data), "sync", "--password-stdin"])
    assert first.returncode == 1, first.stderr  # downloaded, but it cannot be read (CLI.md)
    assert "1 new file downloaded" in first.stdout
    again = _cli(["--data-dir", str(data), "sync", "--password-stdin"])
    assert "nothing new" in again.stdout  # the ledger skips what it has

    workspace = open_workspace(data)
    try:
        received = connection.files.list_received(workspace.store)
        assert [r.remote_name for r in received] == ["123456789.999"]
        assert (data / received[0].local_path).read_bytes().startswith(b"ISA*00*")
    finally:
        workspace.close()


def test_sync_before_setup_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path / "d"), "sync"]) == 2
    assert "not set up" in capsys.readouterr().err


def test_wrong_password_exit_3_one_attempt(
    sandbox: tuple[int, str, Path], tmp_path: Path
) -> None:
    port, fingerprint, _root = sandbox
    result = _cli(["--data-dir", str(tmp_path / "d"), "gateway", "setup", "--host", "127.0.0.1",
                   "--port", str(port), "--username", "practice1", "--tax-id", "742345678",
                   "--password-stdin", "--accept-host-key", fingerprint], password="Wrong12345")
    assert result.returncode == 3
    assert "password" in result.stderr.lower() and "Traceback" not in result.stderr
