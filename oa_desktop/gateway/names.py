"""Local names for remote files: derived from the server's name, never copied from it.

A server (or a zip from it) may send any bytes as a name: ``/etc/passwd``,
``../../x``, ``a\\b``, ``C:x``, ``CON``, NUL, control characters, names that are not
UTF-8, 255-byte names. :func:`safe_name` turns any of them into one plain file name that
is valid on Windows, macOS and Linux, and :func:`inside` checks that a path about to be
written resolves inside the folder it belongs to. The exact remote bytes stay in the
download ledger; the local name is only where the copy lives.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

# Room for ".part", a collision suffix and a hash under every OS's 255 limit, and a short
# enough path for Windows' 260-character limit in a typical data folder.
MAX_NAME_BYTES = 120
_FORBIDDEN = set('<>:"/\\|?*')
_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)",
                       re.IGNORECASE)
_FALLBACK = "file"


def display_name(raw: bytes | str) -> str:
    """The remote name for people to read: undecodable bytes and control characters shown
    as ``\\xNN``/``\\uNNNN`` escapes, never acted on."""
    text = raw.decode("utf-8", "backslashreplace") if isinstance(raw, bytes) else raw
    out = []
    for ch in text:
        if unicodedata.category(ch)[0] == "C" or ch in "\u2028\u2029":
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def _last_component(text: str) -> str:
    parts = [p for p in re.split(r"[/\\]", text) if p not in ("", ".", "..")]
    return parts[-1] if parts else ""


def _clean_char(ch: str) -> str:
    if ch in _FORBIDDEN or unicodedata.category(ch)[0] in "CZ" and ch != " ":
        return "_"
    return ch


def _shorten(name: str, digest: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix.encode()) > 10 or not stem:
        stem, suffix = name, ""
    tail = f"~{digest[:12]}" + (f".{suffix}" if suffix else "")
    room = MAX_NAME_BYTES - len(tail.encode())
    cut = stem.encode("utf-8")[:room].decode("utf-8", "ignore")
    return cut + tail


def safe_name(raw: bytes | str) -> str:
    """One file name, safe on every OS, for the remote name ``raw`` (any bytes).

    Only the final component is used; separators, ``..``, drive letters and ``:``,
    control characters and NUL, Windows' reserved names, trailing dots and spaces are
    neutralised; a leading dot becomes ``_`` (nothing hidden); a long name keeps its start
    and extension and gains a hash of the full remote name.
    """
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(data).hexdigest()
    text = unicodedata.normalize("NFC", data.decode("utf-8", "replace"))
    name = "".join(_clean_char(ch) for ch in _last_component(text))
    name = name.rstrip(". ").lstrip(" ")
    if name.startswith("."):
        name = "_" + name[1:]
    if not name.strip("_"):
        name = f"{_FALLBACK}~{digest[:12]}"
    if _RESERVED.fullmatch(name.split(".", 1)[0].rstrip(" ")):
        name = "_" + name
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = _shorten(name, digest)
    return name


def inside(folder: Path, path: Path) -> bool:
    """True if ``path`` (following links) resolves inside ``folder``."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError):
        return False


def unique_path(folder: Path, name: str, tag: str) -> Path:
    """``folder/name`` if free, else the same name with ``tag`` (then a counter) added."""
    path = folder / name
    if not path.exists():
        return path
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        stem, suffix = name, ""
    ext = f".{suffix}" if suffix else ""
    for count in range(1, 10_000):
        extra = tag if count == 1 else f"{tag}-{count}"
        path = folder / f"{stem}.{extra}{ext}"
        if not path.exists():
            return path
    raise FileExistsError(f"no free name for {name} in {folder}")
