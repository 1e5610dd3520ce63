"""Upload, list, download and the ledger, over loopback TCP against the sandbox and sshd."""

from __future__ import annotations

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
from oa_desktop.sandbox.responder import Responder, SandboxLayout
from oa_desktop.sandbox.sample import sample_837
from oa_desktop.services.workspace import Workspace
from tests.gateway.servers import OAServer

Connect = Callable[..., GatewaySession]


def test_upload_goes_to_inbound_under_its_final_name(
    server: OAServer, server_connect: Connect, archive: Path,
) -> None:
    data = sample_837()
    local = archive_for_upload(archive, "SUB123_20260115120000_000000001.txt", data)
    with server_connect() as session:
        result = upload_file(session, local)
        names = [e.name for e in session.listdir("/inbound")]
    assert names == ["SUB123_20260115120000_000000001.txt"]
    assert (server.inbound / local.name).read_bytes() == data
    assert result.size == len(data) and not result.already_there
    assert local.read_bytes() == data  # the archive keeps the bytes sent


def test_upload_retry_of_the_same_file_is_not_sent_twice(
    server: OAServer, server_connect: Connect, archive: Path,
) -> None:
    local = archive_for_upload(archive, "batch.txt", sample_837())
    with server_connect() as session:
        upload_file(session, local)
        again = upload_file(session, local)
    assert again.already_there
    assert server.files("inbound") == ["batch.txt"]


def test_upload_refuses_to_overwrite_a_different_file(
    server: OAServer, server_connect: Connect, archive: Path,
) -> None:
    server.put("inbound", "batch.txt", b"someone else's batch")
    local = archive_for_upload(archive, "batch.txt", sample_837())
    with server_connect() as session, \
            pytest.raises(KnownError, match="different file"):
        upload_file(session, local)
    assert (server.inbound / "batch.txt").read_bytes() == b"someone else's batch"


def _office_ally_answers(tmp_path: Path, server: OAServer) -> None:
    """What Office Ally sends back for one batch (999, 277, summary, ERA) into /outbound."""
    layout = SandboxLayout(tmp_path / "responses").prepare()
    upload = layout.inbound / "b.txt"
    upload.write_bytes(sample_837())
    Responder(layout, seed=7, respond_after=0).pick_up(upload, time.monotonic())
    for path in [*layout.outbound.iterdir(), *layout.scheduled.iterdir()]:
        server.put_outbound(path.name.split("__")[-1], path.read_bytes())


def test_download_archives_classifies_unzips_and_skips_on_second_sync(
    server: OAServer, server_connect: Connect, archive: Path, tmp_path: Path,
) -> None:
    _office_ally_answers(tmp_path, server)
    ledger = InMemoryLedger()
    with server_connect() as session:
        first = download_new(session, ledger, archive).downloaded
        second = download_new(session, ledger, archive).downloaded
    kinds = sorted(d.record.kind for d in first)
    assert kinds == sorted(["999", "277", "file_summary", "era_zip"])
    assert second == []
    era = next(d for d in first if d.record.kind == FileKind.ERA_PACKAGE)
    assert sorted(m.kind for m in era.members) == ["835", "text_report"]
    assert zipfile.is_zipfile(era.record.local_path)
    for d in first:
        remote = server.outbound / d.record.remote_name
        assert d.record.local_path.read_bytes() == remote.read_bytes()
        assert d.record.local_path.parent == archive / "outbound"
    assert not list((archive / "outbound").glob("*.part"))
    assert len(ledger.records) == 4
    assert server.files("outbound") == sorted(
        d.record.remote_name for d in first)  # never deleted remotely


