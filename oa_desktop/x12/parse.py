"""Read any X12 file: tokenize, check envelopes, dispatch each set on ST01."""

from __future__ import annotations

from bisect import bisect_right
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
from oa_desktop.x12.read_ta1 import InterchangeAck
from oa_desktop.x12.syntax import TransactionSet
from oa_desktop.x12.tokenizer import tokenize_text

MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass(slots=True)
class OtherSet:
    """A transaction set this version does not read (kept whole, never dropped)."""

    set_id: str
    control_number: str
    version: str
    segments: list[list[str]]


@dataclass(slots=True)
class UnreadableSet:
    """A transaction set that could not be read (its SE is missing, or a segment is out of
    place). The other sets of the file are read; ``findings`` says where and why."""

    set_id: str
    control_number: str
    version: str
    reason: str  # in words, for a one-line report
    findings: list[Finding] = field(default_factory=list)  # the reader's, beside the file's


@dataclass(frozen=True, slots=True)
class BadSet:
    """A set with an error: its place in the file and what is wrong with it."""

    index: int  # in ParseResult.transactions
    set_id: str  # ST01
    control_number: str  # ST02
    first_number: int  # segment number of its ST
    errors: tuple[Finding, ...]

    @property
    def next_step(self) -> str:
        """What to do, in words (the other sets of the file are read and usable)."""
        return (f"Transaction set {self.control_number} is not used; the other sets of the "
                "file are. Ask the sender (Office Ally or the payer) for a corrected copy of "
                "this file.")

    def as_json(self) -> dict[str, object]:
        """The bad set for ``x12 parse --json`` and ``x12 validate --json``."""
        first = self.errors[0] if self.errors else None
        return {"set_id": self.set_id, "control_number": self.control_number,
                "segment": first.segment_number if first else self.first_number,
                "st_segment": self.first_number,
                "problem": first.message if first else "it could not be read",
                "problems": [f.line() for f in self.errors], "next_step": self.next_step}

    def line(self) -> str:
        """``set 0002 (835, segment 40): first problem`` for a one-line report."""
        first = self.errors[0].line() if self.errors else "it could not be read"
        more = f" (and {len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
        return (f"set {self.control_number} ({self.set_id}, from segment "
                f"{self.first_number}): {first}{more}")


Transaction = (Remittance835 | StatusReport277 | Acknowledgment999 | Batch837 | OtherSet
               | UnreadableSet)

_READERS: dict[str, Callable[[TransactionSet], Transaction]] = {
    "835": read_835, "277": read_277, "999": read_999, "997": read_999, "837": read_837,
}


@dataclass(slots=True)
class ParseResult:
    """Everything read from one file."""

    transactions: list[Transaction]
    findings: list[Finding] = field(default_factory=list)
    sets: list[TransactionSet] = field(default_factory=list)
    interchange_acks: list[InterchangeAck] = field(default_factory=list)  # TA1s, file order

    @property
    def errors(self) -> list[Finding]:
        """The findings of severity ``error``."""
        return [f for f in self.findings if f.severity == "error"]

    def _owner(self, finding: Finding) -> int | None:
        """The index of the set holding the finding's segment (None: outside every set)."""
        number = finding.segment_number
        if number is None or not self.sets:
            return None
        index = bisect_right([ts.first_number for ts in self.sets], number) - 1
        if index >= 0 and number <= self.sets[index].last_number:
            return index
        return None

    def set_findings(self, index: int) -> list[Finding]:
        """The findings inside set ``index`` (its ST..SE): envelope and values alike."""
        return [f for f in self.findings if self._owner(f) == index]

    @property
    def file_findings(self) -> list[Finding]:
        """The findings outside every set (ISA/GS/GE/IEA): they concern the whole file."""
        return [f for f in self.findings if self._owner(f) is None]

    def usable(self) -> list[tuple[Transaction, TransactionSet]]:
        """The sets read without an error of their own, each with its envelope."""
        bad = {b.index for b in self.bad_sets}
        return [(t, ts) for i, (t, ts) in enumerate(zip(self.transactions, self.sets,
                                                        strict=True)) if i not in bad]

    @property
    def bad_sets(self) -> list[BadSet]:
        """The sets with an error, each named with its problems; the others are usable."""
        owned: dict[int, list[Finding]] = {}
        for finding in self.errors:
            owner = self._owner(finding)
            if owner is not None:
                owned.setdefault(owner, []).append(finding)
        for index, item in enumerate(self.transactions):
            if isinstance(item, UnreadableSet):
                owned.setdefault(index, [])
        return [BadSet(i, self.sets[i].set_id, self.sets[i].control_number,
                       self.sets[i].first_number, tuple(owned[i])) for i in sorted(owned)]


def _read_set(ts: TransactionSet) -> Transaction:
    """One set; a set that cannot be read is an :class:`UnreadableSet`, never the file."""
    if ts.broken:  # the envelope finding is already in the document's findings
        return UnreadableSet(ts.set_id, ts.control_number, ts.version, ts.broken)
    reader = _READERS.get(ts.set_id)
    if reader is None:
        return OtherSet(ts.set_id, ts.control_number, ts.version, ts.segments)
    try:
        return reader(ts)
    except X12Error as exc:
        number = ts.first_number if exc.segment_number is None else exc.segment_number
        reason = f"{exc.reason}; transaction set {ts.control_number} is not read"
        return UnreadableSet(ts.set_id, ts.control_number, ts.version, reason, [Finding(
            "error", number, exc.segment_id, exc.element, reason)])


def parse_bytes(data: bytes) -> ParseResult:
    """Parse a whole file. Raises :class:`X12Error` when the file cannot be read (not X12,
    cut short); a set that cannot be read is an :class:`UnreadableSet` beside the others."""
    if not isinstance(data, bytes | bytearray):
        raise X12Error("the input is not a file's bytes")
    return parse_text(bytes(data).decode("latin-1"))


def parse_text(text: str) -> ParseResult:
    """:func:`parse_bytes` for a file decoded as Latin-1 (one character per byte)."""
    with paused_gc():
        return _parse(text)


def _parse(text: str) -> ParseResult:
    document = tokenize_text(text)
    transactions = [_read_set(ts) for ts in document.transactions]
    findings = list(document.findings)
    for item in transactions:
        findings.extend(getattr(item, "findings", ()))
    return ParseResult(transactions, findings, document.transactions,
                       document.interchange_acks)


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
