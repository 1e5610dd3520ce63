"""Errors named for what they are: permission denied, no such folder, no rename, disk full."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from oa_desktop.gateway.errors import FolderMissing, LocalDiskFull, RemotePermissionDenied
from oa_desktop.gateway.ledger import InMemoryLedger
from oa_desktop.gateway.session import GatewaySession
from oa_desktop.gateway.settings import GatewaySettings
from oa_desktop.gateway.transfer import archive_for_upload, download_new, upload_file
from oa_desktop.sandbox.sample import sample_837
from tests.gateway.servers import OAServer

Connect = Callable[..., GatewaySession]


def test_an_upload_folder_this_account_cannot_write_says_permission_denied(
    server: OAServer, server_connect: Connect, archive: Path,
) -> None:
    if server.sandbox is not None:
        server.sandbox.faults.deny.add("/inbound/.batch.txt.part")
    else:
        os.chown(server.inbound, 0, 0)
        server.inbound.chmod(0o755)
    local = archive_for_upload(archive, "batch.txt", sample_837())
    with server_connect() as session, pytest.raises(RemotePermissionDenied) as info:
        upload_file(session, local)
    assert "permission denied" in info.value.message
    assert "connection broke" not in str(info.value)
    assert server.files("inbound") == []


def test_a_missing_upload_folder_is_named(
    server: OAServer, server_settings: GatewaySettings, server_connect: Connect, archive: Path,
) -> None:
    elsewhere = GatewaySettings(**{**server_settings.__dict__, "upload_folder": "/nowhere"})
    local = archive_for_upload(archive, "batch.txt", sample_837())
    with server_connect(elsewhere) as session, pytest.raises(FolderMissing, match="/nowhere"):
        upload_file(session, local)


@pytest.mark.parametrize("server", ["sandbox"], indirect=True)  # its fault switch
def test_a_server_without_rename_gets_the_file_under_its_final_name(
    server: OAServer, server_connect: Connect, archive: Path,
) -> None:
    assert server.sandbox is not None
    server.sandbox.faults.no_rename = True
    local = archive_for_upload(archive, "batch.txt", sample_837())
    with server_connect() as session:
        result = upload_file(session, local)
    assert not result.already_there
    assert server.files("inbound") == ["batch.txt"]  # no temporary file left behind
    assert (server.inbound / "batch.txt").read_bytes() == sample_837()


def test_a_full_local_disk_is_named_with_the_space_needed_not_a_broken_connection(
    server: OAServer, server_connect: Connect, archive: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from oa_desktop.gateway import transfer

    server.put_outbound("big.835", b"x" * 300_000)

    def full(self: object, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(transfer._HashingWriter, "write", full)
    with server_connect() as session, pytest.raises(LocalDiskFull) as info:
        download_new(session, InMemoryLedger(), archive)
    assert info.value.exit_code == 2
    assert "disk is full" in info.value.message and "Free at least 293.0 KB" in str(info.value)
    assert [p for p in archive.rglob("*") if p.is_file()] == []
