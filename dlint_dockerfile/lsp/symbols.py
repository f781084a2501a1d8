"""Document outline and folding: stages with their instructions; multi-line instructions,
heredocs, stages and comment blocks as folding ranges."""

from __future__ import annotations

from collections.abc import Callable

from lsprotocol import types

from dlint_dockerfile.lsp.convert import lsp_range
from dlint_dockerfile.lsp.engine import Outcome
from dlint_dockerfile.model.model import DockerfileModel, Stage
from dlint_dockerfile.syntax import BlankLine, CommentLine, Instruction, Node

__all__ = ["document_symbols", "flat_symbols", "folding_ranges"]

_NAME_LIMIT = 60
_KINDS = {
    "FROM": types.SymbolKind.Module,
    "RUN": types.SymbolKind.Function,
    "CMD": types.SymbolKind.Function,
    "ENTRYPOINT": types.SymbolKind.Function,
    "HEALTHCHECK": types.SymbolKind.Function,
    "SHELL": types.SymbolKind.Function,
    "ONBUILD": types.SymbolKind.Event,
    "ARG": types.SymbolKind.Variable,
    "ENV": types.SymbolKind.Variable,
    "LABEL": types.SymbolKind.Property,
    "MAINTAINER": types.SymbolKind.Property,
    "COPY": types.SymbolKind.File,
    "ADD": types.SymbolKind.File,
    "EXPOSE": types.SymbolKind.Constant,
    "STOPSIGNAL": types.SymbolKind.Constant,
    "USER": types.SymbolKind.Key,
    "WORKDIR": types.SymbolKind.Key,
    "VOLUME": types.SymbolKind.Key,
}


def document_symbols(outcome: Outcome) -> list[types.DocumentSymbol]:
    """Stages (name or ``stage-N``, the base image as detail) holding their instructions;
    instructions before the first FROM are top-level."""
    model = outcome.model
    if model is None:
        return []
    stages = {id(s.from_instruction): s for s in model.stages}
    out: list[types.DocumentSymbol] = []
    current: types.DocumentSymbol | None = None
    children: list[types.DocumentSymbol] = []
    for instruction in model.instructions:
        stage = stages.get(id(instruction))
        if stage is not None:
            children = []
            current = _stage_symbol(outcome, model, stage, children)
            out.append(current)
            continue
        symbol = _instruction_symbol(outcome, model, instruction)
        if current is None:
            out.append(symbol)
        else:
            children.append(symbol)
            current.range = types.Range(start=current.range.start, end=symbol.range.end)
    return out


def flat_symbols(outcome: Outcome, uri: str) -> list[types.SymbolInformation]:
    """The same outline for clients without hierarchical symbols."""
    out: list[types.SymbolInformation] = []
    for symbol in document_symbols(outcome):
        out.append(_information(symbol, uri, None))
        for child in symbol.children or ():
            out.append(_information(child, uri, symbol.name))
    return out


def _information(
    symbol: types.DocumentSymbol, uri: str, container: str | None
) -> types.SymbolInformation:
    return types.SymbolInformation(
        name=symbol.name,
        kind=symbol.kind,
        location=types.Location(uri=uri, range=symbol.range),
        container_name=container,
    )


def _content_span(outcome: Outcome, model: DockerfileModel, node: Instruction) -> tuple[int, int]:
    """An instruction's span without its leading lines and its final line break."""
    start = model.index.body_start(node)
    end = model.index.span(node)[1]
    text = outcome.text
    while end > start and text[end - 1] in "\r\n":
        end -= 1
    return start, end


def _stage_symbol(
    outcome: Outcome,
    model: DockerfileModel,
    stage: Stage,
    children: list[types.DocumentSymbol],
) -> types.DocumentSymbol:
    instruction = stage.from_instruction
    start, end = _content_span(outcome, model, instruction)
    positions = outcome.positions
    word = stage.name_word
    if word is not None:
        selection = lsp_range(positions, *model.index.span(word))
    else:
        selection = _keyword_range(outcome, model, instruction)
    base = stage.base_word.value if stage.base_word is not None else ""
    return types.DocumentSymbol(
        name=stage.name or f"stage-{stage.index}",
        detail=base or None,
        kind=types.SymbolKind.Module,
        range=lsp_range(positions, start, end),
        selection_range=selection,
        children=children,
    )


def _instruction_symbol(
    outcome: Outcome, model: DockerfileModel, instruction: Instruction
) -> types.DocumentSymbol:
    start, end = _content_span(outcome, model, instruction)
    text = outcome.text
    first = text[start:end].split("\n", 1)[0].rstrip("\r")
    name = " ".join(first.split())
    escape = model.escape
    if name.endswith(escape):
        name = name[: -len(escape)].rstrip()
    if len(name) > _NAME_LIMIT:
        name = name[: _NAME_LIMIT - 1].rstrip() + "…"
    keyword = _keyword_value(instruction)
    return types.DocumentSymbol(
        name=name or keyword or "?",
        kind=_KINDS.get(keyword.upper(), types.SymbolKind.Null),
        range=lsp_range(outcome.positions, start, end),
        selection_range=_keyword_range(outcome, model, instruction),
    )


def _keyword_value(instruction: Instruction) -> str:
    try:
        return instruction.keyword.raw
    except ValueError:
        return ""


def _keyword_range(
    outcome: Outcome, model: DockerfileModel, instruction: Instruction
) -> types.Range:
    try:
        start, end = model.index.span(instruction.keyword)
    except ValueError:
        start = end = model.index.body_start(instruction)
    return lsp_range(outcome.positions, start, end)


def folding_ranges(outcome: Outcome) -> list[types.FoldingRange]:
    """Multi-line instructions, heredoc bodies, stages and runs of two or more comment lines."""
    model = outcome.model
    if model is None:
        return []
    positions = outcome.positions
    index = model.index
    out: list[types.FoldingRange] = []

    def add(start: int, end: int, kind: str | None = None) -> None:
        first, last = positions.line_of(start), positions.line_of(end)
        if last > first:
            out.append(types.FoldingRange(start_line=first, end_line=last, kind=kind))

    stages = {id(s.from_instruction): s for s in model.stages}
    stage_start: int | None = None
    stage_end = 0
    for instruction in model.instructions:
        _comment_blocks(instruction.leading, index.span, add)
        start, end = _content_span(outcome, model, instruction)
        if id(instruction) in stages:
            if stage_start is not None:
                add(stage_start, stage_end, types.FoldingRangeKind.Region)
            stage_start = start
        stage_end = end
        add(start, end)
        for heredoc in instruction.heredocs:
            body_start, body_end = index.span(heredoc)
            while body_end > body_start and outcome.text[body_end - 1] in "\r\n":
                body_end -= 1
            add(body_start, body_end)
    if stage_start is not None:
        add(stage_start, stage_end, types.FoldingRangeKind.Region)
    _comment_blocks(model.tree.footer, index.span, add)
    out.sort(key=lambda r: (r.start_line, -r.end_line))
    return out


def _comment_blocks(
    lines: tuple[CommentLine | BlankLine, ...],
    span: Callable[[Node], tuple[int, int]],
    add: Callable[[int, int, str], None],
) -> None:
    """Fold each run of two or more consecutive comment lines."""
    run: list[CommentLine] = []
    for line in (*lines, None):
        if isinstance(line, CommentLine):
            run.append(line)
            continue
        if len(run) >= 2:
            start = span(run[0])[0]
            end = span(run[-1])[1] - 1
            add(start, end, types.FoldingRangeKind.Comment)
        run = []
