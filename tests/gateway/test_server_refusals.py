"""The server's "quota exceeded", "this file name is refused" and a full disk (OpenSSH's
bare "Failure" to a write) are named in plain words with what to do, never "the
connection broke"; nothing is left on the server, and the batch waits to be sent again."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from oa_desktop.gateway.errors import RemoteNameRefused, RemoteQuotaExceeded, RemoteWriteFailed
from oa_desktop.gateway.session import GatewaySession
from oa_desktop.gateway.sftp_status import status_kind
from oa_desktop.gateway.transfer import archive_for_upload, upload_file
from oa_desktop.sandbox.sample import sample_837
from oa_desktop.services.submit import batches as submit
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import batches
from tests.gateway.servers import OAServer
from tests.services.submit.helpers import ready_claims

Connect = Callable[..., GatewaySession]
SANDBOX_ONLY = pytest.mark.parametrize("server", ["sandbox"], indirect=True)  # its switches


@pytest.mark.parametrize(("code", "text", "kind"), [
    (15, "Unknown", "quota"),  # SSH_FX_QUOTA_EXCEEDED
    (14, "No space on filesystem", "quota"),  # SSH_FX_NO_SPACE_ON_FILESYSTEM
    (4, "Disk quota exceeded", "quota"),  # a v3 server: FX_FAILURE with words
    (4, "write failed: no space left on device", "quota"),
    (20, "Invalid filename", "name"),  # SSH_FX_INVALID_FILENAME
    (5, "Bad message", "name"),  # OpenSSH: ENAMETOOLONG / EINVAL
    (4, "Invalid file name: CLAIMS?.txt", "name"),
    (12, "Write protected", "permission"),  # SSH_FX_WRITE_PROTECT
    (4, "Failure", ""),  # plain failure stays unnamed (the connection, or anything)
    (8, "Operation unsupported", ""),
])
def test_sftp_statuses_are_sorted_by_code_and_words(code: int, text: str, kind: str) -> None:
    assert status_kind(code, text) == kind


@SANDBOX_ONLY
def test_a_full_quota_on_the_server_is_named_with_what_to_do(
    server: OAServer, server_connect: Connect, archive: Path,
) -> None:
    assert server.sandbox is not None
    server.sandbox.faults.quota_exceeded = True
    local = archive_for_upload(archive, "batch.txt", sample_837())
    with server_connect() as session, pytest.raises(RemoteQuotaExceeded) as info:
        upload_file(session, local)
    text = str(info.value)
    assert "quota exceeded" in text and "call Office Ally" in text
    assert "connection broke" not in text and info.value.exit_code == 3
    assert server.files("inbound") == []  # the partial temporary file was removed


@SANDBOX_ONLY
def test_a_file_name_the_server_refuses_is_named(
    server: OAServer, server_connect: Connect, archive: Path,
) -> None:
    assert server.sandbox is not None
    server.sandbox.faults.refused_names.add("batch.txt")
    local = archive_for_upload(archive, "batch.txt", sample_837())
    with server_connect() as session, pytest.raises(RemoteNameRefused) as info:
        upload_file(session, local)
    assert "refused the file name" in str(info.value) and "submitter id" in str(info.value)
    assert "connection broke" not in str(info.value)
    assert server.files("inbound") == []  # nothing under a temporary name either


def test_a_name_the_server_cannot_take_is_refused_by_name(
    server: OAServer, server_connect: Connect,
) -> None:
    name = "B" * 300 + ".txt"  # too long for the server's disk (OpenSSH: "Bad message")
    with server_connect() as session, pytest.raises(RemoteNameRefused) as info, \
            session.operation(f"uploading {name[:8]}…"):
        session.sftp.open(f"/inbound/{name}", "w").close()
    assert "connection broke" not in str(info.value) and "uploading BBBBBBBB" in str(info.value)
    assert server.files("inbound") == []


@SANDBOX_ONLY
def test_a_batch_refused_for_quota_waits_with_the_reason_and_goes_later(
    practice: Workspace, server: OAServer,
) -> None:
    assert server.sandbox is not None
    (batch,) = submit.prepare_batches(practice, ready_claims(practice, 2), test_mode=True)
    server.sandbox.faults.quota_exceeded = True
    (outcome,) = submit.send_batches(practice, [batch], password=server.password)
    assert not outcome.sent and not outcome.unconfirmed
    assert "quota exceeded" in outcome.line and "call Office Ally" in outcome.line
    assert batches.get_batch(practice.store, batch.id).status == "failed"
    assert server.files("inbound") == []
    server.sandbox.faults.quota_exceeded = False
    (again,) = submit.send_batches(practice, submit.waiting_batches(practice.store),
                                   password=server.password)
    assert again.sent and server.files("inbound") == [batch.file_name]


def test_a_full_disk_on_the_server_is_named_and_nothing_is_left(
    server: OAServer, server_connect: Connect, archive: Path,
) -> None:
    local = archive_for_upload(archive, "batch.txt", os.urandom(256 * 1024))
    with server.disk_full(64 * 1024):
        with server_connect() as session, pytest.raises(RemoteWriteFailed) as info:
            upload_file(session, local)
        left = server.files("inbound")  # while the full disk is still there
    text = str(info.value)
    assert "stopped storing the file part-way" in text and "“Failure”" in text
    assert "storage is full" in text and "connection broke" not in text
    assert info.value.exit_code == 3
    assert left == []  # the part-file was removed


@SANDBOX_ONLY
def test_one_lost_write_is_caught_though_the_size_comes_out_right(
    server: OAServer, server_connect: Connect, archive: Path,
) -> None:
    assert server.sandbox is not None
    server.sandbox.faults.fail_write_at = 32768  # the second block: a hole, the size right
    local = archive_for_upload(archive, "batch.txt", os.urandom(128 * 1024))
    with server_connect() as session, pytest.raises(RemoteWriteFailed):
        upload_file(session, local)
    assert server.files("inbound") == []


@SANDBOX_ONLY
def test_a_server_without_rename_that_fills_up_keeps_no_short_file_under_the_real_name(
    server: OAServer, server_connect: Connect, archive: Path,
) -> None:
    assert server.sandbox is not None
    server.sandbox.faults.no_rename = True
    server.sandbox.faults.disk_full_after = 64 * 1024
    local = archive_for_upload(archive, "batch.txt", os.urandom(256 * 1024))
    with server_connect() as session, pytest.raises(RemoteWriteFailed):
        upload_file(session, local)
    assert server.files("inbound") == []


def test_a_batch_stopped_by_a_full_disk_waits_with_the_reason_and_goes_later(
    practice: Workspace, server: OAServer,
) -> None:
    (batch,) = submit.prepare_batches(practice, ready_claims(practice, 30), test_mode=True)
    room = 8192
    with server.disk_full(room):
        assert (practice.folder.root / batch.local_path).stat().st_size > room
        (outcome,) = submit.send_batches(practice, [batch], password=server.password)
        left = server.files("inbound")
    assert not outcome.sent and not outcome.unconfirmed
    assert "stopped storing the file part-way" in outcome.line
    assert "call Office Ally" in outcome.line
    assert batches.get_batch(practice.store, batch.id).status == "failed"
    assert left == []
    (again,) = submit.send_batches(practice, submit.waiting_batches(practice.store),
                                   password=server.password)
    assert again.sent and server.files("inbound") == [batch.file_name]
