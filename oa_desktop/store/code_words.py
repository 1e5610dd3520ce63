"""The code lists a practice loaded itself (NUCC taxonomy, CMS HCPCS Level II).

``replace_codes`` swaps a whole list in one transaction (with an audit row); the rest
reads. The built-in short lists live in ``oa_desktop/codes``; the words a biller reads
are chosen in ``services/codes/words.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from oa_desktop.store import audit
from oa_desktop.store.db import Store, insert_many, utc_now

KINDS = ("taxonomy", "hcpcs")
IMPORT = "codes.import"


@dataclass(frozen=True, slots=True)
class CodeWord:
    """One code with its words (``long_words`` is the full description, or empty)."""

    code: str
    words: str
    long_words: str = ""


@dataclass(frozen=True, slots=True)
class CodeImport:
    """When a list was loaded, from which file, with how many codes."""

    kind: str
    file_name: str
    codes: int
    imported_at: str


def replace_codes(store: Store, kind: str, file_name: str, rows: Sequence[CodeWord]) -> None:
    """Replace the practice's ``kind`` list with ``rows`` (all of it or none of it)."""
    if kind not in KINDS:
        raise ValueError(f"unknown code list {kind!r}")
    with store.write() as db:
        db.execute("DELETE FROM code_words WHERE kind = ?", [kind])
        insert_many(db, "code_words", ("kind", "code", "words", "long_words"),
                    [(kind, r.code, r.words, r.long_words) for r in rows])
        db.execute(
            "INSERT OR REPLACE INTO code_word_imports (kind, file_name, codes, imported_at) "
            "VALUES (?, ?, ?, ?)", [kind, file_name, len(rows), utc_now()])
        audit.record_in(db, IMPORT, "code_list", kind,
                        f"{len(rows)} {kind} codes loaded from {file_name}")


def code_words(store: Store, kind: str) -> dict[str, CodeWord]:
    """Every code of the practice's ``kind`` list (empty when none was loaded)."""
    rows = store.read.execute(
        "SELECT code, words, long_words FROM code_words WHERE kind = ?", [kind])
    return {code: CodeWord(code, words, long_words) for code, words, long_words in rows}


def code_word(store: Store, kind: str, code: str) -> CodeWord | None:
    """One code of the practice's ``kind`` list, or None (a primary-key lookup)."""
    row = store.read.execute(
        "SELECT code, words, long_words FROM code_words WHERE kind = ? AND code = ?",
        [kind, code]).fetchone()
    return CodeWord(*row) if row else None


def last_import(store: Store, kind: str) -> CodeImport | None:
    """The practice's latest load of ``kind``, or None."""
    row = store.read.execute(
        "SELECT kind, file_name, codes, imported_at FROM code_word_imports WHERE kind = ?",
        [kind]).fetchone()
    return CodeImport(*row) if row else None

