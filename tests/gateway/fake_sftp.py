"""An SFTP client's reading side in memory, for tests of ``gateway.fetch`` and what uses it.

It answers read requests as a server would (the data, or "end of file" past the end),
oldest first or newest first, at most ``max_read`` bytes each, and counts what it sent.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import paramiko
from paramiko.sftp import CMD_DATA, CMD_READ, CMD_STATUS

FX_EOF = 1


class FakeSFTP:
    """Serves whatever bytes the test says, under whatever path the 'server' listed."""

    def __init__(self, files: dict[bytes, bytes], *, max_read: int | None = None,
                 newest_first: bool = False, extra: int = 0) -> None:
        self.files = files
        self.max_read = max_read
        self.newest_first = newest_first
        self.extra = extra  # answer each read with this many bytes more than asked (broken)
        self.waiting: dict[int, tuple[Any, int, paramiko.Message]] = {}
        self.next_number = 0
        self.bytes_sent = 0
        self.most_waiting = 0

    def open(self, path: bytes, mode: str) -> _Handle:
        if path not in self.files:
            raise FileNotFoundError(2, "No such file")
        return _Handle(path, len(self.files[path]))

    def _async_request(self, fileobj: Any, t: int, handle: bytes, offset: int,
                       length: int) -> int:
        assert t == CMD_READ
        data = self.files[handle][offset:offset + min(length, self.max_read or length)
                                  + self.extra]
        msg = paramiko.Message()
        if data:
            kind = CMD_DATA
            msg.add_string(data)
            self.bytes_sent += len(data)
        else:
            kind = CMD_STATUS
            msg.add_int(FX_EOF)
            msg.add_string("End of file")
        msg.rewind()
        number, self.next_number = self.next_number, self.next_number + 1
        self.waiting[number] = (fileobj, kind, msg)
        self.most_waiting = max(self.most_waiting, len(self.waiting))
        return number

    def _read_response(self, waitfor: int) -> tuple[int, paramiko.Message]:
        while True:
            number = (max if self.newest_first else min)(self.waiting)
            fileobj, kind, msg = self.waiting.pop(number)
            if number == waitfor:
                if kind == CMD_STATUS:
                    self._convert_status(msg)
                return kind, msg
            fileobj._async_response(kind, msg, number)

    def _convert_status(self, msg: paramiko.Message) -> None:
        code, text = msg.get_int(), msg.get_text()
        if code == FX_EOF:
            raise EOFError(text)
        raise OSError(text)


class _Handle:
    def __init__(self, path: bytes, size: int) -> None:
        self.handle = path
        self.size = size

    def stat(self) -> paramiko.SFTPAttributes:
        attributes = paramiko.SFTPAttributes()
        attributes.st_size = self.size
        return attributes

    def __enter__(self) -> _Handle:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        return None
