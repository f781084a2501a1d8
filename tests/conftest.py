"""Shared test helpers: the corpus beside the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_files(*parts: str) -> list[Path]:
    """Every file below ``CORPUS/parts``, sorted; fails loudly if the corpus is missing."""
    base = CORPUS.joinpath(*parts)
    if not base.is_dir():
        raise RuntimeError(f"corpus not found at {base}; the checkout must sit beside shared/")
    return sorted(p for p in base.rglob("*") if p.is_file())


def read_text(path: Path) -> str:
    """A corpus file as text; undecodable bytes survive as surrogates."""
    return path.read_bytes().decode("utf-8", errors="surrogateescape")


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS


@pytest.fixture(autouse=True, scope="session")
def _private_result_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every dlint run of the tests (in-process and subprocess) caches into a throw-away
    folder, never the user's cache."""
    import os

    os.environ["DLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("dlint-cache"))
