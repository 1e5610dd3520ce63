"""SFTP status answers the gateway names: quota exceeded, a file name refused.

paramiko raises every status but three as a bare ``OSError(text)``, and never looks at
the answers to pipelined writes (an upload's), so a refusal there was lost, and so was
OpenSSH's bare "Failure" for a full disk: the upload "succeeded" short. The client below
keeps them apart.
"""

from __future__ import annotations

import errno
import struct
from collections.abc import Mapping
from contextlib import suppress
from types import MappingProxyType
from typing import Any

import paramiko
from paramiko.sftp import (
    CMD_EXTENDED,
    CMD_EXTENDED_REPLY,
    CMD_INIT,
    CMD_STATUS,
    CMD_VERSION,
    CMD_WRITE,
    SFTPError,
)

from oa_desktop.errors import ConnectionFailure
from oa_desktop.gateway.errors import RemoteNameRefused, RemoteQuotaExceeded

# SFTP status codes beyond paramiko's (draft-ietf-secsh-filexfer-13 section 9.1): servers
# other than OpenSSH send them; OpenSSH says "Failure" (4) for a full disk or quota and
# "Bad message" (5) for a name too long or invalid, so the words count too.
FX_FAILURE, FX_BAD_MESSAGE, FX_WRITE_PROTECT = 4, 5, 12
FX_NO_SPACE, FX_QUOTA_EXCEEDED, FX_INVALID_FILENAME = 14, 15, 20
SFTP_VERSION = 3  # what paramiko speaks
LIMITS = "limits@openssh.com"  # OpenSSH's PROTOCOL, section 4.8: the server's own limits
_QUOTA_WORDS = ("quota", "no space", "space left", "disk full", "disk is full",
                "insufficient space", "not enough space")
_NAME_WORDS = ("invalid file name", "invalid filename", "illegal file name", "bad file name",
               "file name not allowed", "filename not allowed", "name too long",
               "invalid character")


class RemoteStatusError(OSError):
    """An SFTP status the gateway names (quota, refused name): ``kind`` says which."""

    def __init__(self, kind: str, code: int, text: str) -> None:
        super().__init__(f"{text} (SFTP status {code})")
        self.kind = kind
        self.code = code
        self.text = text


def status_kind(code: int, text: str) -> str:
    """"quota", "name", "permission" or "" for an SFTP status code and its message."""
    words = text.lower()
    if code in (FX_NO_SPACE, FX_QUOTA_EXCEEDED) or \
            (code == FX_FAILURE and any(w in words for w in _QUOTA_WORDS)):
        return "quota"
    if code in (FX_INVALID_FILENAME, FX_BAD_MESSAGE) or \
            (code == FX_FAILURE and any(w in words for w in _NAME_WORDS)):
        return "name"
    if code == FX_WRITE_PROTECT:
        return "permission"
    return ""


class _WriteAnswers:
    """Reads the answers to pipelined writes, which paramiko otherwise never looks at."""

    def __init__(self, client: SFTPClient) -> None:
        self.client = client

    def _async_response(self, t: int, msg: paramiko.Message, num: int) -> None:
        if t == CMD_STATUS:
            try:  # a named refusal is also kept in ``client.refusal``
                self.client._convert_status(msg)
            except (OSError, EOFError) as exc:
                if self.client.write_failure is None:  # the first says most
                    self.client.write_failure = exc


class SFTPClient(paramiko.SFTPClient):  # type: ignore[misc]
    """paramiko's client, but a status it would raise as a bare "Failure" is kept apart,
    also when it answers a pipelined write (paramiko drops those answers); and the
    extensions the server names in its first answer are kept (paramiko drops those too)."""

    refusal: RemoteStatusError | None = None  # the last one seen
    write_failure: OSError | EOFError | None = None  # the first error answering a write
    server_extensions: Mapping[str, bytes] = MappingProxyType({})  # set in _send_version
    _largest_read: int | None = None

    def __init__(self, sock: Any) -> None:
        super().__init__(sock)
        self._write_answers = _WriteAnswers(self)  # held here: paramiko keeps a weak one

    def _send_version(self) -> int:
        self._send_packet(CMD_INIT, paramiko.Message(struct.pack(">I", SFTP_VERSION)))
        t, data = self._read_packet()
        if t != CMD_VERSION:
            raise SFTPError("Incompatible sftp protocol")
        answer = paramiko.Message(data)
        version = int(answer.get_int())
        extensions: dict[str, bytes] = {}
        while answer.get_remainder():  # name and data pairs (filexfer-02, section 4)
            name = answer.get_binary().decode("utf-8", "replace")
            extensions[name] = answer.get_binary()
        self.server_extensions = extensions
        return version

    def largest_read(self, wanted: int, default: int) -> int:
        """How many bytes to ask for in one read: ``wanted`` from a server that says it
        answers that much (OpenSSH's ``limits@openssh.com``, OpenSSH 8.6 on), else
        ``default``, which every server takes. Asked once per session."""
        if self._largest_read is None:
            self._largest_read = default
            if LIMITS in self.server_extensions:
                with suppress(OSError, EOFError, SFTPError, paramiko.SSHException):
                    t, msg = self._request(CMD_EXTENDED, LIMITS)
                    if t == CMD_EXTENDED_REPLY:
                        msg.get_int64()  # max-packet-length
                        max_read = msg.get_int64()
                        if max_read >= wanted:  # 0: "no limit said", so none assumed
                            self._largest_read = wanted
        return self._largest_read

    def _async_request(self, fileobj: Any, t: int, *args: Any) -> int:
        if fileobj is type(None) and t == CMD_WRITE:
            fileobj = self._write_answers
        return int(super()._async_request(fileobj, t, *args))

    def _convert_status(self, msg: paramiko.Message) -> None:
        start = msg.packet.tell()
        code, text = msg.get_int(), msg.get_text()
        kind = status_kind(code, text)
        if kind == "permission":
            raise PermissionError(errno.EACCES, text)
        if kind:
            self.refusal = RemoteStatusError(kind, code, text)
            raise self.refusal
        msg.packet.seek(start)
        super()._convert_status(msg)

    def take_refusal(self) -> RemoteStatusError | None:
        """The last refusal seen (then forgotten): quota or name, see :func:`status_kind`."""
        found, self.refusal = self.refusal, None
        return found

    def take_write_failure(self) -> OSError | EOFError | None:
        """The first error a pipelined write was answered with (then forgotten)."""
        found, self.write_failure = self.write_failure, None
        return found


def named_refusal(what: str, exc: RemoteStatusError) -> ConnectionFailure:
    """The plain error for a refusal: quota exceeded, or a file name refused."""
    named = RemoteQuotaExceeded if exc.kind == "quota" else RemoteNameRefused
    return named(what, str(exc))
