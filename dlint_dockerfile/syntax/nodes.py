"""The lossless concrete syntax tree of a Dockerfile.

Every character of the source belongs to exactly one leaf, in order, so ``node.code``
(the concatenation of the leaves below a node) reproduces the source byte for byte.
Nodes are immutable; ``with_changes`` returns a modified copy.

Nodes are told apart by identity (positions are keyed by node), so a node sits at most
once in a tree; it may sit in several trees (the parser lends unchanged instructions to
the next parse). `copy_node` makes new nodes equal to a node, and `with_changes` copies a
node it is given twice.

Leaves carry the source text they were read from (``raw``) and, where it matters, the
value BuildKit reads from it (``value``): continuations removed, comment lines inside a
continuation dropped, JSON decoded. Values are what the parser saw; after rewriting a
leaf's ``raw`` by hand, re-parse ``tree.code`` to refresh them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import field
from typing import ClassVar, TypeVar

from dlint_dockerfile._record import record

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
    "Newline",
    "Node",
    "Punct",
    "ShellForm",
    "SyntaxIssue",
    "Text",
    "Token",
    "Trivia",
    "Word",
    "copy_node",
    "without_shared_nodes",
]

N = TypeVar("N", bound="Node")

#: Instructions BuildKit knows, upper-case.
KNOWN_INSTRUCTIONS = frozenset(
    {
        "ADD",
        "ARG",
        "CMD",
        "COPY",
        "ENTRYPOINT",
        "ENV",
        "EXPOSE",
        "FROM",
        "HEALTHCHECK",
        "LABEL",
        "MAINTAINER",
        "ONBUILD",
        "RUN",
        "SHELL",
        "STOPSIGNAL",
        "USER",
        "VOLUME",
        "WORKDIR",
    }
)


@record
class SyntaxIssue:
    """A syntax error found while parsing, located relative to the node that owns it.

    ``start`` and ``end`` are character offsets into the owning node's ``code``; the
    tree turns them into absolute ranges (`Dockerfile.syntax_issues`).
    """

    message: str
    start: int
    end: int
    code: str = "DLX001"


@record
class Node:
    """Base of every CST node."""

    _child_fields: ClassVar[tuple[str, ...]] = ()

    @property
    def code(self) -> str:
        """The exact source text of this node."""
        return "".join(child.code for child in self.children())

    def children(self) -> Iterator[Node]:
        """Direct children, in source order."""
        for name in self._child_fields:
            value = getattr(self, name)
            if isinstance(value, Node):
                yield value
            elif value is not None:
                yield from value

    def with_changes(self: N, **changes: object) -> N:
        """A copy of this node with some fields replaced (a node given twice, or one
        already below another given node, is copied: see `without_shared_nodes`)."""
        return without_shared_nodes(dataclasses.replace(self, **changes))

    def walk(self) -> Iterator[Node]:
        """This node and all nodes below it, depth first, in source order."""
        yield self
        for child in self.children():
            yield from child.walk()


#: Per node class, its constructor's fields, each with whether it holds child nodes (a
#: node, a tuple of nodes or None): what `copy_node` copies.
_COPY_PLANS: dict[type, tuple[tuple[str, bool], ...]] = {}


def copy_node(node: N) -> N:
    """New nodes equal to ``node`` and everything below it (so that an equal node can
    sit in a tree that holds ``node`` already)."""
    cls = type(node)
    plan = _COPY_PLANS.get(cls)
    if plan is None:
        children = cls._child_fields
        plan = _COPY_PLANS[cls] = tuple(
            (f.name, f.name in children)
            for f in dataclasses.fields(node)
            if f.init
        )
    values: list[object] = []
    for name, holds_children in plan:
        value = getattr(node, name)
        if holds_children and isinstance(value, tuple):
            value = tuple(copy_node(child) for child in value)
        elif holds_children and isinstance(value, Node):
            value = copy_node(value)
        values.append(value)
    return cls(*values)


def without_shared_nodes(node: N) -> N:
    """``node`` itself when no node sits twice below it; otherwise the same tree with
    every node met again (in source order) replaced by a copy."""
    return _unshared(node, set())


def _unshared(node: N, seen: set[int]) -> N:
    if id(node) in seen:
        return copy_node(node)
    seen.add(id(node))
    changes: dict[str, object] = {}
    for name in node._child_fields:
        value = getattr(node, name)
        if isinstance(value, Node):
            new = _unshared(value, seen)
            if new is not value:
                changes[name] = new
        elif value is not None:
            items = tuple(_unshared(child, seen) for child in value)
            if any(a is not b for a, b in zip(items, value, strict=True)):
                changes[name] = items
    return dataclasses.replace(node, **changes) if changes else node


# --------------------------------------------------------------------------- leaves


@record
class Token(Node):
    """A leaf: a run of source text."""

    raw: str

    @property
    def code(self) -> str:
        return self.raw

    def children(self) -> Iterator[Node]:
        return iter(())


@record
class Trivia(Token):
    """Text with no meaning to the build: spaces, line continuations, and the comment
    and empty lines BuildKit drops inside a continuation."""


@record
class Newline(Token):
    """The line ending that closes an instruction (``""`` at the end of the file)."""


@record
class Keyword(Token):
    """The instruction keyword, in its original case."""

    @property
    def value(self) -> str:
        return self.raw.upper()


@record
class Punct(Token):
    """Punctuation with meaning: ``[``, ``,``, ``]`` of exec form, the ``--`` flag terminator."""


@record
class Valued(Token):
    """A leaf with a parsed value."""

    value: str


@record
class Flag(Valued):
    """An instruction flag such as ``--from=build``; ``value`` is BuildKit's unquoted form."""

    @property
    def name(self) -> str:
        """The flag's name without dashes: ``from``."""
        return self.value[2:].split("=", 1)[0]

    @property
    def argument(self) -> str | None:
        """The text after ``=``, or None for a bare ``--link``."""
        parts = self.value.split("=", 1)
        return parts[1] if len(parts) == 2 else None


