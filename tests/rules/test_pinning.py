"""Unit tests of the pinning rules' helpers, beyond the fixtures."""

from __future__ import annotations

import re

import pytest

from dlint.lint.registry import default_registry
from dlint.lint.runner import LintSettings, lint_text
from dlint.rules import _pinning_util as util
from dlint.rules.pinning import UntrustedRegistry, _written_registry
from dlint.shell import OptionSpec, ShellWord

_BLOCK = re.compile(r"```dockerfile\n(.*?)```", re.DOTALL)


def _words(*texts: str) -> tuple[ShellWord, ...]:
    out = []
    pos = 0
    for text in texts:
        out.append(ShellWord(text, None if "$" in text else text, pos, pos + len(text)))
        pos += len(text) + 1
    return tuple(out)


def test_parse_args_single_dash_long_and_double_dash() -> None:
    spec = OptionSpec(frozenset(), frozenset({"tags", "ldflags"}))
    parsed = util.parse_args(
        _words("-tags", "netgo", "-ldflags=-s", "-v", "pkg"), spec, single_dash_long=True
    )
    assert [w.text for w in parsed.positionals] == ["pkg"]
    assert [name for name, _, _ in parsed.options] == ["tags", "ldflags", "v"]
    gem = util.parse_args(_words("x", "--", "--with-opt"), OptionSpec(), stop_at_double_dash=True)
    assert [w.text for w in gem.positionals] == ["x"]
    rest = util.parse_args(_words("-y", "--", "-x"), OptionSpec())
    assert [w.text for w in rest.positionals] == ["-x"]


def test_parse_args_short_cluster_with_value() -> None:
    spec = OptionSpec(frozenset("b"), frozenset({"branch"}))
    parsed = util.parse_args(_words("-qb", "v1.0", "--branch=main", "url"), spec)
    values = [util.option_value(v, w) for n, w, v in parsed.options if n in ("b", "branch")]
    assert values == ["v1.0", "main"]
    assert [w.text for w in parsed.positionals] == ["url"]


@pytest.mark.parametrize(
    ("value", "pinned"),
    [
        ("httpd", False),
        ("python3-pip", False),
        ("java-11-openjdk", False),
        ("gcc-c++", False),
        ("httpd-2.4.6", True),
        ("httpd-2.4.6-97.el7", True),
        ("openssl-libs-1:1.1.1k", True),
        ("/tmp/x.rpm", True),
        ("perl(JSON)", True),
    ],
)
def test_rpm_pinned(value: str, pinned: bool) -> None:
    assert util.rpm_pinned(value) is pinned


@pytest.mark.parametrize(
    ("value", "pinned"),
    [
        ("flask", False),
        ("flask[async]", False),
        ("flask==3", True),
        ("flask!=2", True),
        ("git+https://github.com/a/b", False),
        ("git+ssh://git@github.com/a/b", False),
        ("git+https://github.com/a/b@v1#egg=b", True),
        ("git+git@github.com:a/b.git@v1", True),
        ("https://example.com/b-1.0.tar.gz", True),
        ("..", True),
        (".[dev]", True),
        ("b-1.0-py3-none-any.whl", True),
    ],
)
def test_pip_pinned(value: str, pinned: bool) -> None:
    assert util.pip_pinned(value) is pinned


@pytest.mark.parametrize(
    ("value", "pinned"),
    [
        ("express", False),
        ("express@4", True),
        ("express@^4.21", True),
        ("express@latest", False),
        ("express@", False),
        ("@types/node", False),
        ("@types/node@22", True),
        ("@types", False),
        ("alias@npm:express@4", True),
        ("github:org/lib", False),
        ("github:org/lib#v1", True),
        ("org/lib", False),
        ("org/lib#abc1234", True),
        ("https://example.com/x", False),
        ("https://example.com/x.tgz", True),
        ("file:../x", True),
    ],
)
def test_npm_pinned(value: str, pinned: bool) -> None:
    assert util.npm_pinned(value) is pinned


@pytest.mark.parametrize(
    ("value", "local", "pinned"),
    [
        ("./...", True, False),
        ("...", True, False),
        ("std", True, False),
        ("myapp/cmd/x", True, False),
        ("github.com/a/b", False, False),
        ("github.com/a/b@latest", False, False),
        ("github.com/a/b@main", False, False),
        ("github.com/a/b@v1.2.3", False, True),
        ("github.com/a/b@4b825dc6", False, True),
    ],
)
def test_go(value: str, local: bool, pinned: bool) -> None:
    assert util.go_local(value) is local
    assert util.go_pinned(value) is pinned


@pytest.mark.parametrize(
    ("ref", "fixed"),
    [("main", False), ("HEAD", False), ("FETCH_HEAD", False), ("v1.2.3", True), ("v2", True)],
)
def test_ref_is_fixed(ref: str, fixed: bool) -> None:
    assert util.ref_is_fixed(ref) is fixed


@pytest.mark.parametrize(
    ("text", "registry"),
    [
        ("ghcr.io/org/app:$TAG", "ghcr.io"),
        ("localhost:5000/app:${TAG}", "localhost:5000"),
        ("index.docker.io/library/debian:$TAG", "docker.io"),
        ("myorg/app:$TAG", "docker.io"),
        ("debian:$TAG", "docker.io"),
        ("$REGISTRY/app:1", None),
        ("${IMAGE}", None),
        ("debian$SUFFIX", None),
    ],
)
def test_written_registry(text: str, registry: str | None) -> None:
    assert _written_registry(text) == registry


def _untrusted(text: str, registries: object) -> list[str]:
    registry = default_registry()
    settings = LintSettings(
        (UntrustedRegistry,), registry=registry, settings={"trusted-registries": registries}
    )
    return [d.message for d in lint_text(text, settings).diagnostics if d.code == "DLX204"]


def test_untrusted_registry_documented_example_with_its_settings() -> None:
    docs = UntrustedRegistry.docs()
    example = _BLOCK.search(docs.sections["Example"])
    better = _BLOCK.search(docs.sections["Use instead"])
    assert example is not None and better is not None
    registries = UntrustedRegistry.example_settings["trusted-registries"]
    assert _untrusted(example.group(1), registries)
    assert _untrusted(better.group(1), registries) == []


def test_untrusted_registry_setting_forms() -> None:
    text = "FROM gcr.io/x/y:1\n"
    assert _untrusted(text, ()) == []
    assert _untrusted(text, ["", " "]) == []
    assert len(_untrusted(text, "docker.io")) == 1
    assert _untrusted(text, ["GCR.io"]) == []
