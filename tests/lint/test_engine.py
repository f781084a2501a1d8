"""The engine: dispatch, ONBUILD, selection, severities, suppressions, ordering."""

from __future__ import annotations

from typing import ClassVar

import pytest

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.registry import Registry, RuleSpec, SelectorError, default_registry
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.lint.runner import LintSettings, lint_text
from dlint_dockerfile.syntax import Instruction

_DOC = """{summary}

## What it does
Test rule.

## Why
Tests.

## Example
```dockerfile
FROM a
```

## Use instead
```dockerfile
FROM a
```

## Fix safety
None.
"""


class EveryRun(Rule):
    __doc__ = _DOC.format(summary="Reports every RUN.")
    code = "TST901"
    name = "every-run"
    aliases = ("DL9901", "EveryRunCheck")
    category = "style"
    severity = Severity.INFO

    def visit_run(self, instruction: Instruction) -> None:
        self.report(instruction.keyword, f"RUN {instruction.values[0]}")


class CountingRule(Rule):
    __doc__ = _DOC.format(summary="Counts instructions, reports at the end.")
    code = "TST902"
    name = "counting"
    category = "layers"
    severity = Severity.WARNING

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.count = 0

    def visit_instruction(self, instruction: Instruction) -> None:
        self.count += 1

    def finish(self) -> None:
        first = self.model.instructions[0]
        self.report(first.keyword, f"{self.count} instructions")


class OptIn(Rule):
    __doc__ = _DOC.format(summary="Off by default.")
    code = "TST903"
    name = "opt-in"
    category = "security"
    default_enabled = False

    def visit_from(self, instruction: Instruction) -> None:
        self.report(instruction.keyword, "from")


class DerivingRule(Rule):
    __doc__ = _DOC.format(summary="Derives from each RUN twice, records what it sees.")
    code = "TST904"
    name = "deriving"
    category = "style"
    default_enabled = False
    computed: ClassVar[list[str]] = []
    held: ClassVar[list[int]] = []

    def visit_run(self, instruction: Instruction) -> None:
        for _ in range(2):
            self.model.derive("words", instruction, lambda: self._compute(instruction))
        type(self).held.append(len(self.model.instruction_memo))

    def _compute(self, instruction: Instruction) -> str:
        type(self).computed.append(instruction.values[0])
        return instruction.values[0]


TEST_REGISTRY = Registry([EveryRun, CountingRule, OptIn, *default_registry().rules])


def run(text: str, *selectors: str, severities: dict[str, Severity] | None = None) -> list[str]:
    rules: list[type[Rule]] = []
    for selector in selectors or ("TST901",):
        rules.extend(r for r in TEST_REGISTRY.resolve(selector) if r not in rules)
    settings = LintSettings(tuple(rules), severities or {}, registry=TEST_REGISTRY)
    result = lint_text(text, settings, path="Dockerfile")
    return [f"{d.range.start} {d.code} {d.severity.label} {d.message}" for d in result.diagnostics]


def test_dispatch_by_instruction_and_onbuild_inheritance() -> None:
    text = "FROM a\nRUN one\nONBUILD RUN two\nonbuild run three\nCOPY a b\n"
    assert run(text) == [
        "2:1 TST901 info RUN one",
        "3:9 TST901 info RUN two",
        "4:9 TST901 info RUN three",
    ]


def test_derived_data_is_computed_once_and_dropped_after_its_instruction() -> None:
    """`DockerfileModel.derive` shares a value among the rules visiting an instruction;
    the engine drops it once they all have, so a big file never holds all of it."""
    DerivingRule.computed.clear()
    DerivingRule.held.clear()
    registry = Registry([DerivingRule, *default_registry().rules])
    rules = (DerivingRule, *registry.resolve("DLX303"))
    text = "FROM a\nRUN one\nRUN two\nONBUILD RUN three\n"
    lint_text(text, LintSettings(rules, {}, registry=registry), path="Dockerfile")
    assert DerivingRule.computed == ["one", "two", "three"]
    # what a RUN's visit sees: its own value, and DLX303's cache analysis if it came first
    assert all(1 <= held <= 2 for held in DerivingRule.held), DerivingRule.held


def test_error_instructions_are_not_dispatched_to_typed_visits() -> None:
    assert run('FROM a\nRUN ["x", 1]\nRUN ok\n') == ["3:1 TST901 info RUN ok"]
    assert run("FROM a\nRUN ok\nFOO\n", "TST902") == ["1:1 TST902 warning 3 instructions"]


def test_finish_and_per_file_state() -> None:
    assert run("FROM a\nRUN x\n", "TST902") == ["1:1 TST902 warning 2 instructions"]
    assert run("FROM a\n", "TST902") == ["1:1 TST902 warning 1 instructions"]


