"""The sandbox's SFTP server on 127.0.0.1 (paramiko's server side), with fault knobs for tests."""

from __future__ import annotations

import errno
import hashlib
import hmac
import os
import posixpath
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import paramiko

from oa_desktop.logs import get_logger
from oa_desktop.sandbox.responder import Responder, SandboxLayout

log = get_logger("sandbox")
HOST_KEY_FILE = "host_key"
# SFTP status codes (draft-ietf-secsh-filexfer-02), typed here since paramiko is untyped.
SFTP_OK, SFTP_NO_SUCH_FILE, SFTP_PERMISSION_DENIED, SFTP_FAILURE = 0, 2, 3, 4
SFTP_BAD_MESSAGE, SFTP_OP_UNSUPPORTED = 5, 8
SFTP_QUOTA_EXCEEDED, SFTP_INVALID_FILENAME = 15, 20  # filexfer-13; paramiko lacks them


def _errno(exc: OSError) -> int:
    if exc.errno in (errno.ENAMETOOLONG, errno.EINVAL):
        return SFTP_BAD_MESSAGE  # as OpenSSH's sftp-server answers a name it cannot take
    return int(paramiko.SFTPServer.convert_errno(exc.errno))


@dataclass
class Faults:
    """Misbehaviour on demand (tests). ``once``: a fault fires one time, then clears."""

    drop_upload_after: int | None = None  # close the connection after N bytes written
    drop_download_after: int | None = None  # close the connection after N bytes read
    stall: bool = False  # every SFTP request hangs until the sandbox stops
    once: bool = True
    # Files /outbound lists under names no real disk holds ("/etc/x", "a/../../x", "a\0b"),
    # as a hostile or broken server could send them: name -> content.
    hostile_names: dict[str, bytes] = field(default_factory=dict)
    deny: set[str] = field(default_factory=set)  # paths refused with "permission denied"
    drop_after_rename: bool = False  # rename, then drop the connection before answering
    no_rename: bool = False  # a server without rename ("operation unsupported")
    quota_exceeded: bool = False  # every write answers "quota exceeded" (status 15)
    refused_names: set[str] = field(default_factory=set)  # names answered "invalid filename"
    max_read: int | None = None  # answer each read with at most this many bytes (servers may)
    # Writes answered with OpenSSH's bare "Failure", the connection kept (a full disk):
    disk_full_after: int | None = None  # every write reaching past this many bytes of a file
    fail_write_at: int | None = None  # only the write at this offset (a hole, size right)


@dataclass
class Stats:
    """What the server saw (tests assert on it)."""

    auth_attempts: int = 0
    logins: int = 0
    connections: int = 0
    bytes_read: int = 0  # file bytes sent in answer to reads
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


@dataclass
class _Context:
    layout: SandboxLayout
    username: str
    password: str
    faults: Faults
    stats: Stats
    stopping: threading.Event


class _Server(paramiko.ServerInterface):  # type: ignore[misc]
    def __init__(self, ctx: _Context, transport: paramiko.Transport) -> None:
        self.ctx = ctx
        self.transport = transport

    def get_allowed_auths(self, username: str) -> str:
        return "password"

    def check_auth_password(self, username: str, password: str) -> int:
        with self.ctx.stats.lock:
            self.ctx.stats.auth_attempts += 1
        good = hmac.compare_digest(username.encode(), self.ctx.username.encode()) and \
            hmac.compare_digest(password.encode(), self.ctx.password.encode())
        if good:
            with self.ctx.stats.lock:
                self.ctx.stats.logins += 1
            return int(paramiko.AUTH_SUCCESSFUL)
        return int(paramiko.AUTH_FAILED)

    def check_channel_request(self, kind: str, chanid: int) -> int:
        if kind == "session":
            return int(paramiko.OPEN_SUCCEEDED)
        return int(paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED)


class _Handle(paramiko.SFTPHandle):  # type: ignore[misc]
    def __init__(self, flags: int, sftp: _SandboxSFTP) -> None:
        super().__init__(flags)
        self.sftp = sftp
        self.written = 0
        self.read_bytes = 0

    def write(self, offset: int, data: bytes) -> int:
        self.written += len(data)
        if self.sftp.ctx.faults.quota_exceeded:
            return SFTP_QUOTA_EXCEEDED
        if self.sftp.fault_hit("drop_upload_after", self.written):
            return SFTP_FAILURE
        faults = self.sftp.ctx.faults
        full = faults.disk_full_after is not None and offset + len(data) > faults.disk_full_after
        if full or offset == faults.fail_write_at:
            return SFTP_FAILURE
        self.sftp.gate()
        return int(super().write(offset, data))

    def read(self, offset: int, length: int) -> bytes | int:
        self.read_bytes += length
        if self.sftp.fault_hit("drop_download_after", self.read_bytes):
            return SFTP_FAILURE
        self.sftp.gate()
        limit = self.sftp.ctx.faults.max_read
        result: bytes | int = super().read(offset, min(length, limit or length))
        if isinstance(result, bytes):
            with self.sftp.ctx.stats.lock:
                self.sftp.ctx.stats.bytes_read += len(result)
        return result

    def stat(self) -> paramiko.SFTPAttributes | int:
        try:
            return paramiko.SFTPAttributes.from_stat(os.fstat(self.readfile.fileno()))
        except OSError as exc:
            return _errno(exc)


