"""Install lists: where a long one breaks (one package per line), and their order.

An ``apt-get install``, ``apk add``, ``dnf``/``yum``/``zypper install`` of at least
``split_packages`` packages gets each package on a line of its own, one level deeper than
the install; a command that follows the list on its line (``&& rm -rf ...``) moves to a
line at the install's level. Lists one package per line are then sorted by the code
DLX312's fix uses (`sorted_packages`).
"""

from __future__ import annotations

from functools import lru_cache

from dlint_dockerfile.edits.packages import (
    ODD_SPACE,
    listed_packages,
    may_install,
    one_per_line,
    sort_edits,
)
from dlint_dockerfile.edits.text import word_is_plain
from dlint_dockerfile.format.shell_layout import Break, ShellLine
from dlint_dockerfile.format.shell_tokens import ShellTokens, shell_tokens
from dlint_dockerfile.lint.diagnostic import Edit
from dlint_dockerfile.lint.format_options import FormatOptions
from dlint_dockerfile.shell import ShellSource, parse_script
from dlint_dockerfile.shell.packages import package_commands
from dlint_dockerfile.syntax.logical import logical_text

__all__ = ["package_breaks", "sorted_packages"]

#: The families whose installs are split (the operating system's package managers).
_SPLIT_FAMILIES = frozenset({"apt", "apk", "yum", "dnf", "zypper"})
#: Rounds of sorting for lists whose edits overlap (two lists sharing a line).
_SORT_ROUNDS = 4
#: What may follow a list on its line and start a line of its own.
_FOLLOWERS = frozenset({"&&", "||", ";"})


def package_breaks(
    lines: list[ShellLine], text: str, tokens: ShellTokens, options: FormatOptions
) -> list[Break]:
    """The breaks that put each package of a long install on its own line (``text`` is
    the command's logical text, ``lines`` its laid-out lines)."""
    if options.split_packages <= 0 or not may_install(text):
        return []
    script = parse_script(ShellSource.from_pieces([(text, 0)], len(text)))
    if script.errors:
        return []
    code = [line for line in lines if line.kind == "code"]
    starts = {line.start for line in code}
    breaks: list[Break] = []
    for pc in package_commands(script):
        words = listed_packages(pc)
        if (
            words is None
            or pc.family not in _SPLIT_FAMILIES
            or len(words) < options.split_packages
            or not all(word_is_plain(pc.command, w) for w in words)
        ):
            continue
        loose = [w for w in words if w.start not in starts]
        home = _line_of(code, pc.start)
        if not loose or home is None:
            continue
        if not all(_splittable(code, tokens, w.start) for w in loose):
            continue
        follower = _follower(code, tokens, words[-1].end)
        depth = home.depth
        tail_depth = max(depth, 1)
        package_depth = tail_depth + 1 if depth == 0 and follower is not None else depth + 1
        breaks.extend(Break(w.start, package_depth) for w in loose)
        if follower is not None:
            breaks.append(Break(follower, tail_depth))
    return breaks


def _line_of(code: list[ShellLine], offset: int) -> ShellLine | None:
    return next((line for line in code if line.start <= offset <= line.end), None)


def _splittable(code: list[ShellLine], tokens: ShellTokens, offset: int) -> bool:
    """Whether a break may go right before ``offset``: inside a code line, between
    two tokens."""
    line = _line_of(code, offset)
    return line is not None and line.start < offset and tokens.separates(offset, offset)


def _follower(code: list[ShellLine], tokens: ShellTokens, end: int) -> int | None:
    """Where the command after a list starts when it shares the list's last line: the
    ``&&``/``||`` before it, or the token after a ``;`` (None when the line ends with
    the operator: `place_operators` moves it)."""
    line = _line_of(code, end)
    if line is None:
        return None
    after = [t for t in tokens.tokens if end <= t[0] < line.end]
    if len(after) < 2 or after[0][2] not in _FOLLOWERS:
        return None  # nothing follows, or the line breaks after the operator already
    return after[0][0] if after[0][2] != ";" else after[1][0]


@lru_cache(maxsize=256)
def sorted_packages(raw: str, escape: str) -> str:
    """A shell form's raw text with each one-per-line install list sorted (the edits of
    DLX312's fix, made on the command's own text)."""
    for _ in range(_SORT_ROUNDS):
        logical = logical_text(raw, escape)
        if not may_install(raw) or ODD_SPACE.search(raw) or shell_tokens(logical.text) is None:
            return raw  # as the layout, nothing in a script tree-sitter cannot read
        script = parse_script(ShellSource.from_logical(logical, 0))
        edits: list[Edit] = []
        for pc in package_commands(script):
            words = listed_packages(pc)
            if words and len(words) > 1 and one_per_line(raw, words):
                edits.extend(sort_edits(raw, pc, words) or ())
        if not edits:
            return raw
        end = len(raw) + 1
        for edit in sorted(edits, key=lambda e: e.start, reverse=True):
            if edit.end <= end:  # two lists sharing a line: the later one waits a round
                raw = raw[: edit.start] + edit.content + raw[edit.end :]
                end = edit.start
    return raw
