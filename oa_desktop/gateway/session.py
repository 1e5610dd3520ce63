"""One connection to Office Ally: timeouts on every phase, keepalive, a watchdog, cancel.

The client drives :class:`paramiko.Transport` itself, so there is no missing-host-key
policy at all: the presented key is compared with the pinned one (or with the
fingerprint the user just confirmed) before the password is sent.
"""

from __future__ import annotations

import errno
import logging
import socket
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import paramiko
from paramiko.common import cMSG_DISCONNECT
from paramiko.sftp import (
    CMD_CLOSE,
    CMD_HANDLE,
    CMD_NAME,
    CMD_OPENDIR,
    CMD_READDIR,
)

from oa_desktop.gateway.errors import (
    CancelledError,
    FolderMissing,
    HostKeyChanged,
    HostKeyNotConfirmed,
    HostNotFound,
    LocalDiskFull,
    NoRoute,
    RemotePermissionDenied,
    TimedOut,
    TransferFailed,
    WrongPassword,
)
from oa_desktop.gateway.hostkeys import KnownHostStore, algorithms, fingerprint, key_type
from oa_desktop.gateway.settings import GatewaySettings, Timeouts
from oa_desktop.gateway.sftp_status import RemoteStatusError, SFTPClient, named_refusal
from oa_desktop.logs import get_logger

log = get_logger("gateway")
_PROBE_LOG = "paramiko.oa_probe"
logging.getLogger(_PROBE_LOG).setLevel(logging.CRITICAL)  # "no acceptable host key" is no news

WINDOW_SIZE = 8 * 1024 * 1024
MAX_PACKET = 32768
DISCONNECT_BY_APPLICATION = 11  # RFC 4253 section 11.1
GOODBYE_WAIT = 3.0  # seconds for the server to hang up after our goodbye
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NO_ROUTE = {errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ECONNRESET}


@dataclass(frozen=True)
class RemoteEntry:
    """One file in a remote folder.

    ``raw`` is the name exactly as the server sent it (any bytes); ``name`` is its text
    (UTF-8, undecodable bytes as ``\\xNN``), for the ledger and for people. Neither is
    ever used as a local path: see :mod:`oa_desktop.gateway.names`.
    """

    name: str
    size: int
    mtime: int
    is_dir: bool
    raw: bytes = b""
    is_link: bool = False

    @property
    def raw_name(self) -> bytes:
        """The name's exact bytes (from ``raw``, else the UTF-8 of ``name``)."""
        return self.raw or self.name.encode("utf-8")


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


def _from_paramiko(tb: TracebackType | None) -> bool:
    while tb is not None:
        if str(tb.tb_frame.f_globals.get("__name__", "")).startswith("paramiko."):
            return True
        tb = tb.tb_next
    return False


def guard_paramiko_threads() -> None:
    """Send exceptions of paramiko's own threads (the prefetch thread on a dropped or
    closed connection) to the log instead of the console; others go on as before."""
    current = threading.excepthook
    if getattr(current, "oa_guard", False):
        return

    def hook(args: threading.ExceptHookArgs) -> None:
        if _from_paramiko(args.exc_traceback):
            log.info("paramiko thread %s ended: %s: %s",
                     args.thread.name if args.thread else "?",
                     args.exc_type.__name__, args.exc_value)
            return
        current(args)

    hook.oa_guard = True  # type: ignore[attr-defined]
    threading.excepthook = hook


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


class _Transport(paramiko.Transport):  # type: ignore[misc]
    """A client transport that remembers which host-key algorithms the server offered."""

    offered_key_types: tuple[str, ...] = ()

    def _parse_kex_init(self, m: paramiko.Message) -> None:
        if not self.offered_key_types:  # the first key exchange, before any is verified
            parsed = self._really_parse_kex_init(paramiko.Message(m.asbytes()))
            self.offered_key_types = tuple(dict.fromkeys(
                key_type(a) for a in parsed["server_key_algo_list"]))
        super()._parse_kex_init(m)


