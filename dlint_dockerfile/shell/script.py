"""Shell scripts parsed into commands, words, flags and operators, with exact ranges.

`parse_script` runs tree-sitter-bash (error tolerant) over a `ShellSource` and flattens
the syntax tree into `Command` objects in source order. Each command knows its name,
its words, the operator that joins it to the previous command (``&&``, ``||``, ``;``,
``|``, ``&``), the constructs it sits in (subshell, ``$(...)``, ``if``...), and parses
its options with the command's `OptionSpec`. Words carry their static value when the
text has no expansion. ``sh -c '...'`` bodies are parsed as nested scripts.

Every range is an absolute ``[start, end)`` offset in the Dockerfile's text.
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from dlint_dockerfile._record import record
from dlint_dockerfile.shell.options import OptionSpec, has_subcommand_spec, spec_for
from dlint_dockerfile.shell.source import ShellSource

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node as TSNode
    from tree_sitter import Parser as TSParser

__all__ = [
    "Command",
    "Item",
    "Option",
    "Script",
    "ScriptError",
    "ShellWord",
    "TopLevel",
    "bash_parser",
    "parse_options",
    "parse_script",
    "raw_command",
]

#: Commands that run another command given as their arguments.
WRAPPERS = frozenset(
    {"sudo", "env", "nice", "nohup", "time", "exec", "command", "builtin", "stdbuf", "eatmydata"}
    | {"gosu", "su-exec", "setuser", "chroot"}
)
#: Wrappers whose first argument is not the command (the user or root directory).
_WRAPPERS_WITH_ARGUMENT = frozenset({"gosu", "su-exec", "setuser", "chroot"})
#: Shells whose ``-c`` argument is a script.
SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"})

_OPERATORS = frozenset({"&&", "||", "|", "|&", ";", "&", ";;", "\n"})
_CONTEXTS = frozenset(
    {
        "subshell",
        "command_substitution",
        "process_substitution",
        "if_statement",
        "while_statement",
        "for_statement",
        "c_style_for_statement",
        "case_statement",
        "function_definition",
        "compound_statement",
        "negated_command",
    }
)

_HEREDOC_PARTS = frozenset({"heredoc_start", "heredoc_body", "heredoc_end"})

_parser: TSParser | None = None


def bash_parser() -> TSParser:
    """The shared tree-sitter-bash parser (made on first use)."""
    global _parser
    if _parser is None:
        from tree_sitter import Language, Parser

        _parser = Parser(Language(_bash_language()))
    return _parser


def _bash_language() -> object:
    """tree-sitter-bash's grammar, from its compiled binding.

    The package's ``__init__`` imports `importlib.resources` (and through it tempfile,
    shutil, bz2, lzma...) for its highlight queries, a third of dlint's cold start-up
    beyond the rules; the binding alone is loaded when it can be found, the package
    otherwise."""
    import importlib.machinery
    import importlib.util
    import os

    name = "tree_sitter_bash._binding"
    module = sys.modules.get(name)
    if module is None:
        try:
            spec = importlib.util.find_spec("tree_sitter_bash")
            folders = list(spec.submodule_search_locations or []) if spec else []
            for folder in folders:
                for suffix in importlib.machinery.EXTENSION_SUFFIXES:
                    path = os.path.join(folder, "_binding" + suffix)
                    if os.path.isfile(path):
                        loader = importlib.machinery.ExtensionFileLoader(name, path)
                        found = importlib.util.spec_from_file_location(name, path, loader=loader)
                        if found is not None:
                            module = importlib.util.module_from_spec(found)
                            loader.exec_module(module)
                            sys.modules[name] = module  # one load, also for the package
                            break
                if module is not None:
                    break
        except (ImportError, OSError):
            module = None
    if module is None:
        import tree_sitter_bash

        return tree_sitter_bash.language()
    language: object = module.language()
    return language


@record
class ShellWord:
    """One shell word: its text as written, its static value, and its source range.

    ``text_start``/``text_end`` index the script's text; ``start``/``end`` are the
    absolute offsets in the Dockerfile, mapped on demand through ``source``.
    """

    text: str
    value: str | None
    text_start: int
    text_end: int
    #: Names of the variables it expands (``$X``, ``${X:-y}``).
    variables: tuple[str, ...] = ()
    source: ShellSource | None = field(default=None, repr=False, compare=False)

    @property
    def start(self) -> int:
        source = self.source
        return source.offset(self.text_start) if source is not None else self.text_start

    @property
    def end(self) -> int:
        source = self.source
        if source is None:
            return self.text_end
        if self.text_end <= self.text_start:
            return self.start
        return source.end(self.text_end)

    @property
    def is_static(self) -> bool:
        return self.value is not None


@record
class Option:
    """A parsed option: ``-y`` (name ``y``) or ``--yes`` (name ``yes``), maybe a value.

    ``value`` is the static value (None when it is missing or expands a variable);
    ``value_word`` the word that holds it: the option's own (``--branch=main``, ``-bmain``)
    or the next one (``-b main``), None when the option takes no value or lacks it.
    """

    name: str
    long: bool
    value: str | None
    word: ShellWord
    value_word: ShellWord | None = None

    @property
    def spelling(self) -> str:
        return ("--" if self.long else "-") + self.name


@record
class ScriptError:
    """Text tree-sitter-bash could not parse."""

    message: str
    start: int
    end: int


@record
class Item:
    """A top-level statement of a script (a command, pipeline, compound...), with the
    operator that joins it to the previous one (None for the first, ``"\\n"`` for a
    line break). Offsets index the script's text."""

    start: int
    end: int
    operator: str | None
    kind: str


