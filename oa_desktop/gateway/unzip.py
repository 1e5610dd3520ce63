"""Open Office Ally's ERA packages safely: flat names, size limits, atomic writes."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from oa_desktop.gateway.classify import classify
from oa_desktop.gateway.files import write_atomically
from oa_desktop.gateway.names import display_name, inside, safe_name, unique_path

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


def _holds(path: Path, data: bytes) -> bool:
    """True if ``path`` is free or already holds exactly ``data`` (a package read twice)."""
    if not path.exists():
        return True
    return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data


def extract_package(package: Path, folder: Path) -> tuple[tuple[ExtractedMember, ...], str]:
    """Extract every file of ``package`` into ``folder``; returns members and a problem (or "")."""
    members: list[ExtractedMember] = []
    try:
        with zipfile.ZipFile(package) as archive:
            for info in archive.infolist():
                if info.filename.endswith("/"):  # a folder (is_dir() fails on "")
                    continue
                raw = info.orig_filename
                name = safe_name(raw)
                compressed = max(info.compress_size, 1)
                if info.file_size > MAX_MEMBER_BYTES or info.file_size / compressed > MAX_RATIO:
                    return tuple(members), f"{name} in {package.name} is implausibly large."
                data = archive.read(info)
                digest = hashlib.sha256(data).hexdigest()
                target = folder / name
                if not _holds(target, data):
                    target = unique_path(folder, name, digest[:12])
                if not inside(folder, target):
                    return tuple(members), f"{display_name(raw)} in {package.name} has a " \
                        "name that points outside the archive; it was not saved."
                if not target.exists():
                    write_atomically(target, data)
                members.append(ExtractedMember(name, target, len(data), digest,
                                               classify(name, data[:4096]).value))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        return tuple(members), f"{package.name} could not be opened as a zip file: {exc}"
    return tuple(members), ""