@record
class Word(Valued):
    """One whitespace-delimited argument (FROM, EXPOSE, ADD/COPY/VOLUME, ARG...)."""


@record
class Text(Valued):
    """The rest of the line as one string (USER, WORKDIR, old-form ENV value...)."""


@record
class ShellForm(Valued):
    """A shell-form command line (RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK CMD)."""


@record
class JsonString(Valued):
    """One string element of an exec-form JSON array, ``value`` decoded."""


@record
class KeyValue(Token):
    """A ``key=value`` word of ENV or LABEL; ``value`` keeps its quotes, as BuildKit does."""

    key: str
    value: str


@record
class CommentLine(Token):
    """A whole comment line (indentation, ``#...`` and its line ending)."""

    @property
    def text(self) -> str:
        """The comment without ``#`` and surrounding spaces."""
        return self.raw.strip().removeprefix("#").strip()


@record
class BlankLine(Token):
    """A line holding only whitespace (and its line ending)."""


@record
class Directive(Token):
    """A parser directive line at the top of the file: ``# syntax=...``."""

    name: str
    value: str
    issue: SyntaxIssue | None = None


# ----------------------------------------------------------------------- composites


@record
class ExecForm(Node):
    """A JSON array of strings: ``["a", "b"]`` with its own whitespace kept."""

    parts: tuple[Node, ...]
    _child_fields: ClassVar[tuple[str, ...]] = ("parts",)

    @property
    def elements(self) -> tuple[JsonString, ...]:
        return tuple(p for p in self.parts if isinstance(p, JsonString))

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(p.value for p in self.parts if isinstance(p, JsonString))


