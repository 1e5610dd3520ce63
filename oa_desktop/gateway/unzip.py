"""Open Office Ally's ERA packages safely: flat names, size limits, atomic writes."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from oa_desktop.durable import write_atomically
from oa_desktop.gateway.classify import classify

MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed: beyond this it is a zip bomb


@dataclass(frozen=True)
class ExtractedMember:
    """One file taken out of a package."""

    name: str
    path: Path
    size: int
    sha256: str
    kind: str


def extract_package(package: Path, folder: Path) -> tuple[tuple[ExtractedMember, ...], str]:
    """Extract every file of ``package`` into ``folder``; returns members and a problem (or "")."""
    members: list[ExtractedMember] = []
    try:
        with zipfile.ZipFile(package) as archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                name = PurePosixPath(info.filename.replace("\\", "/")).name
                if not name or name.startswith("."):
                    continue
                compressed = max(info.compress_size, 1)
                if info.file_size > MAX_MEMBER_BYTES or info.file_size / compressed > MAX_RATIO:
                    return tuple(members), f"{name} in {package.name} is implausibly large."
                data = archive.read(info)
                target = folder / name
                write_atomically(target, data)
                members.append(ExtractedMember(name, target, len(data),
                                               hashlib.sha256(data).hexdigest(),
                                               classify(name, data[:4096]).value))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        return tuple(members), f"{package.name} could not be opened as a zip file: {exc}"
    return tuple(members), ""
