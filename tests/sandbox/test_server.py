"""The sandbox server keeps its own host key in its root and only serves its folders."""

from __future__ import annotations

from pathlib import Path

import paramiko
import pytest

from oa_desktop.sandbox.server import start_sandbox


def test_host_key_persists_across_restarts(tmp_path: Path) -> None:
    first = start_sandbox(tmp_path / "oa", respond_after=None)
    fingerprint = first.fingerprint
    first.stop()
    again = start_sandbox(tmp_path / "oa", respond_after=None)
    try:
        assert again.fingerprint == fingerprint
        assert (tmp_path / "oa" / "host_key").exists()
    finally:
        again.stop()


def test_only_password_auth_and_no_escape_from_root(tmp_path: Path) -> None:
    sandbox = start_sandbox(tmp_path / "oa", username="u", password="Passw0rd1",
                            respond_after=None)
    transport = paramiko.Transport(("127.0.0.1", sandbox.port))
    try:
        transport.connect()
        with pytest.raises(paramiko.AuthenticationException):
            transport.auth_password("u", "nope")
        transport.close()
        transport = paramiko.Transport(("127.0.0.1", sandbox.port))
        transport.connect(username="u", password="Passw0rd1")
        sftp = paramiko.SFTPClient.from_transport(transport)
        assert sftp is not None
        assert sorted(sftp.listdir("/../..")) == ["inbound", "outbound", "tmp"]
        with pytest.raises(OSError):
            sftp.open("/escape.txt", "w")
    finally:
        transport.close()
        sandbox.stop()