@record
class Heredoc(Node):
    """A heredoc body and its terminator line, following the instruction's first line."""

    name: str
    body: str
    terminator: str
    chomp: bool = False
    expand: bool = True
    fd: int = 0

    @property
    def code(self) -> str:
        return self.body + self.terminator

    def children(self) -> Iterator[Node]:
        return iter(())

    @property
    def content(self) -> str:
        """The body as BuildKit passes it on (leading tabs removed for ``<<-``)."""
        if not self.chomp:
            return self.body
        return "".join(line.lstrip("\t") for line in self.lines())

    def lines(self) -> list[str]:
        """The body's lines with their ends, as BuildKit's ``(?m)^`` sees them: only
        ``\\n`` ends a line (not ``\\r``, ``\\f`` or the other breaks `str.splitlines`
        knows)."""
        lines = self.body.split("\n")
        ends = [line + "\n" for line in lines[:-1]]
        return [*ends, lines[-1]] if lines[-1] else ends


@record
class Instruction(Node):
    """One instruction, with the blank and comment lines above it.

    ``parts`` holds, in order, the indentation, the keyword, flags, arguments and the
    trivia between them; ``newline`` closes the last line, ``heredocs`` follow it.
    """

    leading: tuple[CommentLine | BlankLine, ...]
    parts: tuple[Node, ...]
    newline: Newline
    heredocs: tuple[Heredoc, ...] = ()
    issues: tuple[SyntaxIssue, ...] = ()
    #: The keyword, upper-case: ``RUN`` (set from ``parts``).
    name: str = field(init=False, repr=False, compare=False)
    _arguments: tuple[Node, ...] | None = field(default=None, init=False, repr=False, compare=False)
    # what the accessors below return, found in one walk of ``parts`` when made (rules
    # ask for them about six times per instruction)
    _flags: tuple[Flag, ...] = field(init=False, repr=False, compare=False)
    _inner: Instruction | None = field(init=False, repr=False, compare=False)
    _exec_form: ExecForm | None = field(init=False, repr=False, compare=False)
    _shell_form: ShellForm | None = field(init=False, repr=False, compare=False)
    _child_fields: ClassVar[tuple[str, ...]] = ("leading", "parts", "newline", "heredocs")

    def __post_init__(self) -> None:
        name = None
        flags: list[Flag] = []
        inner = exec_form = shell_form = None
        for part in self.parts:  # the first of each kind, like a search of the parts
            kind = _PART_KINDS.get(part.__class__)
            if kind is None:
                kind = _part_kind(part.__class__)
            if not kind:
                continue
            if kind == _KEYWORD:
                if name is None:
                    name = part.raw.upper()  # type: ignore[attr-defined]
            elif kind == _FLAG:
                flags.append(part)  # type: ignore[arg-type]
            elif kind == _EXEC_FORM:
                if exec_form is None:
                    exec_form = part
            elif kind == _SHELL_FORM:
                if shell_form is None:
                    shell_form = part
            elif inner is None:
                inner = part
        set_attribute = object.__setattr__
        set_attribute(self, "name", name or "")
        set_attribute(self, "_flags", tuple(flags) if flags else ())
        set_attribute(self, "_inner", inner)
        set_attribute(self, "_exec_form", exec_form)
        set_attribute(self, "_shell_form", shell_form)

    @property
    def keyword(self) -> Keyword:
        first = self.parts[0] if self.parts else None
        if isinstance(first, Keyword):
            return first
        for part in self.parts:
            if isinstance(part, Keyword):
                return part
        raise ValueError("instruction without keyword")  # pragma: no cover - parser invariant

    @property
    def flags(self) -> tuple[Flag, ...]:
        return self._flags

    def flag(self, name: str) -> Flag | None:
        """The last flag called ``name`` (BuildKit keeps the last), or None."""
        found = None
        for part in self._flags:
            if part.name == name:
                found = part
        return found

    @property
    def arguments(self) -> tuple[Node, ...]:
        """The argument nodes: everything after the keyword that is not a flag or trivia."""
        found = self._arguments
        if found is None:
            found = tuple(
                p for p in self.parts if not isinstance(p, (Keyword, Flag, Trivia, Punct))
            )
            object.__setattr__(self, "_arguments", found)
        return found

    @property
    def inner(self) -> Instruction | None:
        """The wrapped instruction of ``ONBUILD``."""
        return self._inner

    @property
    def exec_form(self) -> ExecForm | None:
        return self._exec_form

    @property
    def shell_form(self) -> ShellForm | None:
        return self._shell_form

    @property
    def is_json(self) -> bool:
        return self._exec_form is not None

    @property
    def body_code(self) -> str:
        """The instruction without its leading lines."""
        return (
            "".join(p.code for p in self.parts)
            + self.newline.raw
            + "".join(h.code for h in self.heredocs)
        )

    @property
    def values(self) -> tuple[str, ...]:
        """BuildKit's argument list for this instruction (its ``Next`` chain)."""
        out: list[str] = []
        name = self.name
        args = self.arguments
        if name not in KNOWN_INSTRUCTIONS:
            return ("",)
        if name in ("ENV", "LABEL") and any(isinstance(a, Text) for a in args):
            return (*(a.value for a in args if isinstance(a, (Word, Text))), "")
        for arg in args:
            if isinstance(arg, KeyValue):
                out.extend((arg.key, arg.value, "="))
            elif isinstance(arg, ExecForm):
                out.extend(arg.values)
            elif isinstance(arg, Valued):
                out.append(arg.value)
        return tuple(out)


