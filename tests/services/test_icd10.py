from __future__ import annotations

import time

from oa_desktop.services import icd10


def test_is_billable() -> None:
    assert icd10.is_billable("F84.0") is True
    assert icd10.is_billable("f840") is True
    assert icd10.is_billable("F84") is False  # a category
    assert icd10.is_billable("F84.99") is None
    assert icd10.is_billable("S72.001A") is True  # seventh character


def test_describe() -> None:
    assert icd10.describe("F84.0") == "Autistic disorder"
    assert "not an ICD-10-CM code" in icd10.describe("Q99.99")


def test_search_by_code_prefix() -> None:
    results = icd10.search("f84", limit=5)
    assert results[0] == ("F84.0", "Autistic disorder")
    assert all(code.startswith("F84") for code, _ in results)
    assert ("F84", "Pervasive developmental disorders") not in results[:4]  # billable first


def test_search_by_words_and_limit() -> None:
    results = icd10.search("autis", limit=10)
    assert ("F84.0", "Autistic disorder") in results
    generalized = icd10.search("generalized anxiety")
    assert ("F41.1", "Generalized anxiety disorder") in generalized
    assert len(icd10.search("disorder", limit=7)) == 7
    assert icd10.search("") == [] and icd10.search("zzzqqq") == []


def test_search_is_fast_once_loaded() -> None:
    icd10.preload()
    start = time.perf_counter()
    for text in ("f", "F3", "depress", "major depressive single", "anx"):
        icd10.search(text)
    assert time.perf_counter() - start < 0.5


def test_code_list_cache_is_written_and_a_damaged_one_rebuilt() -> None:
    from oa_desktop.services import icd10 as module

    cache = module._cache_file()
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(b"not gzip")  # damaged: parsed again from the package, then rewritten
    descriptions, billable = module._load_codes()
    assert descriptions["F840"] == "Autistic disorder" and "F840" in billable
    again, _ = module._load_codes()  # now from the cache
    assert again == descriptions
