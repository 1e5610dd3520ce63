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
from typing import TYPE_CHECKING

from oa_desktop.x12.errors import Finding, X12Error

if TYPE_CHECKING:
    from oa_desktop.x12.read_ta1 import InterchangeAck

BOM = b"\xef\xbb\xbf"
_ISA_START = re.compile(r"ISA([^A-Za-z0-9\s])\d\d\1")
_BARE_START = re.compile(r"(?:^|[\r\n~])[ \t]*((?:GS|ST)\*)")
# Where the 16 element separators sit in a fixed-width (106-character) ISA.
_ISA_SEPARATORS = (3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103)
_CHUNK = 1 << 16  # split a set's text this many characters at a time (small: less memory)
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
    broken: str = ""  # why the set's own envelope is unusable (no SE): it is not read

    @property
    def last_number(self) -> int:
        """The file segment number of the set's last segment (its SE)."""
        return self.first_number + self.count - 1

    def iter_segments(self) -> Iterator[list[str]]:
        """Each segment as its elements (index 0 is the id), split a chunk at a time."""
        for chunk in self.iter_chunks():
            yield from chunk

    def iter_chunks(self) -> Iterator[list[list[str]]]:
        """Lists of consecutive segments, about 64 KB of text each."""
        text, term, element = self.text, self.delimiters.segment, self.delimiters.element
        pos, end = self.start, self.end
        while pos < end:
            stop = end
            if end - pos > _CHUNK:
                cut = text.find(term, pos + _CHUNK, end)
                stop = end if cut < 0 else cut + len(term)
            piece_text = text[pos:stop]
            pieces = piece_text.split(term)
            if pieces[-1].strip(_SPACE) == "":
                pieces.pop()
            if any(c in piece_text for c in _SPACE):
                yield [piece.strip(_SPACE).split(element) for piece in pieces]
            else:
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
    interchange_acks: list[InterchangeAck] = field(default_factory=list)  # TA1s

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
class Seg:
    """An envelope segment found by the scanner."""

    number: int
    start: int
    end: int  # just after its terminator
    elements: list[str]


@lru_cache(maxsize=16)
def _pattern(delimiters: Delimiters) -> re.Pattern[str]:
    """After each terminator: an envelope segment (group ``env``) or a malformed segment id
    (group ``bad``). Well-formed other segments do not match, so one pass finds both."""
    term, element = re.escape(delimiters.segment), re.escape(delimiters.element)
    not_term = f"[^{term}]"
    return re.compile(
        rf"{term}[ \t\r\n]*+(?:"
        rf"(?P<env>(?:ISA|IEA|GS|GE|ST|SE|TA1|ISB|ISE)(?:{element}{not_term}*)?)(?={term}|\Z)"
        rf"|(?![A-Z][A-Z0-9]{{1,2}}(?:{element}|{term}|[ \t\r\n]*\Z))(?![ \t\r\n]*\Z)"
        rf"(?P<bad>{not_term}{{0,10}}))")


def _scan(text: str, delimiters: Delimiters, findings: list[Finding]) -> list[Seg]:
    """Find the envelope segments and the malformed segment ids, with their numbers."""
    term, element = delimiters.segment, delimiters.element
    found: list[Seg] = []
    first_end = text.find(term)
    first_end = len(text) if first_end < 0 else first_end
    first = text[:first_end].split(element)
    if first[0] in ("ISA", "GS", "ST"):
        found.append(Seg(1, 0, first_end + len(term), first))
    number, last = 1, 0
    for match in _pattern(delimiters).finditer(text):
        number += text.count(term, last, match.start() + 1)
        last = match.start() + 1
        envelope = match.group("env")
        if envelope is not None:
            found.append(Seg(number, match.start("env"), match.end("env") + len(term),
                             envelope.split(element)))
        else:
            bad = match.group("bad")
            findings.append(Finding("error", number, bad[:3], None,
                                    f"{bad!r} is not a segment id"))
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
    from oa_desktop.x12.envelopes import EnvelopeWalker  # it builds this module's sets

    walker = EnvelopeWalker(body, _scan(body, delimiters, findings), delimiters, findings,
                            base + start)
    transactions = walker.walk()
    if not transactions and not walker.interchange_acks:
        raise X12Error("the file holds no transaction set (no ST segment) and no TA1",
                       next_step="Choose an X12 file (999, 277, 835 or 837).")
    return Document(delimiters, transactions, findings, body, base + start,
                    walker.interchange_acks)