_KEYWORD, _FLAG, _EXEC_FORM, _SHELL_FORM, _INNER = 1, 2, 3, 4, 5
#: What `Instruction.__post_init__` looks for in its parts, by class (0: nothing): one
#: lookup per part instead of five ``isinstance`` calls.
_PART_KINDS: dict[type, int] = {}


def _part_kind(cls: type) -> int:
    """The kind of part of class ``cls`` (remembered in `_PART_KINDS`)."""
    kinds: tuple[tuple[type, int], ...] = (
        (Keyword, _KEYWORD),
        (Flag, _FLAG),
        (ExecForm, _EXEC_FORM),
        (ShellForm, _SHELL_FORM),
        (Instruction, _INNER),
    )
    kind = next((k for base, k in kinds if issubclass(cls, base)), 0)
    _PART_KINDS[cls] = kind
    return kind


@record
class ErrorInstruction(Instruction):
    """An instruction BuildKit rejects (unknown keyword, missing or malformed arguments).

    It keeps every character and its best-effort parts; ``issues`` says what is wrong.
    """


@record
class Dockerfile(Node):
    """The root: byte-order mark, parser directives, instructions and trailing lines."""

    bom: str
    directives: tuple[Directive, ...]
    instructions: tuple[Instruction, ...]
    footer: tuple[CommentLine | BlankLine, ...]
    issues: tuple[SyntaxIssue, ...] = ()
    _text: str | None = field(default=None, init=False, compare=False, repr=False)
    #: Where each instruction's own lines are in the text after ``bom`` (``[start, end)``,
    #: leading comment and blank lines excluded), as the parser found them; empty for a
    #: tree not made by the parser. A later `parse` of an edited text reuses by it.
    _instruction_spans: tuple[tuple[int, int], ...] = field(
        default=(), init=False, compare=False, repr=False
    )
    _child_fields: ClassVar[tuple[str, ...]] = ("directives", "instructions", "footer")

    @property
    def code(self) -> str:
        """The whole file text (joined once, then kept: the tree is immutable)."""
        if self._text is None:
            text = self.bom + "".join(child.code for child in self.children())
            object.__setattr__(self, "_text", text)
            return text
        return self._text

    @property
    def escape(self) -> str:
        """The escape character in force: ``\\`` or a backtick from ``# escape=``."""
        for directive in self.directives:
            if directive.name == "escape" and directive.issue is None:
                return directive.value
        return "\\"

    def all_issues(self) -> Iterator[tuple[Node, SyntaxIssue]]:
        """Every syntax issue of the file with the node that owns it, in source order."""
        for issue in self.issues:
            yield self, issue
        for directive in self.directives:
            if directive.issue is not None:
                yield directive, directive.issue
        for instruction in self.instructions:
            for issue in instruction.issues:
                yield instruction, issue

    def directive(self, name: str) -> Directive | None:
        for directive in self.directives:
            if directive.name == name and directive.issue is None:
                return directive
        return None
