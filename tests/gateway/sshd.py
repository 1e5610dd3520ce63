"""A real OpenSSH ``sshd`` on 127.0.0.1 for the gateway tests and the SFTP benchmark.

It runs as root (it must, to chroot and check passwords), with its own temporary config,
RSA, ECDSA and Ed25519 host keys, password login only, ``internal-sftp`` chrooted into a
folder holding ``inbound/``, ``outbound/`` and ``tmp/``, and a throw-away user that is
created for this run and deleted afterwards. It is stopped by its PID.

OpenSSH refuses a chroot unless every folder on its path is owned by root and writable by
no one else, so the chroot cannot live under ``/tmp`` (world-writable): it is made under
the first suitable root-owned folder (``/run``, ``/var/lib``, ``/srv``).
"""

from __future__ import annotations

import base64
import contextlib
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import stat
import string
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import paramiko

INSTALL_HINT = (
    "these tests need OpenSSH's sshd and root: run them as root with openssh-server "
    "installed (Debian/Ubuntu: `sudo apt-get install openssh-server`; `.ci/run` does it)"
)
USER_PREFIX = "oasftp"
KEY_TYPES = ("rsa", "ecdsa", "ed25519")


def sshd_binary() -> str | None:
    """The sshd executable, or None when OpenSSH's server is not installed."""
    found = shutil.which("sshd")
    if found:
        return found
    for candidate in ("/usr/sbin/sshd", "/usr/local/sbin/sshd"):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def why_not_available() -> str:
    """Empty when a real sshd can be started here; otherwise why not (with the fix)."""
    if sshd_binary() is None or shutil.which("ssh-keygen") is None:
        return "sshd is not installed; " + INSTALL_HINT
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "not running as root; " + INSTALL_HINT
    if shutil.which("useradd") is None or shutil.which("chpasswd") is None:
        return "useradd/chpasswd are missing; " + INSTALL_HINT
    return ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _safe_parent() -> Path:
    """A root-owned folder nobody else can write to, to hold the chroot."""
    for candidate in ("/run", "/var/lib", "/srv"):
        path = Path(candidate)
        try:
            info = path.stat()
        except OSError:
            continue
        if info.st_uid == 0 and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return path
    raise RuntimeError("no root-owned folder to hold the sshd chroot")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale_servers(parent: Path) -> None:
    """Stop the sshd and remove the folder a killed test run left (its ``owner`` PID is gone)."""
    for workdir in parent.glob("oa-sshd-*"):
        try:
            owner = int((workdir / "owner").read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue
        if _pid_alive(owner):
            continue
        with contextlib.suppress(OSError, ValueError):
            os.kill(int((workdir / "sshd.pid").read_text(encoding="ascii")), 15)
        shutil.rmtree(workdir, ignore_errors=True)


def _remove_stale_users() -> None:
    """Delete throw-away users left by test runs that were killed (their PID is gone)."""
    for entry in pwd.getpwall():
        found = re.fullmatch(USER_PREFIX + r"(\d+)", entry.pw_name)
        if found and not _pid_alive(int(found.group(1))):
            subprocess.run(["userdel", entry.pw_name], check=False, capture_output=True)


@dataclass
class RunningSshd:
    """A started sshd: where it listens, who may log in, and its chroot on this disk."""

    port: int
    username: str
    password: str
    root: Path  # the chroot: /inbound, /outbound and /tmp as the client sees them
    host_keys: dict[str, paramiko.PKey]  # "rsa" / "ecdsa" / "ed25519" -> public key
    process: subprocess.Popen[bytes]
    workdir: Path
    log_file: Path

    @property
    def inbound(self) -> Path:
        return self.root / "inbound"

    @property
    def outbound(self) -> Path:
        return self.root / "outbound"

    @property
    def uid(self) -> int:
        return pwd.getpwnam(self.username).pw_uid

    def reset(self) -> None:
        """Empty the three folders (between tests) and give them back to the user."""
        for folder in (self.inbound, self.outbound, self.root / "tmp"):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            folder.chmod(0o755)  # whatever the umask (a data folder sets 077)
            os.chown(folder, self.uid, -1)
        self.root.chmod(0o755)

    def give(self, path: Path) -> Path:
        """Make a file the test wrote owned by the SFTP user, as the server would."""
        os.chown(path, self.uid, -1)
        return path

    def offer_host_keys(self, *kinds: str, fresh: tuple[str, ...] = ()) -> dict[str, paramiko.PKey]:
        """Restart sshd (SIGHUP, same PID) offering only ``kinds`` host keys; those in
        ``fresh`` are new keys (as if the server's key of that type changed). Returns the
        keys now offered. ``offer_host_keys(*KEY_TYPES)`` goes back to the original keys."""
        offered: dict[str, paramiko.PKey] = {}
        files = []
        for kind in kinds:
            path = self.workdir / f"ssh_host_{kind}_key"
            if kind in fresh:
                path = self.workdir / f"ssh_host_{kind}_key_{secrets.token_hex(4)}"
                offered[kind] = _new_host_key(path, kind)
            else:
                offered[kind] = self.host_keys[kind]
            files.append(path)
        _config(self.workdir, self.port, self.username, self.root, files)
        restarts = self._listening_lines()
        os.kill(self.process.pid, signal.SIGHUP)
        deadline = time.monotonic() + 15
        while self._listening_lines() <= restarts:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"sshd did not restart: {self.log_file.read_text()}")
            time.sleep(0.05)
        _wait_listening(self.port, self.process, self.log_file)
        return offered

    def _listening_lines(self) -> int:
        text = self.log_file.read_text(encoding="utf-8", errors="replace")
        return text.count("Server listening on")

    def stop(self) -> None:
        """Stop sshd by its PID, then remove its files and the throw-away user."""
        if self.process.poll() is None:
            os.kill(self.process.pid, 15)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, 9)
                self.process.wait(5)
        shutil.rmtree(self.workdir, ignore_errors=True)
        subprocess.run(["userdel", self.username], check=False, capture_output=True)


