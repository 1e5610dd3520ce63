from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "x12"
CORPUS = REPO.parent / "shared" / "corpus"
SHARED_CODES = REPO.parent / "shared" / "codes"


def corpus_files(*kinds: str) -> list[Path]:
    """Files of the public sample corpus (empty when it is not beside the repository)."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for kind in kinds for p in (CORPUS / kind).glob("*") if p.is_file())


def corpus_params(*kinds: str) -> list[object]:
    files = corpus_files(*kinds)
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared/corpus is absent"))]
    return [pytest.param(p, id=f"{p.parent.name}/{p.name}") for p in files]


def fixture(name: str) -> Path:
    return FIXTURES / name
