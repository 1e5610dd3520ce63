"""Open Office Ally's ERA packages safely: derived names, limits, streamed atomic writes.

Limits (a zip bomb or a hostile server must not fill the disk or the memory): at most
``MAX_MEMBERS`` files, each at most ``MAX_MEMBER_BYTES`` and ``MAX_RATIO`` times its
compressed size, ``MAX_TOTAL_BYTES`` in all. The sizes a zip declares are not trusted:
bytes are counted as they are written, in chunks, and a member that grows past a limit
is dropped whole.
"""

from __future__ import annotations

import errno
import hashlib
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from oa_desktop.durable import fsync_dir
from oa_desktop.gateway.classify import classify
from oa_desktop.gateway.names import display_name, inside, safe_name, unique_path

MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_MEMBERS = 1000
MAX_RATIO = 200  # uncompressed / compressed: beyond this it is a zip bomb
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ExtractedMember:
    """One file taken out of a package."""

    name: str
    path: Path
    size: int
    sha256: str
    kind: str


class _TooBig(Exception):
    pass


def _same_file(path: Path, size: int, digest: str) -> bool:
    if not path.is_file() or path.stat().st_size != size:
        return False
    hasher = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            hasher.update(block)
    return hasher.hexdigest() == digest


def _copy_limited(source: IO[bytes], part: Path, limit: int) -> tuple[int, str, bytes]:
    """Stream ``source`` into ``part``; (size, sha256, first 4 KB). _TooBig past ``limit``."""
    hasher = hashlib.sha256()
    count, head = 0, b""
    with open(part, "xb") as fh:
        for block in iter(lambda: source.read(CHUNK), b""):
            count += len(block)
            if count > limit:
                raise _TooBig()
            if len(head) < 4096:
                head += block[:4096 - len(head)]
            hasher.update(block)
            fh.write(block)
        fh.flush()
        os.fsync(fh.fileno())
    return count, hasher.hexdigest(), head


def _extract_one(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, folder: Path, limit: int,
) -> ExtractedMember | str:
    """One member into ``folder`` (or why not, in words)."""
    raw, name = info.orig_filename, safe_name(info.orig_filename)
    part = folder / f"{name}.{os.getpid()}.part"
    if not inside(folder, part):
        return f"{display_name(raw)} has a name that points outside the archive."
    try:
        with archive.open(info) as source:
            size, digest, head = _copy_limited(source, part, limit)
        target = folder / name
        if _same_file(target, size, digest):  # the same package read again
            part.unlink()
        else:
            target = unique_path(folder, name, digest[:12])
            if not inside(folder, target):
                return f"{display_name(raw)} has a name that points outside the archive."
            os.replace(part, target)
            fsync_dir(folder)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return ExtractedMember(name, target, size, digest, classify(name, head).value)


def extract_package(package: Path, folder: Path) -> tuple[tuple[ExtractedMember, ...], str]:
    """Extract every file of ``package`` into ``folder``; returns members and a problem (or "")."""
    members: list[ExtractedMember] = []
    total = 0
    try:
        with zipfile.ZipFile(package) as archive:
            infos = [i for i in archive.infolist() if not i.filename.endswith("/")]
            if len(infos) > MAX_MEMBERS:
                return (), (f"{package.name} holds {len(infos)} files, more than the "
                            f"{MAX_MEMBERS} an Office Ally package can hold; none was taken out.")
            folder.mkdir(parents=True, exist_ok=True)
            for info in infos:
                shown = display_name(info.orig_filename)
                ratio_cap = max(info.compress_size, 1) * MAX_RATIO
                limit = min(MAX_MEMBER_BYTES, ratio_cap, MAX_TOTAL_BYTES - total)
                if info.file_size > limit:
                    return tuple(members), f"{shown} in {package.name} is implausibly large."
                try:
                    done = _extract_one(archive, info, folder, limit)
                except _TooBig:
                    return tuple(members), f"{shown} in {package.name} is implausibly large."
                if isinstance(done, str):
                    return tuple(members), f"{done} ({package.name}; it was not saved)"
                members.append(done)
                total += done.size
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError,
            RuntimeError, ValueError) as exc:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise
        return tuple(members), f"{package.name} could not be opened as a zip file: {exc}"
    return tuple(members), ""
