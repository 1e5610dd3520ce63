"""`sandbox serve` in a second process: any SFTP client (here paramiko, plainly) can use it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import paramiko

from oa_desktop.gateway.hostkeys import KnownHostStore
from oa_desktop.gateway.ledger import InMemoryLedger
from oa_desktop.gateway.session import GatewaySession
from oa_desktop.gateway.settings import GatewaySettings, Timeouts
from oa_desktop.gateway.transfer import archive_for_upload, download_new, upload_file
from oa_desktop.sandbox.sample import sample_837

REPO = Path(__file__).resolve().parents[2]


def test_serve_in_a_subprocess_round_trip(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "oa_desktop.cli.sandbox", "sandbox", "serve", "--root",
         str(tmp_path / "oa"), "--username", "doc", "--password-stdin", "--respond-after", "0.2",
         "--seed", "4"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=env, cwd=REPO,
    )
    try:
        assert proc.stdin and proc.stdout
        proc.stdin.write("Secret1234\n")
        proc.stdin.close()
        port = int(proc.stdout.readline().strip().removeprefix("port="))
        fingerprint = proc.stdout.readline().strip().removeprefix("fingerprint=")
        assert fingerprint.startswith("SHA256:")

        # An ordinary client: plain paramiko, checking the printed fingerprint itself.
        transport = paramiko.Transport(("127.0.0.1", port))
        transport.connect()
        assert transport.get_remote_server_key().fingerprint == fingerprint
        transport.auth_password("doc", "Secret1234")
        sftp = paramiko.SFTPClient.from_transport(transport)
        assert sorted(sftp.listdir("/")) == ["inbound", "outbound", "tmp"]
        transport.close()

        # Our client: upload, then the sandbox answers, then one sync fetches everything.
        settings = GatewaySettings(host="127.0.0.1", port=port, username="doc")
        known = KnownHostStore(tmp_path / "known_hosts")
        archive = tmp_path / "archive"
        timeouts = Timeouts(connect=10, banner=20, auth=20, channel=20, stall=10)
        with GatewaySession.open(settings, "Secret1234", known, timeouts=timeouts,
                                 accept_fingerprint=fingerprint) as session:
            upload_file(session, archive_for_upload(archive, "b.txt", sample_837()))
            deadline = time.monotonic() + 30
            while len(session.listdir("/outbound")) < 4 and time.monotonic() < deadline:
                time.sleep(0.1)
            got = download_new(session, InMemoryLedger(), archive).downloaded
        assert sorted(d.record.kind for d in got) == ["277", "999", "era_zip", "file_summary"]
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
