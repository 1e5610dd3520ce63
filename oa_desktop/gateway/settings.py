"""Gateway settings (OFFICE_ALLY.md values are the defaults) and the checks on typed values."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from typing import Any

DEFAULT_HOST = "ftp10.officeally.com"
DEFAULT_PORT = 22
OFFICE_ALLY_ID = "330897513"

_PASSWORD = re.compile(r"[A-Za-z0-9]{8,12}")
_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")
_SUBMITTER = re.compile(r"[A-Za-z0-9]{2,15}")


@dataclass(frozen=True)
class Timeouts:
    """Seconds allowed for each phase; ``stall`` is the watchdog's no-progress limit."""

    connect: float = 15.0
    banner: float = 30.0
    auth: float = 30.0
    channel: float = 60.0
    keepalive: int = 30
    stall: float = 60.0


@dataclass(frozen=True)
class GatewaySettings:
    """Everything needed to reach the practice's Office Ally SFTP account (no password)."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    username: str = ""
    upload_folder: str = "/inbound"
    download_folder: str = "/outbound"
    tax_id: str = ""  # the practice's EIN, 9 digits
    submitter_id: str = ""  # ISA06 / GS02 agreed with Office Ally
    test_mode: bool = True  # OATEST in uploaded file names
    move_after_import: bool = False  # move imported files to remote_done_folder
    remote_done_folder: str = "/tmp"
    max_file_mb: int = 100  # a larger remote file is not downloaded (listed, with why)
    responses_requested: bool = False  # asked OA to turn on 999 and 277 files
    agreement_signed: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain values for the settings store, keys prefixed ``gateway.``."""
        return {f"gateway.{key}": value for key, value in asdict(self).items()}

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> GatewaySettings:
        """Read back what :meth:`to_dict` wrote; unknown or missing keys use defaults."""
        known = {f.name: f.type for f in fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in values.items():
            name = key.removeprefix("gateway.")
            if name in known:
                kwargs[name] = value
        for number in ("port", "max_file_mb"):
            if number in kwargs:
                kwargs[number] = int(kwargs[number])
        return cls(**kwargs)


def password_problem(password: str) -> str:
    """Empty if ``password`` fits Office Ally's rule (8–12 letters and digits), else why not."""
    if not password:
        return "Type the SFTP password Office Ally gave you."
    if not password.isascii() or not password.isalnum():
        return "Office Ally SFTP passwords have only letters and digits."
    if len(password) < 8:
        return f"Too short: {len(password)} characters; Office Ally uses 8 to 12."
    if len(password) > 12:
        return f"Too long: {len(password)} characters; Office Ally uses 8 to 12."
    return "" if _PASSWORD.fullmatch(password) else "Letters and digits only, 8 to 12."


def username_problem(username: str) -> str:
    """Empty if the SFTP username looks usable, else why not."""
    if not username.strip():
        return "Type your Office Ally SFTP username (usually your Office Ally login)."
    if any(ch.isspace() for ch in username):
        return "The username cannot contain spaces."
    return ""


def tax_id_problem(tax_id: str) -> str:
    """Empty if ``tax_id`` is 9 digits (dashes allowed), else why not."""
    digits = tax_id.replace("-", "").strip()
    if not digits:
        return "Type the practice's Tax ID (EIN): 9 digits."
    if not digits.isdigit() or len(digits) != 9:
        return "A Tax ID (EIN) has exactly 9 digits, like 12-3456789."
    return ""


def submitter_problem(submitter_id: str) -> str:
    """Empty if the submitter id fits ISA06 (2–15 letters or digits), else why not."""
    if not submitter_id.strip():
        return "Type the submitter id Office Ally gave you (often your account number)."
    if not _SUBMITTER.fullmatch(submitter_id.strip()):
        return "The submitter id has 2 to 15 letters or digits."
    return ""


def host_problem(host: str) -> str:
    """Empty if ``host`` looks like a server name, else why not."""
    if not host.strip():
        return f"Type the server name (usually {DEFAULT_HOST})."
    return "" if _HOST.fullmatch(host.strip()) else "That does not look like a server name."


def port_problem(port: str | int) -> str:
    """Empty if ``port`` is a TCP port number, else why not."""
    try:
        number = int(port)
    except ValueError:
        return "The port is a number, usually 22."
    return "" if 0 < number < 65536 else "The port is a number from 1 to 65535, usually 22."
