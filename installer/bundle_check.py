"""Prove a built bundle works on its own: ``make bundle-check`` runs this with the system Python.

    python3 installer/bundle_check.py ["dist/OA Desktop"]

Only the standard library is used here, and the app is only ever run as the bundled
binary, from a copy of the bundle in a temporary folder, with a minimal environment (no
PYTHONPATH, no virtualenv, a throw-away home, keyring switched off), offscreen:

1. ``--version`` prints the package version;
2. ``selfcheck`` on a new data folder is healthy and finds its libraries;
3. ``screenshot --demo`` renders every screen;
4. the window is timed until it first paints (``$OA_DESKTOP_STARTUP_PROBE``);
5. a round trip against the bundled Office Ally stand-in: ``sandbox serve`` in the
   background, ``seed-demo``, ``gateway setup --accept-host-key``, ``submit --all-ready
   --test``, ``sync`` until the answers and the ERA arrive (bounded), ``post-eras --auto``,
   and ``status --json`` must show no claim left waiting and more money posted.

Exit status 0 when every step passed; the first failure stops the check with a message.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SANDBOX_USER = "sandbox"
SANDBOX_PASSWORD = "Sandbox123"  # `sandbox serve`'s default password
DEMO_TAX_ID = "742345678"  # the demo practice's EIN (services/demo.py)
SYNC_DEADLINE_S = 90
STEP_TIMEOUT_S = 180


class CheckFailed(Exception):
    """A step of the check failed."""


def expected_version() -> str:
    """The version the source declares (the bundle must print the same)."""
    text = (ROOT / "oa_desktop" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'__version__ = "([^"]+)"', text)
    if not found:
        raise CheckFailed("oa_desktop/__init__.py has no __version__")
    return found.group(1)


def find_binary(bundle: Path) -> Path:
    """The command-line binary inside a bundle folder or ``.app``."""
    candidates = [
        bundle / "oa-desktop",
        bundle / "oa-desktop.exe",
        bundle / "Contents" / "MacOS" / "oa-desktop",
    ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise CheckFailed(f"no oa-desktop binary in {bundle} (run `make bundle` first)")


class Bundle:
    """Runs the bundled binary with a clean, throw-away environment."""

    def __init__(self, binary: Path, scratch: Path) -> None:
        self.binary = binary
        home = scratch / "home"
        home.mkdir()
        keep = ("PATH", "SYSTEMROOT", "WINDIR", "TEMP", "TMP", "TMPDIR", "LANG")
        self.env = {k: v for k, v in os.environ.items() if k in keep}
        self.env.update({
            "HOME": str(home), "USERPROFILE": str(home), "LOCALAPPDATA": str(home / "local"),
            "APPDATA": str(home / "roaming"), "XDG_DATA_HOME": str(home / "xdg-data"),
            "XDG_CONFIG_HOME": str(home / "xdg-config"), "XDG_RUNTIME_DIR": str(home),
            "OA_DESKTOP_HOME": str(scratch / "default-data"),
            "QT_QPA_PLATFORM": "offscreen",
            # never the computer's real keyring: the password comes on stdin each time
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        })
        self.env.setdefault("LANG", "C.UTF-8")

    def run(self, *args: str, stdin: str = "", ok: tuple[int, ...] = (0,),
            env: dict[str, str] | None = None) -> str:
        """Run the binary; fail unless the exit status is in ``ok``; return stdout."""
        result = subprocess.run(
            [str(self.binary), *args], input=stdin, capture_output=True, text=True,
            env={**self.env, **(env or {})}, timeout=STEP_TIMEOUT_S,
        )
        if result.returncode not in ok:
            raise CheckFailed(
                f"`oa-desktop {' '.join(args)}` exited {result.returncode}\n"
                f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")
        return result.stdout

    def status(self, data: Path) -> dict[str, object]:
        found = json.loads(self.run("--data-dir", str(data), "status", "--json"))
        assert isinstance(found, dict)
        return found

    def serve_sandbox(self, root: Path) -> tuple[subprocess.Popen[str], int, str]:
        """Start ``sandbox serve`` in the background; wait for its port and fingerprint."""
        process = subprocess.Popen(
            [str(self.binary), "sandbox", "serve", "--root", str(root), "--port", "0",
             "--username", SANDBOX_USER, "--respond-after", "1"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=self.env,
        )
        assert process.stdout is not None
        facts: dict[str, str] = {}
        deadline = time.monotonic() + 60
        while len(facts) < 2 and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            key, _, value = line.strip().partition("=")
            if key in ("port", "fingerprint"):
                facts[key] = value
        if len(facts) < 2:
            process.kill()
            errors = process.stderr.read() if process.stderr else ""
            raise CheckFailed(f"`sandbox serve` did not start: {errors}")
        return process, int(facts["port"]), facts["fingerprint"]


def step(name: str) -> None:
    """Say which step runs."""
    print(f"bundle-check: {name}", flush=True)


def now_epoch() -> str:
    """Now, in seconds since the epoch (the startup probe's launch time)."""
    return f"{time.time():.3f}"


def first_paint(bundle: Bundle, data: Path) -> float:
    """Seconds from launch until the main window first paints (a new data folder)."""
    out = bundle.run("--data-dir", str(data), env={"OA_DESKTOP_STARTUP_PROBE": now_epoch()})
    found = re.search(r"first_paint_seconds=([0-9.]+)", out)
    if not found:
        raise CheckFailed(f"the startup probe printed nothing useful: {out!r}")
    return float(found.group(1))


def claims_waiting(status: dict[str, object]) -> int:
    """Claims sent and not yet answered."""
    claims = status["claims"]
    assert isinstance(claims, dict)
    return int(claims.get("submitted", 0))


def remittance_count(status: dict[str, object]) -> int:
    """Remittances (ERA claim payments) in any state."""
    remittances = status["remittances"]
    assert isinstance(remittances, dict)
    return sum(int(n) for n in remittances.values())


def round_trip(bundle: Bundle, scratch: Path) -> str:
    """Submit → sync → post against the bundled sandbox; returns a one-line summary."""
    data = scratch / "practice"
    step("seed-demo into a temporary data folder")
    bundle.run("--data-dir", str(data), "seed-demo")
    before = bundle.status(data)
    ready = int(before["claims"].get("ready", 0))  # type: ignore[attr-defined]
    if ready == 0:
        raise CheckFailed("the demo has no ready claims to send")
    step("sandbox serve --respond-after 1 (background)")
    sandbox, port, fingerprint = bundle.serve_sandbox(scratch / "sandbox")
    try:
        password = SANDBOX_PASSWORD + "\n"
        step(f"gateway setup 127.0.0.1:{port} --accept-host-key {fingerprint}")
        bundle.run("--data-dir", str(data), "gateway", "setup", "--host", "127.0.0.1",
                   "--port", str(port), "--username", SANDBOX_USER, "--tax-id", DEMO_TAX_ID,
                   "--password-stdin", "--accept-host-key", fingerprint, stdin=password)
        step(f"submit --all-ready --test ({ready} ready claims)")
        sent = bundle.run("--data-dir", str(data), "submit", "--all-ready", "--test",
                          "--password-stdin", stdin=password, ok=(0, 1))
        print("  " + "\n  ".join(sent.strip().splitlines()[:3]), flush=True)
        after_submit = bundle.status(data)
        already = claims_waiting(before)  # the demo has claims that were "sent" long ago
        waiting = claims_waiting(after_submit) - already
        if waiting <= 0:
            raise CheckFailed(f"nothing was submitted:\n{sent}")
        remits_before = remittance_count(after_submit)
        step(f"sync until the answers and the ERA arrive (at most {SYNC_DEADLINE_S} s)")
        deadline = time.monotonic() + SYNC_DEADLINE_S
        syncs = 0
        status = after_submit
        while True:
            time.sleep(1.5)
            bundle.run("--data-dir", str(data), "sync", "--password-stdin", stdin=password,
                       ok=(0, 1))
            syncs += 1
            status = bundle.status(data)
            if claims_waiting(status) == already and remittance_count(status) > remits_before:
                break
            if time.monotonic() > deadline:
                raise CheckFailed(f"after {syncs} syncs the answers had not all arrived: "
                                  f"{json.dumps(status)}")
    finally:
        sandbox.terminate()
        try:
            sandbox.wait(timeout=15)
        except subprocess.TimeoutExpired:
            sandbox.kill()
    step("post-eras --auto")
    print("  " + "\n  ".join(
        bundle.run("--data-dir", str(data), "post-eras", "--auto", ok=(0, 1))
        .strip().splitlines()[:3]), flush=True)
    final = bundle.status(data)
    posted_before = float(str(before["posted_total"]))
    posted_after = float(str(final["posted_total"]))
    if claims_waiting(final) != already:
        raise CheckFailed(f"claims still waiting for an answer: {json.dumps(final)}")
    if not posted_after > posted_before:
        raise CheckFailed(f"nothing was posted: {before['posted_total']} → "
                          f"{final['posted_total']}")
    return (f"{waiting} claims sent, answered after {syncs} syncs; posted total "
            f"{before['posted_total']} → {final['posted_total']}")


def check(bundle_dir: Path) -> None:
    """Every step, in order."""
    if not bundle_dir.exists():
        raise CheckFailed(f"{bundle_dir} does not exist (run `make bundle` first)")
    with tempfile.TemporaryDirectory(prefix="oa-bundle-check-") as tmp:
        scratch = Path(tmp)
        copy = scratch / bundle_dir.name
        step(f"copy {bundle_dir} to {copy} (the bundle must not need its build folder)")
        shutil.copytree(bundle_dir, copy, symlinks=True)
        bundle = Bundle(find_binary(copy), scratch)

        step("--version")
        version = bundle.run("--version").strip()
        if version != f"OA Desktop {expected_version()}":
            raise CheckFailed(f"--version printed {version!r}, expected {expected_version()}")

        step("selfcheck")
        facts = bundle.run("--data-dir", str(scratch / "selfcheck"), "selfcheck")
        if "not installed" in facts:
            raise CheckFailed(f"selfcheck misses a library:\n{facts}")

        step("screenshot --demo")
        shots = scratch / "shots"
        bundle.run("screenshot", "--out", str(shots), "--demo")
        pngs = sorted(shots.glob("*.png"))
        small = [p.name for p in pngs if p.stat().st_size < 5000]
        if len(pngs) < 10 or small:
            raise CheckFailed(f"screenshots: {len(pngs)} written, too small: {small}")

        step("time to first paint (new data folder: the welcome screen's first run)")
        times = [first_paint(bundle, scratch / f"first-run-{n}") for n in range(3)]

        summary = round_trip(bundle, scratch)

    size = sum(f.stat().st_size for f in bundle_dir.rglob("*") if f.is_file()
               and not f.is_symlink())
    print(f"bundle-check: passed. {version}; {len(pngs)} screenshots; {summary}.")
    print(f"bundle-check: size {size / 1e6:.0f} MB ({bundle_dir}); first paint "
          f"{times[0]:.2f} s (first launch), {min(times[1:]):.2f} s (again).")


def main(argv: list[str]) -> int:
    """Check the bundle named on the command line (default: dist/OA Desktop)."""
    bundle_dir = Path(argv[1]) if len(argv) > 1 else ROOT / "dist" / "OA Desktop"
    if not bundle_dir.exists() and (bundle_dir.parent / f"{bundle_dir.name}.app").exists():
        bundle_dir = bundle_dir.parent / f"{bundle_dir.name}.app"
    try:
        check(bundle_dir)
    except CheckFailed as exc:
        print(f"bundle-check: FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
