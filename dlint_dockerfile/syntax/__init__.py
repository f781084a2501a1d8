"""Syntax layer: the lossless, BuildKit-exact Dockerfile CST.

Names are loaded from their modules on first use (PEP 562), so a caller that needs only
`Range` or `LineIndex` (cached results, output) does not pay for the node classes and the
parser.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.syntax.dump import dump_buildkit, dump_instruction
    from dlint_dockerfile.syntax.lines import LineIndex, Position, Range
    from dlint_dockerfile.syntax.nodes import (
        BlankLine,
        CommentLine,
        Directive,
        Dockerfile,
        ErrorInstruction,
        ExecForm,
        Flag,
        Heredoc,
        Instruction,
        JsonString,
        KeyValue,
        Keyword,
        Newline,
        Node,
        Punct,
        ShellForm,
        SyntaxIssue,
        Text,
        Token,
        Trivia,
        Word,
    )
    from dlint_dockerfile.syntax.parser import parse
    from dlint_dockerfile.syntax.positions import PositionIndex
    from dlint_dockerfile.syntax.visitor import Transformer, Visitor

_HOME = {
    "BlankLine": "nodes",
    "CommentLine": "nodes",
    "Directive": "nodes",
    "Dockerfile": "nodes",
    "ErrorInstruction": "nodes",
    "ExecForm": "nodes",
    "Flag": "nodes",
    "Heredoc": "nodes",
    "Instruction": "nodes",
    "JsonString": "nodes",
    "KeyValue": "nodes",
    "Keyword": "nodes",
    "Newline": "nodes",
    "Node": "nodes",
    "Punct": "nodes",
    "ShellForm": "nodes",
    "SyntaxIssue": "nodes",
    "Text": "nodes",
    "Token": "nodes",
    "Trivia": "nodes",
    "Word": "nodes",
    "dump_buildkit": "dump",
    "dump_instruction": "dump",
    "LineIndex": "lines",
    "Position": "lines",
    "Range": "lines",
    "PositionIndex": "positions",
    "parse": "parser",
    "Transformer": "visitor",
    "Visitor": "visitor",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'dlint_dockerfile.syntax' has no attribute {name!r}")
    value = getattr(import_module(f"dlint_dockerfile.syntax.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "BlankLine",
    "CommentLine",
    "Directive",
    "Dockerfile",
    "ErrorInstruction",
    "ExecForm",
    "Flag",
    "Heredoc",
    "Instruction",
    "JsonString",
    "KeyValue",
    "Keyword",
    "LineIndex",
    "Newline",
    "Node",
    "Position",
    "PositionIndex",
    "Punct",
    "Range",
    "ShellForm",
    "SyntaxIssue",
    "Text",
    "Token",
    "Transformer",
    "Trivia",
    "Visitor",
    "Word",
    "dump_buildkit",
    "dump_instruction",
    "parse",
]
