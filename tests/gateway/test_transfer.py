"""Upload, list, download and the ledger, over real loopback TCP against the sandbox."""

from __future__ import annotations

import os
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from oa_desktop.errors import KnownError
from oa_desktop.gateway.classify import FileKind
from oa_desktop.gateway.ledger import InMemoryLedger
from oa_desktop.gateway.session import GatewaySession
from oa_desktop.gateway.settings import GatewaySettings
from oa_desktop.gateway.transfer import (
    archive_for_upload,
    download_new,
    move_to_done,
    upload_file,
)
from oa_desktop.sandbox.sample import sample_837
from oa_desktop.sandbox.server import RunningSandbox

Connect = Callable[..., GatewaySession]



def test_upload_goes_to_inbound_under_its_final_name(
    sandbox: RunningSandbox, settings: GatewaySettings, connect: Connect, archive: Path,
) -> None:
    data = sample_837()
    local = archive_for_upload(archive, "SUB123_20260115120000_000000001.txt", data)
    with connect() as session:
        result = upload_file(session, local)
        names = [e.name for e in session.listdir("/inbound")]
    assert names == ["SUB123_20260115120000_000000001.txt"]
    assert (sandbox.layout.inbound / local.name).read_bytes() == data
    assert result.size == len(data) and not result.already_there
    assert local.read_bytes() == data  # the archive keeps the bytes sent


def test_upload_retry_of_the_same_file_is_not_sent_twice(
    sandbox: RunningSandbox, settings: GatewaySettings, connect: Connect, archive: Path,
) -> None:
    local = archive_for_upload(archive, "batch.txt", sample_837())
    with connect() as session:
        upload_file(session, local)
        again = upload_file(session, local)
    assert again.already_there
    assert sorted(p.name for p in sandbox.layout.inbound.iterdir()) == ["batch.txt"]


def test_upload_refuses_to_overwrite_a_different_file(
    sandbox: RunningSandbox, settings: GatewaySettings, connect: Connect, archive: Path,
) -> None:
    (sandbox.layout.inbound / "batch.txt").write_bytes(b"someone else's batch")
    local = archive_for_upload(archive, "batch.txt", sample_837())
    with connect() as session, \
            pytest.raises(KnownError, match="different file"):
        upload_file(session, local)
    assert (sandbox.layout.inbound / "batch.txt").read_bytes() == b"someone else's batch"


def _drop_outbound(sandbox: RunningSandbox, name: str, data: bytes) -> None:
    (sandbox.layout.outbound / name).write_bytes(data)


def test_download_archives_classifies_unzips_and_skips_on_second_sync(
    sandbox: RunningSandbox, settings: GatewaySettings, connect: Connect, archive: Path,
) -> None:
    sandbox.responder = None
    from oa_desktop.sandbox.responder import Responder

    Responder(sandbox.layout, seed=7, respond_after=0).pick_up(
        _inbound(sandbox, "b.txt", sample_837()), time.monotonic())
    for scheduled in sandbox.layout.scheduled.iterdir():  # deliver the ERA now
        os.replace(scheduled, sandbox.layout.outbound / scheduled.name.split("__")[1])
    ledger = InMemoryLedger()
    with connect() as session:
        first = download_new(session, ledger, archive)
        second = download_new(session, ledger, archive)
    kinds = sorted(d.record.kind for d in first)
    assert kinds == sorted(["999", "277", "file_summary", "era_zip"])
    assert second == []
    era = next(d for d in first if d.record.kind == FileKind.ERA_PACKAGE)
    assert sorted(m.kind for m in era.members) == ["835", "text_report"]
    assert zipfile.is_zipfile(era.record.local_path)
    for d in first:
        remote = sandbox.layout.outbound / d.record.remote_name
        assert d.record.local_path.read_bytes() == remote.read_bytes()
        assert d.record.local_path.parent == archive / "outbound"
    assert not list((archive / "outbound").glob("*.part"))
    assert len(ledger.records) == 4
    assert sorted(p.name for p in sandbox.layout.outbound.iterdir()) == sorted(
        d.record.remote_name for d in first)  # never deleted remotely


def _inbound(sandbox: RunningSandbox, name: str, data: bytes) -> Path:
    path = sandbox.layout.inbound / name
    path.write_bytes(data)
    return path


def test_download_skips_dotfiles_and_folders_and_keeps_renamed_duplicates(
    sandbox: RunningSandbox, settings: GatewaySettings, connect: Connect, archive: Path,
) -> None:
    _drop_outbound(sandbox, ".hidden", b"x")
    (sandbox.layout.outbound / "sub").mkdir()
    _drop_outbound(sandbox, "a.txt", b"report one\n")
    ledger = InMemoryLedger()
    with connect() as session:
        assert [d.record.remote_name for d in download_new(session, ledger, archive)] == ["a.txt"]
        # OA drops the same name again with new content: both copies are kept.
        _drop_outbound(sandbox, "a.txt", b"report one, corrected\n")
        again = download_new(session, ledger, archive)
    assert len(again) == 1 and again[0].record.local_path.name != "a.txt"
    assert (archive / "outbound" / "a.txt").read_bytes() == b"report one\n"


def test_move_after_import_only_when_turned_on(
    sandbox: RunningSandbox, settings: GatewaySettings, connect: Connect,
) -> None:
    _drop_outbound(sandbox, "a.txt", b"1")
    with connect() as session:
        move_to_done(session, ["a.txt"])
    assert (sandbox.layout.outbound / "a.txt").exists()
    moving = GatewaySettings(**{**settings.__dict__, "move_after_import": True})
    with connect(moving) as session:
        move_to_done(session, ["a.txt"])
    assert not (sandbox.layout.outbound / "a.txt").exists()
    assert (sandbox.layout.sftp_root / "tmp" / "a.txt").exists()
