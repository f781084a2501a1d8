"""Hover texts: a finding's rule documentation, an instruction keyword's description."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from lsprotocol import types

from dlint_dockerfile.lint.registry import Registry
from dlint_dockerfile.lsp.convert import code_url, lsp_range
from dlint_dockerfile.lsp.engine import Outcome
from dlint_dockerfile.lsp.instructions import instruction_markdown
from dlint_dockerfile.syntax import Instruction, Keyword

__all__ = ["hover", "keyword_at", "rule_markdown"]

_HEADING = re.compile(r"^## ", re.MULTILINE)
_SEPARATOR = "\n\n---\n\n"


def hover(outcome: Outcome, position: types.Position, markdown: bool = True) -> types.Hover | None:
    """What to show at ``position``: the docs of every finding there, then the keyword's."""
    positions = outcome.positions
    offset = positions.offset(position.line, position.character)
    parts: list[str] = []
    where: types.Range | None = None
    seen: set[str] = set()
    for diagnostic, converted in zip(outcome.diagnostics, outcome.converted, strict=True):
        if diagnostic.start > offset:
            break  # findings are sorted by start
        inside = diagnostic.start <= offset < diagnostic.end or diagnostic.start == offset
        if not inside or diagnostic.code in seen:
            continue
        seen.add(diagnostic.code)
        text = rule_markdown(diagnostic.code, outcome_registry(outcome))
        if text is None:
            continue
        parts.append(f"**{diagnostic.code}**: {_escape(diagnostic.message)}\n\n{text}")
        where = where or converted.range
    keyword = keyword_at(outcome, offset)
    if keyword is not None:
        text = instruction_markdown(keyword.value)
        if text is not None:
            parts.append(text)
            if where is None and outcome.model is not None:
                start, end = outcome.model.index.span(keyword)
                where = lsp_range(positions, start, end)
    if not parts:
        return None
    value = _SEPARATOR.join(parts)
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.Hover(contents=types.MarkupContent(kind=kind, value=value), range=where)


def outcome_registry(outcome: Outcome) -> Registry:
    """The registry the outcome was linted with."""
    from dlint_dockerfile.lint.registry import default_registry

    return outcome.settings.registry if outcome.settings is not None else default_registry()


def keyword_at(outcome: Outcome, offset: int) -> Keyword | None:
    """The instruction keyword (also an ONBUILD trigger's) under ``offset``."""
    model = outcome.model
    if model is None:
        return None
    index = model.index
    instructions = model.instructions
    starts = _starts(outcome)
    i = bisect_right(starts, offset) - 1
    if i < 0:
        return None
    candidates: list[Instruction] = [instructions[i]]
    inner = instructions[i].inner
    if inner is not None:
        candidates.append(inner)
    for instruction in candidates:
        try:
            keyword = instruction.keyword
        except ValueError:
            continue
        start, end = index.span(keyword)
        if start <= offset <= end:
            return keyword
    return None


def _starts(outcome: Outcome) -> list[int]:
    model = outcome.model
    assert model is not None
    return [model.index.body_start(i) for i in model.instructions]


def rule_markdown(code: str, registry: Registry) -> str | None:
    """The documentation of the rule reporting ``code``, with a link to its page."""
    return _rule_markdown(code.upper(), registry)


@lru_cache(maxsize=512)
def _rule_markdown(code: str, registry: Registry) -> str | None:
    rule = registry.get(code)
    own = rule is not None and rule.code.upper() == code
    if not own:
        rule = registry.emitter(code) or rule
    if rule is None:
        return None
    docs = _HEADING.sub("#### ", rule.docs().markdown).rstrip()
    url = code_url(code, registry)
    lines = [f"`{rule.code}` **{rule.name}** ({rule.category}, {rule.severity.label})"]
    if not own:
        lines.append(f"{code} is reported by {rule.code}.")
    lines.append(docs)
    if url:
        lines.append(f"[Documentation of {code}]({url})")
    return "\n\n".join(lines)


def _escape(text: str) -> str:
    """``text`` shown literally in Markdown (the characters that would format it)."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)