def test_download_fetches_dotfiles_skips_folders_and_keeps_renamed_duplicates(
    server: OAServer, server_connect: Connect, archive: Path,
) -> None:
    server.put_outbound(".hidden", b"x")
    server.mkdir("outbound/sub")
    server.put_outbound("a.txt", b"report one\n")
    ledger = InMemoryLedger()
    with server_connect() as session:
        first = download_new(session, ledger, archive)
        assert [d.record.remote_name for d in first.downloaded] == [".hidden", "a.txt"]
        assert first.problems == []
        # OA drops the same name again with new content: both copies are kept.
        server.put_outbound("a.txt", b"report one, corrected\n")
        again = download_new(session, ledger, archive).downloaded
    assert len(again) == 1 and again[0].record.local_path.name != "a.txt"
    assert (archive / "outbound" / "a.txt").read_bytes() == b"report one\n"
    assert (archive / "outbound" / "_hidden").read_bytes() == b"x"


def test_move_after_import_only_when_turned_on(
    server: OAServer, server_settings: GatewaySettings, server_connect: Connect,
) -> None:
    server.put_outbound("a.txt", b"1")
    with server_connect() as session:
        entries = session.listdir("/outbound")
        assert move_to_done(session, entries) == []
    assert (server.outbound / "a.txt").exists()
    moving = GatewaySettings(**{**server_settings.__dict__, "move_after_import": True})
    with server_connect(moving) as session:
        assert move_to_done(session, entries) == []
    assert not (server.outbound / "a.txt").exists()
    assert (server.root / "tmp" / "a.txt").exists()


def test_sync_moves_what_it_imported_when_the_setting_is_on(
    server: OAServer, practice: Workspace,
) -> None:
    from dataclasses import replace

    from oa_desktop.services.office_ally import connection

    server.put_outbound("a.txt", b"report one\n")
    server.put_outbound("denied.txt", b"secret\n")
    server.deny("outbound", "denied.txt")
    gateway = connection.load_gateway_settings(practice)
    connection.save_gateway_settings(practice, replace(gateway, move_after_import=True))
    result = connection.sync(practice, server.password)
    assert [d.record.remote_name for d in result.downloaded] == ["a.txt"]
    assert server.files("outbound") == ["denied.txt"]  # not imported: left where it was
    assert server.files("tmp") == ["a.txt"]
    again = connection.sync(practice, server.password)
    assert again.downloaded == [] and server.files("tmp") == ["a.txt"]


LEGAL_BUT_HOSTILE = ["CON", "a:b.txt", "x. ", "a\\..\\b.txt", "LPT1.835", "n" * 251 + ".txt",
                     "tab\there.txt"]


def test_hostile_remote_names_are_saved_inside_the_archive_under_derived_names(
    server: OAServer, server_connect: Connect, archive: Path,
) -> None:
    expected: dict[str, bytes] = {}
    for i, name in enumerate(LEGAL_BUT_HOSTILE):
        expected[name] = server.put_outbound(name, f"file {i}\n".encode()).read_bytes()
    if server.sshd is not None:  # OpenSSH sends names that are not UTF-8 as they are
        server.put_outbound(b"R\xe9sum\xe9.txt", b"latin-1 name\n")
        expected["R\\xe9sum\\xe9.txt"] = b"latin-1 name\n"
    refused: list[str] = []
    if server.sandbox is not None:  # names no disk holds, as a hostile server lists them
        refused = [str(archive.parent / "escaped.txt"), "NAME_ERA_STATUS_1/../../../../x.txt"]
        server.sandbox.faults.hostile_names = {name: b"hostile\n" for name in refused}
    ledger = InMemoryLedger()
    with server_connect() as session:
        report = download_new(session, ledger, archive)
    assert sorted(p.name for p in report.problems) == sorted(refused)  # never fetched
    done = report.downloaded
    got = {d.record.remote_name: d.record.local_path for d in done}
    assert sorted(got) == sorted(expected)
    for name, path in got.items():
        assert path.parent == archive / "outbound", name
        assert path.read_bytes() == expected[name]
    assert not (archive.parent / "escaped.txt").exists()
    assert sorted(p.name for p in archive.parent.iterdir()) == ["archive", "server_known_hosts"]
