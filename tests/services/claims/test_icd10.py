from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from oa_desktop.services.claims import icd10


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


def test_the_index_is_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    icd10.preload()
    monkeypatch.setattr(icd10, "_build_index", lambda: pytest.fail("index built again"))
    for text in ("f", "F3", "depress", "major depressive single", "anx"):
        assert icd10.search(text)


def test_a_lookup_during_the_warm_up_waits_for_the_whole_list(tmp_path: Path) -> None:
    """The editor warms the list up on a thread while the biller may already type a code.
    The package is not thread-safe: two first builds at once gave a partial list, and F84.0
    showed as "Not an ICD-10-CM code". A fresh process, so the package starts cold."""
    script = (
        "import threading\n"
        "from oa_desktop.services.claims import icd10\n"
        "worker = threading.Thread(target=icd10.preload)\n"
        "worker.start()\n"
        "print(icd10.is_billable('F84.0'), icd10.describe('F41.1'))\n"
        "worker.join()\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}  # no cached list: parse cold
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, cwd=Path(__file__).resolve().parents[3], timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True Generalized anxiety disorder"


def test_code_list_cache_is_written_and_a_damaged_one_rebuilt() -> None:
    from oa_desktop.services.claims import icd10 as module

    cache = module._cache_file()
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(b"not gzip")  # damaged: parsed again from the package, then rewritten
    descriptions, billable = module._load_codes()
    assert descriptions["F840"] == "Autistic disorder" and "F840" in billable
    again, _ = module._load_codes()  # now from the cache
    assert again == descriptions
