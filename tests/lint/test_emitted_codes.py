"""Foreign codes a rule reports under (ShellCheck's ``SCxxxx``): selectable, suppressible
and gradable one by one, like rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlint_dockerfile.lint.config import Config, config_for
from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.registry import SelectorError, default_registry
from dlint_dockerfile.lint.runner import lint_text
from dlint_dockerfile.lint.selection import CommandLineSelection, resolve_settings

#: SC2086 (info) on $1, SC2154 (warning) and SC2086 on $lower, SC2046 (warning) on $(ls).
DOCKERFILE = """\
FROM debian:12
RUN echo $1 $lower
RUN touch $(ls)
"""


def codes(text: str = DOCKERFILE, config: Config | None = None, **cli: object) -> list[str]:
    registry = default_registry()
    selection = CommandLineSelection(**cli)  # type: ignore[arg-type]
    settings = resolve_settings(registry, config, selection)
    result = lint_text(text, settings)
    return [f"{d.range.start} {d.code} {d.severity.label}" for d in result.diagnostics]


def test_shellcheck_is_opt_in() -> None:
    assert codes() == []


def test_prefix_selects_the_rule_and_every_code() -> None:
    assert codes(extend_select=("SC",)) == [
        "2:10 SC2086 info",
        "2:13 SC2086 info",
        "2:13 SC2154 warning",
        "3:11 SC2046 warning",
    ]


def test_rule_name_or_code_select_it_too() -> None:
    assert codes(extend_select=("shellcheck",)) == codes(extend_select=("DLX715",))
    assert len(codes(extend_select=("DLX715",))) == 4


def test_selecting_codes_keeps_only_them() -> None:
    assert codes(select=("SC2154", "SC2046")) == ["2:13 SC2154 warning", "3:11 SC2046 warning"]
    assert codes(select=("SC20",)) == [
        "2:10 SC2086 info",
        "2:13 SC2086 info",
        "3:11 SC2046 warning",
    ]


def test_ignoring_a_code_keeps_the_others() -> None:
    assert codes(extend_select=("SC",), ignore=("SC2086",)) == [
        "2:13 SC2154 warning",
        "3:11 SC2046 warning",
    ]
    assert codes(extend_select=("SC",), ignore=("SC",)) == []


def test_severity_by_code_prefix_and_rule() -> None:
    graded = codes(
        extend_select=("SC",),
        severity={"SC2086": Severity.ERROR, "SC20": Severity.STYLE, "SC": Severity.INFO},
    )
    assert graded == [
        "2:10 SC2086 error",
        "2:13 SC2086 error",
        "2:13 SC2154 info",
        "3:11 SC2046 style",
    ]


def test_suppressions_by_code_prefix_and_rule() -> None:
    text = """\
FROM debian:12
# dlint: ignore=SC2086
RUN echo $1 $lower
# hadolint ignore=SC2046
RUN touch $(ls)
# dlint: ignore=shellcheck
RUN echo $2
"""
    assert codes(text, extend_select=("SC",)) == ["3:13 SC2154 warning"]


def test_unused_code_suppression_is_reported_only_when_shellcheck_runs() -> None:
    text = 'FROM debian:12\n# dlint: ignore=SC2046\nRUN echo "$1"\n'
    assert codes(text, extend_select=("SC",)) == ["2:1 DLX014 info"]
    assert codes(text) == []


def test_unknown_selectors_still_fail() -> None:
    registry = default_registry()
    with pytest.raises(SelectorError):
        registry.resolve("SCX")
    assert registry.emitter("SC2086") is registry.get("DLX715")
    assert registry.emitter("SC") is None
    assert registry.resolve("sc") == [registry.get("DLX715")]


def test_hadolint_config_runs_shellcheck_with_its_ignores(tmp_path: Path) -> None:
    (tmp_path / ".hadolint.yaml").write_text(
        "ignored:\n  - SC2086\noverride:\n  error:\n    - SC2046\n", encoding="utf-8"
    )
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(DOCKERFILE, encoding="utf-8")
    config = config_for(dockerfile, default_registry())
    found = [c for c in codes(config=config) if " SC" in c]
    assert found == ["2:13 SC2154 warning", "3:11 SC2046 error"]
