"""Edit builders of the syntax and style families: the ``key=value`` rewrite of a legacy
ENV/LABEL, the edits of suppression comments (dropping unused selectors, replacing
misspelt ones), renamed variables and split instructions."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from functools import lru_cache

from dlint_dockerfile.edits.text import indentation, line_ending
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix
from dlint_dockerfile.lint.suppression import Suppression
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.syntax import Instruction, KeyValue, Node, Text, Token, Trivia, Word, parse
from dlint_dockerfile.syntax.words import LexError, WordLexer

__all__ = [
    "delete_line",
    "key_value_fix",
    "remove_selectors_fix",
    "rename_variable_fix",
    "replace_selectors_fix",
    "split_instruction_fix",
]


# ------------------------------------------------------------------ lines


def delete_line(model: DockerfileModel, offset: int) -> Edit:
    """Remove the whole line holding ``offset`` with its line ending (the line break
    before it instead when it is the last line and has none); a byte-order mark stays."""
    text = model.tree.code
    lines = model.index.lines
    line = lines.line(offset)
    start = lines.line_start(line)
    end = text.find("\n", offset)
    if end >= 0:
        return Edit(start, end + 1, "")
    if line > 1:
        start -= 1
        if start > 0 and text[start - 1] == "\r":
            start -= 1
    return Edit(start, len(text), "")


# ------------------------------------------------------------- ENV/LABEL key value


def key_value_fix(model: DockerfileModel, instruction: Instruction) -> Fix | None:
    """``ENV key value`` → ``ENV key=value`` (``key="value"`` when the value has blanks),
    or None unless BuildKit reads exactly the same value from the new form."""
    args = instruction.arguments
    key = next((a for a in args if isinstance(a, Word)), None)
    value = next((a for a in args if isinstance(a, Text)), None)
    if key is None or value is None:
        return None
    escape = model.escape
    name = key.value
    if key.raw != name or any(c in name for c in ("=", '"', "'", escape)):
        return None
    text = model.tree.code
    key_end = model.index.span(key)[1]
    value_start, value_end = model.index.span(value)
    separator = text[key_end:value_start]
    if any(line.lstrip(" \t").startswith("#") for line in separator.split("\n")[1:]):
        return None  # joining the lines would drop a comment
    old = value.value
    if not old or old.startswith("="):
        return None  # ``KEY = value``: the author meant something else
    if _PLAIN_NAME.match(name) and _PLAIN_VALUE.match(old):
        # Nothing to expand, quote, escape or split: ``key=value`` is that pair as it is.
        edits: tuple[Edit, ...] = (Edit(key_end, value_start, "="),)
    elif _one_word(instruction.name, name, old, escape):
        if not _same_value(old, old, escape):
            return None
        edits = (Edit(key_end, value_start, "="),)
    else:
        quoted = f'"{old}"'
        if any(c in old for c in ('"', "'", escape)):
            return None
        if not _one_word(instruction.name, name, quoted, escape):
            return None
        if not _same_value(old, quoted, escape):
            return None
        edits = (Edit(key_end, value_start, '="'), Edit(value_end, value_end, '"'))
    return Fix(f"rewrite as {instruction.name} {name}=...", edits, Applicability.SAFE)


#: A key and a value that BuildKit reads literally in ``KEY=value`` (the fast path of
#: `key_value_fix`; tests check it agrees with the full check).
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\Z")
_PLAIN_VALUE = re.compile(r"[A-Za-z0-9_.,:/@%+-]+\Z")


@lru_cache(maxsize=4096)  # a pure function of short strings; ENV lines repeat across files
def _one_word(keyword: str, key: str, value: str, escape: str) -> bool:
    """Whether ``KEYWORD key=value`` is one ``key=value`` pair with that exact value."""
    header = "" if escape == "\\" else f"# escape={escape}\n"
    tree = parse(f"{header}{keyword} {key}={value}\n")
    if len(tree.instructions) != 1 or any(True for _ in tree.all_issues()):
        return False
    pairs = [a for a in tree.instructions[0].arguments if not isinstance(a, Text)]
    return (
        len(pairs) == 1
        and isinstance(pairs[0], KeyValue)
        and pairs[0].key == key
        and pairs[0].value == value
    )


@lru_cache(maxsize=4096)
def _same_value(old: str, new: str, escape: str) -> bool:
    """Whether BuildKit's word processing gives ``old`` and ``new`` the same value with
    every variable unset and with every variable set (to distinct values)."""
    try:
        first = WordLexer(escape).process(old)
    except LexError:
        return False
    names = sorted(first.matched | first.unmatched)
    runs: list[tuple[dict[str, str], str | None]] = [({}, first.result)]
    if names:
        runs.append(({n: f"<{i}>" for i, n in enumerate(names)}, None))
    for env, known in runs:
        try:
            before = known if known is not None else WordLexer(escape).process(old, env).result
            if new != old and WordLexer(escape).process(new, env).result != before:
                return False
        except LexError:
            return False
    return True


# ----------------------------------------------------------------- suppressions

_LIST = {
    "dlint": re.compile(r"ignore(?:-file)?\s*=\s*(?P<codes>[^\s#]*)", re.IGNORECASE),
    "hadolint": re.compile(r"ignore\s*=\s*(?P<codes>[^\s#]*)", re.IGNORECASE),
    "check": re.compile(r"skip\s*=(?P<codes>[^;]*)", re.IGNORECASE),
}


def _codes_span(model: DockerfileModel, suppression: Suppression) -> tuple[int, int] | None:
    """Offsets of the comma-separated selector list of a suppression comment."""
    text = model.tree.code[suppression.start : suppression.end]
    pattern = _LIST.get(suppression.syntax)
    if pattern is None:
        return None
    found = pattern.search(text)  # the first list, the one dlint reads
    if found is None:
        return None
    return suppression.start + found.start("codes"), suppression.start + found.end("codes")


def remove_selectors_fix(
    model: DockerfileModel, suppression: Suppression, unused: Collection[str]
) -> Fix | None:
    """Drop the ``unused`` selectors from a suppression comment, keeping the others and
    the reason; drop the whole line (or the ``skip=`` part of a ``check=`` comment with
    other settings) when none is left."""
    span = _codes_span(model, suppression)
    if span is None or not unused:
        return None
    start, end = span
    text = model.tree.code
    items = text[start:end].split(",")
    strip = suppression.syntax == "check"
    kept = [
        item for item in items if item.strip() and (item.strip() if strip else item) not in unused
    ]
    if len(kept) == len([i for i in items if i.strip()]):
        return None
    names = ", ".join(sorted(set(unused)))
    if kept:
        content = ",".join(kept)
        if strip:
            content = content.lstrip() if not text[start:end][:1].isspace() else content
        return Fix(f"remove {names} from the suppression", (Edit(start, end, content),))
    if suppression.syntax == "check":
        part = _check_part(text, suppression, start, end)
        if part is not None:
            return Fix(f"remove the unused skip={names}", (part,))
        if _DIRECTIVE_LIKE.match(text, text.find("\n", suppression.end) + 1):
            # BuildKits that do not know ``check`` end the directives at this line: the
            # directive-like comment after it would become a directive if it went
            return None
    return Fix(
        f"remove the unused suppression of {names}", (delete_line(model, suppression.start),)
    )


#: A comment BuildKit may read as a parser directive (``# escape=``, ``# syntax=``).
_DIRECTIVE_LIKE = re.compile(r"[ \t]*#[ \t]*[A-Za-z][A-Za-z0-9]*[ \t]*=")


def _check_part(text: str, suppression: Suppression, start: int, end: int) -> Edit | None:
    """The edit removing the ``skip=...`` part of ``# check=skip=...;error=true``, or
    None when the comment has no other part."""
    body_start = text.index("=", suppression.start) + 1
    parts = text[body_start : suppression.end].split(";")
    if len(parts) < 2:
        return None
    pos = body_start
    for i, part in enumerate(parts):
        part_end = pos + len(part)
        if pos <= start and end <= part_end:
            if i + 1 < len(parts):
                return Edit(pos, part_end + 1, "")  # the part and the ``;`` after it
            return Edit(pos - 1, part_end, "")  # the ``;`` before it and the part
        pos = part_end + 1
    return None


def replace_selectors_fix(
    model: DockerfileModel, suppression: Suppression, replacements: Mapping[str, str]
) -> Fix | None:
    """Replace misspelt selectors of a suppression comment by the suggested ones."""
    span = _codes_span(model, suppression)
    if span is None or not replacements:
        return None
    start, end = span
    text = model.tree.code
    edits: list[Edit] = []
    pos = start
    for item in text[start:end].split(","):
        name = item.strip()
        if name in replacements:
            lead = len(item) - len(item.lstrip())
            edits.append(Edit(pos + lead, pos + lead + len(name), replacements[name]))
        pos += len(item) + 1
    if not edits:
        return None
    title = ", ".join(f"{old} with {new}" for old, new in replacements.items())
    return Fix(f"replace {title}", tuple(edits), Applicability.UNSAFE)


# -------------------------------------------------------------- variables, ENV


def rename_variable_fix(
    model: DockerfileModel, node: Token, old: str, new: str, title: str
) -> Fix | None:
    """An unsafe fix writing ``$new`` for every ``$old`` / ``${old...}`` in ``node``;
    None when the node holds quotes or escapes that could make a reference literal."""
    raw = node.raw
    if "'" in raw or model.escape in raw:
        return None
    pattern = re.compile(r"\$(\{?)" + re.escape(old) + r"(?![A-Za-z0-9_])")
    start = model.index.span(node)[0]
    edits = []
    for match in pattern.finditer(raw):
        name_start = start + match.start() + 1 + len(match.group(1))
        edits.append(Edit(name_start, name_start + len(old), new))
    if not edits:
        return None
    return Fix(title, tuple(edits), Applicability.UNSAFE)


def split_instruction_fix(
    model: DockerfileModel, instruction: Instruction, before: Node, title: str
) -> Fix | None:
    """An unsafe fix starting a new instruction of the same kind at ``before`` (an
    argument of ``instruction``): the blanks before it become a line break, the
    indentation and the keyword (``ONBUILD ENV`` for a trigger). None when a comment
    line sits in those blanks or ``before`` is the first argument."""
    parts = instruction.parts
    at = next((i for i, part in enumerate(parts) if part is before), None)
    if at is None or at < 2 or not isinstance(parts[at - 1], Trivia):
        return None
    if not any(isinstance(p, (KeyValue, Word, Text)) for p in parts[: at - 1]):
        return None
    blanks = parts[at - 1]
    if any(line.lstrip(" \t").startswith("#") for line in blanks.code.split("\n")[1:]):
        return None
    outer = model.outer(instruction)
    keyword = instruction.keyword.raw
    if outer is not instruction:
        keyword = f"{outer.keyword.raw} {keyword}"
    start, end = model.index.span(blanks)
    newline = line_ending(model, model.index.body_start(outer))
    content = f"{newline}{indentation(model, outer)}{keyword} "
    return Fix(title, (Edit(start, end, content),), Applicability.UNSAFE)
