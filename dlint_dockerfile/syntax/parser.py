"""``parse(text) -> Dockerfile``: BuildKit's reading of a Dockerfile, kept lossless.

The line-level algorithm follows BuildKit's ``parser.Parse`` step by step: parser
directives at the top, the escape token and its continuation rule, comment and empty
lines inside a continuation, per-instruction argument parsers, and heredocs. Where
BuildKit gives up on the whole file, this parser records a `SyntaxIssue` on the node
at fault and carries on, so everything after a bad line is still read.

The argument parsers work on the *logical line* (continuations joined, as BuildKit sees
it) and report ``[start, end)`` spans in it; a segment map turns those back into source
offsets, and the text between tokens becomes `Trivia`, so no character is lost.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from dlint_dockerfile._record import record
from dlint_dockerfile.syntax.gotext import (
    GO_SPACES,
    RE_WHITESPACE,
    is_space,
    lstrip_space,
    trim_newline,
)
from dlint_dockerfile.syntax.nodes import (
    KNOWN_INSTRUCTIONS,
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
    Trivia,
    Word,
    copy_node,
)
from dlint_dockerfile.syntax.words import LexError, WordLexer

__all__ = ["parse"]

#: Longest line BuildKit's scanner accepts, in bytes, line ending included.
MAX_LINE_BYTES = 64 * 1024

_DIRECTIVE = re.compile(r"([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*")
_VALID_DIRECTIVES = frozenset({"syntax", "escape", "check"})
_HEREDOC_WORD = re.compile(r"([0-9]*)<<(-?)([^<]*)\Z")
_NON_WS_RUN = re.compile(r"[^\t\v\f\r ]+")
_JSON_WS = " \t\n\r"
_HEREDOC_INSTRUCTIONS = frozenset({"ADD", "COPY", "RUN"})
_ONBUILD_FORBIDDEN = frozenset({"ONBUILD", "FROM", "MAINTAINER"})
_UPPER_KEYWORD = re.compile(r"[ \t]*(" + "|".join(sorted(KNOWN_INSTRUCTIONS)) + r")(?:[ \t]|$)")


def _continuation_lines(escape: str) -> re.Pattern[str]:
    """The lines `_Parser._continuation` reads after an instruction's first line: comment
    and blank lines, lines ending with the escape character (not escaped itself; blanks
    and carriage returns may follow it), then the line that ends the instruction."""
    spaces = "[" + re.escape(GO_SPACES.replace("\n", "")) + "]*"
    end = r"(?:\n|\Z)"
    dropped = f"{spaces}(?:#[^\n]*)?{end}"
    e = re.escape(escape)
    continued = f"(?:[^\n]*[^\n{e}])?{e}[ \t]*\r*{end}"
    return re.compile(f"(?:{dropped}|{continued})*(?:[^\n]*{end})?")


_CONTINUATION = {escape: _continuation_lines(escape) for escape in ("\\", "`")}


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


_JSON = json.JSONDecoder(parse_constant=_reject_constant)

# A token is (start, end, node class, fields) in logical-line coordinates; composite
# classes (ExecForm, Instruction) carry their sub-tokens in fields["parts"].
Tok = tuple[int, int, type, dict[str, Any]]
# An issue found in the logical line: (start, end, message).
LIssue = tuple[int, int, str, str]  # (start, end, message, code)


class _NotStringArray(Exception):
    def __init__(self, start: int, end: int) -> None:
        super().__init__("when using JSON array syntax, arrays must be comprised of strings only")
        self.start = start
        self.end = end


def parse(text: str, previous: Dockerfile | None = None) -> Dockerfile:
    """Parse Dockerfile source into a lossless tree. Never raises; ``tree.code == text``.

    ``previous``, an earlier parse of another version of the text (an editor's last one),
    lends its instructions whose own lines are unchanged (with heredocs, when the lines of
    their bodies are unchanged too), and instructions without heredocs parsed before, in
    any file, are known by their own lines: they are taken over rather than parsed again.
    Nodes hold no positions, so a node can sit in two trees; within one tree every node is
    still distinct.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    try:
        return _Parser(text[len(bom) :], previous, bom=bom).parse()
    except Exception as exc:  # pragma: no cover - a parser bug must not lose the file
        issue = SyntaxIssue(f"internal parser error: {exc!r}", 0, len(text), "DLX000")
        body = ErrorInstruction((), (Keyword(""), Trivia(text)), Newline(""), (), (issue,))
        return Dockerfile("", (), (body,), (), ())


class _Parser:
    def __init__(
        self,
        src: str,
        previous: Dockerfile | None = None,
        *,
        bom: str = "",
        escape: str = "\\",
    ) -> None:
        #: The previous tree's instructions by their own text, to take over (`_reused`).
        self.reusable: dict[str, list[tuple[Instruction, str]]] | None = None
        self.previous = previous
        #: ``id(parts)`` of every instruction in the tree being built: a node taken over
        #: (from ``previous`` or `_instruction_alone`) must not sit in one tree twice.
        self.used: set[int] = set()
        self.bom = bom
        self.src = src
        self.escape = escape
        self.directives_done = False
        self.directives_seen: set[str] = set()
        self.line_starts: list[int] | None = None

    # ------------------------------------------------------------------ line level

    def _lines(self) -> list[tuple[int, int]]:
        src = self.src
        lines = []
        pos = 0
        size = len(src)
        find = src.find
        while pos < size:
            nl = find("\n", pos)
            end = nl + 1 if nl >= 0 else size
            lines.append((pos, end))
            pos = end
        return lines

    def _directive(self, raw: str, token: str) -> Directive | None:
        """BuildKit's directive parser on one newline-trimmed, left-trimmed line."""
        if self.directives_done:
            return None
        if not token.startswith("#"):
            self.directives_done = True
            return None
        match = _DIRECTIVE.fullmatch(lstrip_space(token[1:]))
        if match is None or match.group(1).lower() not in _VALID_DIRECTIVES:
            self.directives_done = True
            return None
        name = match.group(1).lower()
        value = match.group(2)
        end = len(trim_newline(raw))
        if name in self.directives_seen:
            message = f"only one {name} parser directive can be used"
            return Directive(raw, name, value, SyntaxIssue(message, 0, end, "DLX003"))
        self.directives_seen.add(name)
        if name == "escape":
            if value not in ("\\", "`"):
                message = f"invalid escape token '{value}' does not match ` or \\"
                return Directive(raw, name, value, SyntaxIssue(message, 0, end, "DLX003"))
            self.escape = value
        return Directive(raw, name, value)

    def _trim_continuation(self, line: str) -> tuple[str, bool]:
        """BuildKit's continuation rule: an escape token ending the line, unless escaped."""
        stripped = line.rstrip(" \t")
        if not stripped or stripped[-1] != self.escape:
            return line, False
        if len(stripped) >= 2 and stripped[-2] == self.escape:
            return line, False
        return stripped[:-1], True

    def parse(self) -> Dockerfile:
        src = self.src
        lines = self._lines()
        directives: list[Directive] = []
        instructions: list[Instruction] = []
        pending: list[CommentLine | BlankLine] = []
        root_issues: list[SyntaxIssue] = []
        spans: list[tuple[int, int]] = []
        index = 0
        count = len(lines)
        while index < count:
            start, end = lines[index]
            raw = src[start:end]
            if (
                end - start > MAX_LINE_BYTES // 4
                and len(raw.encode("utf-8", "surrogatepass")) > MAX_LINE_BYTES
            ):
                offset = len(self.bom) + start
                root_issues.append(
                    SyntaxIssue(
                        f"line {index + 1} is longer than BuildKit's limit of "
                        f"{MAX_LINE_BYTES - 1} bytes; BuildKit stops reading the file here",
                        offset,
                        offset + len(trim_newline(raw)),
                    )
                )
            content = trim_newline(raw)
            token = lstrip_space(content)
            directive = self._directive(raw, token)
            if directive is not None:
                directives.append(directive)
                index += 1
                continue
            is_comment = token.startswith("#")
            segment, continued = self._trim_continuation("" if is_comment else token)
            if not continued and not segment:
                pending.append(CommentLine(raw) if is_comment else BlankLine(raw))
                index += 1
                continue
            first = index
            own_end = self._own_end(lines, index, continued)
            own = src[start : lines[own_end - 1][1]]
            reused = None
            if self.previous is not None:
                reused, index = self._reused(lines, own_end, own, tuple(pending), index)
            if reused is None:
                reused, index = self._known(own, own_end, tuple(pending), index)
            if reused is None:
                parsed, index = self._instruction(lines, index, segment, continued)
                instruction = parsed.placed(tuple(pending))
                self.used.add(id(instruction.parts))
            else:
                instruction = reused
            spans.append((lines[first][0], lines[index - 1][1]))
            pending = []
            instructions.append(instruction)
        if not instructions:
            root_issues.append(
                SyntaxIssue("file with no instructions", 0, len(self.bom) + len(src), "DLX001")
            )
        tree = Dockerfile(
            self.bom, tuple(directives), tuple(instructions), tuple(pending), tuple(root_issues)
        )
        # the text is what the tree joins to (lossless): no need to join it again
        object.__setattr__(tree, "_text", self.bom + src)
        object.__setattr__(tree, "_instruction_spans", tuple(spans))
        return tree

    def _reused(
        self,
        lines: list[tuple[int, int]],
        own_end: int,
        own: str,
        leading: tuple[CommentLine | BlankLine, ...],
        index: int,
    ) -> tuple[Instruction | None, int]:
        """The previous tree's instruction with ``own`` lines (those of the instruction
        at line ``index``, up to line ``own_end``), and the index after it (after its
        heredocs); or None and ``index``."""
        table = self.reusable
        if table is None:
            table = self.reusable = _reusable(self.previous, self.escape)
        found = table.get(own)
        if not found:
            return None, index
        own_stop = lines[own_end - 1][1]
        for k, (old, tail) in enumerate(found):
            # heredoc bodies read the lines that follow: those must be the same too
            after = _line_after(lines, own_end, own_stop + len(tail)) if tail else own_end
            if after is not None and self.src.startswith(tail, own_stop):
                taken = self._take_over(old, leading)
                if taken is not None:
                    del found[k]
                    return taken, after
        return None, index

    def _known(
        self, own: str, own_end: int, leading: tuple[CommentLine | BlankLine, ...], index: int
    ) -> tuple[Instruction | None, int]:
        """The instruction without heredocs whose own lines are ``own`` (parsed on its own,
        or known from an earlier instruction of this file or another: `_instruction_alone`),
        and the index after it (``own_end``); or None and ``index``. When this tree holds
        it already (a file repeating a line), a copy: new nodes, the same values (cheaper
        than a parse)."""
        parsed = _instruction_alone(self.escape, own)
        if parsed is None:
            return None, index
        if id(parsed.parts) in self.used:
            parsed = parsed.copied()
        self.used.add(id(parsed.parts))
        return parsed.placed(leading), own_end

    def _take_over(
        self, old: Instruction, leading: tuple[CommentLine | BlankLine, ...]
    ) -> Instruction | None:
        """``old`` with this tree's ``leading`` lines, unless its nodes are in this tree
        already (a node must not sit in one tree twice)."""
        if id(old.parts) in self.used:
            return None
        self.used.add(id(old.parts))
        return type(old)(leading, old.parts, old.newline, old.heredocs, old.issues)

    def _own_end(self, lines: list[tuple[int, int]], index: int, continued: bool) -> int:
        """The index of the line after the own lines (heredocs aside) of the instruction
        starting at line ``index``: `_continuation`'s lines, found by one regular
        expression (every instruction is looked up by its own lines before it is parsed)."""
        if not continued:
            return index + 1
        after = lines[index][1]
        found = _CONTINUATION[self.escape].match(self.src, after)  # matches always
        stop = found.end() if found is not None else after
        if self.line_starts is None:
            self.line_starts = [start for start, _ in lines]
        return bisect_left(self.line_starts, stop, index + 1)

    def _continuation(
        self, lines: list[tuple[int, int]], index: int, continued: bool
    ) -> Iterator[tuple[int, int, str, str | None]]:
        """The lines from ``index`` that continue an instruction (``continued``: its
        first line ends with the escape character), each as ``(start, end, content,
        segment)``: ``content`` without the line ending, ``segment`` its logical text
        (None for the comment and empty lines BuildKit drops inside a continuation)."""
        src = self.src
        while continued and index < len(lines):
            start, end = lines[index]
            index += 1
            content = trim_newline(src[start:end])
            stripped = lstrip_space(content)
            if stripped.startswith("#") or not stripped:
                yield start, end, content, None
                continue
            segment, continued = self._trim_continuation(content)
            yield start, end, content, segment

    # ------------------------------------------------------------ one instruction

    def _instruction(
        self, lines: list[tuple[int, int]], index: int, first_segment: str, continued: bool
    ) -> tuple[_Parsed, int]:
        """The instruction starting at line ``index`` (with its heredocs) and the index of
        the line after it."""
        src = self.src
        instr_start, end = lines[index]
        content = trim_newline(src[instr_start:end])
        lead = len(content) - len(lstrip_space(content))
        seg_logical: list[int] = []
        seg_source: list[int] = []
        pieces: list[str] = []
        logical_len = 0

        def add(source_start: int, text: str) -> None:
            nonlocal logical_len
            if text:
                seg_logical.append(logical_len)
                seg_source.append(source_start)
                pieces.append(text)
                logical_len += len(text)

        add(instr_start + lead, first_segment)
        content_end = instr_start + len(content)
        line_end = end
        index += 1
        if continued:  # most instructions are one line: no generator for them
            for start, end, content, segment in self._continuation(lines, index, continued):
                index += 1
                content_end = start + len(content)
                line_end = end
                if segment is not None:
                    add(start, segment)
        line = "".join(pieces)
        mapper = _SegmentMap(seg_logical, seg_source, content_end, logical_len)

        toks, issues, name, inner_name, is_json = _line_tokens(line, 0, len(line), self.escape)
        _check_arguments(toks, issues, name, inner_name, len(line))

        heredocs: tuple[Heredoc, ...] = ()
        target = inner_name if name == "ONBUILD" else name
        if target in _HEREDOC_INSTRUCTIONS and not is_json and "<<" in line:
            heredocs, index = self._heredocs(line, lines, index, issues)

        parts = _build(src, mapper, instr_start, content_end, toks)
        newline = Newline(src[content_end:line_end])
        rel_issues = tuple(
            _relative_issue(
                msg,
                mapper.start(a, b) - instr_start,
                mapper.end(a, b) - instr_start,
                content_end - instr_start,
                code,
            )
            for a, b, msg, code in issues
        )
        kind = ErrorInstruction if rel_issues else Instruction
        return _Parsed(kind, tuple(parts), newline, heredocs, rel_issues), index

    def _heredocs(
        self, line: str, lines: list[tuple[int, int]], index: int, issues: list[LIssue]
    ) -> tuple[tuple[Heredoc, ...], int]:
        """Read the bodies of the heredocs opened on ``line`` (BuildKit's rules)."""
        src = self.src
        found: list[Heredoc] = []
        for marker_start, marker_end, spec in _heredoc_markers(line, issues):
            name, chomp, expand, fd = spec
            body_start = lines[index][0] if index < len(lines) else len(src)
            terminator = ""
            stop = index
            while stop < len(lines):
                start, end = lines[stop]
                candidate = trim_newline(src[start:end])
                if chomp:
                    candidate = candidate.lstrip("\t")
                if candidate == name:
                    terminator = src[start:end]
                    break
                stop += 1
            if terminator:
                body = src[body_start : lines[stop][0]]
                index = stop + 1
            else:
                # Unterminated: BuildKit fails. Assume the body ends before the next line
                # that starts with an upper-case instruction keyword, so the rest of the
                # file is still read.
                stop = index
                while stop < len(lines) and not _UPPER_KEYWORD.match(
                    src[lines[stop][0] : lines[stop][1]]
                ):
                    stop += 1
                body_end = lines[stop][0] if stop < len(lines) else len(src)
                body = src[body_start:body_end]
                index = stop
                where = (
                    f"; its body is taken to end before line {stop + 1}"
                    if stop < len(lines)
                    else ""
                )
                issues.append(
                    (
                        marker_start,
                        marker_end,
                        f"unterminated heredoc: no line {name!r} closes it{where}",
                        "DLX001",
                    )
                )
            found.append(Heredoc(name, body, terminator, chomp, expand, fd))
        return tuple(found), index


@record
class _Parsed:
    """An instruction as parsed from its lines, without the comment and blank lines
    before it (`placed` puts it after them)."""

    kind: type[Instruction]
    parts: tuple[Node, ...]
    newline: Newline
    heredocs: tuple[Heredoc, ...]
    issues: tuple[SyntaxIssue, ...]

    def placed(self, leading: tuple[CommentLine | BlankLine, ...]) -> Instruction:
        return self.kind(leading, self.parts, self.newline, self.heredocs, self.issues)

    def copied(self) -> _Parsed:
        """New nodes equal to these, for a second place in one tree."""
        return _Parsed(
            self.kind,
            tuple(copy_node(part) for part in self.parts),
            copy_node(self.newline),
            tuple(copy_node(heredoc) for heredoc in self.heredocs),
            self.issues,
        )


#: Instructions `_instruction_alone` keeps (the most recently used).
KNOWN_INSTRUCTIONS_KEPT = 2048


@lru_cache(maxsize=KNOWN_INSTRUCTIONS_KEPT)
def _instruction_alone(escape: str, own: str) -> _Parsed | None:
    """The instruction whose own lines (its first line and those continuing it) are
    ``own``, parsed on their own with ``escape``; None if it opens heredocs, whose bodies
    are in the lines after it.

    Without heredocs, an instruction is a function of its own lines: kept, it is taken
    over by every later tree with the same lines, in this file or another (nodes hold no
    positions; `_Parser._known` puts each node in a tree once). Files of one image family
    repeat most of their instructions.
    """
    parser = _Parser(own, escape=escape)
    lines = parser._lines()
    first = lstrip_space(trim_newline(own[: lines[0][1]]))
    segment, continued = parser._trim_continuation(first)
    parsed, _ = parser._instruction(lines, 0, segment, continued)
    return None if parsed.heredocs else parsed


def _reusable(tree: Dockerfile | None, escape: str) -> dict[str, list[tuple[Instruction, str]]]:
    """``tree``'s instructions by their own text, each with the text of its heredocs (none
    if the escape character differs: the same text would read differently). An
    unterminated heredoc's body depends on what follows it: not reused."""
    if tree is None or tree.escape != escape:
        return {}
    spans = tree._instruction_spans
    if len(spans) != len(tree.instructions):
        return {}
    src = tree.code[len(tree.bom) :]
    table: dict[str, list[tuple[Instruction, str]]] = {}
    for instruction, (start, end) in zip(tree.instructions, spans, strict=True):
        heredocs = instruction.heredocs
        if any(not h.terminator for h in heredocs):
            continue
        own_end = end - sum(len(h.body) + len(h.terminator) for h in heredocs)
        table.setdefault(src[start:own_end], []).append((instruction, src[own_end:end]))
    return table


def _line_after(lines: list[tuple[int, int]], index: int, offset: int) -> int | None:
    """The index of the line starting at ``offset`` (searching from ``index``), or the
    line count when ``offset`` ends the last line; None if ``offset`` is inside a line."""
    while index < len(lines) and lines[index][1] <= offset:
        index += 1
    return index if lines[index - 1][1] == offset else None


def _relative_issue(message: str, start: int, end: int, whole: int, code: str) -> SyntaxIssue:
    """An issue relative to the instruction; an empty range widens to the whole instruction."""
    if start >= end:
        start, end = 0, whole
    return SyntaxIssue(message, start, end, code)


class _SegmentMap:
    """Maps logical-line offsets to source offsets."""

    __slots__ = ("_logical", "_source", "_tail", "_total")

    def __init__(self, logical: list[int], source: list[int], tail: int, total: int) -> None:
        self._logical = logical
        self._source = source
        self._tail = tail
        self._total = total

    def pos(self, k: int) -> int:
        """Source offset of logical character ``k`` (``0 <= k < total``)."""
        i = bisect_right(self._logical, k) - 1
        return self._source[i] + (k - self._logical[i])

    def start(self, a: int, b: int) -> int:
        """Source offset where the token ``[a, b)`` starts (also for empty tokens)."""
        if a < self._total:
            return self.pos(a)
        return self.pos(self._total - 1) + 1 if self._total else self._tail

    def end(self, a: int, b: int) -> int:
        if b > a:
            return self.pos(b - 1) + 1
        return self.start(a, b)


def _build(src: str, mapper: _SegmentMap, start: int, end: int, toks: list[Tok]) -> list[Node]:
    """Nodes covering source ``[start, end)``: the tokens, with trivia in every gap."""
    out: list[Node] = []
    pos = start
    for a, b, cls, fields in toks:
        s = mapper.start(a, b)
        e = mapper.end(a, b)
        if s > pos:
            out.append(Trivia(src[pos:s]))
        elif s < pos:  # zero-width token placed before earlier text; keep order
            s = e = pos
        if cls is ExecForm:
            node: Node = ExecForm(tuple(_build(src, mapper, s, e, fields["parts"])))
        elif cls is Instruction or cls is ErrorInstruction:
            node = cls((), tuple(_build(src, mapper, s, e, fields["parts"])), Newline(""))
        else:
            node = cls(src[s:e], **fields)
        out.append(node)
        pos = e
    if end > pos:
        out.append(Trivia(src[pos:end]))
    return out


# ------------------------------------------------------------------ argument parsers


def _line_tokens(
    line: str, a: int, b: int, escape: str
) -> tuple[list[Tok], list[LIssue], str, str, bool]:
    """BuildKit's ``newNodeFromLine`` on ``line[a:b]``.

    Returns the tokens, the issues, the upper-case instruction name, the inner name for
    ONBUILD, and whether the arguments are in JSON (exec) form.
    """
    toks: list[Tok] = []
    issues: list[LIssue] = []
    # splitCommand: TrimSpace, then split once on [\t\v\f\r ]+.
    while a < b and is_space(line[a]):
        a += 1
    while b > a and is_space(line[b - 1]):
        b -= 1
    match = RE_WHITESPACE.search(line, a, b)
    key_end = match.start() if match else b
    name = line[a:key_end].upper()
    toks.append((a, key_end, Keyword, {}))
    if not match:
        rest_a = rest_b = b
    else:
        rest_a, rest_b = _flags(line, match.end(), b, toks)
    inner_name = ""
    is_json = False
    if name not in KNOWN_INSTRUCTIONS:
        if rest_a < rest_b:
            toks.append((rest_a, rest_b, Text, {"value": line[rest_a:rest_b]}))
        if name:
            import difflib  # only for did-you-mean hints

            hint = difflib.get_close_matches(name, sorted(KNOWN_INSTRUCTIONS), n=1, cutoff=0.6)
            suggestion = f" (did you mean {hint[0]}?)" if hint else ""
            message = f"unknown instruction: {line[a:key_end]}{suggestion}"
        else:
            message = "empty instruction: a line continuation with nothing after it"
        issues.append((a, key_end, message, "DLX002" if name else "DLX001"))
        return toks, issues, name, inner_name, is_json
    if rest_a >= rest_b:
        return toks, issues, name, inner_name, is_json
    if name in ("RUN", "CMD", "ENTRYPOINT", "SHELL"):
        is_json = _maybe_json(line, rest_a, rest_b, toks, issues)
    elif name in ("ADD", "COPY", "VOLUME"):
        is_json = _maybe_json(line, rest_a, rest_b, toks, issues, to_list=True)
    elif name in ("FROM", "EXPOSE"):
        _whitespace_delimited(line, rest_a, rest_b, toks)
    elif name in ("ENV", "LABEL"):
        _name_val(line, rest_a, rest_b, toks, issues, name, escape)
    elif name == "ARG":
        for s, e, value in _parse_words(line, rest_a, rest_b, escape):
            toks.append((s, e, Word, {"value": value}))
    elif name == "HEALTHCHECK":
        sep = rest_a
        while sep < rest_b and not is_space(line[sep]):
            sep += 1
        nxt = sep
        while nxt < rest_b and is_space(line[nxt]):
            nxt += 1
        toks.append((rest_a, sep, Word, {"value": line[rest_a:sep]}))
        if nxt < rest_b:
            is_json = _maybe_json(line, nxt, rest_b, toks, issues)
    elif name == "ONBUILD":
        inner_toks, inner_issues, inner_name, _, is_json = _line_tokens(
            line, rest_a, rest_b, escape
        )
        _check_arguments(inner_toks, inner_issues, inner_name, "", rest_b)
        if inner_name in _ONBUILD_FORBIDDEN:
            inner_issues.append(
                (
                    rest_a,
                    inner_toks[0][1],
                    "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"
                    if inner_name == "ONBUILD"
                    else f"{inner_name} isn't allowed as an ONBUILD trigger",
                    "DLX013",
                )
            )
        issues.extend(inner_issues)
        toks.append((rest_a, rest_b, Instruction, {"parts": inner_toks}))
    else:  # MAINTAINER, STOPSIGNAL, USER, WORKDIR
        toks.append((rest_a, rest_b, Text, {"value": line[rest_a:rest_b]}))
    return toks, issues, name, inner_name, is_json


def _flags(line: str, a: int, b: int, toks: list[Tok]) -> tuple[int, int]:
    """BuildKit's ``extractBuilderFlags``: leading ``--flag`` words, quotes unescaped.

    Appends `Flag` (and `Punct` for ``--``) tokens; returns where the arguments start.
    """
    pos = a
    while True:
        while pos < b and is_space(line[pos]):
            pos += 1
        if pos >= b:
            return b, b
        if not (line[pos] == "-" and pos + 1 < b and line[pos + 1] == "-"):
            return pos, b
        start = pos
        word: list[str] = []
        blank_ok = False
        quote = ""
        while pos < b:
            ch = line[pos]
            if quote:
                if ch == quote:
                    quote = ""
                elif ch == "\\":
                    if pos + 1 == b:
                        pos += 1
                        quote = ""
                        continue
                    pos += 1
                    word.append(line[pos])
                else:
                    word.append(ch)
                pos += 1
                continue
            if is_space(ch):
                break
            if ch in "'\"":
                quote = ch
                blank_ok = True
            elif ch == "\\":
                if pos + 1 < b:
                    pos += 1
                    word.append(line[pos])
            else:
                word.append(ch)
            pos += 1
        value = "".join(word)
        if value == "--":
            toks.append((start, pos, Punct, {}))
            if pos >= b:
                return b, b
            while pos < b and is_space(line[pos]):
                pos += 1
            return pos, b
        if blank_ok or value:
            toks.append((start, pos, Flag, {"value": value}))


def _maybe_json(
    line: str, a: int, b: int, toks: list[Tok], issues: list[LIssue], to_list: bool = False
) -> bool:
    """``parseMaybeJSON`` / ``parseMaybeJSONToList``: exec form if it is a JSON array."""
    try:
        parts = _json_array(line, a, b)
    except _NotStringArray as exc:
        issues.append((exc.start, exc.end, str(exc), "DLX001"))
        parts = None
    if parts is not None:
        toks.append((a, b, ExecForm, {"parts": parts}))
        return True
    if to_list:
        _whitespace_delimited(line, a, b, toks)
    else:
        toks.append((a, b, ShellForm, {"value": line[a:b]}))
    return False


def _json_array(line: str, a: int, b: int) -> list[Tok] | None:
    """Tokens of a JSON array of strings in ``line[a:b]``, None if it is not valid JSON.

    Like Go's ``json.Unmarshal``: the whole text must be one JSON value; any element
    that is valid JSON but not a string is an error (`_NotStringArray`).
    """
    if a >= b or line[a] != "[":
        return None
    text = line[:b]
    parts: list[Tok] = [(a, a + 1, Punct, {})]
    bad: tuple[int, int] | None = None
    pos = a + 1
    pos = _skip_json_ws(text, pos, b)
    if pos < b and text[pos] == "]":
        parts.append((pos, pos + 1, Punct, {}))
        pos += 1
    else:
        while True:
            if pos >= b:
                return None
            try:
                value, end = _JSON.raw_decode(text, pos)
            except (ValueError, RecursionError):
                return None
            if isinstance(value, str):
                if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
                    value = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in value)
                parts.append((pos, end, JsonString, {"value": value}))
            elif bad is None:
                bad = (pos, end)
            pos = _skip_json_ws(text, end, b)
            if pos >= b:
                return None
            if text[pos] == ",":
                parts.append((pos, pos + 1, Punct, {}))
                pos = _skip_json_ws(text, pos + 1, b)
                continue
            if text[pos] == "]":
                parts.append((pos, pos + 1, Punct, {}))
                pos += 1
                break
            return None
    if _skip_json_ws(text, pos, b) != b:
        return None
    if bad is not None:
        raise _NotStringArray(*bad)
    return parts