class _SandboxSFTP(paramiko.SFTPServerInterface):  # type: ignore[misc]
    def __init__(self, server: _Server, *args: Any, **kwargs: Any) -> None:
        super().__init__(server, *args, **kwargs)
        self.ctx = server.ctx
        self.transport = server.transport

    # --- faults -------------------------------------------------------------------
    def gate(self) -> None:
        """Hang while the stall fault is on."""
        while self.ctx.faults.stall and not self.ctx.stopping.wait(0.05):
            pass

    def fault_hit(self, knob: str, count: int) -> bool:
        """True (and the connection dropped) when a byte-count fault triggers."""
        limit = getattr(self.ctx.faults, knob)
        if limit is None or count < limit:
            return False
        if self.ctx.faults.once:
            setattr(self.ctx.faults, knob, None)
        log.info("fault %s: dropping the connection", knob)
        self.transport.close()
        return True

    # --- paths --------------------------------------------------------------------
    def _local(self, path: str) -> Path:
        clean = posixpath.normpath("/" + path).lstrip("/")
        return self.ctx.layout.sftp_root / clean

    def canonicalize(self, path: str) -> str:
        return posixpath.normpath("/" + path)

    # --- requests -----------------------------------------------------------------
    def _hostile(self, path: str) -> Path | None:
        """The stand-in file for a hostile name in /outbound, or None."""
        name = path.removeprefix("/outbound/")
        if name == path or name not in self.ctx.faults.hostile_names:
            return None
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()
        stand_in = self.ctx.layout.work / f"hostile-{digest}"
        stand_in.write_bytes(self.ctx.faults.hostile_names[name])
        return stand_in

    def list_folder(self, path: str) -> list[paramiko.SFTPAttributes] | int:
        self.gate()
        folder = self._local(path)
        try:
            names = sorted(os.listdir(folder))
        except OSError as exc:
            return _errno(exc)
        result = []
        for name in names:
            try:
                # A name that is not UTF-8 goes out as the bytes on disk, as OpenSSH does.
                attr = paramiko.SFTPAttributes.from_stat(os.lstat(folder / name),
                                                         os.fsencode(name))
            except OSError:
                continue
            result.append(attr)
        if folder == self.ctx.layout.outbound:
            for name in self.ctx.faults.hostile_names:
                stand_in = self._hostile(f"/outbound/{name}")
                if stand_in is not None:
                    result.append(paramiko.SFTPAttributes.from_stat(os.stat(stand_in), name))
        return result

    def stat(self, path: str) -> paramiko.SFTPAttributes | int:
        self.gate()
        try:
            return paramiko.SFTPAttributes.from_stat(
                os.stat(self._hostile(path) or self._local(path)))
        except OSError as exc:
            return _errno(exc)

    def lstat(self, path: str) -> paramiko.SFTPAttributes | int:
        self.gate()
        try:
            return paramiko.SFTPAttributes.from_stat(
                os.lstat(self._hostile(path) or self._local(path)))
        except OSError as exc:
            return _errno(exc)

    def open(self, path: str, flags: int, attr: paramiko.SFTPAttributes) -> _Handle | int:
        self.gate()
        if path in self.ctx.faults.deny:
            return SFTP_PERMISSION_DENIED
        if posixpath.basename(path) in self.ctx.faults.refused_names:
            return SFTP_INVALID_FILENAME
        local = self._hostile(path) or self._local(path)
        if local.parent == self.ctx.layout.sftp_root:
            return SFTP_PERMISSION_DENIED  # only inside /inbound, /outbound, /tmp
        binary = getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(local, flags | binary, 0o644)
        except OSError as exc:
            return _errno(exc)
        mode = "rb"
        if flags & os.O_WRONLY:
            mode = "ab" if flags & os.O_APPEND else "wb"
        elif flags & os.O_RDWR:
            mode = "a+b" if flags & os.O_APPEND else "r+b"
        handle = _Handle(flags, self)
        fobj = os.fdopen(fd, mode)
        handle.filename = str(local)
        handle.readfile = fobj
        handle.writefile = fobj
        return handle

    def remove(self, path: str) -> int:
        self.gate()
        try:
            os.remove(self._local(path))
        except OSError as exc:
            return _errno(exc)
        return SFTP_OK

    def rename(self, oldpath: str, newpath: str) -> int:
        self.gate()
        if self.ctx.faults.no_rename:
            return SFTP_OP_UNSUPPORTED
        if posixpath.basename(newpath) in self.ctx.faults.refused_names:
            return SFTP_INVALID_FILENAME
        source, target = self._local(oldpath), self._local(newpath)
        if target.exists():
            return SFTP_FAILURE  # plain SFTP rename never overwrites
        if not source.exists():
            return SFTP_NO_SUCH_FILE
        try:
            os.rename(source, target)
        except OSError as exc:
            return _errno(exc)
        if self.ctx.faults.drop_after_rename:
            if self.ctx.faults.once:
                self.ctx.faults.drop_after_rename = False
            log.info("fault drop_after_rename: renamed, dropping the connection")
            self.transport.close()
        return SFTP_OK

    def mkdir(self, path: str, attr: paramiko.SFTPAttributes) -> int:
        return SFTP_PERMISSION_DENIED

    def rmdir(self, path: str) -> int:
        return SFTP_PERMISSION_DENIED


