"""At most once to Office Ally: an upload whose outcome is unknown is never simply resent.

A server that renames and then drops the connection before answering, and a real kill -9
of the uploading process at each step (both servers), end with exactly one copy.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from oa_desktop.sandbox.responder import Responder
from oa_desktop.services.office_ally import connection
from oa_desktop.services.submit import batches as submit
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import batches
from oa_desktop.store.claims import get_claim
from tests.gateway.servers import OAServer
from tests.services.submit.helpers import ready_claims


def _statuses(workspace: Workspace, batch: batches.Batch) -> set[str]:
    ids = batches.batch_claim_ids(workspace.store, batch.id)
    return {get_claim(workspace.store, i).status for i in ids}


SANDBOX_ONLY = pytest.mark.parametrize("server", ["sandbox"], indirect=True)  # its faults


@SANDBOX_ONLY
def test_a_rename_whose_answer_is_lost_is_unconfirmed_and_found_not_resent(
    practice: Workspace, server: OAServer,
) -> None:
    assert server.sandbox is not None
    (batch,) = submit.prepare_batches(practice, ready_claims(practice, 3), test_mode=True)
    server.sandbox.faults.drop_after_rename = True
    (outcome,) = submit.send_batches(practice, [batch], password=server.password)
    assert outcome.unconfirmed and not outcome.sent
    assert "upload unconfirmed" in outcome.line
    assert "Nothing half-done" not in outcome.line and "not sent" not in outcome.line
    assert batches.get_batch(practice.store, batch.id).status == "unconfirmed"
    assert _statuses(practice, batch) == {"ready"}  # not submitted yet...
    assert submit.sendable_claim_ids(practice.store) == [] or not set(
        batches.batch_claim_ids(practice.store, batch.id)) & set(
        submit.sendable_claim_ids(practice.store))  # ...and not put in another batch
    assert server.files("inbound") == [batch.file_name]

    result = connection.sync(practice, server.password)
    (settled,) = result.sent
    assert settled.sent and "found in its upload folder" in settled.line
    assert server.files("inbound") == [batch.file_name]  # exactly one copy
    assert _statuses(practice, batch) == {"submitted"}


@SANDBOX_ONLY
def test_an_unconfirmed_upload_office_ally_never_got_is_sent_again_once(
    practice: Workspace, server: OAServer,
) -> None:
    assert server.sandbox is not None
    (batch,) = submit.prepare_batches(practice, ready_claims(practice, 2), test_mode=True)
    server.sandbox.faults.drop_after_rename = True
    submit.send_batches(practice, [batch], password=server.password)
    (server.inbound / batch.file_name).unlink()  # as if the rename had never happened
    (settled,) = connection.sync(practice, server.password).sent
    assert settled.sent and "sent again" in settled.line
    assert server.files("inbound") == [batch.file_name]


CHILD = """
import os, sys
from pathlib import Path
from oa_desktop.gateway import transfer
from oa_desktop.services.submit import batches as submit
from oa_desktop.services.workspace import open_workspace
from oa_desktop.store import batches

root, batch_id, stop_at, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]

def reached(step):
    print(step, flush=True)
    if step == stop_at:
        sys.stdin.readline()  # the parent kills us here

transfer.reached = reached
submit.reached = reached
workspace = open_workspace(Path(root))
submit.send_batches(workspace, [batches.get_batch(workspace.store, batch_id)], password=password)
print("done", flush=True)
"""
STEPS = ("marked sending", "temp written", "renamed", "recorded", "done")


def _upload_and_kill(root: Path, batch_id: int, step: str, password: str) -> list[str]:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(root), str(batch_id), step,
                             password], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    seen = []
    for line in proc.stdout:
        seen.append(line.strip())
        if line.strip() == step:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(30)
    assert step in seen, (seen, proc.stderr.read() if proc.stderr else "")
    return seen


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_kill_at_each_step_of_an_upload_leaves_exactly_one_copy(
    practice: Workspace, server: OAServer,
) -> None:
    runs = 10  # per server: 20 in all, each step twice
    made = submit.prepare_batches(practice, ready_claims(practice, runs), test_mode=True)
    practice.store.read.execute("SELECT 1")  # the parent only reads while the child writes
    for run, batch in enumerate(made[:runs] if len(made) >= runs else made):
        _upload_and_kill(practice.folder.root, batch.id, STEPS[run % len(STEPS)],
                         server.password)
    # The next sync settles every batch: found → sent; absent → sent once.
    waiting = submit.waiting_batches(practice.store)
    submit.send_batches(practice, waiting, password=server.password)
    names = sorted(b.file_name for b in made)
    assert server.files("inbound") == names  # one copy each, no leftover temp file
    assert {batches.get_batch(practice.store, b.id).status for b in made} == {"sent"}
    assert all(_statuses(practice, b) == {"submitted"} for b in made)


@SANDBOX_ONLY
def test_an_unconfirmed_upload_office_ally_already_answered_is_not_resent(
    practice: Workspace, server: OAServer,
) -> None:
    assert server.sandbox is not None
    (batch,) = submit.prepare_batches(practice, ready_claims(practice, 2), test_mode=True)
    server.sandbox.faults.drop_after_rename = True
    submit.send_batches(practice, [batch], password=server.password)
    layout = server.sandbox.layout  # Office Ally takes the file and answers: /inbound empties
    Responder(layout, seed=7, respond_after=0).pick_up(layout.inbound / batch.file_name,
                                                      time.monotonic())
    assert server.files("inbound") == []
    (settled,) = connection.sync(practice, server.password).sent
    assert settled.sent and "already answered" in settled.line
    assert server.files("inbound") == []  # not sent a second time
    assert len(list(layout.picked_up.iterdir())) == 1
