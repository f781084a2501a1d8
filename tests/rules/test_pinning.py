"""Unit tests of the pinning rules' helpers, beyond the fixtures."""

from __future__ import annotations

import re

import pytest

from dlint_dockerfile.lint.registry import default_registry
from dlint_dockerfile.lint.runner import LintSettings, lint_text
from dlint_dockerfile.rules.pinning.dlx204_untrusted_registry import UntrustedRegistry
from dlint_dockerfile.shell import OptionSpec, ShellWord, parse_options
from dlint_dockerfile.shell import pins as util

_BLOCK = re.compile(r"```dockerfile\n(.*?)```", re.DOTALL)
_REGISTRY = re.compile(r"comes from registry '([^']*)'")


def _words(*texts: str) -> tuple[ShellWord, ...]:
    out = []
    pos = 0
    for text in texts:
        out.append(ShellWord(text, None if "$" in text else text, pos, pos + len(text)))
        pos += len(text) + 1
    return tuple(out)


def test_options_go_single_dash_long_and_double_dash() -> None:
    spec = OptionSpec(frozenset(), frozenset({"tags", "ldflags", "o"}), single_dash=True)
    options, positionals = parse_options(
        _words("-tags", "netgo", "-ldflags=-s", "-v", "-o", "out", "pkg"), spec
    )
    assert [w.text for w in positionals] == ["pkg"]
    assert [(o.name, o.value) for o in options] == [
        ("tags", "netgo"),
        ("ldflags", "-s"),
        ("v", None),
        ("o", "out"),
    ]
    _, gem = parse_options(_words("x", "--", "--with-opt"), OptionSpec(), stop_at_double_dash=True)
    assert [w.text for w in gem] == ["x"]
    _, rest = parse_options(_words("-y", "--", "-x"), OptionSpec())
    assert [w.text for w in rest] == ["-x"]


def test_option_values_and_the_words_holding_them() -> None:
    spec = OptionSpec(frozenset("b"), frozenset({"branch"}))
    words = _words("-qb", "v1.0", "--branch=main", "--branch", "$REF", "-bdev", "url", "-b")
    options, positionals = parse_options(words, spec)
    held = [(o.value, o.value_word.text if o.value_word else None) for o in options]
    assert held == [
        (None, None),  # -q
        ("v1.0", "v1.0"),
        ("main", "--branch=main"),
        (None, "$REF"),  # a variable: no static value, but a value
        ("dev", "-bdev"),
        (None, None),  # -b at the end: no value at all
    ]
    assert [w.text for w in positionals] == ["url"]


def test_subcommand_options_are_those_after_it() -> None:
    spec = OptionSpec(frozenset(), frozenset({"cache-dir"}))
    words = _words("--quiet", "install", "--cache-dir", "/c", "-c", "pins.txt", "flask")
    sub, options, positionals = util.subcommand_options(words, spec)
    assert sub == "install"
    assert [o.name for o in options] == ["cache-dir", "c"]
    assert util.has_option(options, "c", "constraint")
    assert [w.text for w in positionals] == ["pins.txt", "flask"]
    assert util.subcommand_options(_words("--version"), spec) == (
        None,
        parse_options(_words("--version"), spec)[0],
        (),
    )


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
def test_registry_written_with_a_variable_without_value(text: str, registry: str | None) -> None:
    """The registry of an image whose variables have no value, when the text shows it."""
    expected = [] if registry is None else [registry]
    for dockerfile in (f"FROM {text}\n", f"FROM scratch\nCOPY --from={text} /a /b\n"):
        messages = _untrusted(dockerfile, ["trusted.example"])
        assert [m.group(1) for m in map(_REGISTRY.search, messages) if m] == expected
        assert len(messages) == len(expected)


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