def start_transport(
    settings: GatewaySettings, timeouts: Timeouts, prefer: Sequence[str] = (),
    only: Sequence[str] = (),
) -> paramiko.Transport:
    """Connect and run the SSH handshake (no authentication yet), all under timeouts.

    ``prefer``: host-key algorithms to negotiate first (those of the pinned keys), so a
    data folder that pinned RSA keeps getting RSA while the server also has Ed25519.
    ``only``: negotiate nothing else (to read one type of key while probing).
    """
    sock = _open_socket(settings, timeouts)
    transport = _Transport(sock)
    if only:  # a probe for a key type the server may lack: its refusal is expected
        transport.set_log_channel(_PROBE_LOG)
    if prefer or only:
        options = transport.get_security_options()
        supported = list(options.key_types)
        first = [a for a in (only or prefer) if a in supported]
        rest = [] if only else [a for a in supported if a not in first]
        if first or not only:
            options.key_types = first + rest
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
        # paramiko raises it as "e = …; raise e": a cycle through every caller's frame,
        # which waits for the collector; its locals are not needed for the message.
        traceback.clear_frames(exc.__traceback__)
        text = str(exc)
        timed_out = isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError)
        if timed_out or "timeout" in text.lower() or "banner" in text.lower():
            raise TimedOut("starting a secure connection", timeouts.banner, text) from exc
        raise NoRoute(settings.host, settings.port, f"SSH handshake failed: {text}") from exc
    return transport


KEY_FAMILIES = (("ssh-ed25519",), ("ecdsa-sha2-nistp256",), ("ecdsa-sha2-nistp384",),
                ("ecdsa-sha2-nistp521",), ("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"))


def probe_host_keys(
    host: str, port: int = 22, timeouts: Timeouts | None = None
) -> list[paramiko.PKey]:
    """Every host key the server offers (one handshake per key type). Sends no password."""
    settings = GatewaySettings(host=host, port=port)
    found: list[paramiko.PKey] = []
    for family in KEY_FAMILIES:
        try:
            transport = start_transport(settings, timeouts or Timeouts(), only=family)
        except NoRoute:  # the server has no key of this type
            continue
        try:
            key = transport.get_remote_server_key()
        finally:
            transport.close()
        if all(key.asbytes() != k.asbytes() for k in found):
            found.append(key)
    return found


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
    """Refuse a changed key; refuse an unpinned key unless its fingerprint was just confirmed.

    The key presented must be the pinned key of its type. A server offering none of the
    pinned types (the negotiation prefers them) is refused like a changed key.
    """
    pinned_keys = known_hosts.pinned_keys(settings.host, settings.port)
    seen = fingerprint(presented)
    if pinned_keys:
        same_type = [k for k in pinned_keys if k.get_name() == presented.get_name()]
        pinned = same_type[0] if same_type else pinned_keys[0]
        if pinned.get_name() != presented.get_name() or pinned.asbytes() != presented.asbytes():
            log.error("host key changed for %s: pinned %s, presented %s",
                      settings.host, fingerprint(pinned), seen)
            raise HostKeyChanged(settings.host, fingerprint(pinned), seen)
        return
    if accept_fingerprint is None or accept_fingerprint.strip() != seen:
        raise HostKeyNotConfirmed(settings.host, seen)


def adopt_new_key_types(
    transport: paramiko.Transport, settings: GatewaySettings, known_hosts: KnownHostStore,
    timeouts: Timeouts,
) -> list[paramiko.PKey]:
    """Pin host keys of types the server offers but this data folder has not pinned yet.

    Call only after :func:`check_host_key` accepted the key this connection negotiated
    (a pinned one). For each new type, the keys are exchanged again on the same
    connection with only that type allowed: the server proves it holds the new key by
    signing inside the connection the pinned key already verified, so no one in between
    can slip in a key of their own. The new key is then pinned; the caller records it.
    """
    pinned = {k.get_name() for k in known_hosts.pinned_keys(settings.host, settings.port)}
    offered = getattr(transport, "offered_key_types", ())
    options = transport.get_security_options()
    supported = list(options.key_types)
    new = [t for t in offered if t not in pinned and
           any(a in supported for a in algorithms(t))]
    adopted: list[paramiko.PKey] = []
    for kind in new:
        options.key_types = [a for a in algorithms(kind) if a in supported]
        watchdog = threading.Timer(timeouts.banner, transport.close)
        watchdog.start()
        try:
            transport.renegotiate_keys()
        except (paramiko.SSHException, OSError, EOFError) as exc:
            raise TransferFailed(f"checking the server's new {kind} key",
                                 f"{type(exc).__name__}: {exc}") from exc
        finally:
            watchdog.cancel()
        key = transport.get_remote_server_key()
        if key.get_name() != kind:  # never: only this type was allowed
            raise HostKeyChanged(settings.host, kind, fingerprint(key))
        known_hosts.add(settings.host, settings.port, key)
        log.warning("pinned a new %s host key for %s: %s (vouched for by a pinned key)",
                    kind, settings.host, fingerprint(key))
        adopted.append(key)
    if adopted:  # later key exchanges (rekeying) may use any pinned type
        options.key_types = supported
    return adopted


