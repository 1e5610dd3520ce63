"""X12 syntax: delimiters from the ISA, segments with their numbers and byte offsets,
and the ISA/IEA, GS/GE, ST/SE envelopes with their control numbers and counts.

Segment numbers count from the first segment of the file (the ISA, or the first GS/ST
of a bare file) starting at 1. Text is decoded as Latin-1, so one character is one byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from oa_desktop.x12.errors import Finding, X12Error

BOM = b"\xef\xbb\xbf"
_ISA_START = re.compile(r"ISA([^A-Za-z0-9\s])\d\d\1")
_BARE_START = re.compile(r"(?:^|[\r\n~])[ \t]*((?:GS|ST)\*)")
# Where the 16 element separators sit in a fixed-width (106-character) ISA.
_ISA_SEPARATORS = (3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103)
_CHUNK = 1 << 20  # split a set's text this many characters at a time (bounded memory)
_SPACE = " \t\r\n"


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


@dataclass(slots=True)
class TransactionSet:
    """One ST..SE. Its segments are split from the file's text on demand."""

    set_id: str  # ST01
    control_number: str  # ST02
    version: str  # ST03, or GS08 when ST03 is absent
    first_number: int  # the file segment number of the ST
    count: int  # segments from ST to SE
    envelope: Envelope
    delimiters: Delimiters
    text: str = field(repr=False, default="")  # the file from its first segment
    start: int = 0  # where the ST starts in ``text``
    end: int = 0  # just after the SE's terminator
    _segments: list[list[str]] | None = field(repr=False, default=None)

    def iter_segments(self) -> Iterator[list[str]]:
        """Each segment as its elements (index 0 is the id), split a chunk at a time."""
        for chunk in self.iter_chunks():
            yield from chunk

    def iter_chunks(self) -> Iterator[list[list[str]]]:
        """Lists of consecutive segments, about a megabyte of text each."""
        text, term, element = self.text, self.delimiters.segment, self.delimiters.element
        pos, end = self.start, self.end
        while pos < end:
            stop = end
            if end - pos > _CHUNK:
                cut = text.find(term, pos + _CHUNK, end)
                stop = end if cut < 0 else cut + len(term)
            pieces = text[pos:stop].split(term)
            if pieces[-1].strip(_SPACE) == "":
                pieces.pop()
            if any(c in text[pos:stop] for c in _SPACE):
                pieces = [p.strip(_SPACE) for p in pieces]
            yield [piece.split(element) for piece in pieces]
            pos = stop

    @property
    def segments(self) -> list[list[str]]:
        """All segments as a list (kept after the first call)."""
        if self._segments is None:
            self._segments = list(self.iter_segments())
        return self._segments


@dataclass(slots=True)
class Document:
    """A tokenized file: its transaction sets and what the envelope checks found."""

    delimiters: Delimiters
    transactions: list[TransactionSet]
    findings: list[Finding] = field(default_factory=list)
    text: str = field(repr=False, default="")
    base: int = 0  # bytes before ``text`` in the file (a byte-order mark, text before ISA)

    def offset_of(self, segment_number: int) -> int | None:
        """Byte offset of a segment, by its 1-based number."""
        term = self.delimiters.segment
        pos = 0
        for _ in range(segment_number - 1):
            pos = self.text.find(term, pos)
            if pos < 0:
                return None
            pos += len(term)
        while pos < len(self.text) and self.text[pos] in _SPACE:
            pos += 1
        return self.base + pos


@dataclass(slots=True)
class _Seg:
    """An envelope segment found by the scanner."""

    number: int
    start: int
    end: int  # just after its terminator
    elements: list[str]


@lru_cache(maxsize=16)
def _patterns(delimiters: Delimiters) -> tuple[re.Pattern[str], re.Pattern[str]]:
    term, element = re.escape(delimiters.segment), re.escape(delimiters.element)
    not_term = f"[^{term}]"
    envelope = re.compile(
        rf"{term}[ \t\r\n]*+((?:ISA|IEA|GS|GE|ST|SE|TA1)(?:{element}{not_term}*)?)(?={term}|\Z)")
    bad_id = re.compile(
        rf"{term}[ \t\r\n]*+(?![A-Z][A-Z0-9]{{1,2}}(?:{element}|{term}|[ \t\r\n]*\Z))"
        rf"(?![ \t\r\n]*\Z)({not_term}{{0,10}})")
    return envelope, bad_id


