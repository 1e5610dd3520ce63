"""One connection to Office Ally: timeouts on every phase, keepalive, a watchdog, cancel.

The client drives :class:`paramiko.Transport` itself, so there is no missing-host-key
policy at all: the presented key is compared with the pinned one (or with the
fingerprint the user just confirmed) before the password is sent.
"""

from __future__ import annotations

import errno
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType

import paramiko

from oa_desktop.gateway.errors import (
    CancelledError,
    FolderMissing,
    HostKeyChanged,
    HostKeyNotConfirmed,
    HostNotFound,
    NoRoute,
    TimedOut,
    TransferFailed,
    WrongPassword,
)
from oa_desktop.gateway.hostkeys import KnownHostStore, fingerprint
from oa_desktop.gateway.settings import GatewaySettings, Timeouts
from oa_desktop.logs import get_logger

log = get_logger("gateway")

WINDOW_SIZE = 8 * 1024 * 1024
MAX_PACKET = 32768
_NO_ROUTE = {errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ECONNRESET}


@dataclass(frozen=True)
class RemoteEntry:
    """One file in a remote folder."""

    name: str
    size: int
    mtime: int
    is_dir: bool


class Watchdog:
    """Closes the transport when an operation makes no progress for ``stall`` seconds."""

    def __init__(self, close: Callable[[], None], stall: float) -> None:
        self._close = close
        self._stall = stall
        self._lock = threading.Lock()
        self._busy = 0
        self._last = time.monotonic()
        self.fired = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="oa-gateway-watchdog", daemon=True)
        self._thread.start()

    def tick(self) -> None:
        """Progress was made (bytes moved, a reply arrived)."""
        with self._lock:
            self._last = time.monotonic()

    @contextmanager
    def busy(self) -> Iterator[None]:
        """Mark an operation in flight; the stall clock runs only inside."""
        with self._lock:
            self._busy += 1
            self._last = time.monotonic()
        try:
            yield
        finally:
            with self._lock:
                self._busy -= 1

    def _run(self) -> None:
        interval = min(1.0, self._stall / 10)
        while not self._stop.wait(interval):
            with self._lock:
                stalled = self._busy > 0 and time.monotonic() - self._last > self._stall
            if stalled:
                log.warning("watchdog: no progress for %.1f s, closing the connection", self._stall)
                self.fired = True
                self._close()
                return

    def stop(self) -> None:
        """End the watchdog thread."""
        self._stop.set()


def _open_socket(settings: GatewaySettings, timeouts: Timeouts) -> socket.socket:
    try:
        return socket.create_connection((settings.host, settings.port), timeout=timeouts.connect)
    except socket.gaierror as exc:
        raise HostNotFound(settings.host, str(exc)) from exc
    except TimeoutError as exc:
        raise TimedOut("connecting", timeouts.connect, str(exc)) from exc
    except OSError as exc:
        if exc.errno in _NO_ROUTE or isinstance(exc, ConnectionError):
            raise NoRoute(settings.host, settings.port, str(exc)) from exc
        raise NoRoute(settings.host, settings.port, str(exc)) from exc


def start_transport(settings: GatewaySettings, timeouts: Timeouts) -> paramiko.Transport:
    """Connect and run the SSH handshake (no authentication yet), all under timeouts."""
    sock = _open_socket(settings, timeouts)
    transport = paramiko.Transport(sock)
    transport.banner_timeout = timeouts.banner
    transport.handshake_timeout = timeouts.banner
    transport.auth_timeout = timeouts.auth
    transport.channel_timeout = timeouts.channel
    try:
        transport.start_client(timeout=timeouts.banner * 2)
        if not transport.is_active() or not getattr(transport, "initial_kex_done", False):
            raise TimeoutError("no SSH handshake within the time allowed")
    except (paramiko.SSHException, OSError, EOFError) as exc:
        transport.close()
        text = str(exc)
        timed_out = isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError)
        if timed_out or "timeout" in text.lower() or "banner" in text.lower():
            raise TimedOut("starting a secure connection", timeouts.banner, text) from exc
        raise NoRoute(settings.host, settings.port, f"SSH handshake failed: {text}") from exc
    return transport


def probe_host_key(
    host: str, port: int = 22, timeouts: Timeouts | None = None
) -> tuple[str, paramiko.PKey]:
    """Connect, read the server's host key, disconnect. Sends no password."""
    settings = GatewaySettings(host=host, port=port)
    transport = start_transport(settings, timeouts or Timeouts())
    try:
        key = transport.get_remote_server_key()
    finally:
        transport.close()
    return fingerprint(key), key


def check_host_key(
    settings: GatewaySettings,
    presented: paramiko.PKey,
    known_hosts: KnownHostStore,
    accept_fingerprint: str | None,
) -> None:
    """Refuse a changed key; refuse an unpinned key unless its fingerprint was just confirmed."""
    pinned = known_hosts.pinned(settings.host, settings.port)
    seen = fingerprint(presented)
    if pinned is not None:
        if pinned.get_name() != presented.get_name() or pinned.asbytes() != presented.asbytes():
            log.error("host key changed for %s: pinned %s, presented %s",
                      settings.host, fingerprint(pinned), seen)
            raise HostKeyChanged(settings.host, fingerprint(pinned), seen)
        return
    if accept_fingerprint is None or accept_fingerprint.strip() != seen:
        raise HostKeyNotConfirmed(settings.host, seen)


