"""Commands that open windows or make the demo: the default (open), ``demo``, ``seed-demo``,
``screenshot``."""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from oa_desktop.cli.data_folder import data_dir, opened
from oa_desktop.domain.display import plural
from oa_desktop.paths import demo_data_dir


def open_command(args: argparse.Namespace) -> int:
    """Open the application window on the data folder."""
    from oa_desktop.app import run_app  # Qt is loaded only when a window is wanted

    return run_app(data_dir(args))


def seed_demo_command(args: argparse.Namespace) -> int:
    """Create the demo practice in the data folder (``--data-dir``, else the demo folder)."""
    from oa_desktop.services.demo.practice import add_demo_eras, seed_demo

    root = data_dir(args) if args.data_dir else demo_data_dir()
    with opened(args, root) as workspace:
        summary = seed_demo(workspace.store)
        eras = add_demo_eras(workspace)
        from oa_desktop.services.demo.ledger_history import add_demo_paper_eob

        eras += add_demo_paper_eob(workspace.store)
    print(
        f"Demo practice created in {root}: {summary.providers} rendering providers, "
        f"{plural(summary.payers, 'payer')}, {plural(summary.patients, 'patient')}, "
        f"{plural(summary.claims, 'claim')}, "
        f"{plural(eras, 'ERA')} to post."
    )
    return 0


def demo_command(args: argparse.Namespace) -> int:
    """Open the window on the demo practice, in its own folder (never the user's)."""
    from oa_desktop.app import run_app
    from oa_desktop.services.demo.practice import ensure_demo, start_demo_sandbox
    from oa_desktop.services.safety import folder_lock

    root = demo_data_dir()
    try:  # a demo window already open keeps its sandbox: this one only says so
        folder_lock.acquire(root, folder_lock.WINDOW).release()
    except folder_lock.FolderInUseError:
        return run_app(root, demo=True)
    ensure_demo(root)
    sandbox = start_demo_sandbox(root)
    try:
        return run_app(root, demo=True)
    finally:
        sandbox.stop()


def screenshot_command(args: argparse.Namespace) -> int:
    """Render every main screen offscreen to ``DIR/<screen>.png``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from oa_desktop.app import take_screenshots
    from oa_desktop.services.demo.practice import ensure_demo

    out = Path(args.out)
    size = screen_size(args.size)
    if args.demo:
        with tempfile.TemporaryDirectory(prefix="oa-demo-") as tmp:
            from oa_desktop.services.demo.screen_states import make_screen_states

            demo, other = Path(tmp) / "demo", Path(tmp) / "states"
            ensure_demo(demo)
            shutil.copytree(demo, other)  # the states the issues ask to see, in a copy
            states = make_screen_states(other)
            written = take_screenshots(demo, out, size)
            written += take_screenshots(other, out, size, states)
    else:
        written = take_screenshots(data_dir(args), out, size)
    for path in written:
        print(path)
    return 0


def screen_size(text: str) -> tuple[int, int]:
    """``1366x768`` → (1366, 768); exits with a message on anything else."""
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()) or int(width) < 640 or int(height) < 480:
        raise SystemExit(f"--size must look like 1366x768 (at least 640x480), not {text!r}.")
    return int(width), int(height)


def register(sub: Any) -> None:
    """Add ``seed-demo``, ``demo`` and ``screenshot``."""
    sub.add_parser("seed-demo", help="create the demo practice").set_defaults(
        func=seed_demo_command)
    sub.add_parser("demo", help="open the window on the demo practice").set_defaults(
        func=demo_command)
    shot = sub.add_parser("screenshot", help="render every screen to PNG files")
    shot.add_argument("--out", required=True, help="folder for the PNG files")
    shot.add_argument("--demo", action="store_true", help="use a fresh demo practice")
    shot.add_argument("--size", default="1366x768",
                      help="the screen to fit, WIDTHxHEIGHT (default 1366x768)")
    shot.set_defaults(func=screenshot_command)
