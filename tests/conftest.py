"""Shared test helpers: the corpus beside the checkout."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from dlint.syntax import Node

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


def shared_nodes(tree: Node) -> list[Node]:
    """The nodes met more than once in a walk of ``tree`` (none in a valid tree)."""
    seen: set[int] = set()
    again: list[Node] = []
    for node in tree.walk():
        if id(node) in seen:
            again.append(node)
        seen.add(id(node))
    return again


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS


@pytest.fixture(autouse=True, scope="session")
def _private_result_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every dlint run of the tests (in-process and subprocess) caches into a throw-away
    folder, never the user's cache."""
    import os

    os.environ["DLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("dlint-cache"))