def load_host_key(root: Path) -> paramiko.PKey:
    """The sandbox's own host key, created on first start and kept in its root."""
    path = root / HOST_KEY_FILE
    if path.exists():
        return paramiko.ECDSAKey.from_private_key_file(str(path))
    key = paramiko.ECDSAKey.generate(bits=256)
    old_umask = os.umask(0o077)
    try:
        key.write_private_key_file(str(path))
    finally:
        os.umask(old_umask)
    return key


class RunningSandbox:
    """A started sandbox: ``port``, ``fingerprint``, ``stop()``; ``faults``/``stats`` for tests."""

    def __init__(self, root: Path, port: int, username: str, password: str,
                 respond_after: float | None, seed: int) -> None:
        self.root = root
        self.layout = SandboxLayout(root).prepare()
        self.host_key = load_host_key(root)
        self.other_host_keys: list[paramiko.PKey] = []  # more types, for tests (not kept)
        self.faults = Faults()
        self.stats = Stats()
        self._stopping = threading.Event()
        self._ctx = _Context(self.layout, username, password, self.faults, self.stats,
                             self._stopping)
        self._listener = socket.create_server(("127.0.0.1", port), reuse_port=False)
        self._listener.settimeout(0.2)
        self.port: int = self._listener.getsockname()[1]
        self._transports: list[paramiko.Transport] = []
        self._lock = threading.Lock()
        self.responder = Responder(self.layout, seed, respond_after) if respond_after is not None \
            else None
        self._thread = threading.Thread(target=self._serve, name="oa-sandbox-accept",
                                        daemon=True)

    @property
    def fingerprint(self) -> str:
        """The server's host key fingerprint (SHA256:…)."""
        return str(self.host_key.fingerprint)

    def start(self) -> RunningSandbox:
        """Accept connections (and respond to uploads) in background threads."""
        self._thread.start()
        if self.responder is not None:
            self.responder.start()
        return self

    def rotate_host_key(self) -> str:
        """Present a new host key from now on (as if Office Ally changed servers)."""
        (self.root / HOST_KEY_FILE).unlink(missing_ok=True)
        self.host_key = load_host_key(self.root)
        return self.fingerprint

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            threading.Thread(target=self._handle, args=(conn,), name="oa-sandbox-conn",
                             daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with self.stats.lock:
            self.stats.connections += 1
        transport = paramiko.Transport(conn)
        with self._lock:
            self._transports.append(transport)
        transport.add_server_key(self.host_key)
        for key in self.other_host_keys:
            transport.add_server_key(key)
        server = _Server(self._ctx, transport)
        transport.set_subsystem_handler("sftp", paramiko.SFTPServer, _SandboxSFTP)
        try:
            transport.start_server(server=server)
        except (paramiko.SSHException, OSError, EOFError):
            transport.close()
            return
        while transport.is_active() and not self._stopping.is_set():
            channel = transport.accept(0.5)
            if channel is None:
                continue

    def stop(self) -> None:
        """Close every connection and the listener; stop the responder."""
        self._stopping.set()
        self._listener.close()
        with self._lock:
            for transport in self._transports:
                transport.close()
        if self.responder is not None:
            self.responder.stop()
        if self._thread.is_alive():
            self._thread.join(2)


def start_sandbox(
    root: Path, port: int = 0, username: str = "sandbox", password: str = "Sandbox123",
    respond_after: float | None = 2.0, seed: int = 1,
) -> RunningSandbox:
    """Start the Office Ally stand-in on 127.0.0.1 (``port=0``: any free port)."""
    sandbox = RunningSandbox(Path(root), port, username, password, respond_after, seed).start()
    log.info("sandbox listening on 127.0.0.1:%d (%s)", sandbox.port, sandbox.fingerprint)
    return sandbox
