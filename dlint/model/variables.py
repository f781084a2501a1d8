"""ARG and ENV scopes and BuildKit's variable expansion.

BuildKit expands ``$VAR`` in most instructions (not in RUN/CMD/ENTRYPOINT, which the
shell expands) from a scope made of:

- global ARGs, declared before the first FROM, visible only in FROM lines, unless a
  stage re-declares them (``ARG NAME`` without a value takes the global default);
- a stage's own ARGs and ENVs, visible from the line after their declaration; ENV
  wins over ARG of the same name; a stage built FROM another stage inherits its ENV;
- the predefined platform ARGs (``TARGETPLATFORM``, ``BUILDARCH``...) which are
  automatic in the global scope and must be declared inside a stage.

A declared ARG without a default has an unknown value at lint time: expansion reports it
as ``unresolved`` rather than guessing, and names never declared as ``undefined``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from dlint._record import record
from dlint.syntax import Instruction
from dlint.syntax.words import LexError, WordLexer

__all__ = ["PLATFORM_ARGS", "PROXY_ARGS", "Expansion", "Scope", "Variable", "expand"]

#: ARGs BuildKit defines for every build (global scope; re-declare inside a stage).
PLATFORM_ARGS = frozenset(
    {
        "TARGETPLATFORM",
        "TARGETOS",
        "TARGETARCH",
        "TARGETVARIANT",
        "BUILDPLATFORM",
        "BUILDOS",
        "BUILDARCH",
        "BUILDVARIANT",
        "TARGETSTAGE",
    }
)
#: Proxy ARGs usable without declaration (and kept out of the image history).
PROXY_ARGS = frozenset(
    {
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "FTP_PROXY",
        "ftp_proxy",
        "NO_PROXY",
        "no_proxy",
        "ALL_PROXY",
        "all_proxy",
    }
)


@record
class Variable:
    """A variable in scope: ``value`` None when an ARG has no default."""

    name: str
    value: str | None
    kind: str  # "arg", "env", "global-arg", "platform"
    #: The declaring instruction (None for built-in ARGs).
    declared_by: Instruction | None = None


@record
class Expansion:
    """The result of expanding a word: ``complete`` when every variable had a value."""

    text: str
    used: frozenset[str] = frozenset()
    unresolved: frozenset[str] = frozenset()
    undefined: frozenset[str] = frozenset()
    error: str | None = None

    @property
    def complete(self) -> bool:
        return not self.unresolved and not self.undefined and self.error is None


@dataclass(frozen=True)
class Scope:
    """An immutable set of variables; ``with_variable`` returns a new scope."""

    variables: Mapping[str, Variable] = field(default_factory=dict)

    def get(self, name: str) -> Variable | None:
        return self.variables.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self.variables

    def with_variable(self, variable: Variable) -> Scope:
        return self.with_variables((variable,))

    def with_variables(self, variables: Iterable[Variable]) -> Scope:
        """A new scope with ``variables`` declared in order (ENV wins over a later ARG)."""
        merged = dict(self.variables)
        for variable in variables:
            current = merged.get(variable.name)
            if variable.kind == "arg" and current is not None and current.kind == "env":
                continue
            merged[variable.name] = variable
        return Scope(merged)

    def values(self) -> dict[str, str]:
        """Known values only (variables without a value are left out)."""
        return {n: v.value for n, v in self.variables.items() if v.value is not None}


def expand(text: str, scope: Scope, escape: str = "\\") -> Expansion:
    """Expand ``text`` as BuildKit expands an instruction word (``ProcessWordWithMatches``):
    variables replaced, quotes and escapes removed."""
    if "$" not in text and escape not in text:
        if "'" not in text and '"' not in text:
            return Expansion(text)
        unquoted = _strip_quotes(text)
        if unquoted is not None:
            return Expansion(unquoted)
    lexer = WordLexer(escape)
    try:
        result = lexer.process(text, scope.values())
    except LexError as exc:
        return Expansion(text, error=str(exc))
    unresolved = frozenset(n for n in result.unmatched if n in scope)
    undefined = frozenset(n for n in result.unmatched if n not in scope)
    return Expansion(result.result, frozenset(result.matched), unresolved, undefined)


def _strip_quotes(text: str) -> str | None:
    """Quote removal for text without ``$`` or escapes; None if a quote is unterminated."""
    out: list[str] = []
    quote = ""
    for ch in text:
        if quote:
            if ch == quote:
                quote = ""
            else:
                out.append(ch)
        elif ch == "'" or ch == '"':
            quote = ch
        else:
            out.append(ch)
    return None if quote else "".join(out)