@pytest.mark.parametrize(
    ("selector", "codes"),
    [
        ("TST901", ["TST901"]),
        ("every-run", ["TST901"]),
        ("DL9901", ["TST901"]),
        ("everyruncheck", ["TST901"]),
        ("TST90", ["TST901", "TST902", "TST903"]),
        ("style", ["TST901"]),
        ("layers", ["TST902"]),
    ],
)
def test_selection(selector: str, codes: list[str]) -> None:
    assert [r.code for r in TEST_REGISTRY.resolve(selector) if r.code.startswith("TST90")] == codes


def test_all_selects_opt_in_rules_too() -> None:
    assert RuleSpec.of(OptIn) in TEST_REGISTRY.resolve("ALL")
    assert RuleSpec.of(OptIn) not in LintSettings.default().rules


def test_unknown_selector_suggests() -> None:
    with pytest.raises(SelectorError) as info:
        TEST_REGISTRY.resolve("every-rnu")
    assert info.value.suggestion == "every-run"
    assert "did you mean every-run?" in str(info.value)
    with pytest.raises(SelectorError):
        TEST_REGISTRY.resolve("7")


def test_severity_override() -> None:
    assert run("FROM a\nRUN x\n", severities={"TST901": Severity.ERROR}) == [
        "2:1 TST901 error RUN x"
    ]


@pytest.mark.parametrize(
    "comment",
    [
        "# dlint: ignore=TST901",
        "# dlint: ignore=every-run -- reason here",
        "# dlint:ignore=TST9,TST902",
        "# hadolint ignore=DL9901",
        "# check=skip=EveryRunCheck",
        "#   DLINT: IGNORE=style",
    ],
)
def test_instruction_suppressions(comment: str) -> None:
    text = f"FROM a\n{comment}\nRUN hidden\nRUN shown\n"
    found = run(text, "TST901", "DLX014", "DLX015")
    assert found == ["4:1 TST901 info RUN shown"]


@pytest.mark.parametrize(
    "comment",
    [
        "# dlint: ignore-file=TST901",
        "# hadolint global ignore=DL9901",
    ],
)
def test_file_suppressions(comment: str) -> None:
    text = f"{comment}\nFROM a\nRUN hidden\n# other\nRUN hidden too\n"
    assert run(text, "TST901", "DLX014") == []


def test_check_directive_suppresses_file() -> None:
    text = "# check=skip=EveryRunCheck;error=false\nFROM a\nRUN x\n"
    assert run(text, "TST901", "DLX014", "DLX003") == []
    assert run("# check=skip=all\nFROM a\nRUN x\n", "TST901") == []


def test_suppression_in_multi_comment_block_directly_above() -> None:
    text = "FROM a\n# dlint: ignore=TST901\n# explain why\nRUN x\n"
    assert run(text, "TST901", "DLX014") == []


def test_unused_and_invalid_suppressions_are_reported() -> None:
    text = (
        "FROM a\n"
        "# dlint: ignore=TST901,TST902\n"
        "RUN x\n"
        "# hadolint ignore=DL9999\n"
        "COPY a b\n"
        "# dlint: ignore TST901\n"
        "RUN y\n"
    )
    assert run(text, "TST901", "TST902", "DLX014", "DLX015") == [
        "1:1 TST902 warning 4 instructions",
        "2:1 DLX014 info unused suppression: TST902 reported nothing here",
        "4:1 DLX015 warning unknown rule or category 'DL9999' (did you mean DL9901?)",
        "6:1 DLX015 warning malformed suppression '# dlint: ignore TST901': expected "
        "'# dlint: ignore=CODE[,CODE] [-- reason]' or '# dlint: ignore-file=CODE'",
        "7:1 TST901 info RUN y",
    ]


def test_suppression_findings_follow_selection_and_severity() -> None:
    text = "FROM a\n# dlint: ignore=TST901\nCOPY a b\n"
    assert run(text, "TST901") == []  # DLX014 not selected
    assert run(text, "TST901", "DLX014", severities={"DLX014": Severity.ERROR}) == [
        "2:1 DLX014 error unused suppression: TST901 reported nothing here"
    ]


def test_suppression_of_rule_that_did_not_run_is_not_unused() -> None:
    assert run("FROM a\n# dlint: ignore=TST902\nRUN x\n", "TST901", "DLX014") == [
        "3:1 TST901 info RUN x"
    ]


def test_findings_sorted_deterministically() -> None:
    text = "FROM a\nRUN z\nRUN a\n"
    first = run(text, "TST901", "TST902")
    assert first == run(text, "TST902", "TST901")
    assert first == [
        "1:1 TST902 warning 3 instructions",
        "2:1 TST901 info RUN z",
        "3:1 TST901 info RUN a",
    ]


def test_every_syntax_of_the_default_registry_is_listed_once() -> None:
    from dlint_dockerfile.rules import all_rules

    ALL_RULES = all_rules()
    assert len(ALL_RULES) == len(set(ALL_RULES))
    loaded = tuple(spec.rule_class for spec in default_registry().rules)
    assert loaded == tuple(sorted(ALL_RULES, key=lambda r: r.code))
