"""The script of an instruction: RUN, shell-form CMD/ENTRYPOINT, HEALTHCHECK CMD.

BuildKit hands the shell the logical text of a shell-form argument. For a RUN whose
command is one heredoc (``RUN <<EOF``), the heredoc body is the script (unless a
``#!`` line names another interpreter); for other heredoc RUNs the bodies are appended
to the command text, separated by newlines, as BuildKit does. Exec form gets a
one-command `Script` built from its JSON strings, and ``["sh", "-c", "..."]`` the
parse of its script.
"""

from __future__ import annotations

import re

from dlint_dockerfile.shell.script import SHELLS, Command, Script, ShellWord, parse_script
from dlint_dockerfile.shell.source import ShellSource
from dlint_dockerfile.syntax import ExecForm, Heredoc, Instruction, PositionIndex, ShellForm
from dlint_dockerfile.syntax.logical import logical_text
from dlint_dockerfile.syntax.words import LexError, WordLexer

__all__ = ["instruction_script", "run_shell_source"]

_SCRIPT_INSTRUCTIONS = frozenset({"RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK"})
_HEREDOC_ONLY = re.compile(r"[0-9]*<<-?([^<]*)\Z")


def instruction_script(
    instruction: Instruction, index: PositionIndex, escape: str
) -> Script | None:
    """The parsed script of ``instruction`` (its ONBUILD trigger too), or None."""
    target = instruction.inner or instruction
    if target.name not in _SCRIPT_INSTRUCTIONS:
        return None
    shell_form = target.shell_form
    if shell_form is not None:
        return _shell_form_script(shell_form, instruction.heredocs, index, escape, target.name)
    exec_form = target.exec_form
    if exec_form is not None and exec_form.elements:
        return _exec_form_script(exec_form, index)
    return None


def _shell_form_script(
    node: ShellForm, heredocs: tuple[Heredoc, ...], index: PositionIndex, escape: str, name: str
) -> Script | None:
    source = _shell_form_source(node, heredocs, index, escape, name)
    return parse_script(source) if source is not None else None


def run_shell_source(
    instruction: Instruction, index: PositionIndex, escape: str
) -> ShellSource | None:
    """The text the shell of a shell-form RUN receives (its ONBUILD trigger too), mapped
    back to the Dockerfile; None for exec form or a heredoc run by another interpreter."""
    target = instruction.inner or instruction
    if target.name != "RUN" or target.shell_form is None:
        return None
    return _shell_form_source(target.shell_form, instruction.heredocs, index, escape, "RUN")


def _shell_form_source(
    node: ShellForm, heredocs: tuple[Heredoc, ...], index: PositionIndex, escape: str, name: str
) -> ShellSource | None:
    start, _ = index.span(node)
    logical = logical_text(node.raw, escape)
    command = ShellSource.from_logical(logical, start)
    if name != "RUN" or not heredocs:
        return command
    if _single_heredoc(logical.text):
        body = _heredoc_source(heredocs[0], index)
        if body.text.startswith("#!") and not _shebang_is_shell(body.text):
            return None
        return body
    fed = _shell_fed_by_heredoc(logical.text, heredocs)
    if fed is not None:
        return _heredoc_source(fed, index)
    pieces: list[tuple[str, int]] = []
    for k, segment_start in enumerate(command.text_starts):
        end = command.text_starts[k + 1] if k + 1 < len(command.text_starts) else len(command.text)
        pieces.append((command.text[segment_start:end], command.source_starts[k]))
    for doc in heredocs:
        doc_start, _ = index.span(doc)
        pieces.append(("\n", doc_start - 1 if doc_start else 0))
        body = _heredoc_source(doc, index)
        for k, segment_start in enumerate(body.text_starts):
            end = body.text_starts[k + 1] if k + 1 < len(body.text_starts) else len(body.text)
            pieces.append((body.text[segment_start:end], body.source_starts[k]))
        terminator_start = doc_start + len(doc.body) + doc.terminator.find(doc.name)
        pieces.append((doc.name, terminator_start))
    return ShellSource.from_pieces(pieces, index.span(heredocs[-1])[1])