def _skip_json_ws(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] in _JSON_WS:
        pos += 1
    return pos


def _whitespace_delimited(line: str, a: int, b: int, toks: list[Tok]) -> None:
    """``parseStringsWhitespaceDelimited``: words split on ``[\\t\\v\\f\\r ]+``."""
    for match in _NON_WS_RUN.finditer(line, a, b):
        toks.append((match.start(), match.end(), Word, {"value": match.group()}))


def _parse_words(line: str, a: int, b: int, escape: str) -> list[tuple[int, int, str]]:
    """BuildKit's ``parseWords``: words split on spaces, quotes and escapes kept."""
    words: list[tuple[int, int, str]] = []
    pos = a
    while pos < b:
        while pos < b and is_space(line[pos]):
            pos += 1
        if pos >= b:
            break
        start = pos
        chars: list[str] = []
        blank_ok = False
        quote = ""
        while pos < b:
            ch = line[pos]
            if quote:
                if ch == quote:
                    quote = ""
                if ch == escape and quote != "'":
                    if pos + 1 == b:
                        pos += 1
                        quote = ""
                        continue
                    chars.append(ch)
                    pos += 1
                    ch = line[pos]
                chars.append(ch)
                pos += 1
                continue
            if is_space(ch):
                break
            if ch in "'\"":
                quote = ch
                blank_ok = True
            if ch == escape:
                if pos + 1 == b:
                    pos += 1
                    continue
                chars.append(ch)
                pos += 1
                ch = line[pos]
            chars.append(ch)
            pos += 1
        if blank_ok or chars:
            words.append((start, pos, "".join(chars)))
    return words


