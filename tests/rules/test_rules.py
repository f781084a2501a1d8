"""Every rule: its fixtures (and the awkward syntax they cover), its documentation, and the
examples in its documentation."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path

import pytest

from dlint_dockerfile.lint.registry import RuleSpec, default_registry, every_rule
from dlint_dockerfile.lint.rule import CATEGORIES, DOC_HEADINGS, Rule
from dlint_dockerfile.lint.runner import LintSettings, lint_text
from dlint_dockerfile.syntax import Dockerfile, Instruction, parse
from tests.rules.fixture_runner import TAGS, Case, RuleFixtures, load_fixtures, run_case

CASES = [case for fixtures in load_fixtures() for case in fixtures.cases]
RULES = default_registry().rules
_BLOCK = re.compile(r"```dockerfile\n(.*?)```", re.DOTALL)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_fixture(case: Case, tmp_path: Path) -> None:
    found = run_case(case, tmp_path)
    if case.kind == "fire":
        assert found == case.expect
        assert found, "a must-fire fixture must expect at least one finding"
    else:
        assert found == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_fire_and_pass_fixtures(rule: type[Rule]) -> None:
    kinds = {c.kind for c in CASES if c.rule == rule.code}
    assert kinds == {"fire", "pass"}, f"{rule.code} needs must-fire and must-not-fire fixtures"


@pytest.mark.parametrize("fixtures", load_fixtures(), ids=lambda f: f.rule)
def test_fixtures_cover_every_tag(fixtures: RuleFixtures) -> None:
    covered = {tag for case in fixtures.cases for tag in case.tags}
    missing = [t for t in TAGS if t not in covered and t not in fixtures.not_applicable]
    assert not missing, (
        f"{fixtures.rule}: no fire or pass case tagged {missing}: add one, or say why the tag "
        "cannot apply under not_applicable"
    )
    both = sorted(covered & set(fixtures.not_applicable))
    assert not both, f"{fixtures.rule}: {both} both covered and not applicable"
    for tag, reason in fixtures.not_applicable.items():
        assert isinstance(reason, str) and reason.strip(), f"{fixtures.rule}: why not {tag}?"


@pytest.mark.parametrize("case", [c for c in CASES if c.tags], ids=lambda c: c.id)
def test_fixture_tags_are_true(case: Case) -> None:
    tree = parse(case.dockerfile)
    for tag in case.tags:
        assert _HAS_TAG[tag](tree), f"tagged {tag}, but the Dockerfile has no such syntax"


def _instructions(tree: Dockerfile) -> Iterator[Instruction]:
    """Every instruction, ONBUILD triggers included."""
    for instruction in tree.instructions:
        yield instruction
        if instruction.inner is not None:
            yield instruction.inner


def _own_text(instruction: Instruction) -> str:
    """The instruction without its leading comments and its heredoc bodies."""
    return "".join(part.code for part in instruction.parts)


def _continued_comment(tree: Dockerfile) -> bool:
    """A comment line inside a continued instruction, or after a continued line of a
    heredoc script."""
    for instruction in _instructions(tree):
        if any(line.lstrip().startswith("#") for line in _own_text(instruction).split("\n")[1:]):
            return True
        for heredoc in instruction.heredocs:
            lines = heredoc.body.split("\n")
            if any(
                a.endswith("\\") and b.lstrip().startswith("#") for a, b in pairwise(lines)
            ):
                return True
    return False


#: What each tag claims about a case's Dockerfile.
_HAS_TAG: dict[str, Callable[[Dockerfile], bool]] = {
    "onbuild": lambda tree: any(i.name == "ONBUILD" for i in tree.instructions),
    "heredoc": lambda tree: any(i.heredocs for i in _instructions(tree)),
    "lowercase": lambda tree: any(
        i.keyword.raw != i.keyword.raw.upper() for i in _instructions(tree)
    ),
    "continuation-comment": _continued_comment,
    "variable": lambda tree: any(
        i.name in ("ARG", "ENV")
        or "$" in _own_text(i)
        or any("$" in h.body for h in i.heredocs)
        for i in _instructions(tree)
    ),
}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_metadata_and_docs(rule: type[Rule]) -> None:
    assert re.fullmatch(r"DLX\d{3}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert rule.category in CATEGORIES
    assert rule.fix in ("never", "sometimes", "always")
    docs = rule.docs()
    assert docs.summary, "a one-line summary first"
    assert list(docs.sections) == list(DOC_HEADINGS), f"{rule.code} headings"
    for heading in DOC_HEADINGS:
        assert docs.sections[heading].strip(), f"{rule.code}: empty '{heading}'"
    assert _BLOCK.search(docs.sections["Example"]), f"{rule.code}: Example needs a dockerfile block"


@pytest.mark.parametrize(
    "rule",
    [r for r in RULES if not getattr(r.rule_class, "needs_context", False)],
    ids=lambda r: r.code,
)
def test_documented_example_fires_and_fix_does_not(rule: type[Rule]) -> None:
    docs = rule.docs()
    registry = default_registry()
    settings = LintSettings(registry.rules, registry=registry)
    example = _BLOCK.search(docs.sections["Example"])
    assert example is not None
    settings.settings = dict(getattr(rule.rule_class, "example_settings", {}))
    fired = [d for d in lint_text(example.group(1), settings).diagnostics if _owned(rule, d.code)]
    assert fired, f"{rule.code}: the documented example must fire"
    better = _BLOCK.search(docs.sections["Use instead"])
    if better is not None:
        after = lint_text(better.group(1), settings).diagnostics
        assert [d for d in after if _owned(rule, d.code)] == [], f"{rule.code}: 'Use instead' fires"


def test_every_tag_has_a_check() -> None:
    assert list(_HAS_TAG) == list(TAGS)


def test_codes_names_and_aliases_are_unique() -> None:
    keys = [k.upper() for r in RULES for k in (r.code, r.name)]
    assert len(keys) == len(set(keys))


def test_generated_index_is_current() -> None:
    from dlint_dockerfile.lint.generate import INDEX_PATH, index_source

    index = Path(__file__).resolve().parents[2] / INDEX_PATH
    assert index.read_text(encoding="utf-8") == index_source(every_rule()), (
        f"{index} is stale: run python -m dlint_dockerfile.lint.generate"
    )


def test_generated_docs_are_current() -> None:
    from dlint_dockerfile.lint.docs import compatibility_table, rule_markdown, rules_index

    docs = Path(__file__).resolve().parents[2] / "docs" / "rules"
    registry = every_rule()
    for rule in registry.rules:
        page = docs / f"{rule.code}.md"
        assert page.read_text(encoding="utf-8") == rule_markdown(rule), (
            f"{page} is stale: run python -m dlint_dockerfile.lint.generate"
        )
    assert (docs / "README.md").read_text(encoding="utf-8") == rules_index(registry)
    assert (docs / "compatibility.md").read_text(encoding="utf-8") == compatibility_table(registry)
    listed = {p.stem for p in docs.glob("DLX*.md")}
    assert listed == {r.code for r in registry.rules}, "docs/rules has pages of removed rules"


def _owned(rule: type[Rule], code: str) -> bool:
    """Whether ``rule`` reported a finding with ``code`` (its own or an emitted code)."""
    return code == rule.code or bool(rule.emits and code.startswith(rule.emits))


NEEDS_SETTING = [r for r in RULES if r.requires_setting]


@pytest.mark.parametrize("rule", NEEDS_SETTING, ids=lambda r: r.code)
def test_rule_needing_a_setting_is_silent_without_it(rule: RuleSpec) -> None:
    """``requires_setting`` is honest: run anyway on its must-fire cases without the
    setting, the rule reports nothing (the engine skips it unloaded)."""
    from dataclasses import replace

    cases = [c for c in CASES if c.rule == rule.code and c.kind == "fire"]
    assert cases, f"{rule.code} has no must-fire case"
    forced = replace(rule, requires_setting="")
    for case in cases:
        assert not case.files, "a case with a build context needs the fixture runner"
        settings = {k: v for k, v in case.settings.items() if k != rule.requires_setting}
        found = lint_text(case.dockerfile, LintSettings((forced,), settings=settings))
        assert found.diagnostics == [], case.name
        with_setting = lint_text(case.dockerfile, LintSettings((forced,), settings=case.settings))
        assert with_setting.diagnostics, f"{case.name}: the case fires with the setting"


def test_rule_needing_an_unset_setting_is_not_imported(tmp_path: Path) -> None:
    import subprocess
    import sys

    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text('FROM alpine:3.20\nLABEL version=""\n', encoding="utf-8")
    code = (
        "import sys\n"
        "from dlint_dockerfile.cli import main\n"
        f"main(['--no-cache', {str(dockerfile)!r}])\n"
        "print('dlint_dockerfile.rules.style.dlx914_empty_label' in sys.modules)\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    ).stdout.split()[-1]
    assert loaded == "False"