def _make_user() -> tuple[str, str]:
    _remove_stale_users()
    username = f"{USER_PREFIX}{os.getpid()}"
    alphabet = string.ascii_letters + string.digits
    password = "".join(secrets.choice(alphabet) for _ in range(12))
    try:
        pwd.getpwnam(username)
    except KeyError:
        subprocess.run(["useradd", "--no-create-home", "--home-dir", "/",
                        "--shell", "/usr/sbin/nologin", username],
                       check=True, capture_output=True)
    subprocess.run(["chpasswd"], input=f"{username}:{password}\n".encode(), check=True,
                   capture_output=True)
    return username, password


def _new_host_key(path: Path, kind: str) -> paramiko.PKey:
    subprocess.run(["ssh-keygen", "-q", "-t", kind, "-N", "", "-C", "oa-test",
                    "-f", str(path)], check=True, capture_output=True)
    key_type, blob = Path(str(path) + ".pub").read_text(encoding="ascii").split()[:2]
    return paramiko.PKey.from_type_string(key_type, base64.b64decode(blob))


def _host_keys(workdir: Path) -> dict[str, paramiko.PKey]:
    return {kind: _new_host_key(workdir / f"ssh_host_{kind}_key", kind) for kind in KEY_TYPES}


def _config(workdir: Path, port: int, username: str, root: Path,
            key_files: list[Path] | None = None) -> Path:
    if key_files is None:
        key_files = [workdir / f"ssh_host_{kind}_key" for kind in KEY_TYPES]
    lines = [
        f"Port {port}",
        "ListenAddress 127.0.0.1",
        *(f"HostKey {path}" for path in key_files),
        f"PidFile {workdir}/sshd.pid",
        "PasswordAuthentication yes",
        "KbdInteractiveAuthentication no",
        "PubkeyAuthentication no",
        "AuthorizedKeysFile none",
        "PermitRootLogin no",
        "UsePAM no",
        f"AllowUsers {username}",
        "Subsystem sftp internal-sftp",
        f"ChrootDirectory {root}",
        "ForceCommand internal-sftp",
        "AllowTcpForwarding no",
        "X11Forwarding no",
        "PermitTTY no",
        "StrictModes no",
        "MaxStartups 100",
        "MaxSessions 20",
        "LogLevel VERBOSE",
    ]
    path = workdir / "sshd_config"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _wait_listening(port: int, process: subprocess.Popen[bytes], log_file: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"sshd exited: {log_file.read_text(errors='replace')}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"sshd did not start listening: {log_file.read_text(errors='replace')}")


def start_sshd() -> RunningSshd:
    """Start sshd on a free loopback port (see the module docstring). Needs root."""
    binary = sshd_binary()
    if binary is None:
        raise RuntimeError("sshd is not installed; " + INSTALL_HINT)
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # OpenSSH's privilege-separation dir
    parent = _safe_parent()
    _remove_stale_servers(parent)
    workdir = Path(tempfile.mkdtemp(prefix="oa-sshd-", dir=parent))
    os.chmod(workdir, 0o755)
    (workdir / "owner").write_text(str(os.getpid()), encoding="ascii")
    username, password = _make_user()
    try:
        root = workdir / "chroot"
        root.mkdir(mode=0o755)
        keys = _host_keys(workdir)
        port = _free_port()
        config = _config(workdir, port, username, root)
        log_file = workdir / "sshd.log"
        process = subprocess.Popen([binary, "-D", "-f", str(config), "-E", str(log_file)],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        subprocess.run(["userdel", username], check=False, capture_output=True)
        raise
    server = RunningSshd(port, username, password, root, keys, process, workdir, log_file)
    try:
        server.reset()
        _wait_listening(port, process, log_file)
    except BaseException:
        server.stop()
        raise
    return server
