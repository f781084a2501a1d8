"""DLX312 unsorted-packages: a one-package-per-line install list that is not sorted."""

from __future__ import annotations

from dlint_dockerfile.edits.text import word_is_plain
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.layers._shared import cache_analysis
from dlint_dockerfile.shell import ShellWord
from dlint_dockerfile.shell.packages import PackageCommand, package_name
from dlint_dockerfile.syntax import Instruction

__all__ = ["UnsortedPackages"]


_SORTED_INSTALLS: dict[str, frozenset[str | None]] = {
    "apt": frozenset({"install"}),
    "apk": frozenset({"add"}),
    "yum": frozenset({"install"}),
    "dnf": frozenset({"install"}),
    "zypper": frozenset({"install", "in"}),
    "pip": frozenset({"install"}),
    "gem": frozenset({"install"}),
    "npm": frozenset({"install", "i", "add"}),
    "yarn": frozenset({"add", "global add"}),
}


class UnsortedPackages(Rule):
    """A one-package-per-line install list that is not sorted.

    ## What it does
    When an install (`apt-get install`, `apk add`, `dnf install`, `pip install`...) lists
    its packages one per continuation line, reports the first package that is out of
    alphabetical order. Comment lines and blank lines inside the list start a new group,
    sorted on its own; version pins (`curl=8.5.0-2`) are ignored for the order, and so are
    variables, URLs and file paths. Both byte order (`LC_ALL=C sort`) and the order that
    ignores punctuation are accepted (`python3-pip` and `python3.12-dev` in either order).

    ## Why
    A sorted list is easier to review: a diff adds or removes one line in a predictable
    place, and duplicates stand next to each other.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends \\
        git \\
        curl \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends \\
        curl \\
        git \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Fix safety
    Safe: the fix sorts each group of the list (the groups comment and blank lines
    make), in the order that moves the fewest words among the two accepted ones (byte
    order, or the order that ignores punctuation). Only the package words trade places:
    every line keeps its indentation, options, pins and `\\`; variables, URLs and paths
    stay where they are. The same packages are installed. No fix when a package word is
    escaped or inside an `sh -c` string.
    """

    code = "DLX312"
    name = "unsorted-packages"
    category = "layers"
    severity = Severity.STYLE
    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        analysis = cache_analysis(self.model, instruction)
        if analysis is None:
            return
        for pc in analysis.commands:
            if pc.action in _SORTED_INSTALLS.get(pc.family, ()):
                self._check(pc)

    def _check(self, pc: PackageCommand) -> None:
        words = [w for w in pc.packages if not (w.value or w.text).startswith("-")]
        if len(words) < 2:
            return
        lines = self.model.index.lines
        numbers = [lines.line(w.start) for w in words]
        if len(set(numbers)) != len(numbers):
            return  # not one per line
        code = self.model.tree.code
        previous: tuple[ShellWord, str] | None = None
        for word in words:
            name = package_name(word)
            if previous is not None and _group_break(code[previous[0].end : word.start]):
                previous = None
            if name is None or "/" in name or ":/" in name:
                continue  # a variable, a URL or a file
            if previous is not None and _before(name, previous[1]):
                self.report(
                    (word.start, word.end),
                    f"package '{name}' is out of alphabetical order (it sorts before "
                    f"'{previous[1]}'); keep the list sorted",
                    fix=self._fix(pc, words),
                )
                return
            previous = (word, name)

    def _fix(self, pc: PackageCommand, words: list[ShellWord]) -> Fix | None:
        """Sort each group of package words in place: every line keeps its layout, only
        the words trade places (variables, URLs and paths stay where they are). One
        edit per group, over the lines from the first word that moves to the last."""
        if "exec" in pc.command.context:
            return None  # JSON strings, not shell words
        code = self.model.tree.code
        groups: list[list[tuple[ShellWord, str]]] = [[]]
        for i, word in enumerate(words):
            if i and _group_break(code[words[i - 1].end : word.start]):
                groups.append([])
            name = package_name(word)
            if name is not None and "/" not in name:
                groups[-1].append((word, name))
        edits: list[Edit] = []
        for group in groups:
            by_bytes = sorted(group, key=lambda pair: pair[1])
            by_letters = sorted(group, key=lambda pair: (_alnum(pair[1]), pair[1]))
            moved_bytes = sum(a is not b for a, b in zip(group, by_bytes, strict=True))
            moved_letters = sum(a is not b for a, b in zip(group, by_letters, strict=True))
            order = by_letters if moved_letters < moved_bytes else by_bytes
            moves = [
                (slot, word)
                for (slot, _), (word, _) in zip(group, order, strict=True)
                if slot is not word
            ]
            if not moves:
                continue
            if not all(word_is_plain(pc.command, w) for pair in moves for w in pair):
                return None
            # one edit over the whole lines that change: the bytes between are written
            # back as they are, and a reader of the fix sees the block that moved
            start = code.rfind("\n", 0, moves[0][0].start) + 1
            newline = code.find("\n", moves[-1][0].end)
            end = len(code) if newline < 0 else newline + 1
            pieces: list[str] = []
            position = start
            for slot, word in moves:
                pieces.append(code[position : slot.start])
                pieces.append(code[word.start : word.end])
                position = slot.end
            pieces.append(code[position:end])
            edits.append(Edit(start, end, "".join(pieces)))
        if not edits:
            return None
        return Fix("sort the packages", tuple(edits), Applicability.SAFE)


def _before(name: str, other: str) -> bool:
    """``name`` sorts before ``other`` both byte-wise (``sort`` with ``LC_ALL=C``) and
    ignoring punctuation (editors' natural order), so either habit is accepted."""
    return name < other and _alnum(name) < _alnum(other)


def _alnum(name: str) -> str:
    return "".join(ch for ch in name if ch.isalnum())


def _group_break(between: str) -> bool:
    """A comment line or a blank line between two package words."""
    lines = between.split("\n")
    return any(not line.strip(" \t\\\r") or line.lstrip().startswith("#") for line in lines[1:-1])
