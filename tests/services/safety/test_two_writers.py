"""Two processes on one data folder — a window-equivalent and the command line — run
submit, sync and post-eras at the same time, round after round: no traceback, no claim
in two batches, and every ERA's ledger sums equal what of it is posted.

The window-equivalent opens the folder as the window does (taking the lock) once per
round, makes four more claims ready and sends two of them; the command line runs the
three commands as a scheduled job would (sending the rest), waiting for the lock
(``OA_DESKTOP_LOCK_WAIT``).
``TWO_WRITER_ROUNDS`` changes the number of rounds (20).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from oa_desktop.services.demo.practice import DEMO_SANDBOX_PASSWORD, start_demo_sandbox
from oa_desktop.services.submit.batches import sendable_claim_ids
from oa_desktop.services.workspace import open_workspace
from tests.services.era.test_posting import assert_consistent

ROUNDS = int(os.environ.get("TWO_WRITER_ROUNDS", "20"))
REPO = Path(__file__).resolve().parents[3]

WINDOW = """
import sys, time
from pathlib import Path
from oa_desktop.errors import KnownError
from oa_desktop.services.era import posting
from oa_desktop.services.office_ally import connection
from oa_desktop.services.safety import folder_lock
from oa_desktop.services.submit import batches
from oa_desktop.services.workspace import open_workspace
from dataclasses import replace
from oa_desktop.domain.status import EventKind
from oa_desktop.store import claims

root, password, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
templates = [int(i) for i in sys.argv[4].split(",")]


def four_more_ready(store, n):
    made = []
    for k in range(4):
        t = claims.get_claim(store, templates[(4 * n + k) % len(templates)])
        copy = replace(t, id=None, patient_control_number=claims.new_pcn(store),
                       status="draft", lines=[replace(line, id=None) for line in t.lines])
        claim_id = claims.save_claim(store, copy)
        claims.add_event(store, claim_id, EventKind.MARKED_READY, text="Scrub passed")
        made.append(claim_id)
    return made


for n in range(rounds):
    w = open_workspace(root, lock=folder_lock.WINDOW, wait=120)
    try:
        gateway = connection.load_gateway_settings(w)
        connection.CREDENTIALS.remember_for_session(gateway.host, gateway.username, password)
        mine = four_more_ready(w.store, n)[:2]  # two for the window, two for the command line
        for step in ("submit", "sync", "post"):
            try:
                if step == "submit":
                    batches.submit(w, mine, test_mode=True)
                elif step == "sync":
                    connection.sync(w)
                else:
                    posting.post_all(w.store, actor="window")
            except KnownError as exc:
                print(f"round {n} {step}: {exc.message}", flush=True)
    finally:
        w.close()
    time.sleep(0.3)  # the biller closes the window and opens it again a moment later
print("window done", flush=True)
"""

COMMAND_LINE = """
import io, sys
from oa_desktop.cli.main import main

root, password, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
for n in range(rounds):
    for command in (["submit", "--all-ready", "--test", "--password-stdin"],
                    ["sync", "--password-stdin"], ["post-eras", "--auto"]):
        sys.stdin = io.StringIO(password + "\\n")
        status = main(["--data-dir", root, *command])
        print(f"round {n} {command[0]}: exit {status}", flush=True)
        assert status in (0, 1, 2), status
print("command line done", flush=True)
"""


@pytest.mark.skipif(os.name != "posix", reason="the null keyring backend path")
def test_window_and_command_line_together(demo_template: Path, tmp_path: Path) -> None:
    root = tmp_path / "demo"
    shutil.copytree(demo_template, root)
    sandbox = start_demo_sandbox(root, respond_after=0.05)
    workspace = open_workspace(root)
    templates = ",".join(str(i) for i in sendable_claim_ids(workspace.store))
    workspace.close()
    env = {**os.environ, "PYTHONPATH": str(REPO), "OA_DESKTOP_LOCK_WAIT": "120",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    args = [str(root), DEMO_SANDBOX_PASSWORD, str(ROUNDS), templates]
    try:
        procs = [subprocess.Popen([sys.executable, "-c", code, *args], env=env, cwd=REPO,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for code in (WINDOW, COMMAND_LINE)]
        outputs = [proc.communicate(timeout=900) for proc in procs]
    finally:
        sandbox.stop()
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err[-3000:]
        assert "Traceback" not in err and "database is locked" not in err, err[-3000:]
    assert "window done" in outputs[0][0] and "command line done" in outputs[1][0]
    cli_lines = outputs[1][0].splitlines()
    assert any(line.startswith("round") and "submit: exit 0" in line for line in cli_lines)
    workspace = open_workspace(root)
    try:
        twice = workspace.store.read.execute(
            "SELECT bc.claim_id, COUNT(*) FROM batch_claims bc JOIN batches b "
            "ON b.id = bc.batch_id WHERE b.status != 'cancelled' GROUP BY bc.claim_id "
            "HAVING COUNT(*) > 1").fetchall()
        assert twice == []
        sent = workspace.store.read.execute(
            "SELECT COUNT(*) FROM batches WHERE status != 'cancelled'").fetchone()[0]
        assert sent >= ROUNDS  # both sides did send
        posted = workspace.store.read.execute(
            "SELECT COUNT(*) FROM remittances WHERE status IN ('posted', 'partly_posted')"
        ).fetchone()[0]
        assert posted > 0
        assert_consistent(workspace)
    finally:
        workspace.close()
