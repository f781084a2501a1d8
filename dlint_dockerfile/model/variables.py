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

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from dlint_dockerfile._record import record
from dlint_dockerfile.syntax import Instruction
from dlint_dockerfile.syntax.words import LexError, WordLexer

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
    if text.isascii():
        simple = _simple_expansion(text, scope)
        if simple is not None:
            return simple
    lexer = WordLexer(escape)
    try:
        result = lexer.process(text, scope.values())
    except LexError as exc:
        return Expansion(text, error=str(exc))
    unresolved = frozenset(n for n in result.unmatched if n in scope)
    undefined = frozenset(n for n in result.unmatched if n not in scope)
    return Expansion(result.result, frozenset(result.matched), unresolved, undefined)


#: One piece of a word made only of plain characters, ``$NAME``, ``${NAME}``, single-quoted
#: text and double-quoted text holding plain characters and such references: what most
#: words are, and what `_simple_expansion` expands without the lexer. No escape
#: character (either kind), no ``${NAME:-default}`` forms, ASCII only (BuildKit's names
#: take Unicode letters).
_PIECE = re.compile(
    r"\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)|'([^']*)'"
    r'|"((?:[^"$\\`]|\$\{[A-Za-z_]\w*\}|\$[A-Za-z_]\w*)*)"'
    r"|([^$'\"\\`]+)",
    re.ASCII,
)
_REFERENCE = re.compile(r"\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)", re.ASCII)


def _simple_expansion(text: str, scope: Scope) -> Expansion | None:
    """`expand` of a word `_PIECE` covers (what the lexer would give), else None."""
    out: list[str] = []
    used: set[str] = set()
    missing: set[str] = set()
    variables = scope.variables

    def value(name: str) -> str:
        variable = variables.get(name)
        if variable is None or variable.value is None:
            missing.add(name)
            return ""
        used.add(name)
        return variable.value

    pos = 0
    size = len(text)
    while pos < size:
        piece = _PIECE.match(text, pos)
        if piece is None:
            return None
        name = piece.group(1) or piece.group(2)
        if name:
            out.append(value(name))
        elif piece.group(3) is not None:
            out.append(piece.group(3))
        elif piece.group(4) is not None:
            out.append(_REFERENCE.sub(lambda m: value(m.group(1) or m.group(2)), piece.group(4)))
        else:
            out.append(piece.group(5))
        pos = piece.end()
    return Expansion(
        "".join(out),
        frozenset(used),
        frozenset(n for n in missing if n in variables),
        frozenset(n for n in missing if n not in variables),
    )


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
