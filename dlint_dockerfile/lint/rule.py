"""The rule API.

A rule is a small class: metadata as class attributes, a docstring with fixed headings,
and check methods. ``visit_run(self, instruction)`` is called for every RUN (also for a
RUN inside ``ONBUILD``), ``visit_instruction`` for every instruction, ``finish()`` once
at the end of the file. A fresh instance is made per file, so rules keep per-file
state on ``self``. Rules report with `Rule.report`, giving a node (its exact range is
used) or absolute offsets.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from dlint_dockerfile.lint.diagnostic import Diagnostic, Fix, Severity
from dlint_dockerfile.syntax import Node

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.model import DockerfileModel

__all__ = ["CATEGORIES", "DOC_HEADINGS", "FixAvailability", "Rule", "RuleContext", "RuleDocs"]

#: The rule categories, in the order ``dlint rules`` lists them.
CATEGORIES = (
    "syntax",
    "cache",
    "pinning",
    "layers",
    "copy",
    "context",
    "runtime",
    "multistage",
    "shell",
    "security",
    "style",
)
#: Headings every rule docstring must have, in this order.
DOC_HEADINGS = ("What it does", "Why", "Example", "Use instead", "Fix safety")
FixAvailability = str  # "never" | "sometimes" | "always"

_HEADING = re.compile(r"^## (.+)$", re.MULTILINE)
_VISIT = re.compile(r"^visit_([a-z]+)$")
_INSTRUCTION_NAMES = frozenset(
    {
        "add",
        "arg",
        "cmd",
        "copy",
        "entrypoint",
        "env",
        "expose",
        "from",
        "healthcheck",
        "label",
        "maintainer",
        "onbuild",
        "run",
        "shell",
        "stopsignal",
        "user",
        "volume",
        "workdir",
    }
)


@dataclass
class RuleContext:
    """What a rule instance can see: the file's model and the rule settings."""

    model: DockerfileModel
    settings: dict[str, Any] = field(default_factory=dict)
    report: Callable[[Diagnostic], None] = field(default=lambda _d: None)


@dataclass(frozen=True)
class RuleDocs:
    """A rule docstring split into its headed sections."""

    summary: str
    sections: dict[str, str]

    @classmethod
    def parse(cls, docstring: str) -> RuleDocs:
        text = _dedent(docstring)
        parts = _HEADING.split(text)
        summary = parts[0].strip()
        sections = {parts[i].strip(): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
        return cls(summary, sections)

    @property
    def markdown(self) -> str:
        body = [self.summary, ""]
        for heading, content in self.sections.items():
            body += [f"## {heading}", "", content, ""]
        return "\n".join(body).rstrip() + "\n"


def _dedent(text: str) -> str:
    import textwrap

    first, _, rest = text.partition("\n")
    return (first.strip() + "\n" + textwrap.dedent(rest)).strip()


class Rule:
    """Base class of every rule. Subclasses set the metadata and define ``visit_*``."""

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()
    category: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.WARNING
    fix: ClassVar[FixAvailability] = "never"
    #: Off unless selected explicitly (opt-in rules).
    default_enabled: ClassVar[bool] = True
    #: Settings the rule reads, with their defaults (``trusted-registries``...).
    settings: ClassVar[dict[str, Any]] = {}
    #: Prefix of another tool's codes this rule reports under (``"SC"``: ShellCheck's
    #: ``SC2086``...). The prefix selects the rule; each code (or a prefix of digits,
    #: ``SC2``) is selectable, suppressible and gradable on its own.
    emits: ClassVar[str] = ""
    #: Documentation of one emitted code (``{code}`` is replaced).
    emitted_url: ClassVar[str] = ""
    #: Whether a project configured for hadolint (``.hadolint.yaml``) runs this opt-in rule.
    hadolint_default: ClassVar[bool] = False
    #: A setting without which the rule never reports (``label-schema``): while it is
    #: unset, the engine neither imports nor runs the rule.
    requires_setting: ClassVar[str] = ""

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        self.model = ctx.model
        self._severity = self.severity

    # -- metadata -------------------------------------------------------------------

    @classmethod
    def docs(cls) -> RuleDocs:
        return RuleDocs.parse(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.docs().summary.splitlines()[0] if cls.__doc__ else ""

    @classmethod
    def visited_instructions(cls) -> frozenset[str]:
        names = set()
        for attribute in dir(cls):
            match = _VISIT.match(attribute)
            if match and match.group(1) in _INSTRUCTION_NAMES:
                names.add(match.group(1).upper())
        return frozenset(names)

    #: What the rule needs to run, said when it is selected but not `available`.
    requirement: ClassVar[str] = ""

    @classmethod
    def available(cls) -> bool:
        """Whether the rule can run here (a rule wrapping an external tool needs the tool)."""
        return True

    @classmethod
    def cache_token(cls) -> str:
        """What the rule's findings depend on beyond the file, its context and the settings
        (e.g. the external tool it runs); part of the result cache's key."""
        return ""

    def setting(self, key: str) -> Any:
        return self.ctx.settings.get(key, self.settings.get(key))

    # -- hooks ----------------------------------------------------------------------

    def finish(self) -> None:
        """Called once after every instruction was visited."""

    # -- reporting ------------------------------------------------------------------

    def report(
        self,
        where: Node | tuple[int, int],
        message: str,
        *,
        fix: Fix | None = None,
        severity: Severity | None = None,
        code: str | None = None,
    ) -> None:
        """Report a finding on a node (its exact range) or on ``(start, end)`` offsets;
        ``code`` is one of the rule's `emits` codes when it reports for another tool."""
        if code is not None and not (self.emits and code.startswith(self.emits)):
            raise ValueError(f"{self.code} cannot report code {code!r}")
        model = self.model
        if isinstance(where, tuple):
            start, end = where
        else:
            start, end = model.index.span(where)
            raw = where.code
            end -= len(raw) - len(raw.rstrip("\r\n"))  # never the line ending
            if end < start:
                end = start
        self.ctx.report(
            Diagnostic(
                code=code or self.code,
                name=self.name,
                message=message,
                severity=severity or self._severity,
                start=start,
                end=end,
                range=model.index.lines.range(start, end),
                aliases=self.aliases,
                fix=fix,
            )
        )
