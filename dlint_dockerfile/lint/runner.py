"""The lint engine: one file in, sorted diagnostics out.

Per file: parse once, build the model once, make a fresh instance of each selected rule,
dispatch every instruction to the rules that visit its type (an ONBUILD trigger is also
dispatched as its inner instruction), call ``finish``, then apply suppressions and
severity overrides and report unused or invalid suppressions.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlint_dockerfile.lint.diagnostic import Diagnostic, FileResult, Severity
from dlint_dockerfile.lint.registry import Registry, RuleSpec, SelectorError, default_registry
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.lint.suppression import Suppression, SuppressionSet, find_suppressions
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.syntax import ErrorInstruction, Instruction, parse

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.context import BuildContext

__all__ = ["FileResult", "LintSettings", "lint_model", "lint_text"]

#: Codes of the engine's own suppression findings.
UNUSED_SUPPRESSION = "DLX014"
INVALID_SUPPRESSION = "DLX015"


@dataclass
class LintSettings:
    """Which rules run on a file and how their findings are graded. ``rules`` may be given
    as rule classes (tests do); they are kept as `RuleSpec`s."""

    rules: tuple[RuleSpec, ...]
    severities: dict[str, Severity] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    registry: Registry = field(default_factory=default_registry)

    @classmethod
    def default(cls) -> LintSettings:
        registry = default_registry()
        return cls(tuple(r for r in registry.rules if r.default_enabled), registry=registry)

    #: Foreign-code selection (see `Rule.emits`): rule code → the code prefixes it may
    #: report (absent: all), and code prefixes never reported.
    only_codes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ignored_codes: tuple[str, ...] = ()
    #: Called with the rule class and the exception when a rule raises (an editor must
    #: keep serving): that rule is switched off for the rest of the file and what it
    #: reported on the file dropped. None: the exception propagates (a bug to show).
    on_rule_failure: Callable[[type[Rule], Exception], None] | None = None

    def __post_init__(self) -> None:
        rules: tuple[RuleSpec | type[Rule], ...] = self.rules
        if not all(isinstance(r, RuleSpec) for r in rules):
            self.rules = tuple(r if isinstance(r, RuleSpec) else RuleSpec.of(r) for r in rules)

    def is_selected(self, code: str) -> bool:
        return any(r.code == code for r in self.rules)

    def reports(self, rule_code: str, code: str) -> bool:
        """Whether a finding with ``code`` (one of rule ``rule_code``'s foreign codes, or
        the rule's own) passes the code-level selection."""
        if code == rule_code:
            return True
        upper = code.upper()
        if any(upper.startswith(prefix) for prefix in self.ignored_codes):
            return False
        only = self.only_codes.get(rule_code)
        return only is None or any(upper.startswith(prefix) for prefix in only)

    def severity_for(self, rule_code: str, code: str) -> Severity | None:
        """The configured severity of a finding: by its code, by the longest matching
        code prefix, then by its rule."""
        found = self.severities.get(code)
        if found is not None or code == rule_code:
            return found
        upper = code.upper()
        prefixes = [p for p in self.severities if upper.startswith(p) and p != rule_code]
        if prefixes:
            return self.severities[max(prefixes, key=len)]
        return self.severities.get(rule_code)


def lint_text(
    text: str,
    settings: LintSettings | None = None,
    *,
    path: str = "-",
    file_path: Path | None = None,
    context: BuildContext | None = None,
) -> FileResult:
    """Lint Dockerfile source; ``path`` is how findings name the file."""
    model = DockerfileModel(parse(text), file_path, context)
    diagnostics = lint_model(model, settings or LintSettings.default())
    return FileResult(path, [_with_path(d, path) for d in diagnostics], text)


def _with_path(d: Diagnostic, path: str) -> Diagnostic:
    # the constructor directly: `dataclasses.replace` costs several times as much
    return Diagnostic(
        d.code,
        d.name,
        d.message,
        d.severity,
        d.start,
        d.end,
        d.range,
        d.aliases,
        d.fix,
        path,
        d.data,
    )


def lint_model(model: DockerfileModel, settings: LintSettings) -> list[Diagnostic]:
    """Run the selected rules over a built model; findings sorted by position."""
    guard = settings.on_rule_failure
    found: list[Diagnostic] = []
    rules: list[Rule | None] = []
    # a rule that visits only instructions this file lacks (and has no `finish`), or
    # lacks the setting it needs, is not even made, nor its module imported
    present = {i.name for i in model.instructions}
    present.update(i.inner.name for i in model.instructions if i.inner is not None)
    plan = _dispatch_plan(tuple(settings.rules))
    # unguarded, every rule reports into one list; guarded, each into a list of its own,
    # so that a failing rule's findings can be dropped
    reported = [found] if guard is None else [[] for _ in settings.rules]
    shared = RuleContext(model, settings.settings, found.append)
    for i, spec in enumerate(settings.rules):
        if not spec.can_fire(present, settings.settings):
            rules.append(None)
            continue
        ctx = shared if guard is None else RuleContext(model, settings.settings, reported[i].append)
        try:
            rules.append(spec.rule_class(ctx))
        except Exception as exc:
            if guard is None:
                raise
            guard(spec.rule_class, exc)
            rules.append(None)
    hooks = _Hooks(rules, plan)
    memo = model.instruction_memo
    for instruction in model.instructions:
        # What helpers derived for the instruction before: every rule has seen it, and
        # a rule looking back derives it again (kept for the whole file, it made a good
        # part of the peak memory on a big file).
        memo.clear()
        for hook in hooks.generic:
            try:
                hook(instruction)
            except Exception as exc:
                hooks.failed(hook, exc, guard)
        if isinstance(instruction, ErrorInstruction):
            continue
        for hook in hooks.dispatch.get(instruction.name, ()):
            try:
                hook(instruction)
            except Exception as exc:
                hooks.failed(hook, exc, guard)
        if instruction.name == "ONBUILD":
            inner = instruction.inner
            if inner is not None and not isinstance(inner, ErrorInstruction):
                for hook in hooks.dispatch.get(inner.name, ()):
                    try:
                        hook(inner)
                    except Exception as exc:
                        hooks.failed(hook, exc, guard)
    for rule in rules:
        if rule is not None and rule not in hooks.broken:
            try:
                rule.finish()
            except Exception as exc:
                hooks.failed(rule.finish, exc, guard)
    # What rule helpers derived may point back at the model (a cycle): drop it, so the
    # model is freed as soon as it is unused, without the garbage collector.
    memo.clear()
    if guard is not None:
        found = [
            d
            for rule, own in zip(rules, reported, strict=True)
            if rule is not None and rule not in hooks.broken
            for d in own
        ]
    return _finalize(model, settings, found)


class _Hooks:
    """The bound ``visit_*`` methods of a file's rule instances, by instruction name (and
    those visiting every instruction); a rule that fails is taken out of both."""

    def __init__(self, rules: list[Rule | None], plan: _DispatchPlan) -> None:
        by_name, generic_rules = plan
        self.dispatch: dict[str, list[Callable[[Instruction], None]]] = {
            name: [getattr(rules[i], method) for i, method in hooks if rules[i] is not None]
            for name, hooks in by_name.items()
        }
        self.generic: list[Callable[[Instruction], None]] = [
            rules[i].visit_instruction  # type: ignore[union-attr]
            for i in generic_rules
            if rules[i] is not None
        ]
        self.broken: set[Rule] = set()

    def failed(
        self,
        hook: Callable[..., None],
        exc: Exception,
        guard: Callable[[type[Rule], Exception], None] | None,
    ) -> None:
        """``hook`` raised ``exc``: re-raise it, or (guarded) report it and switch the
        rule off."""
        if guard is None:
            raise exc
        rule: Rule = hook.__self__  # type: ignore[attr-defined]
        self.broken.add(rule)
        self.generic = [h for h in self.generic if h.__self__ is not rule]  # type: ignore[attr-defined]
        self.dispatch = {
            name: [h for h in hooks if h.__self__ is not rule]  # type: ignore[attr-defined]
            for name, hooks in self.dispatch.items()
        }
        guard(type(rule), exc)


_DispatchPlan = tuple[dict[str, tuple[tuple[int, str], ...]], tuple[int, ...]]


@lru_cache(maxsize=64)  # selections differ per configuration file: a few are kept
def _dispatch_plan(rules: tuple[RuleSpec, ...]) -> _DispatchPlan:
    """Per instruction name, which rules (by position) visit it and with which method;
    and the rules with ``visit_instruction``. Made once per selection of rules."""
    table: dict[str, list[tuple[int, str]]] = {}
    for i, rule in enumerate(rules):
        for name in sorted(rule.instructions):
            table.setdefault(name, []).append((i, "visit_" + name.lower()))
    generic = tuple(i for i, rule in enumerate(rules) if rule.visits_every_instruction)
    return {name: tuple(hooks) for name, hooks in table.items()}, generic


def _finalize(
    model: DockerfileModel, settings: LintSettings, found: list[Diagnostic]
) -> list[Diagnostic]:
    index = model.index
    spans = {id(n): index.span(n)[0] for n in model.tree.directives}
    for instruction in model.instructions:
        for line in instruction.leading:
            spans[id(line)] = index.span(line)[0]
    for line in model.tree.footer:
        spans[id(line)] = index.span(line)[0]
    suppressions = find_suppressions(model.tree, spans)
    if settings.settings.get("disable-ignore-pragma"):  # hadolint's switch for its pragmas
        suppressions.items = [s for s in suppressions.items if s.syntax != "hadolint"]
    owners = _instruction_locator(model)
    kept: list[Diagnostic] = []
    for diagnostic in found:
        rule_code = _rule_code(diagnostic, settings.registry)
        if not settings.reports(rule_code, diagnostic.code):
            continue
        owner = owners(diagnostic.start)
        if _suppressed(diagnostic, suppressions, owner, settings.registry):
            continue
        override = settings.severity_for(rule_code, diagnostic.code)
        if override is not None and override != diagnostic.severity:
            diagnostic = replace(diagnostic, severity=override)
        kept.append(diagnostic)
    kept.extend(_suppression_findings(model, settings, suppressions))
    kept.sort(key=lambda d: d.sort_key)
    return kept


def _rule_code(diagnostic: Diagnostic, registry: Registry) -> str:
    """The code of the rule that reported ``diagnostic`` (its own code, or for a foreign
    code such as ``SC2086`` the rule reporting under it)."""
    if registry.get(diagnostic.code) is not None:
        return diagnostic.code
    rule = registry.get(diagnostic.name)
    return rule.code if rule is not None else diagnostic.code


def _instruction_locator(model: DockerfileModel) -> Callable[[int], Instruction | None]:
    index = model.index
    starts = [index.body_start(i) for i in model.instructions]
    ends = [index.span(i)[1] for i in model.instructions]

    def locate(offset: int) -> Instruction | None:
        i = bisect_right(starts, offset) - 1
        if i >= 0 and offset < ends[i]:
            return model.instructions[i]
        return None

    return locate


def _matches(selector: str, diagnostic: Diagnostic, registry: Registry) -> bool:
    key = selector.strip().upper()
    if key in ("ALL",):
        return True
    if registry.emitter(key) is not None:  # SC2086, SC2: a foreign code or code prefix
        return diagnostic.code.upper().startswith(key)
    if key == diagnostic.code.upper() or key == diagnostic.name.upper():
        return True
    if any(key == alias.upper() for alias in diagnostic.aliases):
        return True
    try:
        rules = registry.resolve(selector)
    except SelectorError:
        return False
    return any(r.code == diagnostic.code or r.name == diagnostic.name for r in rules)


def _suppressed(
    diagnostic: Diagnostic,
    suppressions: SuppressionSet,
    owner: Instruction | None,
    registry: Registry,
) -> bool:
    if diagnostic.code in (UNUSED_SUPPRESSION, INVALID_SUPPRESSION):
        return False
    hit = False
    for suppression in suppressions.items:
        if suppression.error is not None:
            continue
        if suppression.scope == "instruction" and suppression.target is not owner:
            continue
        for selector in suppression.selectors:
            if _matches(selector, diagnostic, registry):
                suppression.used.add(selector)
                hit = True
    return hit


def _suppression_findings(
    model: DockerfileModel, settings: LintSettings, suppressions: SuppressionSet
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    registry = settings.registry
    lines = model.index.lines
    for suppression in suppressions.items:
        message = _problem(suppression, registry, settings)
        if message is None:
            continue
        code, text, selectors = message
        if not settings.is_selected(code):
            continue
        rule = registry.get(code)
        assert rule is not None
        severity = settings.severities.get(code, rule.severity)
        builder = getattr(rule.rule_class, "suppression_fix", None)
        fix = builder(model, suppression, selectors, registry) if builder is not None else None
        out.append(
            Diagnostic(
                code=code,
                name=rule.name,
                message=text,
                severity=severity,
                start=suppression.start,
                end=suppression.end,
                range=lines.range(suppression.start, suppression.end),
                aliases=rule.aliases,
                fix=fix,
            )
        )
    return out


def _problem(
    suppression: Suppression, registry: Registry, settings: LintSettings
) -> tuple[str, str, tuple[str, ...]] | None:
    """The code and message of a suppression's finding, with the selectors concerned."""
    if suppression.error is not None:
        return INVALID_SUPPRESSION, suppression.error, ()
    unknown: list[tuple[str, str]] = []
    for selector in suppression.selectors:
        try:
            registry.resolve(selector)
        except SelectorError as exc:
            if not _known_foreign(selector):
                unknown.append((selector, str(exc)))
    if unknown:
        message = "; ".join(text for _, text in unknown)
        return INVALID_SUPPRESSION, message, tuple(s for s, _ in unknown)
    unused = [
        s
        for s in suppression.selectors
        if s not in suppression.used and _runs(s, registry, settings)
    ]
    if unused:
        names = ", ".join(unused)
        return (
            UNUSED_SUPPRESSION,
            f"unused suppression: {names} reported nothing here",
            tuple(unused),
        )
    return None


def _runs(selector: str, registry: Registry, settings: LintSettings) -> bool:
    """Only a selector whose rules ran can be called unused."""
    try:
        rules = registry.resolve(selector)
    except SelectorError:
        return False
    emitter = registry.emitter(selector)
    if emitter is not None:
        code = selector.strip().upper()
        return (
            emitter in settings.rules
            and emitter.available()
            and settings.reports(emitter.code, code)
        )
    return any(r in settings.rules and r.available() for r in rules)


def _known_foreign(selector: str) -> bool:
    """A hadolint or BuildKit code dlint does not implement (so it is not a typo)."""
    from dlint_dockerfile.lint.foreign import FOREIGN_CODES

    return selector.strip().upper() in FOREIGN_CODES