def _shebang_is_shell(body: str) -> bool:
    words = [w.rsplit("/", 1)[-1] for w in body[2 : body.find("\n")].split()]
    if words[:1] == ["env"]:
        words = [w for w in words[1:] if not w.startswith("-")]
    return bool(words) and words[0] in SHELLS


def _shell_fed_by_heredoc(text: str, heredocs: tuple[Heredoc, ...]) -> Heredoc | None:
    """The heredoc that is the script of ``<<EOF bash`` or ``sh -e <<EOF`` (no ``-c``)."""
    try:
        words = WordLexer("\\", raw_quotes=True, raw_escapes=True).words(text)
    except LexError:
        return None
    markers = [w for w in words if _HEREDOC_ONLY.match(w)]
    commands = [w for w in words if not _HEREDOC_ONLY.match(w)]
    if len(markers) != 1 or len(heredocs) != 1 or not commands:
        return None
    if commands[0].rsplit("/", 1)[-1] not in SHELLS:
        return None
    if any(w.startswith("-") and not w.startswith("--") and "c" in w for w in commands[1:]):
        return None
    if any(not w.startswith("-") for w in commands[1:]):
        return None
    return heredocs[0]


def _single_heredoc(text: str) -> bool:
    match = _HEREDOC_ONLY.match(text)
    if match is None or not match.group(1):
        return False
    try:
        return len(WordLexer("\\", skip_unset=True).words(match.group(1))) == 1
    except LexError:
        return False


def _heredoc_source(doc: Heredoc, index: PositionIndex) -> ShellSource:
    start, _ = index.span(doc)
    if not doc.chomp:
        return ShellSource.from_pieces([(doc.body, start)], start + len(doc.body))
    pieces = []
    pos = start
    for line in doc.lines():
        stripped = line.lstrip("\t")
        pieces.append((stripped, pos + len(line) - len(stripped)))
        pos += len(line)
    return ShellSource.from_pieces(pieces, start + len(doc.body))


def _exec_form_script(node: ExecForm, index: PositionIndex) -> Script | None:
    words = []
    for element in node.elements:
        start, end = index.span(element)
        words.append(ShellWord(element.raw, element.value, start, end))
    first = words[0].value or ""
    if first.replace("\\", "/").rsplit("/", 1)[-1] in SHELLS and len(words) >= 3:
        flag = words[1].value or ""
        if flag.startswith("-") and not flag.startswith("--") and "c" in flag:
            body = node.elements[2]
            start, end = index.span(body)
            source = _json_string_source(body.raw, start, end)
            if source is not None:
                return parse_script(source)
    script = Script(ShellSource.from_pieces([], words[0].start), (), ())
    command = Command(words[0], tuple(words[1:]), words[0].start, words[-1].end, None, ("exec",))
    command.script = script
    script.commands = (command,)
    return script


_JSON_ESCAPES = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}


def _json_string_source(raw: str, start: int, end: int) -> ShellSource | None:
    """A JSON string literal's decoded text, each character mapped to its source span."""
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    i = 1
    last = len(raw) - 1
    while i < last:
        ch = raw[i]
        if ch == "\\":
            code = raw[i + 1] if i + 1 < last else ""
            if code == "u":
                try:
                    chars.append(chr(int(raw[i + 2 : i + 6], 16)))
                except ValueError:
                    return None
                spans.append((start + i, start + i + 6))
                i += 6
                continue
            if code not in _JSON_ESCAPES:
                return None
            chars.append(_JSON_ESCAPES[code])
            spans.append((start + i, start + i + 2))
            i += 2
            continue
        chars.append(ch)
        spans.append((start + i, start + i + 1))
        i += 1
    return ShellSource.from_spans("".join(chars), spans, end)
