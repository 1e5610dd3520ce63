"""Throughput over loopback: our upload/download beside plain paramiko put/get (run by hand).

    PYTHONPATH=. python benchmarks/sftp.py [--mb 20] [--rounds 3]   (from the repository root)

Prints MB/s for each and our share of plain paramiko (the target is at least 80 %).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import paramiko

from oa_desktop.gateway.hostkeys import KnownHostStore
from oa_desktop.gateway.ledger import InMemoryLedger
from oa_desktop.gateway.session import GatewaySession, RemoteEntry
from oa_desktop.gateway.settings import GatewaySettings
from oa_desktop.gateway.transfer import download_one, upload_file
from oa_desktop.sandbox.server import start_sandbox

USER, PASSWORD = "bench", "Bench12345"


def best(rounds: int, work: Callable[[int], None]) -> float:
    times = []
    for i in range(rounds):
        started = time.perf_counter()
        work(i)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    size = args.mb * 1024 * 1024
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sandbox = start_sandbox(root / "oa", username=USER, password=PASSWORD,
                                respond_after=None)
        source = root / "payload.bin"
        source.write_bytes(os.urandom(size))
        (sandbox.layout.outbound / "payload.bin").write_bytes(source.read_bytes())
        try:
            plain = run_plain(sandbox.port, source, root, args.rounds)
            ours = run_ours(sandbox, source, root, args.rounds)
        finally:
            sandbox.stop()
    mb = size / 1e6
    print(f"file: {args.mb} MiB over 127.0.0.1, best of {args.rounds}")
    for what in ("upload", "download"):
        p, o = mb / plain[what], mb / ours[what]
        print(f"{what:9s} plain paramiko {p:7.1f} MB/s   oa gateway {o:7.1f} MB/s   "
              f"ours/plain {o / p:6.1%}")


def run_plain(port: int, source: Path, root: Path, rounds: int) -> dict[str, float]:
    transport = paramiko.Transport(("127.0.0.1", port))
    transport.connect(username=USER, password=PASSWORD)
    sftp = paramiko.SFTPClient.from_transport(transport)
    assert sftp is not None
    up = best(rounds, lambda i: sftp.put(str(source), f"/inbound/plain{i}.bin"))
    down = best(rounds, lambda i: sftp.get("/outbound/payload.bin", str(root / f"plain{i}.bin")))
    transport.close()
    return {"upload": up, "download": down}


def run_ours(sandbox: object, source: Path, root: Path, rounds: int) -> dict[str, float]:
    from oa_desktop.sandbox.server import RunningSandbox

    assert isinstance(sandbox, RunningSandbox)
    known = KnownHostStore(root / "known_hosts")
    known.pin("127.0.0.1", sandbox.port, sandbox.host_key)
    settings = GatewaySettings(host="127.0.0.1", port=sandbox.port, username=USER)
    stat = (sandbox.layout.outbound / "payload.bin").stat()
    entry = RemoteEntry("payload.bin", stat.st_size, int(stat.st_mtime), False)
    with GatewaySession.open(settings, PASSWORD, known) as session:
        up = best(rounds, lambda i: upload_file(session, source, f"ours{i}.bin"))
        down = best(rounds, lambda i: download_one(session, entry, root / f"archive{i}",
                                                   InMemoryLedger()))
    return {"upload": up, "download": down}


if __name__ == "__main__":
    main()
