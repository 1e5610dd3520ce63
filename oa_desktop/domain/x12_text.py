"""Text an 837P can carry: letters are transliterated to plain ASCII, never dropped.

"ØRSTED" is sent as "ORSTED", "Muñoz" as "MUNOZ", "Straße" as "STRASSE". Unicode
decomposition removes accents; a small table covers letters that do not decompose.
What still cannot be written (a character with no plain-letter form, a control
character) is found by :func:`unwritable` so that the scrubber can name the field.
Standard library only.
"""

from __future__ import annotations

import unicodedata

# Letters and signs that NFKD does not reduce to ASCII.
_TABLE = str.maketrans({
    "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ß": "SS", "ẞ": "SS",
    "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "TH", "þ": "th",
    "Ħ": "H", "ħ": "h", "ı": "i", "Ŋ": "N", "ŋ": "n", "Ŧ": "T", "ŧ": "t", "ĸ": "k",
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "ʼ": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "″": '"', "«": '"', "»": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "…": "...", "•": "-", "·": "-",
    "№": "NO", "°": " ", "¿": "", "¡": "",
})


def transliterate(text: str) -> str:
    """``text`` with every character that has a plain-ASCII form replaced by it."""
    if text.isascii():
        return text
    text = text.translate(_TABLE)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    out = "".join(c for c in decomposed if not unicodedata.combining(c))
    return out.translate(_TABLE)  # NFKD can produce a table character (e.g. ´)


def unwritable(text: str) -> str:
    """The characters of ``text`` that cannot be written even after transliteration
    (each once, in order): non-ASCII letters without a plain form, control characters."""
    seen: list[str] = []
    for char in transliterate(text):
        if (not char.isascii() or (ord(char) < 32 and char not in "\t\r\n")
                or ord(char) == 127) and char not in seen:
            seen.append(char)
    return "".join(seen)
