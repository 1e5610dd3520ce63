"""One writer per data folder: the OS lock, who holds it, waiting, and a killed holder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from oa_desktop.services.safety import folder_lock
from oa_desktop.services.safety.folder_lock import FolderInUseError, acquire
from oa_desktop.services.workspace import open_workspace

REPO = Path(__file__).resolve().parents[3]


def test_second_taker_is_refused_with_who_holds_it(tmp_path: Path) -> None:
    first = acquire(tmp_path, folder_lock.WINDOW)
    with pytest.raises(FolderInUseError) as caught:
        acquire(tmp_path, folder_lock.WINDOW)
    message = caught.value.message
    assert message.startswith("OA Desktop is already open on this computer: the window")
    assert f"(process {os.getpid()})" in message
    assert "Switch to the OA Desktop window" in caught.value.next_step
    with pytest.raises(FolderInUseError) as by_command:
        acquire(tmp_path, "the command sync")
    assert "then run the command again" in by_command.value.next_step
    assert by_command.value.exit_code == 2
    first.release()
    again = acquire(tmp_path, "the command sync")
    assert folder_lock.read_holder(tmp_path) == again.holder
    again.release()


def test_a_command_waits_for_the_holder_to_finish(tmp_path: Path) -> None:
    first = acquire(tmp_path, "the command post-eras")
    timer = threading.Timer(0.3, first.release)
    timer.start()
    second = acquire(tmp_path, "the command sync", wait=30, poll=0.05)
    assert second.held and not first.held
    second.release()
    timer.join()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    code = ("import sys, time; from pathlib import Path; "
            "from oa_desktop.services.safety.folder_lock import acquire; "
            "acquire(Path(sys.argv[1]), 'the window'); print('ready', flush=True); "
            "time.sleep(60)")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], env=env,
                            stdout=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"ready"
    with pytest.raises(FolderInUseError, match=f"process {proc.pid}"):
        acquire(tmp_path, folder_lock.WINDOW)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    acquire(tmp_path, folder_lock.WINDOW, wait=10, poll=0.05).release()


def test_workspace_takes_the_lock_only_when_asked(tmp_path: Path) -> None:
    window = open_workspace(tmp_path, lock=folder_lock.WINDOW)
    try:
        with pytest.raises(FolderInUseError):
            open_workspace(tmp_path, lock="the command sync")
        reader = open_workspace(tmp_path)  # status, selfcheck: no lock needed
        reader.close()
    finally:
        window.close()
    assert window.lock is not None and not window.lock.held
    open_workspace(tmp_path, lock="the command sync").close()


def test_command_wait_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(folder_lock.ENV_WAIT, "2.5")
    assert folder_lock.command_wait() == 2.5
    monkeypatch.setenv(folder_lock.ENV_WAIT, "soon")
    assert folder_lock.command_wait() == folder_lock.COMMAND_WAIT
