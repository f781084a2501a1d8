"""A lint leaves no garbage cycles behind: the model and its scripts are freed by reference
counting as soon as they are unused (a long-running LSP server and a batch worker must not
grow, and the collector has nothing to do)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from dlint_dockerfile.lint.runner import LintSettings, lint_model
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.syntax import parse
from tests.conftest import corpus_files, read_text


@pytest.fixture
def collector_off() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _files() -> list[str]:
    files = [p for p in corpus_files("real") if p.name.startswith("Dockerfile")]
    return [read_text(p) for p in files[:40]]


def test_the_model_is_freed_without_the_collector(collector_off: None) -> None:
    settings = LintSettings.default()
    for text in _files():
        model = DockerfileModel(parse(text), None, None)
        findings = lint_model(model, settings)
        assert findings is not None
        scripts = [model.script(i) for i in model.instructions if i.name == "RUN"]
        refs: list[weakref.ReferenceType[object]] = [weakref.ref(model)]
        refs += [weakref.ref(script) for script in scripts if script is not None]
        del model, scripts
        assert [ref() for ref in refs] == [None] * len(refs)


def test_linting_creates_almost_no_garbage_cycles(collector_off: None) -> None:
    settings = LintSettings.default()
    texts = _files()
    for text in texts:
        lint_model(DockerfileModel(parse(text), None, None), settings)
    unreachable = gc.collect()
    assert unreachable < 10 * len(texts)  # a few closures, not trees or scripts
