"""SFTP figures, run by hand against a real OpenSSH sshd (root) or the sandbox.

    PYTHONPATH=. python benchmarks/sftp.py [--server sshd|sandbox] [--mb 50] [--rounds 9]
        [--old 5000] [--new 20]                                    (from the repository root)

1. Upload and download of one file: our gateway beside plain paramiko put/get in the same
   run (the target is at least 80 %).
2. A download folder with ``--old`` files already in the ledger and ``--new`` new ones:
   one sync (one listing; the ledger skips by name, size and time).
3. Peak memory (max RSS of a fresh process) while refusing a 1 GB file (over the size
   limit) and opening a zip bomb (1 GB of zeros in a small zip), beside the same process
   doing nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import paramiko

from oa_desktop.gateway.hostkeys import KnownHostStore
from oa_desktop.gateway.ledger import InMemoryLedger
from oa_desktop.gateway.session import GatewaySession, RemoteEntry
from oa_desktop.gateway.settings import GatewaySettings
from oa_desktop.gateway.transfer import download_new, download_one, upload_file
from tests.gateway.servers import OAServer, from_sandbox, from_sshd


def timed(work: Callable[[], object], leftovers: Callable[[], list[Path]]) -> float:
    """Seconds for one round of ``work``; what the round before it left is removed first.

    Untimed before each round: the round before's files are deleted and everything is
    written back (os.sync). On a virtual machine the first write into never-used memory
    costs up to 15 times more than a write into pages the kernel has freed before (50 MB:
    0.25 to 0.6 s against 0.01 s here), which otherwise falls on whichever side happens to
    allocate them; and on ext4 our fsync would pay for the other side's unflushed pages.
    """
    for path in leftovers():
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    os.sync()
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


@contextmanager
def running(kind: str, root: Path) -> Iterator[OAServer]:
    if kind == "sshd":
        from tests.gateway.sshd import start_sshd, why_not_available

        reason = why_not_available()
        if reason:
            sys.exit(reason)
        sshd = start_sshd()
        try:
            yield from_sshd(sshd)
        finally:
            sshd.stop()
    else:
        from oa_desktop.sandbox.server import start_sandbox

        sandbox = start_sandbox(root / "oa", username="bench", password="Bench12345",
                                respond_after=None)
        try:
            yield from_sandbox(sandbox, "bench", "Bench12345")
        finally:
            sandbox.stop()


def open_session(server: OAServer, root: Path, **changes: object) -> GatewaySession:
    known = KnownHostStore(root / "known_hosts")
    keys = list(server.sshd.host_keys.values()) if server.sshd else [server.host_key]
    known.pin_all("127.0.0.1", server.port, keys)  # as setup does: every key offered
    settings = GatewaySettings(host="127.0.0.1", port=server.port, username=server.username,
                               **changes)  # type: ignore[arg-type]
    return GatewaySession.open(settings, server.password, known)


def throughput(server: OAServer, root: Path, mb: int, rounds: int) -> None:
    source = root / "payload.bin"
    source.write_bytes(os.urandom(mb * 1024 * 1024))
    server.put_outbound("payload.bin", source.read_bytes())
    transport = paramiko.Transport(("127.0.0.1", server.port))
    transport.connect(username=server.username, password=server.password)
    sftp = paramiko.SFTPClient.from_transport(transport)
    assert sftp is not None
    stat = (server.outbound / "payload.bin").stat()
    entry = RemoteEntry("payload.bin", stat.st_size, int(stat.st_mtime), False)
    received = root / "received"

    def leftovers() -> list[Path]:
        return [*server.inbound.iterdir(), *([received] if received.exists() else [])]

    def plain_download() -> None:
        received.mkdir()
        sftp.get("/outbound/payload.bin", str(received / "payload.bin"))

    times: dict[str, list[float]] = {}
    with open_session(server, root) as session:
        # The sides take turns, round by round, so a slower minute falls on both.
        # "unflushed": ours with os.fsync a no-op, which plain paramiko never does: what the
        # transfer itself costs, apart from making the file durable.
        work: dict[str, Callable[[], object]] = {
            "plain upload": lambda: sftp.put(str(source), "/inbound/plain.bin"),
            "ours upload": lambda: upload_file(session, source, "ours.bin"),
            "unflushed upload": lambda: upload_file(session, source, "nf.bin"),
            "plain download": plain_download,
            "ours download": lambda: download_one(session, entry, received, InMemoryLedger()),
            "unflushed download": lambda: download_one(session, entry, received,
                                                       InMemoryLedger()),
        }
        for _ in range(rounds):
            for name, step in work.items():
                if name.startswith("unflushed"):
                    with mock.patch("os.fsync"):
                        times.setdefault(name, []).append(timed(step, leftovers))
                else:
                    times.setdefault(name, []).append(timed(step, leftovers))
    transport.close()
    size = mb * 1024 * 1024 / 1e6
    print(f"1. one {mb} MiB file over 127.0.0.1 ({server.kind}), {rounds} rounds, the sides "
          "taking turns")
    for what in ("upload", "download"):
        plain, ours, unflushed = (times[f"{side} {what}"] for side in
                                  ("plain", "ours", "unflushed"))
        # Round by round, ours against the plain run just before it: a slow minute on
        # this machine falls on both.
        ratios = sorted(p / o for p, o in zip(plain, ours, strict=True))
        print(f"   {what:9s} best: plain paramiko {size / min(plain):6.1f} MB/s, oa gateway "
              f"{size / min(ours):6.1f} MB/s ({min(plain) / min(ours):6.1%}), without fsync "
              f"{size / min(unflushed):6.1f} MB/s ({min(plain) / min(unflushed):6.1%})\n"
              f"   {'':9s} ours/plain round by round: median {statistics.median(ratios):6.1%} "
              f"(from {ratios[0]:.0%} to {ratios[-1]:.0%})")


def many_files(server: OAServer, root: Path, old: int, new: int) -> None:
    for i in range(old + new):
        server.put_outbound(f"{1_000_000_000 + i}_EDI_STATUS_20261101.txt", b"report %d\n" % i)
    ledger = InMemoryLedger()
    names = sorted(p.name for p in server.outbound.iterdir())
    with open_session(server, root) as session:
        first = download_new(session, ledger, root / "archive_many")  # builds the ledger
        assert len(first.downloaded) == old + new
        for name in names[old:]:  # forget the newest: they arrive "new" next time
            ledger.records = [r for r in ledger.records if r.remote_name != name]
        ledger = InMemoryLedger()
        for record in first.downloaded:
            if record.record.remote_name not in names[old:]:
                ledger.record(record.record)
        started = time.perf_counter()
        second = download_new(session, ledger, root / "archive_many")
        elapsed = time.perf_counter() - started
    assert len(second.downloaded) == new, len(second.downloaded)
    print(f"2. /outbound with {old} old and {new} new files: one sync in {elapsed:.2f} s "
          f"({len(second.listed)} listed, {len(second.downloaded)} downloaded)")


CHILD = """
import resource, sys
from pathlib import Path
sys.path.insert(0, {repo!r})
from benchmarks.sftp import child_{what}
child_{what}(Path({root!r}), {port}, {user!r}, {password!r}, {key!r})
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def child_idle(root: Path, port: int, user: str, password: str, key: str) -> None:
    with _child_session(root, port, user, password, key) as session:
        session.listdir("/outbound")


