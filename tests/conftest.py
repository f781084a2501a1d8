"""Shared test helpers: the shared folder (corpus and schemas) beside the checkout.

The tests read real Dockerfiles from ``shared/corpus`` and the SARIF schema from
``shared/schemas``, a folder that sits beside the checkout (``../shared``) or wherever the
environment variable ``DLINT_SHARED`` points. Without it the run stops at once with one line
that says where it looked.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from dlint_dockerfile.syntax import Node

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DLINT_SHARED") or ROOT.parent / "shared").resolve()
CORPUS = SHARED / "corpus"
SCHEMAS = SHARED / "schemas"


def pytest_configure(config: pytest.Config) -> None:
    """Stop before collecting anything when the shared corpus is missing."""
    for folder in (CORPUS, SCHEMAS):
        if not folder.is_dir():
            raise pytest.UsageError(
                f"dlint's tests need the shared corpus and schemas: {folder} is not a folder "
                "(check the project out beside shared/, or set DLINT_SHARED to that folder)"
            )


def corpus_files(*parts: str) -> list[Path]:
    """Every file below ``CORPUS/parts``, sorted; fails loudly if the corpus is missing."""
    base = CORPUS.joinpath(*parts)
    if not base.is_dir():
        raise RuntimeError(f"corpus not found at {base}; set DLINT_SHARED to the shared folder")
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
