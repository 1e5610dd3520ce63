"""Reading a remote file (gateway.fetch): every byte once, in order, whatever the server's
read limit or answer order; a server that answers nonsense is refused in words."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paramiko.sftp import SFTPError

from oa_desktop.gateway import fetch
from oa_desktop.gateway.fetch import BLOCK, LARGE_BLOCK, read_remote, read_size
from oa_desktop.gateway.ledger import InMemoryLedger
from oa_desktop.gateway.session import GatewaySession
from oa_desktop.gateway.transfer import download_one
from oa_desktop.sandbox.server import RunningSandbox
from tests.conftest import PASSWORD, USERNAME
from tests.gateway.fake_sftp import FakeSFTP
from tests.gateway.servers import OAServer, from_sandbox

PATH = b"/outbound/x.835"


def _read(sftp: FakeSFTP, size: int | None = None,
          block: int = BLOCK) -> tuple[bytes, list[int]]:
    received: list[bytes] = []
    seen: list[int] = []
    read_remote(sftp, PATH, size, received.append, lambda done, total: seen.append(done),
                block)
    return b"".join(received), seen


@settings(max_examples=80, deadline=None)
@given(size=st.integers(0, 5 * BLOCK + 17),
       max_read=st.one_of(st.none(), st.integers(1000, 70_000)),
       newest_first=st.booleans(), block=st.sampled_from([BLOCK, LARGE_BLOCK]))
def test_every_byte_arrives_once_and_in_order(
    size: int, max_read: int | None, newest_first: bool, block: int,
) -> None:
    data = os.urandom(size)
    sftp = FakeSFTP({PATH: data}, max_read=max_read, newest_first=newest_first)
    got, seen = _read(sftp, block=block)
    assert got == data
    assert sftp.bytes_sent == size  # nothing asked for twice
    assert seen == sorted(seen) and (seen[-1] if seen else 0) == size


def test_a_server_answering_a_few_bytes_at_a_time_still_gives_the_whole_file() -> None:
    data = os.urandom(3000)
    sftp = FakeSFTP({PATH: data}, max_read=7, newest_first=True)
    assert _read(sftp, block=LARGE_BLOCK)[0] == data
    assert sftp.bytes_sent == len(data)


def test_at_most_the_window_is_asked_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch, "WINDOW", 8)
    data = os.urandom(40 * BLOCK)
    sftp = FakeSFTP({PATH: data})
    got, _ = _read(sftp)
    assert got == data
    assert sftp.most_waiting == 8


def test_a_file_that_ends_early_returns_what_came() -> None:
    data = os.urandom(3 * BLOCK + 5)
    got, _ = _read(FakeSFTP({PATH: data}), size=len(data) + 2 * BLOCK)
    assert got == data


def test_an_answer_longer_than_asked_is_refused() -> None:
    with pytest.raises(SFTPError, match="answered a read of 32768 bytes at byte 0 with 32769"):
        _read(FakeSFTP({PATH: os.urandom(2 * BLOCK)}, extra=1))


def test_what_the_caller_raises_stops_the_reading() -> None:
    sftp = FakeSFTP({PATH: os.urandom(300 * BLOCK)})

    def stop_at_the_third_block(done: int, total: int) -> None:
        if done >= 3 * BLOCK:
            raise InterruptedError("cancelled")

    with pytest.raises(InterruptedError):
        read_remote(sftp, PATH, None, lambda data: None, stop_at_the_third_block)
    assert sftp.bytes_sent <= fetch.WINDOW * BLOCK  # not the whole file


def _download(server: OAServer, connect: Callable[..., GatewaySession], archive: Path,
              data: bytes) -> Path:
    server.put_outbound("big_ERA_835_5010_20261101.835", data)
    with connect() as session:
        (entry,) = session.listdir("/outbound")
        done = download_one(session, entry, archive, InMemoryLedger())
    assert done.record.sha256 == hashlib.sha256(data).hexdigest()
    return done.record.local_path


def test_a_large_download_is_whole_and_hashed(
    server: OAServer, server_connect: Callable[..., GatewaySession], archive: Path,
) -> None:
    data = os.urandom(3 * 1024 * 1024 + 123)
    local = _download(server, server_connect, archive, data)
    assert local.read_bytes() == data
    if server.sandbox is not None:  # it counts what it sent: the file crossed once
        assert server.sandbox.stats.bytes_read == len(data)


def test_a_server_that_answers_reads_with_fewer_bytes_still_gives_the_whole_file(
    sandbox: RunningSandbox, connect: Callable[..., GatewaySession], archive: Path,
) -> None:
    # OpenSSH answers a 32 KB read whole; the sandbox plays a server with a smaller limit.
    sandbox.faults.max_read = 10_000
    data = os.urandom(1024 * 1024 + 7)
    server = from_sandbox(sandbox, USERNAME, PASSWORD)
    assert _download(server, connect, archive, data).read_bytes() == data
    assert sandbox.stats.bytes_read == len(data)


def test_larger_reads_only_from_a_server_that_says_it_takes_them(
    server: OAServer, server_connect: Callable[..., GatewaySession],
) -> None:
    with server_connect() as session:
        says = "limits@openssh.com" in session.sftp.server_extensions
        size = read_size(session.sftp)
    if server.sandbox is not None:  # paramiko's server names no limits
        assert not says and size == BLOCK
    else:  # OpenSSH 8.6 on names them; 9.x answers reads of up to 255 KB
        assert size == (LARGE_BLOCK if says else BLOCK)