# Servers (host, port) that could not re-key to show a new key type, in this process: the
# pinned key still works, so they are not asked again until the app restarts.
_NO_REKEY: set[tuple[str, int]] = set()


def _adopt(
    transport: paramiko.Transport, settings: GatewaySettings, known_hosts: KnownHostStore,
    timeouts: Timeouts,
) -> list[paramiko.PKey] | None:
    """:func:`adopt_new_key_types` where it may run; None when the server failed at it
    (the connection is then gone, and this server is not asked again)."""
    where = (settings.host, settings.port)
    if where in _NO_REKEY or not known_hosts.pinned_keys(*where):
        return []
    try:
        return adopt_new_key_types(transport, settings, known_hosts, timeouts)
    except TransferFailed as exc:
        log.warning("%s could not show its new host key type (%s); going on with the "
                    "pinned key", settings.host, exc.details)
        _NO_REKEY.add(where)
        return None


_LINE_GONE = {errno.ECONNRESET, errno.EPIPE, errno.ENOTCONN, errno.ECONNABORTED}


def _line_gone(exc: BaseException) -> bool:
    """Whether ``exc`` means the connection itself failed, not one request.

    paramiko raises EOFError when it cannot send and SSHException when the answer's
    channel dropped; an SFTP status (no such file, "Failure", …) is an OSError with no
    such errno and leaves the connection usable.
    """
    if isinstance(exc, EOFError | paramiko.SSHException):
        return True
    return isinstance(exc, OSError) and exc.errno in _LINE_GONE