@record
class TopLevel:
    """A script's top-level statements, as its parse found them (`shell.outline` reads
    them)."""

    items: tuple[Item, ...]
    #: ``;`` or ``&`` after the last statement, else None.
    terminator: str | None
    #: A comment after the last statement.
    trailing_comment: bool


@dataclass(eq=False, slots=True)
class Command:
    """A simple command: ``[assignments] name args... [redirects]``."""

    name: ShellWord | None
    args: tuple[ShellWord, ...]
    text_start: int
    text_end: int
    operator: str | None
    context: tuple[str, ...]
    assignments: tuple[ShellWord, ...] = ()
    redirects: tuple[ShellWord, ...] = ()
    index: int = 0
    #: The script this command is part of, held weakly: the script holds its commands,
    #: and a reference back would make every script a cycle only the garbage collector
    #: frees (`script` reads it; the model keeps its scripts alive).
    script_ref: weakref.ReferenceType[Script] | None = field(
        default=None, repr=False, compare=False
    )
    source: ShellSource | None = field(default=None, repr=False)
    #: The command name without its directory: ``apt-get`` (None when not static). Rules
    #: read it more than anything else, so it is a field, not a property.
    basename: str | None = field(init=False, repr=False, compare=False)
    # What the properties below compute once. Slots, not a cached_property: a value put
    # in an instance's ``__dict__`` makes the dictionary real, a cost per command.
    _start: int = field(init=False, repr=False, compare=False)
    _end: int = field(init=False, repr=False, compare=False)
    _parsed: tuple[tuple[Option, ...], tuple[ShellWord, ...]] = field(
        init=False, repr=False, compare=False
    )
    _inner: Command | None = field(init=False, repr=False, compare=False)
    _nested: Script | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        value = self.name.value if self.name is not None else None
        self.basename = value.rsplit("/", 1)[-1] if value else None

    @property
    def script(self) -> Script | None:
        ref = self.script_ref
        return ref() if ref is not None else None

    @script.setter
    def script(self, value: Script | None) -> None:
        self.script_ref = weakref.ref(value) if value is not None else None

    @property
    def start(self) -> int:
        """Absolute offset of the command in the Dockerfile (rules key and order commands
        by it: mapped once)."""
        try:
            return self._start
        except AttributeError:
            source = self.source
            found = source.offset(self.text_start) if source is not None else self.text_start
            self._start = found
            return found

    @property
    def end(self) -> int:
        try:
            return self._end
        except AttributeError:
            source = self.source
            if source is None:
                found = self.text_end
            elif self.text_end > self.text_start:
                found = source.end(self.text_end)
            else:
                found = self.start
            self._end = found
            return found

    # -- names and words ------------------------------------------------------------

    @property
    def name_value(self) -> str | None:
        """The command name's static value, as written (``/usr/bin/apt-get``)."""
        return self.name.value if self.name is not None else None

    def is_named(self, *names: str) -> bool:
        return self.basename in names

    @property
    def words(self) -> tuple[ShellWord, ...]:
        return ((self.name,) if self.name is not None else ()) + self.args

    @property
    def in_substitution(self) -> bool:
        return "command_substitution" in self.context or "process_substitution" in self.context

    # -- options ----------------------------------------------------------------------

    def spec(self) -> OptionSpec:
        return spec_for(self.basename or "")

    @property
    def parsed(self) -> tuple[tuple[Option, ...], tuple[ShellWord, ...]]:
        """``(options, positionals)`` by the command's option spec; after a sub-command
        with a spec of its own (``git clone -b v1 url``), by that spec."""
        try:
            return self._parsed
        except AttributeError:
            self._parsed = found = self._parse_options()
            return found

    def _parse_options(self) -> tuple[tuple[Option, ...], tuple[ShellWord, ...]]:
        options, positionals = parse_options(self.args, self.spec())
        name = self.basename
        if positionals and name and positionals[0].value:
            sub = positionals[0].value
            if has_subcommand_spec(name, sub):
                at = self.args.index(positionals[0])
                more, rest = parse_options(self.args[at + 1 :], spec_for(name, sub))
                before = tuple(o for o in options if self.args.index(o.word) < at)
                return before + more, (positionals[0], *rest)
        return options, positionals

    @property
    def options(self) -> tuple[Option, ...]:
        return self.parsed[0]

    @property
    def positionals(self) -> tuple[ShellWord, ...]:
        return self.parsed[1]

    def has_option(self, *spellings: str) -> bool:
        """Whether any spelling is present: ``has_option("-y", "--yes", "--assume-yes")``.

        Short options match inside clusters (``-qy``); long options match with or without
        ``=value``.
        """
        return self.option(*spellings) is not None

    def option(self, *spellings: str) -> Option | None:
        """The first option matching any spelling, or None."""
        wanted = {s.lstrip("-"): s.startswith("--") for s in spellings}
        for opt in self.options:
            if opt.name in wanted and wanted[opt.name] == opt.long:
                return opt
        return None

    @property
    def subcommand(self) -> str | None:
        """The first positional argument's value (``install`` in ``apt-get install x``)."""
        positionals = self.positionals
        return positionals[0].value if positionals else None

    def arguments_after_subcommand(self) -> tuple[ShellWord, ...]:
        """Positional words after the sub-command: the packages of ``apt-get install``."""
        return self.positionals[1:]

    # -- structure --------------------------------------------------------------------

    def unwrapped(self) -> Command:
        """The command run through ``sudo``, ``env``, ``nice``... (self if not wrapped)."""
        try:
            inner = self._inner
        except AttributeError:
            # None when the command is not wrapped (keeping ``self`` would be a cycle)
            found = self._unwrap()
            self._inner = inner = None if found is self else found
        return self if inner is None else inner

    def _unwrap(self) -> Command:
        current = self
        for _ in range(8):
            if current.basename not in WRAPPERS:
                return current
            positionals = current.positionals
            rest = [w for w in positionals if not (current.basename == "env" and "=" in w.text)]
            if current.basename in _WRAPPERS_WITH_ARGUMENT:
                rest = rest[1:]
            if not rest:
                return current
            inner = rest[0]
            current = current.with_words(inner, current.args[current.args.index(inner) + 1 :])
        return current

    def with_words(self, name: ShellWord, args: tuple[ShellWord, ...]) -> Command:
        """This command seen as ``name args...`` (same end, operator and context): the
        command a wrapper such as ``sudo`` or ``python -m`` runs."""
        return Command(
            name,
            args,
            name.text_start,
            self.text_end,
            self.operator,
            self.context,
            self.assignments,
            self.redirects,
            self.index,
            self.script_ref,
            self.source,
        )

    @property
    def previous(self) -> Command | None:
        if self.script is None or self.index == 0:
            return None
        return self.script.commands[self.index - 1]

    @property
    def next(self) -> Command | None:
        if self.script is None or self.index + 1 >= len(self.script.commands):
            return None
        return self.script.commands[self.index + 1]

    @property
    def nested(self) -> Script | None:
        """The script of ``sh -c '...'`` / ``bash -c "..."`` when it is static."""
        try:
            return self._nested
        except AttributeError:
            self._nested = found = self._nested_script()
            return found

    def _nested_script(self) -> Script | None:
        if self.basename not in SHELLS or self.script is None:
            return None
        args = list(self.args)
        for i, word in enumerate(args):
            text = word.value
            if text is None or not text.startswith("-") or text.startswith("--"):
                continue
            if "c" in text[1:] and i + 1 < len(args):
                body = args[i + 1]
                source = self.script.word_source(body)
                if source is None:
                    return None
                return parse_script(source, depth=self.script.depth + 1)
        return None