class GatewaySession:
    """A logged-in SFTP session (a context manager); ``cancel()`` works from any thread."""

    def __init__(
        self, transport: paramiko.Transport, sftp: paramiko.SFTPClient,
        settings: GatewaySettings, timeouts: Timeouts,
    ) -> None:
        self.transport = transport
        self.sftp = sftp
        self.settings = settings
        self.timeouts = timeouts
        self.fingerprint = fingerprint(transport.get_remote_server_key())
        self._cancelled = threading.Event()
        self.watchdog = Watchdog(self._close_transport, timeouts.stall)

    @classmethod
    def open(
        cls, settings: GatewaySettings, password: str, known_hosts: KnownHostStore, *,
        timeouts: Timeouts | None = None, accept_fingerprint: str | None = None,
    ) -> GatewaySession:
        """Connect, check the host key, log in once, open SFTP. Raises a ConnectionFailure."""
        timeouts = timeouts or Timeouts()
        transport = start_transport(settings, timeouts)
        try:
            check_host_key(settings, transport.get_remote_server_key(), known_hosts,
                           accept_fingerprint)
            _login(transport, settings, password, timeouts)
            transport.set_keepalive(timeouts.keepalive)
            sftp = _open_sftp(transport, timeouts)
        except BaseException:
            transport.close()
            raise
        log.info("connected to %s:%s as %s", settings.host, settings.port, settings.username)
        return cls(transport, sftp, settings, timeouts)

    def _close_transport(self) -> None:
        try:
            self.transport.close()
        except Exception:  # noqa: BLE001 - closing must never raise into the watchdog
            log.debug("transport close failed", exc_info=True)

    def cancel(self) -> None:
        """Stop whatever runs now: the transport is closed and the operation is cancelled."""
        self._cancelled.set()
        self._close_transport()

    @property
    def cancelled(self) -> bool:
        """Whether the user asked to stop."""
        return self._cancelled.is_set()

    def progress(self, done: int = 0, total: int = 0) -> None:
        """Transfer callback: feeds the watchdog and stops at once after a cancel."""
        if self._cancelled.is_set():
            raise CancelledError("transferring")
        self.watchdog.tick()

    @contextmanager
    def operation(self, what: str) -> Iterator[None]:
        """Run one remote step under the watchdog, turning low-level errors into plain ones."""
        if self._cancelled.is_set():
            raise CancelledError(what)
        try:
            with self.watchdog.busy():
                yield
        except (CancelledError, FolderMissing, TransferFailed):
            raise
        except (OSError, EOFError, paramiko.SSHException) as exc:
            if self._cancelled.is_set():
                raise CancelledError(what) from exc
            if self.watchdog.fired:
                raise TimedOut(what, self.timeouts.stall, str(exc)) from exc
            if isinstance(exc, TimeoutError | socket.timeout):
                raise TimedOut(what, self.timeouts.channel, str(exc)) from exc
            if isinstance(exc, FileNotFoundError):
                raise
            raise TransferFailed(what, f"{type(exc).__name__}: {exc}") from exc

    def listdir(self, folder: str) -> list[RemoteEntry]:
        """Files and folders in ``folder``; FolderMissing if it is not there."""
        try:
            with self.operation(f"listing {folder}"):
                attrs = self.sftp.listdir_attr(folder)
        except FileNotFoundError as exc:
            raise FolderMissing(folder, str(exc)) from exc
        entries = []
        for attr in attrs:
            mode = attr.st_mode or 0
            entries.append(RemoteEntry(attr.filename, int(attr.st_size or 0),
                                       int(attr.st_mtime or 0), (mode & 0o170000) == 0o040000))
        return sorted(entries, key=lambda e: e.name)

    def close(self) -> None:
        """Close SFTP and the connection."""
        self.watchdog.stop()
        try:
            self.sftp.close()
        except Exception:  # noqa: BLE001
            log.debug("sftp close failed", exc_info=True)
        self._close_transport()

    def __enter__(self) -> GatewaySession:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _login(
    transport: paramiko.Transport, settings: GatewaySettings, password: str, timeouts: Timeouts
) -> None:
    """One password attempt. A rejection is final: Office Ally locks accounts."""
    try:
        transport.auth_password(settings.username, password, fallback=False)
    except paramiko.AuthenticationException as exc:
        if "timeout" in str(exc).lower():
            raise TimedOut("logging in", timeouts.auth, str(exc)) from exc
        log.warning("login refused for %s on %s (not retried)", settings.username, settings.host)
        raise WrongPassword(settings.username, type(exc).__name__) from exc
    except (paramiko.SSHException, OSError, EOFError) as exc:
        raise TimedOut("logging in", timeouts.auth, str(exc)) from exc
    if not transport.is_authenticated():
        raise WrongPassword(settings.username)


def _open_sftp(transport: paramiko.Transport, timeouts: Timeouts) -> paramiko.SFTPClient:
    try:
        sftp = paramiko.SFTPClient.from_transport(
            transport, window_size=WINDOW_SIZE, max_packet_size=MAX_PACKET
        )
    except (paramiko.SSHException, OSError, EOFError) as exc:
        raise TimedOut("opening the file channel", timeouts.channel, str(exc)) from exc
    if sftp is None:
        raise TransferFailed("opening the file channel")
    sftp.get_channel().settimeout(timeouts.channel)
    return sftp
