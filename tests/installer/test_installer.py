"""The installer files: icons, resources lookup, the spec, the Windows and macOS scripts.

The bundle itself is built and run by `make bundle-check` (installer/bundle_check.py), not
here: it takes a minute and needs PyInstaller.
"""

import importlib.util
import plistlib
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from oa_desktop import __version__, paths

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
ICONS = ROOT / "resources" / "icons"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, INSTALLER / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_resources_are_found_from_source() -> None:
    assert paths.resources_dir() == ROOT / "resources"
    assert (paths.resources_dir() / "templates" / "claims.csv").is_file()
    assert paths.app_icon_file().is_file()


def test_resources_are_found_inside_a_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "resources" / "icons").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"
    assert paths.app_icon_file() == tmp_path / "resources" / "icons" / "oa_desktop.png"


def test_every_icon_size_is_there() -> None:
    for size in (16, 24, 32, 48, 64, 128, 256, 512, 1024):
        assert _png_size((ICONS / f"oa_desktop_{size}.png").read_bytes()) == (size, size)
    assert _png_size((ICONS / "oa_desktop.png").read_bytes()) == (256, 256)


def test_the_ico_holds_bitmaps_and_a_png() -> None:
    data = (ICONS / "oa_desktop.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, 6)
    sizes = []
    for i in range(count):
        width, _h, _c, _r, planes, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i: 22 + 16 * i])
        assert (planes, bits) == (1, 32)
        assert offset + length <= len(data)
        blob = data[offset: offset + length]
        if width == 0:
            assert _png_size(blob) == (256, 256)
        else:
            assert struct.unpack("<I", blob[:4]) == (40,)  # BITMAPINFOHEADER
        sizes.append(width or 256)
    assert sizes == [16, 24, 32, 48, 64, 256]


def test_the_icns_holds_every_retina_size() -> None:
    data = (ICONS / "oa_desktop.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    found = {}
    at = 8
    while at < len(data):
        kind, length = data[at: at + 4], struct.unpack(">I", data[at + 4: at + 8])[0]
        found[kind] = _png_size(data[at + 8: at + length])[0]
        at += length
    assert found == {b"ic11": 32, b"ic12": 64, b"ic07": 128, b"ic13": 256, b"ic08": 256,
                     b"ic14": 512, b"ic09": 512, b"ic10": 1024}


def test_the_icon_script_draws_the_committed_icons(qtbot: object, tmp_path: Path) -> None:
    make_icon = _load("make_icon")
    written = make_icon.write_all(tmp_path)
    assert len(written) == 12
    for path in written:
        assert path.name in {p.name for p in ICONS.iterdir()}
    # the committed files are this script's output: same layout (pixels may differ by a
    # shade between Qt versions' antialiasing, so they are not compared byte for byte)
    fresh, committed = (d.read_bytes() for d in (tmp_path / "oa_desktop.ico",
                                                 ICONS / "oa_desktop.ico"))
    assert fresh[:6] == committed[:6]  # header and number of images
    assert [fresh[6 + 16 * i] for i in range(6)] == [committed[6 + 16 * i] for i in range(6)]
    assert _png_size((tmp_path / "oa_desktop_1024.png").read_bytes()) == (1024, 1024)


def test_the_spec_is_python_and_names_what_it_must() -> None:
    text = (INSTALLER / "oa_desktop.spec").read_text(encoding="utf-8")
    compile(text, "oa_desktop.spec", "exec")
    for needed in ("oa_desktop.ico", "oa_desktop.icns", "__version__", "bundle_identifier",
                   '"resources"', "codes/*.csv", "simple_icd_10_cm", '"pytest"', "VSVersionInfo",
                   "console=IS_LINUX"):
        assert needed in text, needed


def test_the_windows_installer_script() -> None:
    text = (INSTALLER / "windows" / "oa_desktop.iss").read_text(encoding="utf-8")
    setup = dict(
        line.split("=", 1) for line in text.split("[Setup]")[1].split("\n[")[0].splitlines()
        if "=" in line and not line.startswith(";")
    )
    assert setup["PrivilegesRequired"] == "lowest"  # per user, no admin
    assert setup["DefaultDirName"] == r"{autopf}\{#AppName}"
    assert setup["VersionInfoVersion"] == "{#AppVersion}"
    assert setup["SetupIconFile"] == r"..\..\resources\icons\oa_desktop.ico"
    assert setup["ArchitecturesInstallIn64BitMode"] == "x64compatible"
    assert r'Name: "{autoprograms}\{#AppName}"' in text  # Start menu
    assert 'Name: "desktopicon"' in text and "Flags: unchecked" in text  # optional desktop
    assert "Tasks: desktopicon" in text
    assert r"{localappdata}\OA Desktop" in text  # the data folder it keeps…
    assert "is NOT removed" in text and "CurUninstallStepChanged" in text  # …and says so
    uninstall_delete = text.split("[UninstallDelete]")[1].split("\n[")[0]
    assert "localappdata" not in uninstall_delete
    for relative in ("LICENSE", "resources/icons/oa_desktop.ico"):
        assert (ROOT / relative).is_file()


def test_the_dmg_script_is_valid_shell() -> None:
    script = INSTALLER / "macos" / "build_dmg.sh"
    assert script.stat().st_mode & 0o111
    subprocess.run(["bash", "-n", str(script)], check=True)
    text = script.read_text(encoding="utf-8")
    assert "hdiutil create" in text and "-format UDZO" in text
    assert "notarytool submit" in text and "stapler staple" in text
    assert "org.oadesktop.OADesktop" in text
    entitlements = plistlib.loads((INSTALLER / "macos" / "entitlements.plist").read_bytes())
    assert entitlements == {"com.apple.security.cs.allow-unsigned-executable-memory": True}


def test_the_release_workflow_builds_both_installers() -> None:
    text = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    if importlib.util.find_spec("yaml") is not None:  # PyYAML is not a test dependency
        import yaml

        jobs = yaml.safe_load(text)["jobs"]
        assert {"windows", "macos", "linux"} <= set(jobs)
    assert "installer/windows/oa_desktop.iss" in text
    assert "installer/macos/build_dmg.sh" in text
    assert "installer/bundle_check.py" in text


def test_bundle_check_says_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle_check = _load("bundle_check")
    assert bundle_check.expected_version() == __version__
    assert bundle_check.main(["bundle_check.py", str(tmp_path / "nothing")]) == 1
    assert "run `make bundle` first" in capsys.readouterr().err


def test_bundle_check_finds_the_binary_on_every_system(tmp_path: Path) -> None:
    bundle_check = _load("bundle_check")
    for relative in ("oa-desktop", "oa-desktop.exe", "Contents/MacOS/oa-desktop"):
        bundle = tmp_path / relative.replace("/", "_")
        (bundle / relative).parent.mkdir(parents=True, exist_ok=True)
        (bundle / relative).write_text("")
        assert bundle_check.find_binary(bundle) == bundle / relative


def test_the_makefile_has_the_bundle_targets() -> None:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    out = subprocess.run([make, "-n", "bundle-check"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert "installer/oa_desktop.spec" in out
    assert 'installer/bundle_check.py "dist/OA Desktop"' in out
