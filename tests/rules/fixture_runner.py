"""Rule fixtures: one YAML file per rule with cases that must fire and must not fire,
and before/after cases for its fix.

Each case gives a Dockerfile and, for ``fire`` cases, the exact findings of that rule as
``"START-END message"`` strings (1-based ``line:column``, end exclusive). Optional
``files`` create a build context beside the Dockerfile; ``settings`` set rule settings;
``tags`` (from `TAGS`) say which awkward syntax a case exercises.
A ``fix`` case gives ``before`` and ``after`` texts: the fix loop with only this rule
selected turns one into the other; ``files_after`` gives the other files the fix writes
(path in the context → their whole text; a fix that writes none must not have it);
``unsafe: true`` says the fix needs ``--unsafe-fixes``
(and changes nothing without it). A ``no_fix`` case gives a ``dockerfile`` the rule fires
on but must not change, even with ``--unsafe-fixes`` (a fix refused where it would change
more than its rule's page says). A top-level ``not_applicable`` maps each tag the rule's
fire and pass cases do not cover to the one-line reason it cannot apply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from dlint_dockerfile.lint.diagnostic import FileResult
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.lint.runner import LintSettings, lint_text
from dlint_dockerfile.model.context import BuildContext

FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: The awkward syntax every rule's fire and pass cases cover (DESIGN.md section 5), unless
#: the fixture file says why a tag cannot apply to the rule.
TAGS = ("onbuild", "heredoc", "lowercase", "continuation-comment", "variable")
_CASE_KEYS = {"name", "dockerfile", "files", "settings", "tags", "path", "select"}
_KEYS = {
    "fire": _CASE_KEYS | {"expect"},
    "pass": _CASE_KEYS,
    "fix": {"name", "before", "after", "unsafe", "settings", "select", "files", "files_after"},
    "no_fix": {"name", "dockerfile", "unsafe", "settings", "select", "files"},
}


@dataclass
class Case:
    rule: str
    kind: str  # "fire" or "pass"
    name: str
    dockerfile: str
    expect: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    path: str = "Dockerfile"
    #: Other rules to run alongside (e.g. the ones a suppression names).
    select: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.kind}-{self.name}"


@dataclass
class FixCase:
    rule: str
    name: str
    before: str
    after: str
    unsafe: bool = False
    settings: dict[str, Any] = field(default_factory=dict)
    select: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    #: Other files the fix writes: context path → text.
    files_after: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.rule}-fix-{self.name}"


@dataclass
class RuleFixtures:
    """One rule's fixture file: fire and pass cases, fix cases, and ``no_fix`` cases as fix
    cases whose ``after`` is their ``before``."""

    rule: str
    cases: list[Case]
    fixes: list[FixCase]
    no_fixes: list[FixCase]
    #: Tag → why it cannot apply to this rule.
    not_applicable: dict[str, str]


@cache
def load_fixtures() -> tuple[RuleFixtures, ...]:
    """Every fixture file, by rule code; a key or tag the format does not know fails."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    loaded = []
    for file in sorted(FIXTURES.glob("*.yaml")):
        data = yaml.load(file.read_text(encoding="utf-8"))
        rule = data["rule"]
        assert file.stem == rule, f"{file.name} must be named after its rule"
        unknown = set(data) - {"rule", "not_applicable", *_KEYS}
        assert not unknown, f"{file.name}: unknown keys {sorted(unknown)}"
        for kind, keys in _KEYS.items():
            for entry in data.get(kind) or []:
                unknown = set(entry) - keys
                assert not unknown, f"{file.name} {kind} {entry['name']!r}: unknown {unknown}"
                tags = set(entry.get("tags") or [])
                assert tags <= set(TAGS), f"{file.name} {entry['name']!r}: tags from {TAGS}"
        not_applicable = dict(data.get("not_applicable") or {})
        assert set(not_applicable) <= set(TAGS), f"{file.name}: not_applicable tags from {TAGS}"
        loaded.append(
            RuleFixtures(
                rule,
                [_case(rule, kind, e) for kind in ("fire", "pass") for e in data.get(kind) or []],
                [_fix_case(rule, e) for e in data.get("fix") or []],
                [
                    _fix_case(rule, {**e, "before": e["dockerfile"], "after": e["dockerfile"]})
                    for e in data.get("no_fix") or []
                ],
                not_applicable,
            )
        )
    return tuple(loaded)


def _case(rule: str, kind: str, entry: dict[str, Any]) -> Case:
    return Case(
        rule,
        kind,
        entry["name"],
        entry["dockerfile"],
        list(entry.get("expect") or []),
        dict(entry.get("files") or {}),
        dict(entry.get("settings") or {}),
        list(entry.get("tags") or []),
        entry.get("path", "Dockerfile"),
        list(entry.get("select") or []),
    )