class _WeaklyReferable:
    """A base giving slotted subclasses a ``__weakref__`` (dataclass's ``weakref_slot``
    is Python 3.11+)."""

    __slots__ = ("__weakref__",)


@dataclass(eq=False, slots=True)
class Script(_WeaklyReferable):
    """A parsed script: its commands in source order and any parse errors."""

    source: ShellSource
    commands: tuple[Command, ...]
    errors: tuple[ScriptError, ...]
    depth: int = 0
    _word_sources: _Builder | None = field(default=None, repr=False)
    #: The root of the parse tree (None when it has errors), for `top_level`; the copies
    #: of the script for the same text (`moved_to`) share it.
    _root: TSNode | None = field(default=None, repr=False)
    _top_level: TopLevel | None = field(init=False, repr=False, compare=False)
    _all: tuple[Command, ...] = field(init=False, repr=False, compare=False)
    _unwrapped: tuple[Command, ...] = field(init=False, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    def all_commands(self) -> tuple[Command, ...]:
        """Every command, including those inside ``sh -c`` bodies, in source order."""
        try:
            return self._all
        except AttributeError:
            found: list[Command] = []
            for command in self.commands:
                found.append(command)
                nested = command.nested
                if nested is not None:
                    found.extend(nested.all_commands())
            self._all = every = tuple(found)
            return every

    @property
    def unwrapped_commands(self) -> tuple[Command, ...]:
        """`all_commands`, each unwrapped from ``sudo``/``env``/... (`Command.unwrapped`)."""
        try:
            return self._unwrapped
        except AttributeError:
            self._unwrapped = found = tuple(c.unwrapped() for c in self.all_commands())
            return found

    def find(
        self, *names: str, subcommand: str | None = None, unwrap: bool = True
    ) -> Iterator[Command]:
        """Commands named any of ``names`` (basename), optionally with a sub-command.

        With ``unwrap`` (the default), ``sudo apt-get`` and ``env X=1 apt-get`` count.
        """
        for command in self.all_commands():
            target = command.unwrapped() if unwrap else command
            if target.basename in names and (subcommand is None or target.subcommand == subcommand):
                yield target

    @property
    def top_level(self) -> TopLevel | None:
        """The top-level statements, read from the parse tree when first asked for; None
        when the parse has errors or holds something they cannot describe."""
        try:
            return self._top_level
        except AttributeError:
            text = self.source.text
            root = self._root
            to_char = None if text.isascii() else byte_to_char(text)
            self._top_level = found = None if root is None else _top_level(root, to_char)
            return found

    def has_operator(self, operator: str) -> bool:
        return any(c.operator == operator for c in self.all_commands())

    def moved_to(self, source: ShellSource) -> Script:
        """This script for the same text taken from ``source`` (other offsets): new
        commands and words, the parsed values shared."""
        script = Script(source, (), (), self.depth, _root=self._root)
        ref = weakref.ref(script)
        commands = []
        for command in self.commands:
            commands.append(
                Command(
                    _moved(command.name, source) if command.name is not None else None,
                    tuple(_moved(w, source) for w in command.args),
                    command.text_start,
                    command.text_end,
                    command.operator,
                    command.context,
                    tuple(_moved(w, source) for w in command.assignments),
                    tuple(_moved(w, source) for w in command.redirects),
                    command.index,
                    ref,
                    source,
                )
            )
        script.commands = tuple(commands)
        return script

    def word_source(self, word: ShellWord) -> ShellSource | None:
        """The static value of ``word`` as a `ShellSource` mapped to exact offsets."""
        builder = self._word_sources
        node = builder.word_nodes.get(word.text_start) if builder is not None else None
        if builder is None or node is None:
            return None
        offsets: list[tuple[int, int]] = []
        value = builder.static(node, offsets)
        if value is None:
            return None
        source = builder.source
        mapped = [(source.offset(a), source.end(b)) for a, b in offsets]
        return ShellSource.from_spans(value, mapped, word.end)


def raw_command(command: Command) -> Command:
    """The command as written (with ``sudo``, ``env`` or assignments) of an unwrapped one."""
    script = command.script
    if script is None or command.index >= len(script.commands):
        return command
    return script.commands[command.index]


# ---------------------------------------------------------------------- parsing


#: Scripts `_plain_script` keeps (the most recently used); moving one to other offsets
#: costs a small part of a parse.
PARSED_SCRIPTS_KEPT = 256


def parse_script(source: ShellSource, depth: int = 0) -> Script:
    """Parse shell text into a `Script`. Never raises; bad text yields `ScriptError`s."""
    plain = _plain_script(depth, source.text)
    return plain.moved_to(source) if plain is not None else _parse(source, depth)


@lru_cache(maxsize=PARSED_SCRIPTS_KEPT)
def _plain_script(depth: int, text: str) -> Script | None:
    """The script of ``text`` (at nesting ``depth``) parsed at offset 0, to be moved to
    wherever the same text is; None when it has syntax errors or an ``sh -c`` body (such
    a script is parsed where it is). Official-image families repeat their RUN blocks, and
    an editor re-lints a document whose scripts mostly did not change."""
    script = _parse(ShellSource.from_pieces([(text, 0)], len(text)), depth)
    return script if not script.errors and script._word_sources is None else None


def _parse(source: ShellSource, depth: int) -> Script:
    text = source.text
    if text.isascii():
        data = text.encode("ascii")
        to_char = None
    else:
        data = text.encode("utf-8", "surrogatepass")
        to_char = byte_to_char(text)
    tree = bash_parser().parse(data)
    builder = _Builder(source, data, to_char)
    script = Script(source, (), (), depth)
    builder.script_ref = weakref.ref(script)
    root = tree.root_node
    builder.has_errors = root.has_error
    builder.visit(root, (), None)
    for i, command in enumerate(builder.commands):
        command.index = i
    script.commands = tuple(builder.commands)
    script.errors = tuple(builder.errors)
    builder.commands = []  # the script holds them now (no cycle through the builder)
    script._word_sources = builder if builder.word_nodes else None
    if not root.has_error:
        script._root = root
    return script


def _top_level(root: TSNode, to_char: list[int] | None) -> TopLevel | None:
    """The statements directly under the tree's root, ``&&``/``||`` lists flattened into
    one item per operand; None for a root child that is none of those."""
    items: list[Item] = []
    pending: str | None = None
    terminator: str | None = None
    comment = False

    def flatten(node: TSNode, operator: str | None) -> None:
        kind = node.type
        if kind == "list":
            joined = operator
            for child in node.children:
                if child.type in ("&&", "||"):
                    joined = child.type
                elif child.is_named and child.type != "comment":
                    flatten(child, joined)
            return
        start, end = node.start_byte, node.end_byte
        if to_char is not None:
            start, end = to_char[start], to_char[end]
        items.append(Item(start, end, operator, kind))

    for child in root.children:
        kind = child.type
        if kind in (";", "&"):
            pending = kind
            terminator = kind
            continue
        if kind == "comment":
            comment = True
            continue
        if not child.is_named:
            return None  # something an outline does not understand
        operator = pending if pending is not None else ("\n" if items else None)
        flatten(child, operator)
        pending = None
        terminator = None
        comment = False
    if not items:
        return None
    return TopLevel(tuple(items), terminator, comment)


def _moved(word: ShellWord, source: ShellSource) -> ShellWord:
    return ShellWord(word.text, word.value, word.text_start, word.text_end, word.variables, source)


def byte_to_char(text: str) -> list[int]:
    """For each byte offset of ``text`` in UTF-8 (and its end), the character offset."""
    table: list[int] = []
    for i, ch in enumerate(text):
        table.extend([i] * len(ch.encode("utf-8", "surrogatepass")))
    table.append(len(text))
    return table


class _Builder:
    def __init__(self, source: ShellSource, data: bytes, to_char: list[int] | None) -> None:
        self.source = source
        self.data = data
        self.to_char = to_char
        self.commands: list[Command] = []
        self.errors: list[ScriptError] = []
        self.word_nodes: dict[int, TSNode] = {}
        self.script_ref: weakref.ReferenceType[Script] | None = None
        #: Whether the tree has ERROR or missing nodes at all (most have none: no checks).
        self.has_errors = True

    # positions ----------------------------------------------------------------------

    def chars(self, node: TSNode) -> tuple[int, int]:
        if self.to_char is None:
            return node.start_byte, node.end_byte
        return self.to_char[node.start_byte], self.to_char[node.end_byte]

    def text(self, node: TSNode) -> str:
        start, end = self.chars(node)
        return self.source.text[start:end]

    def span(self, node: TSNode) -> tuple[int, int]:
        """Absolute source offsets of a node."""
        return self.source.span(*self.chars(node))

    # traversal ----------------------------------------------------------------------

    def visit(self, node: TSNode, context: tuple[str, ...], operator: str | None) -> None:
        kind = node.type
        if self.has_errors and (kind == "ERROR" or node.is_missing):
            start, end = self.span(node)
            message = f"missing {kind}" if node.is_missing else "shell syntax error"
            self.errors.append(ScriptError(message, start, end))
            if node.is_missing:
                return
        if kind == "command":
            self.command(node, context, operator)
            return
        if kind in ("declaration_command", "unset_command"):
            self.declaration(node, context, operator)
            return
        if kind == "redirected_statement":
            body = node.child_by_field_name("body")
            for child in node.children:
                if body is not None and child.id == body.id:
                    self.visit(child, context, operator)
                elif child.type == "heredoc_redirect":
                    # tree-sitter-bash nests the rest of the line (``&& next``) here
                    self.visit_children(child, context, None, skip=_HEREDOC_PARTS)
                elif child.is_named and not child.type.endswith("redirect"):
                    self.visit(child, context, None)
            return
        inner = (*context, kind) if kind in _CONTEXTS else context
        self.visit_children(node, inner, operator)

    def visit_children(
        self,
        node: TSNode,
        context: tuple[str, ...],
        operator: str | None,
        skip: frozenset[str] = frozenset(),
    ) -> None:
        pending = operator
        for child in node.children:
            child_kind = child.type
            if child_kind in _OPERATORS:
                pending = child_kind
                continue
            if not child.is_named or child_kind in skip or child_kind.endswith("_redirect"):
                continue
            self.visit(child, context, pending)
            pending = None

    def command(self, node: TSNode, context: tuple[str, ...], operator: str | None) -> None:
        name: ShellWord | None = None
        args: list[ShellWord] = []
        assignments: list[ShellWord] = []
        redirects: list[ShellWord] = []
        nested: list[TSNode] = []
        named: list[tuple[ShellWord, TSNode]] = []  # name and arguments with their nodes
        for child in node.children:
            kind = child.type
            if kind == "command_name":
                target = child.named_children[0] if child.named_child_count else child
                name = self.word(target)
                nested.append(target)
                named.append((name, target))
            elif kind == "variable_assignment":
                assignments.append(self.word(child))
                nested.append(child)
            elif kind.endswith("redirect"):
                redirects.append(self.word(child))
            elif child.is_named and kind != "comment":
                word = self.word(child)
                args.append(word)
                nested.append(child)
                named.append((word, child))
        if _may_run_shell(name) and any(_names_shell(word.value) for word, _ in named):
            # ``sh -c BODY`` (also behind sudo/env): keep the nodes `Script.word_source`
            # maps BODY with; other scripts (``useradd -s /bin/bash`` too) drop their tree
            # once built.
            for word, child in named:
                if word.value is not None:
                    self.word_nodes[word.text_start] = child
        start, end = self.chars(node)
        command = Command(
            name,
            tuple(args),
            start,
            end,
            operator,
            context,
            tuple(assignments),
            tuple(redirects),
            script_ref=self.script_ref,
            source=self.source,
        )
        self.commands.append(command)
        for child in nested:
            if child.has_error or _may_substitute(self.text(child)):
                self.substitutions(child, context)

    def declaration(self, node: TSNode, context: tuple[str, ...], operator: str | None) -> None:
        """``export A=1 B``, ``readonly``, ``local``, ``declare``, ``unset``: a command too."""
        children = node.children
        if not children:  # pragma: no cover - grammar invariant
            return
        keyword = children[0]
        start, end = self.chars(keyword)
        text = self.source.text[start:end]
        name = ShellWord(text, text, start, end, (), self.source)
        args = [self.word(c) for c in children[1:] if c.is_named and c.type != "comment"]
        start, end = self.chars(node)
        self.commands.append(
            Command(
                name,
                tuple(args),
                start,
                end,
                operator,
                context,
                script_ref=self.script_ref,
                source=self.source,
            )
        )
        for child in children[1:]:
            if child.has_error or _may_substitute(self.text(child)):
                self.substitutions(child, context)

    def substitutions(self, node: TSNode, context: tuple[str, ...]) -> None:
        """Commands inside ``$(...)``, backticks and ``<(...)`` of a word."""
        if node.type in ("command_substitution", "process_substitution"):
            self.visit(node, context, None)
            return
        for child in node.named_children:
            if child.type in ("command_substitution", "process_substitution", "ERROR"):
                self.visit(child, context, None)
            else:
                self.substitutions(child, context)

    # words --------------------------------------------------------------------------

    def word(self, node: TSNode) -> ShellWord:
        start, end = self.chars(node)
        source = self.source
        text = source.text[start:end]
        value = self.static(node, None)
        variables = tuple(self.variables(node)) if "$" in text else ()
        return ShellWord(text, value, start, end, variables, source)

    def variables(self, node: TSNode) -> Iterator[str]:
        for child in node.named_children:
            if child.type == "variable_name":
                yield self.text(child)
            elif child.type not in ("command_substitution", "process_substitution"):
                yield from self.variables(child)

    def static(self, node: TSNode, offsets: list[tuple[int, int]] | None) -> str | None:
        """The literal value of a word; with ``offsets``, each character's text span."""
        kind = node.type
        start, end = self.chars(node)
        text = self.source.text
        if kind in ("word", "number", "command_name"):
            return _unescape(text, start, end, offsets, double=False)
        if kind == "raw_string":
            if offsets is not None:
                offsets.extend((i, i + 1) for i in range(start + 1, end - 1))
            return text[start + 1 : end - 1]
        if kind == "string":
            if any(c.type != "string_content" for c in node.named_children):
                return None
            return _unescape(text, start + 1, end - 1, offsets, double=True)
        if kind == "concatenation":
            covered = sum(self.chars(c)[1] - self.chars(c)[0] for c in node.named_children)
            if covered != end - start:  # unnamed literal pieces: read the whole text
                return _unescape(text, start, end, offsets, double=False)
            parts = []
            for child in node.named_children:
                part = self.static(child, offsets)
                if part is None:
                    return None
                parts.append(part)
            return "".join(parts)
        if kind == "variable_assignment":
            return _unescape(text, start, end, offsets, double=False)
        return None


def _may_run_shell(name: ShellWord | None) -> bool:
    """Whether a command so named can be, or unwrap to, a shell (`Command.nested`)."""
    value = name.value if name is not None else None
    return value is not None and (_names_shell(value) or value.rsplit("/", 1)[-1] in WRAPPERS)


def _names_shell(value: str | None) -> bool:
    return value is not None and value.rsplit("/", 1)[-1] in SHELLS


def _may_substitute(text: str) -> bool:
    """Whether a word's text could hold ``$(...)``, backticks or ``<(...)``/``>(...)``."""
    return "$(" in text or "`" in text or ("(" in text and ("<(" in text or ">(" in text))


def _unescape(
    text: str, start: int, end: int, offsets: list[tuple[int, int]] | None, *, double: bool
) -> str | None:
    """Remove shell escapes from ``text[start:end]``; None if it expands anything.

    Unquoted, a backslash escapes any character; inside double quotes only ``$ ` " \\``
    and a newline. A backslash-newline disappears.
    """
    chunk = text[start:end]
    if "\\" not in chunk:
        if not double and ("$" in chunk or "`" in chunk or "'" in chunk or '"' in chunk):
            return None
        if offsets is not None:
            offsets.extend((i, i + 1) for i in range(start, end))
        return chunk
    value: list[str] = []
    i = start
    while i < end:
        ch = text[i]
        if ch == "\\" and i + 1 < end and (not double or text[i + 1] in '$`"\\\n'):
            if text[i + 1] != "\n":
                value.append(text[i + 1])
                if offsets is not None:
                    offsets.append((i, i + 2))
            i += 2
            continue
        if not double and ch in "$`'\"":
            return None
        value.append(ch)
        if offsets is not None:
            offsets.append((i, i + 1))
        i += 1
    return "".join(value)


def parse_options(
    words: Sequence[ShellWord], spec: OptionSpec, *, stop_at_double_dash: bool = False
) -> tuple[tuple[Option, ...], tuple[ShellWord, ...]]:
    """``words`` split into options and positionals by ``spec``: clusters (``-qy``),
    values attached (``-bmain``, ``--branch=main``) or in the next word, Go's one-dash long
    options (``spec.single_dash``). A word that is not static is a positional. After
    ``--`` every word is a positional, unless ``stop_at_double_dash`` (``gem install x --
    --with-opt``: they belong to someone else)."""
    options: list[Option] = []
    positionals: list[ShellWord] = []
    i = 0
    n = len(words)
    while i < n:
        word = words[i]
        text = word.value
        i += 1
        if text is None or text == "-" or not text.startswith("-"):
            positionals.append(word)
            continue
        if text == "--":
            if not stop_at_double_dash:
                positionals.extend(words[i:])
            break
        if text.startswith("--") or (spec.single_dash and len(text) > 2):
            name, eq, value = text.lstrip("-").partition("=")
            if eq:
                options.append(Option(name, True, value, word, word))
            elif name in spec.long_values and i < n:
                options.append(Option(name, True, words[i].value, word, words[i]))
                i += 1
            else:
                options.append(Option(name, True, None, word))
            continue
        if spec.single_dash and text[1:] in spec.long_values:  # ``-o out``
            following = words[i] if i < n else None
            given = following.value if following is not None else None
            options.append(Option(text[1:], True, given, word, following))
            i += 1 if i < n else 0
            continue
        cluster = text[1:]
        for j, letter in enumerate(cluster):
            if letter in spec.short_values:
                rest = cluster[j + 1 :]
                if rest:
                    options.append(Option(letter, False, rest, word, word))
                elif i < n:
                    options.append(Option(letter, False, words[i].value, word, words[i]))
                    i += 1
                else:
                    options.append(Option(letter, False, None, word))
                break
            options.append(Option(letter, False, None, word))
    return tuple(options), tuple(positionals)
