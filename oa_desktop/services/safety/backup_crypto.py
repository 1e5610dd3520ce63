"""The encrypted backup file: a passphrase, scrypt, and AES-GCM in 1 MiB chunks.

Only well-kept primitives from the ``cryptography`` package are used; nothing here is
home-made cryptography, only the framing around it::

    MAGIC | header length (4 bytes) | header (JSON) | chunk | chunk | … | final chunk
    chunk = ciphertext length (4 bytes) | AES-GCM ciphertext with its 16-byte tag

- The key is scrypt(passphrase, salt) (N=2^17, r=8, p=1, OWASP's minimum); the second half
  of scrypt's output, hashed, is kept in the header to tell a wrong passphrase from a
  damaged file before anything is decrypted.
- Each chunk's 12-byte nonce is a random 7-byte prefix (one per file), the chunk's
  number and a last-chunk flag, so chunks cannot be reordered, dropped or cut off
  without the tag check failing. The whole header is every chunk's associated data, so
  the facts it shows in clear (when, how many claims; never a name) cannot be changed.
- Streaming both ways: memory stays at a couple of chunks whatever the size.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from oa_desktop.errors import KnownError

MAGIC = b"OA-DESKTOP-BACKUP\x00v2\n"
EXTENSION = ".oabackup"
CHUNK = 1 << 20
SCRYPT_N = 1 << 17  # the cost for new files; a file's own cost is read from its header
_N_RANGE = (1 << 12, 1 << 22)  # what a header may ask for (no memory bombs)
_LEN = struct.Struct(">I")
_TAG = 16
_MAX_HEADER = 64 * 1024


class BackupError(KnownError):
    """A backup could not be made, read or restored."""


class WrongPassphraseError(BackupError):
    """The passphrase does not open this backup."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class Key:
    """A derived key with the header it belongs to (salt, cost, verifier)."""

    aead: AESGCM
    header: bytes  # the exact header bytes, the associated data of every chunk
    prefix: bytes  # the nonce prefix


def _derive(passphrase: str, salt: bytes, n: int) -> tuple[bytes, str]:
    material = Scrypt(salt=salt, length=64, n=n, r=8, p=1).derive(passphrase.encode("utf-8"))
    return material[:32], hashlib.sha256(material[32:]).hexdigest()


def new_key(passphrase: str, facts: dict[str, Any]) -> Key:
    """A fresh salt and nonce prefix, the key for ``passphrase``, and the header with
    ``facts`` (shown without the passphrase: when, how many claims, schema)."""
    salt, prefix = os.urandom(16), os.urandom(7)
    key, verifier = _derive(passphrase, salt, SCRYPT_N)
    header = json.dumps({
        "format": 2, "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": 8, "p": 1,
                             "salt": _b64(salt)},
        "cipher": "AES-256-GCM", "chunk": CHUNK, "nonce_prefix": _b64(prefix),
        "verifier": verifier, "facts": facts,
    }, sort_keys=True).encode("utf-8")
    return Key(AESGCM(key), header, prefix)


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", number) + (b"\x01" if last else b"\x00")


def is_encrypted(path: Path) -> bool:
    """True when ``path`` starts like an encrypted OA Desktop backup."""
    try:
        with path.open("rb") as f:
            return f.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _damaged(path: Path, why: str) -> BackupError:
    return BackupError(f"{path.name} is damaged or is not an OA Desktop backup ({why}).",
                       "Nothing was changed. Choose another backup file.")


def _read_header(f: BinaryIO, path: Path) -> tuple[bytes, dict[str, Any]]:
    if f.read(len(MAGIC)) != MAGIC:
        raise _damaged(path, "it does not start like one")
    raw = f.read(_LEN.size)
    if len(raw) != _LEN.size or not 0 < _LEN.unpack(raw)[0] <= _MAX_HEADER:
        raise _damaged(path, "its header is cut off")
    header = f.read(_LEN.unpack(raw)[0])
    try:
        data = json.loads(header)
        if not isinstance(data, dict) or not isinstance(data.get("facts"), dict):
            raise ValueError("no facts")
    except ValueError as exc:
        raise _damaged(path, "its header cannot be read") from exc
    return header, data