def _name_val(
    line: str,
    a: int,
    b: int,
    toks: list[Tok],
    issues: list[LIssue],
    name: str,
    escape: str,
) -> None:
    """``parseNameVal`` for ENV and LABEL: ``key value`` or ``key=value ...``."""
    words = _parse_words(line, a, b, escape)
    if not words:
        return
    if "=" not in words[0][2]:
        match = RE_WHITESPACE.search(line, a, b)
        if match is None:
            toks.append((a, b, Word, {"value": line[a:b]}))
            issues.append((a, b, f"{name} must have two arguments", "DLX001"))
            return
        toks.append((a, match.start(), Word, {"value": line[a : match.start()]}))
        toks.append((match.end(), b, Text, {"value": line[match.end() : b]}))
        return
    for start, end, word in words:
        if "=" not in word:
            toks.append((start, end, Word, {"value": word}))
            issues.append(
                (
                    start,
                    end,
                    f"Syntax error - can't find = in {json.dumps(word, ensure_ascii=False)}. "
                    "Must be of the form: name=value",
                    "DLX001",
                )
            )
            continue
        key, value = word.split("=", 1)
        toks.append((start, end, KeyValue, {"key": key, "value": value}))


# ------------------------------------------------------------------------ heredocs


def _heredoc_markers(
    line: str, issues: list[LIssue]
) -> list[tuple[int, int, tuple[str, bool, bool, int]]]:
    """BuildKit's ``heredocsFromLine``: the ``<<NAME`` words of a logical line, in order."""
    lexer = WordLexer("\\", raw_quotes=True, raw_escapes=True, skip_unset=True)
    try:
        result = lexer.process(line)
    except LexError:
        return []
    found = []
    for word, (start, end) in zip(result.words, result.spans, strict=True):
        match = _HEREDOC_WORD.match(word)
        if match is None or not match.group(3):
            continue
        rest = match.group(3)
        try:
            plain = WordLexer("\\", skip_unset=True).words(rest)
            if len(plain) != 1:
                continue
            raw = WordLexer("\\", raw_quotes=True, skip_unset=True).words(rest)
        except LexError as exc:
            issues.append((start, end, f"invalid heredoc marker: {exc}", "DLX001"))
            continue
        if len(raw) != 1:
            issues.append(
                (
                    start,
                    end,
                    f"internal lexing of heredoc produced inconsistent results: {rest}",
                    "DLX001",
                )
            )
            continue
        quotes = plain[0].count("'") + plain[0].count('"')
        raw_quotes = raw[0].count("'") + raw[0].count('"')
        fd = int(match.group(1)) if match.group(1) else 0
        found.append((start, end, (plain[0], match.group(2) == "-", quotes == raw_quotes, fd)))
    return found