def _scan(text: str, delimiters: Delimiters, findings: list[Finding]) -> list[_Seg]:
    """Find the envelope segments and the malformed segment ids, with their numbers."""
    envelope, bad_id = _patterns(delimiters)
    term, element = delimiters.segment, delimiters.element
    found: list[_Seg] = []
    first_end = text.find(term)
    first_end = len(text) if first_end < 0 else first_end
    first = text[:first_end].split(element)
    if first[0] in ("ISA", "GS", "ST"):
        found.append(_Seg(1, 0, first_end + len(term), first))
    number, last = 1, 0
    for match in envelope.finditer(text):
        number += text.count(term, last, match.start() + 1)
        last = match.start() + 1
        found.append(_Seg(number, match.start(1), match.end(1) + len(term),
                          match.group(1).split(element)))
    number, last = 1, 0
    for match in bad_id.finditer(text):
        number += text.count(term, last, match.start() + 1)
        last = match.start() + 1
        findings.append(Finding("error", number, match.group(1)[:3], None,
                                f"{match.group(1)!r} is not a segment id"))
    return found


def tokenize(data: bytes) -> Document:
    """Split an X12 file into transaction sets and check its envelopes.

    Raises :class:`X12Error` when the file is not X12 or is cut short.
    """
    if not isinstance(data, bytes | bytearray):
        raise X12Error("the input is not a file's bytes")
    return tokenize_text(bytes(data).decode("latin-1"))


def tokenize_text(text: str) -> Document:
    """:func:`tokenize` for a file already decoded as Latin-1 (one character per byte)."""
    base = len(BOM) if text.startswith(BOM.decode("latin-1")) else 0
    if base:
        text = text[base:]
    findings: list[Finding] = []
    match = _ISA_START.search(text)
    if match is not None:
        start = match.start()
        delimiters, _ = _isa_delimiters(text, start, findings)
    else:
        bare = _BARE_START.search(text)
        if bare is None:
            raise X12Error("this is not an X12 file: no ISA, GS or ST segment was found",
                           next_step="Choose an X12 file (999, 277, 835 or 837).")
        delimiters, start = DEFAULT_DELIMITERS, bare.start(1)
        findings.append(Finding("warning", 1, text[start:start + 2], None,
                                "no ISA envelope; default delimiters assumed"))
    body = text[start:] if start else text
    del text
    walker = _EnvelopeWalker(body, _scan(body, delimiters, findings), delimiters, findings,
                             base + start)
    transactions = walker.walk()
    if not transactions:
        raise X12Error("the file holds no transaction set (no ST segment)",
                       next_step="Choose an X12 file (999, 277, 835 or 837).")
    return Document(delimiters, transactions, findings, body, base + start)


def _el(seg: list[str], index: int) -> str:
    return seg[index] if len(seg) > index else ""


