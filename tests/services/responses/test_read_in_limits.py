"""Reading downloaded files in (sync) respects the file-size setting and a memory cap:
a file, or a zip whose members declare more, beyond either is refused with the reason
before a byte is read, is kept in the archive, and does not stop the others."""

from __future__ import annotations

import io
import zipfile

import pytest

from oa_desktop.services.office_ally import connection
from oa_desktop.services.responses import ingest
from oa_desktop.services.responses.outcome import IngestOutcome
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import files
from oa_desktop.store.files import ReceivedFile
from tests.services.responses.helpers import receive

ERA = "1234_ERA_835_5010_20261101.835"
PACKAGE = "1234_ERA_STATUS_5010_20261101.zip"


@pytest.fixture
def never_parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ingesters that only note what they were given (nothing is parsed)."""
    seen: list[str] = []

    def note(workspace: Workspace, received: ReceivedFile, data: bytes) -> IngestOutcome:
        seen.append(received.remote_name)
        return IngestOutcome(received.id, "ingested", "read")

    monkeypatch.setattr(ingest, "ingesters", lambda: {"835": note, "era_zip": note})
    return seen


def _limit_mb(workspace: Workspace, mb: int) -> None:
    gateway = connection.load_gateway_settings(workspace)
    connection.save_gateway_settings(workspace, gateway.__class__(
        **{**gateway.__dict__, "max_file_mb": mb}))


def _zip(member: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, data)
    return buffer.getvalue()


def test_a_file_over_the_size_setting_is_not_read_in_and_the_others_are(
    demo_workspace: Workspace, never_parsed: list[str],
) -> None:
    _limit_mb(demo_workspace, 1)
    big = receive(demo_workspace, ERA, b"ISA*" + b" " * 1_500_000)
    small = receive(demo_workspace, "5678_ERA_835_5010_20261101.835", b"ISA*" + b" " * 1000)
    outcomes = {o.file_id: o for o in ingest.ingest_new(demo_workspace)}
    assert never_parsed == [small.remote_name]
    assert outcomes[big.id].status == "failed"
    assert "1.5 MB, more than the 1.0 MB limit" in outcomes[big.id].summary
    assert "kept in the archive" in outcomes[big.id].summary
    [stored] = [f for f in files.list_received(demo_workspace.store) if f.id == big.id]
    assert stored.status == "failed" and (demo_workspace.folder.root / stored.local_path).exists()


def test_a_zip_bomb_is_refused_from_its_directory_without_unpacking(
    demo_workspace: Workspace, never_parsed: list[str],
) -> None:
    bomb = receive(demo_workspace, PACKAGE, _zip(ERA, bytes(60_000_000)))  # 60 KB of zip
    (outcome,) = ingest.ingest_new(demo_workspace)
    assert never_parsed == [] and outcome.file_id == bomb.id and outcome.status == "failed"
    assert "implausible size" in outcome.summary


def test_a_zip_whose_members_add_up_past_the_limit_is_refused(
    demo_workspace: Workspace, never_parsed: list[str],
) -> None:
    _limit_mb(demo_workspace, 1)
    members = io.BytesIO()
    with zipfile.ZipFile(members, "w", zipfile.ZIP_STORED) as archive:
        for n in range(3):
            archive.writestr(f"{n}_ERA_835.835", b"ISA*" + bytes([65 + n]) * 400_000)
    receive(demo_workspace, PACKAGE, members.getvalue())
    (outcome,) = ingest.ingest_new(demo_workspace)
    assert never_parsed == [] and outcome.status == "failed"
    assert "holds 1.2 MB when unpacked, more than the 1.0 MB limit" in outcome.summary


def test_a_file_under_the_setting_but_past_what_memory_allows_is_refused(
    demo_workspace: Workspace, never_parsed: list[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ingest, "PARSE_CAP_BYTES", 10_000)
    receive(demo_workspace, ERA, b"ISA*" + b" " * 20_000)
    (outcome,) = ingest.ingest_new(demo_workspace)
    assert never_parsed == [] and outcome.status == "failed"
    assert "without running short of memory" in outcome.summary
    assert "smaller files" in outcome.summary


def test_files_within_both_limits_are_read_as_before(
    demo_workspace: Workspace, never_parsed: list[str],
) -> None:
    receive(demo_workspace, ERA, b"ISA*" + b" " * 50_000)
    receive(demo_workspace, PACKAGE, _zip(ERA, b"ISA*" + b" " * 5_000))
    assert [o.status for o in ingest.ingest_new(demo_workspace)] == ["ingested", "ingested"]