def child_big(root: Path, port: int, user: str, password: str, key: str) -> None:
    with _child_session(root, port, user, password, key) as session:
        report = download_new(session, InMemoryLedger(), root / "archive_big")
    assert not report.downloaded and report.problems, report


def child_bomb(root: Path, port: int, user: str, password: str, key: str) -> None:
    with _child_session(root, port, user, password, key) as session:
        report = download_new(session, InMemoryLedger(), root / "archive_bomb")
    (done,) = report.downloaded
    assert done.problem and not done.members, done.problem


def _child_session(root: Path, port: int, user: str, password: str,
                   key: str) -> GatewaySession:
    kind, blob = key.split()
    import base64

    host_key = paramiko.PKey.from_type_string(kind, base64.b64decode(blob))
    known = KnownHostStore(root / f"known_hosts_{os.getpid()}")
    known.pin("127.0.0.1", port, host_key)
    settings = GatewaySettings(host="127.0.0.1", port=port, username=user)
    return GatewaySession.open(settings, password, known)


def peak_memory(server: OAServer, root: Path) -> None:
    for path in server.outbound.iterdir():
        path.unlink()
    key = f"{server.host_key.get_name()} {server.host_key.get_base64()}"
    repo = str(Path(__file__).resolve().parents[1])

    def measure(what: str) -> int:
        code = CHILD.format(repo=repo, what=what, root=str(root), port=server.port,
                            user=server.username, password=server.password, key=key)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, cwd=repo).stdout
        return int(out.strip().splitlines()[-1]) // 1024

    idle = measure("idle")
    big = server.put_outbound("huge_ERA_STATUS_5010_20261101.zip", b"")
    os.truncate(big, 1024 ** 3)  # sparse: 1 GB listed, over the 100 MB limit
    refused = measure("big")
    big.unlink()
    bomb = root / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("1234_ERA_835_5010_20261101.835", "w", force_zip64=True) as member:
        zeros = bytes(8 * 1024 * 1024)
        for _ in range(128):
            member.write(zeros)
    server.put_outbound("bomb_ERA_STATUS_5010_20261101.zip", bomb.read_bytes())
    bombed = measure("bomb")
    print(f"3. peak memory (max RSS of a fresh process): listing only {idle} MB; refusing a "
          f"1 GB file {refused} MB; a zip bomb ({bomb.stat().st_size / 1e6:.1f} MB zip of "
          f"1 GB) {bombed} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", choices=("sshd", "sandbox"), default="sshd")
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--old", type=int, default=5000)
    parser.add_argument("--new", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running(args.server, Path(tmp)) as server:
        root = Path(tmp)
        throughput(server, root, args.mb, args.rounds)
        for path in [*server.inbound.iterdir(), *server.outbound.iterdir()]:
            path.unlink()
        many_files(server, root, args.old, args.new)
        peak_memory(server, root)
    print(f"(this process: max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}"
          " MB)")


if __name__ == "__main__":
    main()
