"""What a file from ``/outbound`` is: by content first (ISA … ST01), by name second."""

from __future__ import annotations

import re
from enum import StrEnum


class FileKind(StrEnum):
    """The kinds of file Office Ally puts in the download folder."""
    FILE_SUMMARY = "file_summary"  # FS_HCFA_<FileID>_IN_C.txt
    FILE_SUMMARY_ERROR = "file_summary_error"  # FS_HCFA_<FileID>_ErrorReport…
    EDI_STATUS = "edi_status"  # <FileID>_EDI_STATUS_…
    ACK_999 = "999"
    ACK_997 = "997"
    ACK_TA1 = "ta1"  # an interchange acknowledgment alone (no transaction set)
    CLAIM_STATUS_277 = "277"
    REMITTANCE_835 = "835"
    CLAIMS_837 = "837"
    ERA_PACKAGE = "era_zip"  # <FileID>_ERA_STATUS_5010_<YYYYMMDD>.zip
    ZIP = "zip"
    TEXT_REPORT = "text_report"
    UNKNOWN = "unknown"


_X12_KINDS = {
    "999": FileKind.ACK_999,
    "997": FileKind.ACK_997,
    "277": FileKind.CLAIM_STATUS_277,
    "835": FileKind.REMITTANCE_835,
    "837": FileKind.CLAIMS_837,
}
_FS_ERROR = re.compile(r"^FS_HCFA_\d+_ErrorReport", re.IGNORECASE)
_FS = re.compile(r"^FS_HCFA_\d+_IN_C", re.IGNORECASE)
_EDI_STATUS = re.compile(r"^\d+_EDI_STATUS_", re.IGNORECASE)
_ERA_ZIP = re.compile(r"_ERA_STATUS_", re.IGNORECASE)


def x12_transaction_type(head: bytes) -> str | None:
    """ST01 of the first transaction if ``head`` starts an X12 interchange, else None."""
    text = head.lstrip(b"\xef\xbb\xbf \r\n\t")
    if not text.startswith(b"ISA") or len(text) < 106:
        return None
    element = text[3:4]
    terminator = text[105:106]
    for segment in text.split(terminator):
        parts = segment.strip().split(element)
        if parts[0] == b"ST" and len(parts) > 1:
            return parts[1].decode("ascii", "replace")
    return None


def _is_ta1_only(head: bytes) -> bool:
    """True for an interchange holding a TA1 and no transaction set."""
    text = head.lstrip(b"\xef\xbb\xbf \r\n\t")
    if not text.startswith(b"ISA") or len(text) < 106:
        return False
    element, terminator = text[3:4], text[105:106]
    ids = {segment.strip().split(element)[0] for segment in text.split(terminator)}
    return b"TA1" in ids and b"ST" not in ids


def classify(name: str, head: bytes) -> FileKind:
    """Classify one file from its name and its first bytes (a few KB are enough)."""
    if head.startswith(b"PK\x03\x04"):
        return FileKind.ERA_PACKAGE if _ERA_ZIP.search(name) else FileKind.ZIP
    st01 = x12_transaction_type(head)
    if st01 is not None:
        return _X12_KINDS.get(st01, FileKind.UNKNOWN)
    if _is_ta1_only(head):
        return FileKind.ACK_TA1
    if _FS_ERROR.search(name):
        return FileKind.FILE_SUMMARY_ERROR
    if _FS.search(name) or b"CLAIM#" in head:
        return FileKind.FILE_SUMMARY
    if _EDI_STATUS.search(name) or b"    File ID" in head:
        return FileKind.EDI_STATUS
    return _by_name(name, head)


def _by_name(name: str, head: bytes) -> FileKind:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in _X12_KINDS:
        return _X12_KINDS[suffix]
    return FileKind.UNKNOWN if b"\x00" in head else FileKind.TEXT_REPORT
