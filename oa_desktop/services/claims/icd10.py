"""ICD-10-CM codes from the ``simple-icd-10-cm`` package: billable check, text, search.

The package parses CMS's tabular XML when it is first imported (about 3 seconds), so
it is imported lazily, its code list is cached between runs, and the search index is
built once on first use. Call
:func:`preload` from a background job at start-up so the first keystroke does not wait.
"""

from __future__ import annotations

import bisect
import gzip
import importlib.metadata
import json
import os
import re
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import platformdirs

from oa_desktop.domain.identifiers import display_icd10, normalize_icd10

_WORD = re.compile(r"[a-z0-9]+")
_lock = threading.Lock()
_build_lock = threading.Lock()
_module: ModuleType | None = None
_index: _Index | None = None


def _icd() -> ModuleType:
    global _module
    with _lock:
        if _module is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the package uses deprecated importlib APIs
                import simple_icd_10_cm

            _module = simple_icd_10_cm
        return _module


@dataclass(frozen=True)
class _Index:
    codes: list[str]  # sorted, without dots
    descriptions: dict[str, str]
    billable: frozenset[str]
    words: list[str]  # sorted distinct words of every description
    postings: dict[str, list[int]]  # word -> positions in ``codes``


def _cache_file() -> Path:
    """Where the parsed code list is kept between runs (per package version)."""
    try:
        version = importlib.metadata.version("simple-icd-10-cm")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    folder = Path(platformdirs.user_cache_dir("OA Desktop", appauthor=False))
    return folder / f"icd10cm-{version}.json.gz"


def _load_codes() -> tuple[dict[str, str], frozenset[str]]:
    """Descriptions and billable codes: from the cache, else parsed from the package.

    Parsing takes seconds, so the result is cached (a code list, no patient data); a
    damaged or missing cache is simply rebuilt.
    """
    cache = _cache_file()
    try:
        with gzip.open(cache, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        return dict(data["descriptions"]), frozenset(data["billable"])
    except (OSError, EOFError, ValueError, KeyError, TypeError):
        pass
    icd = _icd()
    codes = [c for c in icd.get_all_codes(False) if c[0].isalpha() and "-" not in c]
    descriptions = {c: str(icd.get_description(c)) for c in codes}
    billable = frozenset(c for c in codes if icd.is_leaf(c))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        part = cache.with_suffix(f".{os.getpid()}.part")  # two app windows may both write
        with gzip.open(part, "wt", encoding="utf-8") as fh:
            json.dump({"descriptions": descriptions, "billable": sorted(billable)}, fh)
        os.replace(part, cache)
    except OSError:
        pass  # no cache this time: the next start parses again
    return descriptions, billable


def _build_index() -> _Index:
    descriptions, billable = _load_codes()
    codes = sorted(descriptions)
    postings: dict[str, list[int]] = {}
    for position, code in enumerate(codes):
        for word in set(_WORD.findall(descriptions[code].lower())):
            postings.setdefault(word, []).append(position)
    return _Index(codes, descriptions, billable, sorted(postings), postings)


def _get_index() -> _Index:
    """The index, built once. A second caller waits for the first: the package's parser is
    not safe to run on two threads at once (it then returns a partial code list, and a
    valid code such as F84.0 looked unknown when the editor's warm-up raced a lookup)."""
    global _index
    if _index is None:
        with _build_lock:
            if _index is None:
                _index = _build_index()
    return _index


def preload() -> None:
    """Load the code list and build the search index now (for a start-up background job)."""
    _get_index()


def is_billable(code: str) -> bool | None:
    """True for a billable (leaf) code, False for a category or header, None if unknown.

    Accepts codes with or without the dot, in any case: ``f84.0``, ``F840``.
    """
    index = _get_index()
    key = normalize_icd10(code)
    if key not in index.descriptions:
        return None
    return key in index.billable


def describe(code: str) -> str:
    """The code's description, or a plain note that it is not an ICD-10-CM code."""
    key = normalize_icd10(code)
    text = _get_index().descriptions.get(key)
    return text if text is not None else f"{display_icd10(key)} is not an ICD-10-CM code"


def _by_code(index: _Index, prefix: str) -> list[int]:
    start = bisect.bisect_left(index.codes, prefix)
    end = bisect.bisect_left(index.codes, prefix + "\uffff")
    return list(range(start, end))


def _by_words(index: _Index, words: list[str]) -> list[int]:
    """Positions whose description has a word starting with each query word."""
    matched: set[int] | None = None
    for word in words:
        start = bisect.bisect_left(index.words, word)
        hits: set[int] = set()
        for candidate in index.words[start:]:
            if not candidate.startswith(word):
                break
            hits.update(index.postings[candidate])
        matched = hits if matched is None else matched & hits
        if not matched:
            return []
    return sorted(matched or ())


def search(text: str, limit: int = 50) -> list[tuple[str, str]]:
    """Codes matching ``text``: by code prefix (``F84``, ``f84.1``) or by words (``autis``).

    Returns ``(code with dot, description)`` pairs, billable codes first, then by code.
    """
    query = text.strip()
    if not query:
        return []
    index = _get_index()
    key = normalize_icd10(query)
    positions = _by_code(index, key) if re.fullmatch(r"[A-Z][0-9A-Z]*", key) else []
    if not positions:
        positions = _by_words(index, _WORD.findall(query.lower()))
    codes = [index.codes[p] for p in positions]
    codes.sort(key=lambda c: (c not in index.billable, c))
    return [(display_icd10(c), index.descriptions[c]) for c in codes[:limit]]
