"""X12 syntax: the delimiters, envelopes, transaction sets and documents that
:mod:`oa_desktop.x12.tokenizer` makes of a file.

Segment numbers count from the first segment of the file (the ISA, or the first GS/ST
of a bare file) starting at 1. Text is decoded as Latin-1, so one character is one byte.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from oa_desktop.x12.errors import Finding

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
