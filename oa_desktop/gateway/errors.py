"""What can go wrong talking to Office Ally, each in words a biller can act on."""

from __future__ import annotations

from oa_desktop.errors import ConnectionFailure, KnownError


class WrongPassword(ConnectionFailure):
    """Office Ally refused the username or password. Never retried automatically."""

    def __init__(self, username: str, details: str = "") -> None:
        super().__init__(
            f"Office Ally did not accept the username “{username}” or its password.",
            "Check both and try again yourself; the app does not retry on its own, because "
            "repeated failed logins can lock your Office Ally account.",
            details,
        )


class HostNotFound(ConnectionFailure):
    """The server name does not resolve."""

    def __init__(self, host: str, details: str = "") -> None:
        super().__init__(
            f"The server “{host}” could not be found.",
            "Check the server name (usually ftp10.officeally.com) and that this computer "
            "is online.",
            details,
        )


class NoRoute(ConnectionFailure):
    """The server name resolves but the connection is refused or unreachable."""

    def __init__(self, host: str, port: int, details: str = "") -> None:
        super().__init__(
            f"This computer could not reach {host} on port {port}.",
            "Check the internet connection and the port (usually 22); a firewall may "
            "be blocking it.",
            details,
        )


class TimedOut(ConnectionFailure):
    """The server stopped answering (connect, login, listing or transfer)."""

    def __init__(self, what: str, seconds: float, details: str = "") -> None:
        super().__init__(
            f"Office Ally did not respond within {seconds:g} seconds while {what}; "
            "the connection was closed and nothing was left half-done.",
            "Try again later. If it keeps happening, check the internet connection.",
            details,
        )


class HostKeyChanged(ConnectionFailure):
    """The server presents a different key from the one pinned: a hard stop."""

    def __init__(self, host: str, pinned: str, presented: str) -> None:
        super().__init__(
            f"The identity of {host} has changed. Expected {pinned}, but the server "
            f"presented {presented}. Nothing was sent or received.",
            "This can mean someone is intercepting the connection. Do not continue: call "
            "Office Ally and confirm the new fingerprint before accepting it in Settings.",
            f"pinned={pinned}\npresented={presented}",
        )
        self.host = host
        self.pinned = pinned
        self.presented = presented


class HostKeyNotConfirmed(ConnectionFailure):
    """The server's key has not been confirmed by the user yet."""

    def __init__(self, host: str, fingerprint: str) -> None:
        super().__init__(
            f"The identity of {host} has not been confirmed yet (fingerprint {fingerprint}).",
            "Run the Office Ally setup and confirm the fingerprint.",
            fingerprint,
        )
        self.host = host
        self.fingerprint = fingerprint


class FolderMissing(ConnectionFailure):
    """The login worked but an expected folder is not there."""

    def __init__(self, folder: str, details: str = "") -> None:
        super().__init__(
            f"The login worked, but the folder {folder} is missing on the server.",
            "Check the folder names in Settings, or ask Office Ally to finish setting up "
            "your SFTP account.",
            details,
        )


class TransferFailed(ConnectionFailure):
    """A transfer broke off; nothing half-done was kept or recorded."""

    def __init__(self, what: str, details: str = "") -> None:
        super().__init__(
            f"The connection broke while {what}. Nothing half-done was kept.",
            "Try again; files already finished are not transferred twice.",
            details,
        )


class RemotePermissionDenied(ConnectionFailure):
    """The server refused this account access to a folder or file (permission denied)."""

    def __init__(self, what: str, details: str = "") -> None:
        super().__init__(
            f"Office Ally's server refused access while {what} (permission denied). "
            "Nothing half-done was kept.",
            "Check the folder names in Settings; if they are right, ask Office Ally to check "
            "your SFTP account's permissions.",
            details,
        )


class RemoteQuotaExceeded(ConnectionFailure):
    """The server has no room for this account's files (quota exceeded, or its disk full)."""

    def __init__(self, what: str, details: str = "") -> None:
        super().__init__(
            f"Office Ally's server has no room left for this account's files (quota "
            f"exceeded) while {what}. Nothing half-done was kept on the server.",
            "Nothing is lost: the file waits here and goes at the next sync. If this keeps "
            "happening, call Office Ally and ask them to clear or raise your SFTP account's "
            "storage quota.",
            details,
        )


class RemoteWriteFailed(ConnectionFailure):
    """The server answered a write with an error it did not name (OpenSSH says "Failure"
    for a full disk or quota): the upload stopped part-way, the connection still up."""

    def __init__(self, what: str, answer: str, details: str = "") -> None:
        super().__init__(
            f"Office Ally's server stopped storing the file part-way while {what}: it "
            f"answered only “{answer}”. Its disk may be full, or this account over its "
            "storage quota. Nothing half-done was kept on the server.",
            "Nothing is lost: the file waits here and goes at the next sync. If it happens "
            f"again, call Office Ally, say the upload failed with “{answer}”, and ask "
            "whether your SFTP account's storage is full.",
            details,
        )


class RemoteNameRefused(ConnectionFailure):
    """The server refused a file name (SFTP "invalid filename", or a name it cannot take)."""

    def __init__(self, what: str, details: str = "") -> None:
        super().__init__(
            f"Office Ally's server refused the file name while {what}. Nothing half-done was "
            "kept on the server.",
            "Check the submitter id in the Office Ally settings (it starts every file name "
            "the app sends). If it is right, call Office Ally and tell them the name it "
            "refused (Help → Show log has it).",
            details,
        )


class LocalDiskFull(KnownError):
    """This computer's disk is full: a download or a copy could not be saved."""

    exit_code = 2

    def __init__(self, what: str, needed: int = 0, details: str = "") -> None:
        need = f" Free at least {_size(needed)} and try again." if needed else \
            " Free some space and try again."
        super().__init__(
            f"This computer's disk is full: nothing could be saved while {what}. "
            "Nothing half-done was kept.",
            f"The data folder's disk needs more room.{need}",
            details,
        )
        self.needed = needed


def _size(count: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024  # type: ignore[assignment]
    return f"{count} bytes"


class CancelledError(KnownError):
    """The user cancelled; the connection was closed and nothing half-done was kept."""

    def __init__(self, what: str) -> None:
        super().__init__(f"Cancelled while {what}. Nothing half-done was kept.")


class PasswordNeededError(KnownError):
    """No password is stored (no keyring) and none was typed this session."""

    def __init__(self) -> None:
        super().__init__(
            "The Office Ally password is needed.",
            "Type it when asked (for a command: run it in a terminal, or pipe the password "
            "in with --password-stdin); without a working keyring it is kept only until the "
            "app closes.",
        )
