"""Each remote file on its own: one bad entry never stops the others (both servers)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from oa_desktop.gateway.ledger import InMemoryLedger
from oa_desktop.gateway.session import GatewaySession
from oa_desktop.gateway.settings import GatewaySettings
from oa_desktop.gateway.transfer import download_new
from oa_desktop.services.office_ally import connection
from oa_desktop.services.workspace import Workspace, open_workspace
from oa_desktop.store.download_problems import list_problems
from tests.gateway.servers import OAServer

Connect = Callable[..., GatewaySession]
LONG = "L" * 251 + ".txt"  # 255 bytes: the longest name Linux allows


def _bad_and_good(server: OAServer) -> dict[str, bytes]:
    """Good files (name -> content expected in the archive) among bad ones."""
    good = {"a.txt": b"first\n", "b.999": b"second\n", ".hidden": b"dot\n", LONG: b"long\n"}
    for name, data in good.items():
        server.put_outbound(name, data)
    server.symlink("outbound", "link-to-a.txt", "a.txt")  # listed with the link's size
    good["link-to-a.txt"] = good["a.txt"]
    server.put_outbound("denied.txt", b"secret\n")
    server.deny("outbound", "denied.txt")
    server.symlink("outbound", "dangling.txt", "missing.txt")
    if server.sandbox is not None:  # names no disk can hold, listed by a broken server
        server.sandbox.faults.hostile_names = {"": b"empty\n", "nul\0name.txt": b"nul\n",
                                               "sub/../x.txt": b"slash\n"}
    return good


def test_one_bad_remote_file_never_blocks_the_rest(
    server: OAServer, server_connect: Connect, archive: Path,
) -> None:
    good = _bad_and_good(server)
    ledger = InMemoryLedger()
    with server_connect() as session:
        first = download_new(session, ledger, archive)
        second = download_new(session, ledger, archive)
    got = {d.record.remote_name: d.record.local_path.read_bytes() for d in first.downloaded}
    assert got == good
    bad = {p.name: p.reason for p in first.problems}
    expected_bad = {"denied.txt", "dangling.txt"}
    if server.sandbox is not None:
        expected_bad |= {"", "nul\\x00name.txt", "sub/../x.txt"}
    assert set(bad) == expected_bad
    assert "permission denied" in bad["denied.txt"]
    assert "link to a file that is not there" in bad["dangling.txt"]
    assert second.downloaded == []  # the ledger skips what arrived...
    assert {p.name for p in second.problems} == expected_bad  # ...and retries what did not
    assert all(p.parent == archive / "outbound" for p in archive.glob("**/*") if p.is_file())


@pytest.fixture
def workspace(
    tmp_path: Path, server: OAServer, server_settings: GatewaySettings,
) -> Iterator[Workspace]:
    ws = open_workspace(tmp_path / "practice")
    connection.save_gateway_settings(ws, server_settings)
    connection.known_hosts(ws).pin("127.0.0.1", server.port, server.host_key)
    yield ws
    ws.close()


def test_sync_lists_what_could_not_be_downloaded_and_clears_it_once_fetched(
    server: OAServer, workspace: Workspace,
) -> None:
    _bad_and_good(server)
    first = connection.sync(workspace, server.password)
    assert first.needs_attention
    assert "could not be downloaded" in first.summary
    names = {p.remote_name for p in first.not_downloaded}
    assert {"denied.txt", "dangling.txt"} <= names
    received = {r.remote_name for r in connection.files.list_received(workspace.store)}
    assert {"a.txt", "b.999", ".hidden", LONG, "link-to-a.txt"} <= received
    assert all(p.attempts == 1 and p.first_seen == p.last_seen for p in first.not_downloaded)

    second = connection.sync(workspace, server.password)
    assert [p.attempts for p in second.not_downloaded] == [2] * len(names)
    (server.outbound / "dangling.txt").unlink()
    server.put_outbound("missing.txt", b"now here\n")
    server.symlink("outbound", "dangling.txt", "missing.txt")
    third = connection.sync(workspace, server.password)
    assert "dangling.txt" not in {p.remote_name for p in third.not_downloaded}
    assert {p.remote_name for p in list_problems(workspace.store)} == names - {"dangling.txt"}


def test_a_file_over_the_size_limit_is_listed_not_downloaded_and_the_rest_arrive(
    server: OAServer, server_settings: GatewaySettings, server_connect: Connect, archive: Path,
) -> None:
    small = GatewaySettings(**{**server_settings.__dict__, "max_file_mb": 1})
    server.put_outbound("big.835", b"x" * 1_000_001)
    server.put_outbound("ok.999", b"fine\n")
    with server_connect(small) as session:
        report = download_new(session, InMemoryLedger(), archive)
    assert [d.record.remote_name for d in report.downloaded] == ["ok.999"]
    (problem,) = report.problems
    assert problem.name == "big.835" and "more than the 1 MB limit" in problem.reason
    assert not list(archive.rglob("big*"))


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_file_that_grows_past_the_limit_while_read_is_dropped_whole(
    server: OAServer, server_settings: GatewaySettings, server_connect: Connect, archive: Path,
) -> None:
    small = GatewaySettings(**{**server_settings.__dict__, "max_file_mb": 1})
    path = server.put_outbound("growing.835", b"x" * 10)
    ledger = InMemoryLedger()
    with server_connect(small) as session:
        listed = session.listdir("/outbound")
        path.write_bytes(b"y" * 3_000_000)  # the listing said 10 bytes
        from oa_desktop.gateway.transfer import download_one

        with pytest.raises(Exception, match="limit"):
            download_one(session, listed[0], archive, ledger)
    assert ledger.records == [] and list(archive.rglob("*.part")) == []