# ------------------------------------------------------------- argument checks


_EXACTLY_ONE = frozenset({"WORKDIR", "USER", "STOPSIGNAL", "MAINTAINER"})
_AT_LEAST_ONE = frozenset(
    {"ENV", "LABEL", "ARG", "EXPOSE", "VOLUME", "ONBUILD", "SHELL", "HEALTHCHECK"}
)


def _check_arguments(
    toks: list[Tok], issues: list[LIssue], name: str, inner_name: str, end: int
) -> None:
    """Argument-count errors BuildKit raises when it turns the parse into instructions."""
    if issues or name not in KNOWN_INSTRUCTIONS:
        return
    start = toks[0][0]
    args = [t for t in toks[1:] if t[2] not in (Flag, Punct)]
    values: list[str] = []
    for t in args:
        if t[2] is ExecForm:
            values.extend(p[3]["value"] for p in t[3]["parts"] if p[2] is JsonString)
        elif t[2] is KeyValue:
            values.append(t[3]["key"])
        elif t[2] is not Instruction:
            values.append(t[3]["value"])
        else:
            values.append(inner_name)
    if name in _EXACTLY_ONE and not values:
        message = f"{name} requires exactly one argument"
    elif name in _AT_LEAST_ONE and not values:
        message = f"{name} requires at least one argument"
    else:
        message = _argument_shape_error(name, values, args)
    if message:
        last = max(t[1] for t in toks)
        issues.append((start, max(last, toks[0][1]), message, "DLX001"))


def _argument_shape_error(name: str, values: list[str], args: list[Tok]) -> str:
    """The shape errors of FROM, ADD/COPY, SHELL and HEALTHCHECK, or ``""``."""
    if name == "FROM":
        if len(values) not in (1, 3):
            return "FROM requires either one or three arguments"
        if len(values) == 3 and values[1].lower() != "as":
            return f"FROM expects 'AS <name>', found {values[1]!r}"
    elif name in ("ADD", "COPY") and len(values) < 2:
        if values:
            return (
                f"{name} requires at least two arguments, but only one was provided. "
                "Destination could not be determined."
            )
        return f"{name} requires at least two arguments"
    elif name == "SHELL" and not any(t[2] is ExecForm for t in args):
        return "SHELL requires the arguments to be in JSON form"
    elif name == "HEALTHCHECK":
        kind = values[0].upper()
        if kind not in ("CMD", "NONE"):
            return f'Unknown type "{values[0]}" in HEALTHCHECK (try CMD)'
        if kind == "CMD" and len(values) < 2:
            return "Missing command after HEALTHCHECK CMD"
        if kind == "NONE" and len(values) > 1:
            return "HEALTHCHECK NONE takes no arguments"
    return ""
