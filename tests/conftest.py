"""Hermetic tests: a temporary data folder, a fake keyring, no network beyond loopback."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import keyring
import keyring.backend
import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# CI runs the same examples every time (a red CI must mean a change broke something);
# runs by hand keep drawing new ones, which is where fuzzing finds new bugs.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

from oa_desktop.sandbox.server import RunningSandbox, start_sandbox  # noqa: E402
from oa_desktop.services.demo.practice import seed_demo  # noqa: E402
from oa_desktop.services.workspace import Workspace, open_workspace  # noqa: E402
from oa_desktop.store.db import Store  # noqa: E402

DEMO_DAY = date(2026, 11, 2)
# The login of the ``sandbox`` fixture's Office Ally stand-in.
USERNAME, PASSWORD = "doctor1", "Secret1234"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that forgets everything when the test ends (``passwords`` holds it)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The in-memory keyring every test runs against (a fresh one per test)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory,
              memory_keyring: MemoryKeyring) -> None:
    """Never the real keyring, never the real data folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("OA_DESKTOP_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "test.sqlite3")
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo data folder made once per test session; tests get copies."""
    root = tmp_path_factory.mktemp("demo-template")
    workspace = open_workspace(root)
    seed_demo(workspace.store, today=DEMO_DAY)
    workspace.close()
    return root


@pytest.fixture
def demo_workspace(demo_template: Path, tmp_path: Path) -> Iterator[Workspace]:
    root = tmp_path / "demo"
    shutil.copytree(demo_template, root)
    workspace = open_workspace(root)
    yield workspace
    workspace.close()


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[RunningSandbox]:
    """The Office Ally stand-in on loopback, in this test's folder; it answers only when
    the test asks (``respond_after=None``). Log in as ``USERNAME`` / ``PASSWORD``."""
    running = start_sandbox(tmp_path / "oa", username=USERNAME, password=PASSWORD,
                            respond_after=None, seed=7)
    yield running
    running.stop()
