"""Rule documentation, generated from each rule's metadata and docstring.

``dlint rule CODE`` prints `rule_markdown`; ``python -m dlint_dockerfile.lint.generate``
writes ``docs/rules/<CODE>.md``, ``docs/rules/README.md`` and ``compatibility.md`` (a test
checks they are current).
"""

from __future__ import annotations

import sys
from pathlib import Path

from dlint_dockerfile.lint.registry import Registry, RuleSpec, default_registry
from dlint_dockerfile.lint.rule import CATEGORIES

__all__ = ["compatibility_table", "rule_markdown", "rules_index", "source_path", "write_docs"]

#: Where each rule's fixtures live in the repository (cases that must fire, must not fire, fixes).
FIXTURES = "tests/rules/fixtures"


def source_path(rule: RuleSpec) -> str:
    """The rule's source, relative to the folder holding the package: its module, or the
    folder of a rule that is a package (``dlint_dockerfile/rules/multistage/dlx609_.../``)."""
    module = sys.modules[rule.rule_class.__module__]
    file = Path(module.__file__ or "")
    top = Path(sys.modules[__package__.partition(".")[0]].__file__ or "").parent.parent
    if file.name == "__init__.py":
        return file.parent.relative_to(top).as_posix() + "/"
    return file.relative_to(top).as_posix()

def rule_markdown(rule: RuleSpec) -> str:
    """The full documentation of one rule, as Markdown."""
    docs = rule.docs()
    aliases = ", ".join(f"`{a}`" for a in rule.aliases) or "none"
    lines = [
        f"# {rule.code} `{rule.name}`",
        "",
        docs.summary,
        "",
        f"- Category: {rule.category}",
        f"- Default severity: {rule.severity.label}",
        f"- Enabled by default: {'yes' if rule.default_enabled else 'no (select it to enable)'}",
        f"- Fix: {rule.fix}",
        f"- Aliases: {aliases}",
        f"- Source: [`{source_path(rule)}`](../../{source_path(rule)})",
        f"- Fixtures: [`{FIXTURES}/{rule.code}.yaml`](../../{FIXTURES}/{rule.code}.yaml)",
    ]
    if rule.settings:
        keys = ", ".join(f"`{k}`" for k in sorted(rule.settings))
        lines.append(f"- Settings: {keys}")
    lines.append("")
    for heading, content in docs.sections.items():
        lines += [f"## {heading}", "", content, ""]
    return "\n".join(lines).rstrip() + "\n"


def rules_index(registry: Registry) -> str:
    """A table of every rule, grouped by category."""
    generated = "Generated from the rule metadata: `python -m dlint_dockerfile.lint.generate`."
    lines = ["# Rules", "", generated, ""]
    for category in CATEGORIES:
        rules = [r for r in registry.rules if r.category == category]
        if not rules:
            continue
        lines += [f"## {category}", "", "| code | name | aliases | severity | fix | summary |"]
        lines.append("| --- | --- | --- | --- | --- | --- |")
        for rule in rules:
            aliases = ", ".join(rule.aliases)
            lines.append(
                f"| [{rule.code}]({rule.code}.md) | {rule.name} | {aliases} | "
                f"{rule.severity.label} | {rule.fix} | {rule.summary()} |"
            )
        lines.append("")
    return "\n".join(lines)


def compatibility_table(registry: Registry) -> str:
    """Every hadolint DL code and BuildKit check, with the dlint rule that covers it."""
    from dlint_dockerfile.lint.foreign import BUILDKIT_CHECK_NAMES, HADOLINT_CODES, no_rule_reason

    by_alias: dict[str, list[str]] = {}
    for rule in registry.rules:
        for alias in rule.aliases:
            by_alias.setdefault(alias.upper(), []).append(
                f"[{rule.code}]({rule.code}.md) {rule.name}"
            )
    lines = [
        "# Compatibility with hadolint and BuildKit checks",
        "",
        "Generated from the rule metadata: `python -m dlint_dockerfile.lint.generate`.",
        "Suppressions and configuration may name these codes; they select the dlint rule shown.",
        "",
        "| code | dlint rule |",
        "| --- | --- |",
    ]
    for code in [*sorted(HADOLINT_CODES), *BUILDKIT_CHECK_NAMES]:
        rules = by_alias.get(code.upper())
        if rules:
            lines.append(f"| {code} | {', '.join(rules)} |")
        else:
            reason = no_rule_reason(code)
            lines.append(f"| {code} | none: {reason} |")
    for rule in registry.rules:
        if rule.emits:
            lines.append(
                f"| {rule.emits}xxxx (every code) | [{rule.code}]({rule.code}.md) {rule.name} |"
            )
    return "\n".join(lines) + "\n"


def write_docs(target: Path, registry: Registry | None = None) -> list[Path]:
    """Write every rule page and the index into ``target``; returns the files written."""
    registry = registry or default_registry()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for rule in registry.rules:
        path = target / f"{rule.code}.md"
        path.write_text(rule_markdown(rule), encoding="utf-8")
        written.append(path)
    index = target / "README.md"
    index.write_text(rules_index(registry), encoding="utf-8")
    written.append(index)
    compatibility = target / "compatibility.md"
    compatibility.write_text(compatibility_table(registry), encoding="utf-8")
    written.append(compatibility)
    return written
