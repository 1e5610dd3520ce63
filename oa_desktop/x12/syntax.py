"""X12 syntax: delimiters from the ISA, segments with their numbers and byte offsets,
and the ISA/IEA, GS/GE, ST/SE envelopes with their control numbers and counts.

Segment numbers count from the first segment of the file (the ISA, or the first GS/ST
of a bare file) starting at 1. Text is decoded as Latin-1, so one character is one byte.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from oa_desktop.x12.errors import Finding, X12Error

BOM = b"\xef\xbb\xbf"
_ISA_START = re.compile(r"ISA([^A-Za-z0-9\s])\d\d\1")
_BARE_START = re.compile(r"(?:^|[\r\n~])[ \t]*((?:GS|ST)\*)")
_SEGMENT_ID = re.compile(r"[A-Z][A-Z0-9]{1,2}")
# Where the 16 element separators sit in a fixed-width (106-character) ISA.
_ISA_SEPARATORS = (3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103)
_ENVELOPE_IDS = frozenset({"ISA", "IEA", "GS", "GE", "ST", "SE"})
_known_ids: set[str] = set()  # segment ids already seen to be well formed


@dataclass(frozen=True, slots=True)
class Delimiters:
    """The four separators of an interchange."""

    element: str = "*"
    component: str = ":"
    repetition: str = "^"
    segment: str = "~"


DEFAULT_DELIMITERS = Delimiters()


@dataclass(slots=True)
class Envelope:
    """The ISA and GS values around one transaction set (empty for a bare file)."""

    isa_control_number: str = ""  # ISA13
    sender_id: str = ""  # ISA06
    receiver_id: str = ""  # ISA08
    usage: str = ""  # ISA15: P production, T test
    group_control_number: str = ""  # GS06
    functional_id: str = ""  # GS01
    group_version: str = ""  # GS08
    application_sender: str = ""  # GS02
    application_receiver: str = ""  # GS03


@dataclass(slots=True)
class TransactionSet:
    """One ST..SE, its segments split into elements (index 0 is the segment id)."""

    set_id: str  # ST01
    control_number: str  # ST02
    version: str  # ST03, or GS08 when ST03 is absent
    segments: list[list[str]]
    first_number: int  # the file segment number of the ST
    envelope: Envelope
    delimiters: Delimiters


@dataclass(slots=True)
class Document:
    """A tokenized file: its transaction sets and what the envelope checks found."""

    delimiters: Delimiters
    transactions: list[TransactionSet]
    findings: list[Finding] = field(default_factory=list)
    text: str = ""
    start: int = 0
    base: int = 0  # bytes before the text (a byte-order mark)

    def offset_of(self, segment_number: int) -> int | None:
        """Byte offset of a segment, by its 1-based number."""
        offsets = _offsets(self.text, self.start, self.delimiters, self.base)
        if 1 <= segment_number <= len(offsets):
            return offsets[segment_number - 1]
        return None


def _isa_delimiters(text: str, start: int, findings: list[Finding]) -> tuple[Delimiters, int]:
    """Read the delimiters from the ISA at ``start``; return them and where the ISA ends."""
    element = text[start + 3]
    end = start + 105
    if len(text) > end and all(text[start + p] == element for p in _ISA_SEPARATORS):
        component, terminator = text[start + 104], text[end]
    else:
        findings.append(Finding("warning", 1, "ISA", None,
                                "the ISA is not 106 characters; delimiters read by scanning"))
        pos = start + 3
        for _ in range(15):
            pos = text.find(element, pos + 1)
            if pos < 0:
                raise X12Error("the ISA segment is incomplete", segment_number=1,
                               segment_id="ISA", offset=start)
        if pos + 2 >= len(text):
            raise X12Error("the ISA segment is incomplete", segment_number=1,
                           segment_id="ISA", offset=start)
        component, terminator = text[pos + 1], text[pos + 2]
        end = pos + 2
    chosen = {element, component, terminator}
    if len(chosen) != 3 or any(c.isalnum() or c == " " for c in chosen):
        raise X12Error("the ISA does not define usable delimiters", segment_number=1,
                       segment_id="ISA", element=16, offset=start)
    isa = text[start:end].split(element)
    repetition = ""
    if len(isa) > 12 and isa[12] >= "00501" and len(isa[11]) == 1:
        candidate = isa[11]
        if not candidate.isalnum() and candidate not in chosen and candidate != " ":
            repetition = candidate
    return Delimiters(element, component, repetition, terminator), end


def _split(text: str, start: int, delimiters: Delimiters,
           findings: list[Finding]) -> list[list[str]]:
    """Split ``text[start:]`` into segments; tolerate whitespace after terminators."""
    body = text[start:]
    pieces = body.split(delimiters.segment)
    if any(c in body for c in "\r\n\t") or f"{delimiters.segment} " in body:
        pieces = [p.strip(" \t\r\n") for p in pieces]
    element = delimiters.element
    segments = [p.split(element) for p in pieces if p]
    bad = {s[0] for s in segments} - _known_ids
    for sid in bad:
        if _SEGMENT_ID.fullmatch(sid):
            _known_ids.add(sid)
    bad -= _known_ids
    if bad:
        for number, seg in enumerate(segments, start=1):
            if seg[0] in bad:
                findings.append(Finding("error", number, seg[0][:3], None,
                                        f"{seg[0][:10]!r} is not a segment id"))
    return segments


def _offsets(text: str, start: int, delimiters: Delimiters, base: int) -> list[int]:
    """Byte offset of each segment (computed only when a position is reported)."""
    offsets: list[int] = []
    pos = start
    step = len(delimiters.segment)
    for raw in text[start:].split(delimiters.segment):
        seg = raw.strip(" \t\r\n")
        if seg:
            offsets.append(base + pos + raw.find(seg[0]))
        pos += len(raw) + step
    return offsets


def tokenize(data: bytes) -> Document:
    """Split an X12 file into transaction sets and check its envelopes.

    Raises :class:`X12Error` when the file is not X12 or is cut short.
    """
    if not isinstance(data, bytes | bytearray):
        raise X12Error("the input is not a file's bytes")
    base = len(BOM) if data.startswith(BOM) else 0
    text = bytes(data[base:]).decode("latin-1")
    findings: list[Finding] = []
    match = _ISA_START.search(text)
    if match is not None:
        delimiters, _ = _isa_delimiters(text, match.start(), findings)
        start = match.start()
    else:
        bare = _BARE_START.search(text)
        if bare is None:
            raise X12Error("this is not an X12 file: no ISA, GS or ST segment was found",
                           next_step="Choose an X12 file (999, 277, 835 or 837).")
        delimiters, start = DEFAULT_DELIMITERS, bare.start(1)
        findings.append(Finding("warning", 1, text[start:start + 2], None,
                                "no ISA envelope; default delimiters assumed"))
    segments = _split(text, start, delimiters, findings)
    walker = _EnvelopeWalker(segments, lambda n: _offsets(text, start, delimiters, base)[n],
                             delimiters, findings)
    transactions = walker.walk()
    if not transactions:
        raise X12Error("the file holds no transaction set (no ST segment)",
                       next_step="Choose an X12 file (999, 277, 835 or 837).")
    return Document(delimiters, transactions, findings, text, start, base)


def _el(seg: list[str], index: int) -> str:
    return seg[index] if len(seg) > index else ""


class _EnvelopeWalker:
    """Walks the segments once, pairing ISA/IEA, GS/GE and ST/SE and checking them."""

    def __init__(self, segments: list[list[str]], offset: Callable[[int], int],
                 delimiters: Delimiters, findings: list[Finding]) -> None:
        self.segments = segments
        self.offset = offset
        self.delimiters = delimiters
        self.findings = findings
        self.envelope = Envelope()
        self.isa: int | None = None  # index of the open ISA
        self.gs: int | None = None
        self.st: int | None = None
        self.groups = 0
        self.sets = 0
        self.stray = 0
        self.transactions: list[TransactionSet] = []

    def _error(self, index: int, element: int | None, message: str) -> None:
        self.findings.append(Finding("error", index + 1, self.segments[index][0], element,
                                     message))

    def _fatal(self, index: int, message: str) -> X12Error:
        seg = self.segments[index]
        return X12Error(message, segment_number=index + 1, segment_id=seg[0][:3],
                        offset=self.offset(index))

    def walk(self) -> list[TransactionSet]:
        """Return the transaction sets; record or raise envelope problems."""
        handlers = {"ISA": self._isa, "IEA": self._iea, "GS": self._gs, "GE": self._ge,
                    "ST": self._st, "SE": self._se}
        envelope_ids = _ENVELOPE_IDS
        for index, seg in enumerate(self.segments):
            sid = seg[0]
            if sid in envelope_ids:
                handlers[sid](index, seg)
            elif self.st is None and sid != "TA1":
                self.stray += 1
                if self.stray == 1:
                    self._error(index, None, "segment outside a transaction set")
        last = len(self.segments) - 1
        if self.st is not None:
            raise self._fatal(last, f"the file ends inside transaction set "
                                    f"{_el(self.segments[self.st], 2)} (no SE)")
        if self.gs is not None:
            raise self._fatal(last, "the file ends inside a functional group (no GE)")
        if self.isa is not None:
            raise self._fatal(last, "the file ends inside an interchange (no IEA)")
        return self.transactions

    def _isa(self, index: int, seg: list[str]) -> None:
        if self.st is not None or self.gs is not None or self.isa is not None:
            raise self._fatal(index, "an ISA starts before the previous interchange ended")
        if len(seg) < 17:
            raise self._fatal(index, "the ISA has fewer than 16 elements")
        self.isa, self.groups = index, 0
        self.envelope = Envelope(isa_control_number=seg[13].strip(), sender_id=seg[6].strip(),
                                 receiver_id=seg[8].strip(), usage=seg[15].strip())

    def _iea(self, index: int, seg: list[str]) -> None:
        if self.st is not None or self.gs is not None:
            raise self._fatal(index, "an IEA comes before the group or set is closed")
        if self.isa is None:
            self._error(index, None, "IEA without an ISA")
            return
        if _el(seg, 1).strip() != str(self.groups):
            self._error(index, 1, f"IEA01 says {_el(seg, 1)!r} groups; the interchange "
                                  f"has {self.groups}")
        if _el(seg, 2).strip() != self.envelope.isa_control_number:
            self._error(index, 2, f"IEA02 {_el(seg, 2)!r} does not match ISA13 "
                                  f"{self.envelope.isa_control_number!r}")
        self.isa = None

    def _gs(self, index: int, seg: list[str]) -> None:
        if self.st is not None or self.gs is not None:
            raise self._fatal(index, "a GS starts before the previous group ended")
        self.gs, self.sets = index, 0
        self.groups += 1
        env = self.envelope
        self.envelope = Envelope(env.isa_control_number, env.sender_id, env.receiver_id,
                                 env.usage, group_control_number=_el(seg, 6).strip(),
                                 functional_id=_el(seg, 1), group_version=_el(seg, 8).strip(),
                                 application_sender=_el(seg, 2).strip(),
                                 application_receiver=_el(seg, 3).strip())

    def _ge(self, index: int, seg: list[str]) -> None:
        if self.st is not None:
            raise self._fatal(index, "a GE comes before the transaction set is closed")
        if self.gs is None:
            self._error(index, None, "GE without a GS")
            return
        if _el(seg, 1).strip() != str(self.sets):
            self._error(index, 1, f"GE01 says {_el(seg, 1)!r} transaction sets; the group "
                                  f"has {self.sets}")
        if _el(seg, 2).strip() != self.envelope.group_control_number:
            self._error(index, 2, f"GE02 {_el(seg, 2)!r} does not match GS06 "
                                  f"{self.envelope.group_control_number!r}")
        self.gs = None

    def _st(self, index: int, seg: list[str]) -> None:
        if self.st is not None:
            raise self._fatal(index, "an ST starts before the previous set's SE")
        if not _el(seg, 1) or not _el(seg, 2):
            raise self._fatal(index, "the ST has no transaction set id or control number")
        self.st = index
        self.sets += 1

    def _se(self, index: int, seg: list[str]) -> None:
        if self.st is None:
            self._error(index, None, "SE without an ST")
            return
        st = self.segments[self.st]
        count = index - self.st + 1
        if _el(seg, 1).strip() != str(count):
            self._error(index, 1, f"SE01 says {_el(seg, 1)!r} segments; the set has {count}")
        if _el(seg, 2).strip() != st[2].strip():
            self._error(index, 2, f"SE02 {_el(seg, 2)!r} does not match ST02 {st[2]!r}")
        version = _el(st, 3).strip() or self.envelope.group_version
        self.transactions.append(TransactionSet(
            st[1].strip(), st[2].strip(), version, self.segments[self.st:index + 1],
            self.st + 1, self.envelope, self.delimiters))
        self.st = None
