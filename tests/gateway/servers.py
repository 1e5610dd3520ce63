"""One face for the two servers the gateway tests run against: the sandbox and a real sshd."""

from __future__ import annotations

import os
import re
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import paramiko
import pytest

from oa_desktop.sandbox.server import RunningSandbox
from tests.gateway.sshd import RunningSshd

SERVER_KINDS = ("sandbox", "sshd")


@dataclass
class OAServer:
    """A server with Office Ally's folders; tests read and write them on this disk."""

    kind: str
    port: int
    username: str
    password: str
    root: Path  # what the client sees as "/"
    host_key: paramiko.PKey  # the key the client negotiates (and tests pin)
    sandbox: RunningSandbox | None = None
    sshd: RunningSshd | None = None

    @property
    def inbound(self) -> Path:
        return self.root / "inbound"

    @property
    def outbound(self) -> Path:
        return self.root / "outbound"

    @property
    def fingerprint(self) -> str:
        return str(self.host_key.fingerprint)

    def put(self, folder: str, name: str | bytes, data: bytes) -> Path:
        """Drop a file into ``folder`` as Office Ally would (owned by the SFTP user)."""
        base = os.fsencode(self.root / folder)
        raw = name if isinstance(name, bytes) else name.encode()
        path = os.path.join(base, raw)
        with open(path, "wb") as fh:
            fh.write(data)
        if self.sshd is not None:
            os.chown(path, self.sshd.uid, -1)
        return Path(os.fsdecode(path))

    def put_outbound(self, name: str | bytes, data: bytes) -> Path:
        return self.put("outbound", name, data)

    def deny(self, folder: str, name: str) -> None:
        """Make ``folder/name`` unreadable for the SFTP user (permission denied)."""
        if self.sandbox is not None:  # the sandbox runs as root here: it refuses on request
            self.sandbox.faults.deny.add(f"/{folder}/{name}")
        else:
            path = self.root / folder / name
            os.chown(path, 0, 0)
            path.chmod(0o600)

    def symlink(self, folder: str, name: str, target: str) -> Path:
        """A link in ``folder`` (``target`` relative to it, as inside the chroot)."""
        path = self.root / folder / name
        path.symlink_to(target)
        if self.sshd is not None:
            os.lchown(path, self.sshd.uid, -1)
        return path

    def mkdir(self, folder: str) -> Path:
        path = self.root / folder
        path.mkdir()
        if self.sshd is not None:
            os.chown(path, self.sshd.uid, -1)
        return path

    def failed_logins(self) -> int:
        """Password attempts the server refused so far."""
        if self.sandbox is not None:
            stats = self.sandbox.stats
            return stats.auth_attempts - stats.logins
        assert self.sshd is not None
        text = self.sshd.log_file.read_text(encoding="utf-8", errors="replace")
        return text.count(f"Failed password for {self.username} ")

    def logins(self) -> int:
        """Password attempts the server accepted so far."""
        if self.sandbox is not None:
            return self.sandbox.stats.logins
        assert self.sshd is not None
        text = self.sshd.log_file.read_text(encoding="utf-8", errors="replace")
        return text.count(f"Accepted password for {self.username} ")

    @contextmanager
    def stalled(self) -> Iterator[None]:
        """The server stops answering (mid-session) until the block ends."""
        if self.sandbox is not None:
            self.sandbox.faults.stall = True
            try:
                yield
            finally:
                self.sandbox.faults.stall = False
            return
        assert self.sshd is not None  # freeze the session's sshd process (SIGSTOP)
        text = self.sshd.log_file.read_text(encoding="utf-8", errors="replace")
        pid = int(re.findall(r"User child is on pid (\d+)", text)[-1])
        os.kill(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)

    @contextmanager
    def disk_full(self, room: int) -> Iterator[None]:
        """/inbound holds only ``room`` bytes until the block ends. The sandbox answers the
        writes past it "Failure"; for sshd a small tmpfs is mounted there, so the real
        OpenSSH answers for a real full disk (it says "Failure" too)."""
        if self.sandbox is not None:
            self.sandbox.faults.disk_full_after = room
            try:
                yield
            finally:
                self.sandbox.faults.disk_full_after = None
            return
        assert self.sshd is not None
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={room},mode=0755", "oa-full-disk",
             str(self.inbound)], capture_output=True, text=True, check=False)
        if mounted.returncode != 0:
            pytest.skip(f"cannot mount a small tmpfs for a full disk here: {mounted.stderr}")
        try:
            os.chown(self.inbound, self.sshd.uid, -1)
            yield
        finally:
            subprocess.run(["umount", "-l", str(self.inbound)], check=False)

    def files(self, folder: str) -> list[str]:
        return sorted(p.name for p in (self.root / folder).iterdir())


def from_sandbox(sandbox: RunningSandbox, username: str, password: str) -> OAServer:
    return OAServer("sandbox", sandbox.port, username, password, sandbox.layout.sftp_root,
                    sandbox.host_key, sandbox=sandbox)


def from_sshd(sshd: RunningSshd) -> OAServer:
    return OAServer("sshd", sshd.port, sshd.username, sshd.password, sshd.root,
                    sshd.host_keys["ed25519"], sshd=sshd)
