"""Tokenizing: split an X12 file into transaction sets and check its envelopes.

The delimiters come from the ISA; the scanner finds the envelope segments (and malformed
segment ids) with their numbers and byte offsets, and :class:`EnvelopeWalker` pairs them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from oa_desktop.x12.envelopes import EnvelopeWalker
from oa_desktop.x12.errors import Finding, X12Error
from oa_desktop.x12.syntax import DEFAULT_DELIMITERS, Delimiters, Document, Seg

BOM = b"\xef\xbb\xbf"
_ISA_START = re.compile(r"ISA([^A-Za-z0-9\s])\d\d\1")
_BARE_START = re.compile(r"(?:^|[\r\n~])[ \t]*((?:GS|ST)\*)")
# Where the 16 element separators sit in a fixed-width (106-character) ISA.
_ISA_SEPARATORS = (3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103)


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


@lru_cache(maxsize=16)
def _pattern(delimiters: Delimiters) -> re.Pattern[str]:
    """After each terminator: an envelope segment (group ``env``) or a malformed segment id
    (group ``bad``). Well-formed other segments do not match, so one pass finds both."""
    term, element = re.escape(delimiters.segment), re.escape(delimiters.element)
    not_term = f"[^{term}]"
    return re.compile(
        rf"{term}[ \t\r\n]*+(?:"
        rf"(?P<env>(?:ISA|IEA|GS|GE|ST|SE|TA1)(?:{element}{not_term}*)?)(?={term}|\Z)"
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
    walker = EnvelopeWalker(body, _scan(body, delimiters, findings), delimiters, findings,
                            base + start)
    transactions = walker.walk()
    if not transactions:
        raise X12Error("the file holds no transaction set (no ST segment)",
                       next_step="Choose an X12 file (999, 277, 835 or 837).")
    return Document(delimiters, transactions, findings, body, base + start)
