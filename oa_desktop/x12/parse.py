"""Read any X12 file: tokenize, check envelopes, dispatch each set on ST01."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from oa_desktop.x12.errors import Finding, X12Error
from oa_desktop.x12.gc_pause import paused_gc
from oa_desktop.x12.model_835 import Remittance835
from oa_desktop.x12.read_277 import StatusReport277, read_277
from oa_desktop.x12.read_835 import read_835
from oa_desktop.x12.read_837 import Batch837, read_837
from oa_desktop.x12.read_999 import Acknowledgment999, read_999
from oa_desktop.x12.syntax import Document, TransactionSet
from oa_desktop.x12.tokenizer import tokenize_text

MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass(slots=True)
class OtherSet:
    """A transaction set this version does not read (kept whole, never dropped)."""

    set_id: str
    control_number: str
    version: str
    segments: list[list[str]]


Transaction = Remittance835 | StatusReport277 | Acknowledgment999 | Batch837 | OtherSet

_READERS: dict[str, Callable[[TransactionSet], Transaction]] = {
    "835": read_835, "277": read_277, "999": read_999, "997": read_999, "837": read_837,
}


@dataclass(slots=True)
class ParseResult:
    """Everything read from one file."""

    transactions: list[Transaction]
    findings: list[Finding] = field(default_factory=list)
    sets: list[TransactionSet] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        """The findings of severity ``error``."""
        return [f for f in self.findings if f.severity == "error"]


def _read_set(ts: TransactionSet, document: Document) -> Transaction:
    reader = _READERS.get(ts.set_id)
    if reader is None:
        return OtherSet(ts.set_id, ts.control_number, ts.version, ts.segments)
    try:
        return reader(ts)
    except X12Error as exc:
        if exc.offset is None and exc.segment_number is not None:
            raise X12Error(exc.reason, segment_number=exc.segment_number,
                           segment_id=exc.segment_id, element=exc.element,
                           offset=document.offset_of(exc.segment_number)) from None
        raise
    except RecursionError:  # pragma: no cover - readers do not recurse
        raise X12Error("the file is too deeply nested to read") from None


def parse_bytes(data: bytes) -> ParseResult:
    """Parse a whole file. Raises :class:`X12Error`; never returns part of a file."""
    if not isinstance(data, bytes | bytearray):
        raise X12Error("the input is not a file's bytes")
    return parse_text(bytes(data).decode("latin-1"))


def parse_text(text: str) -> ParseResult:
    """:func:`parse_bytes` for a file decoded as Latin-1 (one character per byte)."""
    with paused_gc():
        return _parse(text)


def _parse(text: str) -> ParseResult:
    document = tokenize_text(text)
    transactions = [_read_set(ts, document) for ts in document.transactions]
    findings = list(document.findings)
    for item in transactions:
        findings.extend(getattr(item, "findings", ()))
    return ParseResult(transactions, findings, document.transactions)


def parse_file(path: Path | str) -> ParseResult:
    """Read and parse the file at ``path``; unreadable files raise :class:`X12Error`."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise X12Error(f"{file.name} is larger than {MAX_FILE_BYTES // 2**20} MB",
                           next_step="Check that this is an X12 file.")
        text = file.read_bytes().decode("latin-1")  # the bytes are freed at once
    except OSError as exc:
        raise X12Error(f"{file.name} cannot be read ({exc.strerror or exc})",
                       next_step="Check the file name and that you may read it.") from None
    return parse_text(text)