def _fix_case(rule: str, entry: dict[str, Any]) -> FixCase:
    return FixCase(
        rule,
        entry["name"],
        entry["before"],
        entry["after"],
        bool(entry.get("unsafe", False)),
        dict(entry.get("settings") or {}),
        list(entry.get("select") or []),
        dict(entry.get("files") or {}),
        dict(entry.get("files_after") or {}),
    )


def _prepare(
    code: str,
    select: list[str],
    rule_settings: dict[str, Any],
    files: dict[str, str],
    text: str,
    path: str,
    tmp_path: Path,
) -> tuple[type[Rule], LintSettings, Path | None, BuildContext | None]:
    """The rule, the settings selecting it (and ``select``), and the build context made of
    ``files`` with the Dockerfile at ``path`` (none without files)."""
    from dlint_dockerfile.lint.registry import default_registry

    registry = default_registry()
    rule = registry.get(code)
    assert rule is not None, f"no rule {code}"
    extra = [registry.get(other) for other in select]
    rules = (rule, *(r for r in extra if r is not None))
    settings = LintSettings(rules, settings=rule_settings, registry=registry)
    if not files:
        return rule, settings, None, None
    for name, content in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    file_path = tmp_path / path
    file_path.parent.mkdir(parents=True, exist_ok=True)
    file_path.write_text(text, encoding="utf-8")
    return rule, settings, file_path, BuildContext.for_dockerfile(file_path)


def run_fix_case(case: FixCase, tmp_path: Path, *, unsafe: bool) -> str:
    """The text after the fix loop with only the case's rule (and ``select``) selected."""
    return run_fix(case, tmp_path, unsafe=unsafe)[0]


def run_fix(case: FixCase, tmp_path: Path, *, unsafe: bool) -> tuple[str, dict[str, str]]:
    """The text after the fix loop, and the other files it writes (context path → text)."""
    from dlint_dockerfile.lint.fixing import fix_text

    _, settings, file_path, context = _prepare(
        case.rule, case.select, case.settings, case.files, case.before, "Dockerfile", tmp_path
    )
    outcome = fix_text(case.before, settings, unsafe=unsafe, file_path=file_path, context=context)
    others = {
        Path(path).relative_to(tmp_path).as_posix(): text
        for path, (_, text) in outcome.files.items()
    }
    return outcome.text, others


def lint_case(case: Case, tmp_path: Path) -> FileResult:
    """The case linted as ``case.path``, with the findings of its rule only (and the codes
    the rule emits): what the fixture expects and what the snapshot renders."""
    rule, settings, file_path, context = _prepare(
        case.rule, case.select, case.settings, case.files, case.dockerfile, case.path, tmp_path
    )
    result = lint_text(
        case.dockerfile, settings, path=case.path, file_path=file_path, context=context
    )
    result.diagnostics = [
        d
        for d in result.diagnostics
        if d.code == rule.code or (rule.emits and d.code.startswith(rule.emits))
    ]
    return result


def run_case(case: Case, tmp_path: Path) -> list[str]:
    """The rule's findings on the case, as ``"range message"`` strings."""
    return [
        f"{d.range} {d.message}" if d.code == case.rule else f"{d.range} {d.code} {d.message}"
        for d in lint_case(case, tmp_path).diagnostics
    ]


def update(names: list[str]) -> None:
    """Rewrite the ``expect`` lists of must-fire cases from the current output.

    A development aid (``python -m tests.rules.fixture_runner DLX005``): review the diff.
    """
    import tempfile

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096
    results = {
        c.id: run_case(c, Path(tempfile.mkdtemp()))
        for fixtures in load_fixtures()
        if not names or fixtures.rule in names
        for c in fixtures.cases
    }
    for file in sorted(FIXTURES.glob("*.yaml")):
        if names and file.stem not in names:
            continue
        data = yaml.load(file.read_text(encoding="utf-8"))
        for entry in data.get("fire") or []:
            entry["expect"] = results[f"{data['rule']}-fire-{entry['name']}"]
        for entry in data.get("fix") or []:
            case = _fix_case(data["rule"], entry)
            after, others = run_fix(case, Path(tempfile.mkdtemp()), unsafe=True)
            entry["after"] = _literal(after)
            if others:
                entry["files_after"] = {name: _literal(text) for name, text in others.items()}
        with file.open("w", encoding="utf-8") as stream:
            yaml.dump(data, stream)


def _literal(text: str) -> object:
    """A YAML block scalar when the text allows one (readable fixtures)."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    if text.endswith("\n") and "\r" not in text and "\t" not in text and text.strip():
        return LiteralScalarString(text)
    return text


if __name__ == "__main__":
    import sys

    update(sys.argv[1:])