def read_facts(path: Path) -> dict[str, Any]:
    """The facts in an encrypted backup's header (no passphrase needed)."""
    try:
        with path.open("rb") as f:
            return dict(_read_header(f, path)[1]["facts"])
    except OSError as exc:
        raise BackupError(f"{path.name} cannot be read: {exc.strerror or exc}.",
                          "Check the drive is connected, then try again.") from exc


def open_key(path: Path, passphrase: str) -> Key:
    """The key for an existing backup, or :class:`WrongPassphraseError`."""
    with path.open("rb") as f:
        header, data = _read_header(f, path)
    try:
        kdf = data["kdf"]
        n, salt = int(kdf["n"]), base64.b64decode(kdf["salt"])
        prefix = base64.b64decode(data["nonce_prefix"])
        if (kdf["name"] != "scrypt" or int(kdf["r"]) != 8 or int(kdf["p"]) != 1
                or not _N_RANGE[0] <= n <= _N_RANGE[1] or len(prefix) != 7):
            raise ValueError("unknown parameters")
    except (KeyError, ValueError, TypeError) as exc:
        raise _damaged(path, "its header cannot be read") from exc
    key, verifier = _derive(passphrase, salt, n)
    if not hmac.compare_digest(verifier, str(data.get("verifier", ""))):
        raise WrongPassphraseError(
            "That backup passphrase does not open this backup.",
            "Nothing was changed. Type the passphrase exactly as it was written down when "
            "the backup was made (capitals and spaces count).")
    return Key(AESGCM(key), header, prefix)


def encrypt_stream(src: BinaryIO, dest: BinaryIO, key: Key) -> str:
    """Encrypt everything ``src`` holds into ``dest``; return the plaintext's SHA-256."""
    digest = hashlib.sha256()
    dest.write(MAGIC + _LEN.pack(len(key.header)) + key.header)
    number = 0
    chunk = src.read(CHUNK)
    while True:
        following = src.read(CHUNK) if len(chunk) == CHUNK else b""
        last = not following
        digest.update(chunk)
        sealed = key.aead.encrypt(_nonce(key.prefix, number, last), chunk, key.header)
        dest.write(_LEN.pack(len(sealed)) + sealed)
        if last:
            return digest.hexdigest()
        number += 1
        chunk = following


def _sealed_chunks(f: BinaryIO, path: Path) -> Iterator[tuple[bytes, bool]]:
    """Each chunk's ciphertext and whether it is the file's last."""
    pending: bytes | None = None
    while True:
        raw = f.read(_LEN.size)
        if not raw:
            if pending is None:
                raise _damaged(path, "it holds no data")
            yield pending, True
            return
        if len(raw) != _LEN.size or not _TAG <= _LEN.unpack(raw)[0] <= CHUNK + _TAG:
            raise _damaged(path, "it is cut off")
        sealed = f.read(_LEN.unpack(raw)[0])
        if len(sealed) != _LEN.unpack(raw)[0]:
            raise _damaged(path, "it is cut off")
        if pending is not None:
            yield pending, False
        pending = sealed


def decrypt_stream(path: Path, key: Key, dest: BinaryIO | None) -> str:
    """Decrypt the backup at ``path`` into ``dest`` (or only check it, with None); return
    the plaintext's SHA-256. Any change to the file raises a plain "damaged" error."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        header, _ = _read_header(f, path)
        if header != key.header:
            raise _damaged(path, "its header changed")
        for number, (sealed, last) in enumerate(_sealed_chunks(f, path)):
            try:
                plain = key.aead.decrypt(_nonce(key.prefix, number, last), sealed, header)
            except InvalidTag as exc:
                raise _damaged(path, f"part {number + 1} does not check out") from exc
            digest.update(plain)
            if dest is not None:
                dest.write(plain)
    return digest.hexdigest()
