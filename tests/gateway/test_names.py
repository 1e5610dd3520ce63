"""Archive names are derived from remote names, never copied: nothing lands outside the archive.

The rules of Windows, macOS and Linux are checked here on any OS; a Hypothesis test feeds
arbitrary byte names through download and unzip and watches every write (audit hook).
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import threading
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oa_desktop.gateway.ledger import InMemoryLedger
from oa_desktop.gateway.names import MAX_NAME_BYTES, display_name, inside, safe_name
from oa_desktop.gateway.session import RemoteEntry
from oa_desktop.gateway.settings import GatewaySettings
from oa_desktop.gateway.transfer import download_one
from tests.gateway.fake_sftp import FakeSFTP

WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                    *(f"{p}{n}" for p in ("COM", "LPT") for n in "123456789¹²³")}


def linux_problem(name: str) -> str:
    raw = name.encode("utf-8")
    if not name or name in (".", ".."):
        return "empty or dot name"
    if "/" in name or "\0" in name:
        return "separator or NUL"
    return "longer than 255 bytes" if len(raw) > 255 else ""


def macos_problem(name: str) -> str:
    if ":" in name:
        return "colon (the Finder's separator)"
    if len(unicodedata.normalize("NFD", name).encode("utf-16-le")) // 2 > 255:
        return "longer than 255 UTF-16 units"
    return linux_problem(name)


def windows_problem(name: str) -> str:
    if any(ch in '<>:"/\\|?*' or ord(ch) < 32 for ch in name):
        return "a character Windows forbids"
    if name.endswith((".", " ")):
        return "trailing dot or space"
    if name.split(".", 1)[0].rstrip(" ").upper() in WINDOWS_RESERVED:
        return "a reserved device name"
    if len(name.encode("utf-16-le")) // 2 > 255:
        return "longer than 255 UTF-16 units"
    return linux_problem(name)


def portable_problem(name: str) -> str:
    return linux_problem(name) or macos_problem(name) or windows_problem(name)


@pytest.mark.parametrize(("remote", "expected"), [
    ("/some/where/x.txt", "x.txt"),
    ("NAME_ERA_STATUS_1/../../../../x.txt", "x.txt"),
    ("..\\..\\windows\\x.txt", "x.txt"),
    ("C:\\x.txt", "x.txt"),
    ("a:b", "a_b"),
    ("C:x.txt", "C_x.txt"),
    ("report.txt:hidden", "report.txt_hidden"),
    ("CON", "_CON"),
    ("nul.txt", "_nul.txt"),
    ("com1.835", "_com1.835"),
    ("LPT9 .txt", "_LPT9 .txt"),
    ("x.txt. . ", "x.txt"),
    ("a\0b.txt", "a_b.txt"),
    ("a\nb\x7f.txt", "a_b_.txt"),
    (".hidden", "_hidden"),
    ("ok_ERA_STATUS_5010_20260101.zip", "ok_ERA_STATUS_5010_20260101.zip"),
    ("caf\u00e9.txt", "caf\u00e9.txt"),
    ("cafe\u0301.txt", "caf\u00e9.txt"),  # macOS's decomposed form, composed
    ("a\u202eb.txt", "a_b.txt"),  # a right-to-left override cannot disguise the name
])
def test_hostile_names_become_plain_names(remote: str, expected: str) -> None:
    assert safe_name(remote) == expected
    assert portable_problem(expected) == ""


@pytest.mark.parametrize("remote", ["", "/", "..", ".", "../..", "\\", "...", " ", "\0", "//"])
def test_names_with_nothing_left_get_a_stable_made_up_name(remote: str) -> None:
    name = safe_name(remote)
    assert name.startswith("file~") and portable_problem(name) == ""
    assert name == safe_name(remote)


def test_bytes_that_are_not_utf8_keep_a_readable_name() -> None:
    name = safe_name(b"R\xe9sum\xe9_\xff.txt")
    assert name.endswith("_.txt") or name.endswith(".txt")
    assert portable_problem(name) == ""
    assert display_name(b"R\xe9sum\xe9\x1b.txt") == "R\\xe9sum\\xe9\\x1b.txt"


def test_long_names_are_shortened_with_a_hash_and_keep_the_extension() -> None:
    one, two = "A" * 300 + "1.835", "A" * 300 + "2.835"
    assert len(safe_name(one).encode()) <= MAX_NAME_BYTES
    assert safe_name(one).endswith(".835") and safe_name(one) != safe_name(two)
    emoji = "\U0001f600" * 100 + ".txt"
    assert portable_problem(safe_name(emoji)) == ""


@given(st.binary(max_size=400))
def test_any_bytes_give_one_name_valid_on_every_os(raw: bytes) -> None:
    name = safe_name(raw)
    assert portable_problem(name) == "", (raw, name)
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES


@given(st.text(max_size=300))
def test_any_text_gives_one_name_valid_on_every_os(text: str) -> None:
    assert portable_problem(safe_name(text)) == ""


# --- through download and unzip, watching every write ----------------------------------

_WATCH = threading.local()


def _audit(event: str, args: tuple[Any, ...]) -> None:
    seen = getattr(_WATCH, "seen", None)
    if seen is None:
        return
    if event == "open" and args[0] is not None and not isinstance(args[0], int):
        mode, flags = args[1], args[2]
        writing = (mode is not None and any(c in str(mode) for c in "wax+")) or (
            mode is None and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
        if writing:
            seen.append(os.fsdecode(args[0]))
    elif event in ("os.rename", "os.replace"):
        seen.append(os.fsdecode(args[1]))
    elif event == "os.mkdir":
        seen.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


@contextmanager
def watching_writes() -> Iterator[list[str]]:
    _WATCH.seen = []
    try:
        yield _WATCH.seen
    finally:
        _WATCH.seen = None


def _fake_session(files: dict[bytes, bytes]) -> Any:
    @contextmanager
    def operation(what: str) -> Iterator[None]:
        yield

    return SimpleNamespace(settings=GatewaySettings(), sftp=FakeSFTP(files),
                           operation=operation, progress=lambda *a: None)


def _zip_of(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore")  # duplicate member names are part of the test
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name), data)
    return buffer.getvalue()


HOSTILE = st.sampled_from([
    b"/tmp/oa-escape.txt", b"../../escape.txt", b"x_ERA_STATUS_1/../../../../x.txt",
    b"..", b".", b"", b"a\\..\\..\\b", b"C:\\x", b"CON", b"\x00", b"\xff\xfe", b"a" * 300,
])
REMOTE_NAMES = st.lists(st.one_of(HOSTILE, st.binary(max_size=300)), min_size=1, max_size=6)
MEMBER_NAMES = st.lists(st.one_of(
    st.sampled_from(["/abs/x.835", "../../up.835", "a/../../b.835", "..\\w.835", "c:evil",
                     "", "/", "dir/", "NUL.835"]),
    st.text(max_size=120)), min_size=1, max_size=5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=REMOTE_NAMES, members=MEMBER_NAMES)
def test_every_file_written_by_download_and_unzip_lies_inside_the_archive(
    names: list[bytes], members: list[str],
) -> None:
    package = _zip_of([(m, f"member {i}".encode()) for i, m in enumerate(members)])
    files = {b"/outbound/" + raw: (package if i % 2 == 0 else raw) for i, raw in enumerate(names)}
    entries = [RemoteEntry(display_name(raw), len(files[b"/outbound/" + raw]), 0, False, raw)
               for raw in dict.fromkeys(names)]
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "data" / "archive"
        archive.mkdir(parents=True)
        ledger = InMemoryLedger()
        with watching_writes() as written:
            for entry in entries:
                download_one(_fake_session(files), entry, archive, ledger)
        assert written, "the audit hook saw no write"
        outside = [p for p in written if not inside(archive, Path(p))]
        assert outside == []
        on_disk = [p for p in Path(tmp).rglob("*") if not inside(archive, p)]
        assert on_disk == [archive.parent]
        assert [r.remote_name for r in ledger.records] == [e.name for e in entries]
        for path in archive.rglob("*"):
            assert portable_problem(path.name) == "", path.name


def test_zip_bombs_and_lying_sizes_are_refused_without_filling_the_disk(tmp_path: Path) -> None:
    from oa_desktop.gateway import unzip

    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.835", b"\0" * (50 * 1024 * 1024))  # ~50 KB compressed: ratio 1000
    members, problem = unzip.extract_package(bomb, tmp_path / "out1")
    assert members == () and "implausibly large" in problem
    assert sum(p.stat().st_size for p in (tmp_path / "out1").rglob("*")) == 0

    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as archive:
        for i in range(unzip.MAX_MEMBERS + 1):
            archive.writestr(f"{i}.txt", b"x")
    members, problem = unzip.extract_package(many, tmp_path / "out2")
    assert members == () and "more than the" in problem


def test_a_member_whose_declared_size_lies_is_cut_off_while_streaming(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from oa_desktop.gateway import unzip

    monkeypatch.setattr(unzip, "MAX_MEMBER_BYTES", 1000)
    package = tmp_path / "liar.zip"
    with zipfile.ZipFile(package, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("x.835", b"z" * 5000)
    data = bytearray(package.read_bytes())
    # Make both headers claim 10 bytes: the size check before reading is fooled.
    for header in (b"PK\x03\x04", b"PK\x01\x02"):
        at = data.find(header)
        size_at = at + (22 if header == b"PK\x03\x04" else 24)
        data[size_at:size_at + 4] = (10).to_bytes(4, "little")
    package.write_bytes(bytes(data))
    members, problem = unzip.extract_package(package, tmp_path / "out")
    assert members == () and problem
    assert [p for p in (tmp_path / "out").rglob("*") if p.is_file()] == []