class GatewaySession:
    """A logged-in SFTP session (a context manager); ``cancel()`` works from any thread."""

    def __init__(
        self, transport: paramiko.Transport, sftp: paramiko.SFTPClient,
        settings: GatewaySettings, timeouts: Timeouts,
        adopted: Sequence[paramiko.PKey] = (), verified: paramiko.PKey | None = None,
    ) -> None:
        self.transport = transport
        self.sftp = sftp
        self.settings = settings
        self.timeouts = timeouts
        # The key checked against the pinned ones (not a newly adopted one).
        self.fingerprint = fingerprint(verified or transport.get_remote_server_key())
        self.adopted = tuple(adopted)  # host keys of new types pinned while connecting
        self._cancelled = threading.Event()
        self._broken = False  # a request could not be sent or answered: the line is gone
        self.watchdog = Watchdog(self._close_transport, timeouts.stall)

    @classmethod
    def open(
        cls, settings: GatewaySettings, password: str, known_hosts: KnownHostStore, *,
        timeouts: Timeouts | None = None, accept_fingerprint: str | None = None,
    ) -> GatewaySession:
        """Connect, check the host key, log in once, open SFTP. Raises a ConnectionFailure."""
        timeouts = timeouts or Timeouts()
        guard_paramiko_threads()
        prefer = [a for key in known_hosts.pinned_keys(settings.host, settings.port)
                  for a in algorithms(key.get_name())]
        transport = start_transport(settings, timeouts, prefer)
        try:
            vouching = transport.get_remote_server_key()
            check_host_key(settings, vouching, known_hosts, accept_fingerprint)
            _login(transport, settings, password, timeouts)
            # OpenSSH takes a new key exchange only once logged in.
            adopted = _adopt(transport, settings, known_hosts, timeouts)
            if adopted is None:  # the server could not re-key: carry on without the new type
                transport.close()
                return cls.open(settings, password, known_hosts, timeouts=timeouts)
            transport.set_keepalive(timeouts.keepalive)
            sftp = _open_sftp(transport, timeouts)
        except BaseException:
            transport.close()
            raise
        log.info("connected to %s:%s as %s", settings.host, settings.port, settings.username)
        return cls(transport, sftp, settings, timeouts, adopted, vouching)

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
            if _line_gone(exc):
                self._broken = True
            if self._cancelled.is_set():
                raise CancelledError(what) from exc
            if self.watchdog.fired:
                raise TimedOut(what, self.timeouts.stall, str(exc)) from exc
            if isinstance(exc, TimeoutError | socket.timeout):
                raise TimedOut(what, self.timeouts.channel, str(exc)) from exc
            if isinstance(exc, FileNotFoundError):
                raise
            if isinstance(exc, PermissionError):
                raise RemotePermissionDenied(what, str(exc)) from exc
            if isinstance(exc, RemoteStatusError):
                raise named_refusal(what, exc) from exc
            if isinstance(exc, OSError) and exc.errno in _DISK_FULL:
                raise LocalDiskFull(what, details=str(exc)) from exc
            raise TransferFailed(what, f"{type(exc).__name__}: {exc}") from exc

    @property
    def alive(self) -> bool:
        """True while the connection can still carry requests (not cancelled, not cut off).

        paramiko's reader notices a hang-up a moment after the request that met it: a
        request that could not be sent, or whose answer never came, marks the line gone
        at once, and so does a closed file channel (paramiko closes the channels first).
        """
        return (self.transport.is_active() and not self.sftp.sock.closed
                and not self._broken and not self.cancelled and not self.watchdog.fired)

    def listdir(self, folder: str) -> list[RemoteEntry]:
        """Files and folders in ``folder``; FolderMissing if it is not there."""
        try:
            with self.operation(f"listing {folder}"):
                listed = list_raw(self.sftp, folder)
        except FileNotFoundError as exc:
            raise FolderMissing(folder, str(exc)) from exc
        entries = []
        for raw, attr in listed:
            kind = (attr.st_mode or 0) & 0o170000
            entries.append(RemoteEntry(raw.decode("utf-8", "backslashreplace"),
                                       int(attr.st_size or 0), int(attr.st_mtime or 0),
                                       kind == 0o040000, raw, kind == 0o120000))
        return sorted(entries, key=lambda e: e.raw_name)

    def close(self) -> None:
        """Close SFTP, say goodbye (SSH disconnect, "by application"), close the connection."""
        self.watchdog.stop()
        line_works = self.alive  # no goodbye (nor a wait for the hang-up) on a dead line
        try:
            self.sftp.close()
        except Exception:  # noqa: BLE001
            log.debug("sftp close failed", exc_info=True)
        if line_works:
            try:
                goodbye = paramiko.Message()
                goodbye.add_byte(cMSG_DISCONNECT)
                goodbye.add_int(DISCONNECT_BY_APPLICATION)
                goodbye.add_string("OA Desktop is done")
                goodbye.add_string("")
                self.transport._send_message(goodbye)  # private: paramiko never sends it
                # The server hangs up on a goodbye. Until it does, paramiko's reader takes
                # what still arrives: a socket closed with unread bytes sends a reset, and
                # the server then drops the goodbye unread.
                self.transport.join(GOODBYE_WAIT)
            except Exception:  # noqa: BLE001 - closing must not raise
                log.debug("disconnect message failed", exc_info=True)
        self._close_transport()

    def __enter__(self) -> GatewaySession:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def list_raw(sftp: paramiko.SFTPClient, folder: str) -> list[tuple[bytes, Any]]:
    """``listdir_attr`` keeping each name's bytes: paramiko's own decodes them as UTF-8
    and fails the whole listing on one name that is not (OpenSSH sends raw bytes)."""
    kind, msg = sftp._request(CMD_OPENDIR, folder)  # private: paramiko has no raw-name API
    if kind != CMD_HANDLE:
        raise paramiko.SFTPError("Expected handle")
    handle = msg.get_binary()
    found: list[tuple[bytes, Any]] = []
    try:
        while True:
            try:
                kind, msg = sftp._request(CMD_READDIR, handle)
            except EOFError:
                break
            if kind != CMD_NAME:
                raise paramiko.SFTPError("Expected name response")
            for _ in range(msg.get_int()):
                raw = bytes(msg.get_string())
                longname = msg.get_string().decode("utf-8", "replace")
                attr = paramiko.SFTPAttributes._from_msg(
                    msg, raw.decode("utf-8", "replace"), longname)
                if raw not in (b".", b".."):
                    found.append((raw, attr))
    finally:
        sftp._request(CMD_CLOSE, handle)
    return found


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
        sftp = SFTPClient.from_transport(
            transport, window_size=WINDOW_SIZE, max_packet_size=MAX_PACKET
        )
    except (paramiko.SSHException, OSError, EOFError) as exc:
        raise TimedOut("opening the file channel", timeouts.channel, str(exc)) from exc
    if sftp is None:
        raise TransferFailed("opening the file channel")
    sftp.get_channel().settimeout(timeouts.channel)
    return sftp