class _EnvelopeWalker:
    """Pairs ISA/IEA, GS/GE and ST/SE and checks their counts and control numbers."""

    def __init__(self, text: str, found: list[_Seg], delimiters: Delimiters,
                 findings: list[Finding], base: int = 0) -> None:
        self.text = text
        self.base = base
        self.found = found
        self.delimiters = delimiters
        self.findings = findings
        self.envelope = Envelope()
        self.isa: _Seg | None = None
        self.gs: _Seg | None = None
        self.st: _Seg | None = None
        self.groups = 0
        self.sets = 0
        self.previous = 0  # number of the previous envelope segment
        self.stray = False
        self.transactions: list[TransactionSet] = []

    def _error(self, seg: _Seg, element: int | None, message: str) -> None:
        self.findings.append(Finding("error", seg.number, seg.elements[0], element, message))

    def _fatal(self, seg: _Seg, message: str) -> X12Error:
        return X12Error(message, segment_number=seg.number, segment_id=seg.elements[0],
                        offset=self.base + seg.start)

    def walk(self) -> list[TransactionSet]:
        """Return the transaction sets; record or raise envelope problems."""
        handlers = {"ISA": self._isa, "IEA": self._iea, "GS": self._gs, "GE": self._ge,
                    "ST": self._st, "SE": self._se, "TA1": self._ta1}
        for seg in self.found:
            if self.st is None and seg.number > self.previous + 1 and not self.stray:
                self.stray = True
                self.findings.append(Finding("error", self.previous + 1, "", None,
                                             "segment outside a transaction set"))
            handlers[seg.elements[0]](seg)
            self.previous = seg.number
        if self.st is not None:
            raise self._fatal(self.st, f"the file ends inside transaction set "
                                       f"{_el(self.st.elements, 2)} (no SE)")
        if self.gs is not None:
            raise self._fatal(self.gs, "the file ends inside a functional group (no GE)")
        if self.isa is not None:
            raise self._fatal(self.isa, "the file ends inside an interchange (no IEA)")
        return self.transactions

    def _ta1(self, seg: _Seg) -> None:
        if self.st is not None:
            self.previous = seg.number

    def _isa(self, seg: _Seg) -> None:
        if self.st is not None or self.gs is not None or self.isa is not None:
            raise self._fatal(seg, "an ISA starts before the previous interchange ended")
        isa = seg.elements
        if len(isa) < 17:
            raise self._fatal(seg, "the ISA has fewer than 16 elements")
        self.isa, self.groups = seg, 0
        self.envelope = Envelope(isa_control_number=isa[13].strip(), sender_id=isa[6].strip(),
                                 receiver_id=isa[8].strip(), usage=isa[15].strip())

    def _iea(self, seg: _Seg) -> None:
        if self.st is not None or self.gs is not None:
            raise self._fatal(seg, "an IEA comes before the group or set is closed")
        iea = seg.elements
        if self.isa is None:
            self._error(seg, None, "IEA without an ISA")
            return
        if _el(iea, 1).strip() != str(self.groups):
            self._error(seg, 1, f"IEA01 says {_el(iea, 1)!r} groups; the interchange "
                                f"has {self.groups}")
        if _el(iea, 2).strip() != self.envelope.isa_control_number:
            self._error(seg, 2, f"IEA02 {_el(iea, 2)!r} does not match ISA13 "
                                f"{self.envelope.isa_control_number!r}")
        self.isa = None

    def _gs(self, seg: _Seg) -> None:
        if self.st is not None or self.gs is not None:
            raise self._fatal(seg, "a GS starts before the previous group ended")
        self.gs, self.sets = seg, 0
        self.groups += 1
        gs, env = seg.elements, self.envelope
        self.envelope = Envelope(env.isa_control_number, env.sender_id, env.receiver_id,
                                 env.usage, group_control_number=_el(gs, 6).strip(),
                                 functional_id=_el(gs, 1), group_version=_el(gs, 8).strip(),
                                 application_sender=_el(gs, 2).strip(),
                                 application_receiver=_el(gs, 3).strip())

    def _ge(self, seg: _Seg) -> None:
        if self.st is not None:
            raise self._fatal(seg, "a GE comes before the transaction set is closed")
        ge = seg.elements
        if self.gs is None:
            self._error(seg, None, "GE without a GS")
            return
        if _el(ge, 1).strip() != str(self.sets):
            self._error(seg, 1, f"GE01 says {_el(ge, 1)!r} transaction sets; the group "
                                f"has {self.sets}")
        if _el(ge, 2).strip() != self.envelope.group_control_number:
            self._error(seg, 2, f"GE02 {_el(ge, 2)!r} does not match GS06 "
                                f"{self.envelope.group_control_number!r}")
        self.gs = None

    def _st(self, seg: _Seg) -> None:
        if self.st is not None:
            raise self._fatal(seg, "an ST starts before the previous set's SE")
        if not _el(seg.elements, 1) or not _el(seg.elements, 2):
            raise self._fatal(seg, "the ST has no transaction set id or control number")
        self.st = seg
        self.sets += 1

    def _se(self, seg: _Seg) -> None:
        st = self.st
        if st is None:
            self._error(seg, None, "SE without an ST")
            return
        se = seg.elements
        count = seg.number - st.number + 1
        if _el(se, 1).strip() != str(count):
            self._error(seg, 1, f"SE01 says {_el(se, 1)!r} segments; the set has {count}")
        if _el(se, 2).strip() != st.elements[2].strip():
            self._error(seg, 2, f"SE02 {_el(se, 2)!r} does not match ST02 "
                                f"{st.elements[2]!r}")
        version = _el(st.elements, 3).strip() or self.envelope.group_version
        self.transactions.append(TransactionSet(
            st.elements[1].strip(), st.elements[2].strip(), version, st.number, count,
            self.envelope, self.delimiters, self.text, st.start, seg.end))
        self.st = None
