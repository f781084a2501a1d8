""".dockerignore files with Docker's exact semantics.

Reading follows ``moby/patternmatcher/ignorefile.ReadAll``: a UTF-8 BOM is dropped, lines
split on LF (a CR before it is dropped), a line *starting* with ``#`` is a comment, each
line is trimmed with Go's ``strings.TrimSpace``, ``!`` marks an exception (re-inclusion),
the rest is ``filepath.Clean``-ed and one leading ``/`` removed. Matching follows
``moby/patternmatcher``: every pattern is checked with ``filepath.Match`` syntax rules, then
turned into Go's own regular expression (``*`` → ``[^/]*``, ``?`` → ``[^/]``, ``**`` → any
number of directories, ``\\x`` escapes, classes passed through) or into one of Go's fast
paths (exact, prefix for a trailing ``**``, suffix for a leading ``**``). That Go regular
expression is then translated, construct by construct, into an equivalent Python one, so
even odd inputs (``[*]``, ``\\d``, ``a^b``) behave as they do in Docker.
Character classes are Go's: ``[^a]`` negates, while ``[!a]`` is just the class of ``!`` and
``a`` (neither ``filepath.Match`` nor Go's regexp knows the shell's ``!`` negation).

Two per-path semantics exist in Docker and both are offered:

* `DockerIgnore.is_excluded` is ``PatternMatcher.MatchesOrParentMatches``: a path is
  excluded when the last pattern that matches it *or one of its parent directories* is
  not a ``!`` pattern. BuildKit uses it to check a single path.
* `DockerIgnore.walk` is what BuildKit's context sender (``tonistiigi/fsutil``) really
  sends: ``MatchesUsingParentResults`` while walking the tree, plus its pruning of
  excluded directories. It differs in rare, order-dependent cases (``a/b`` then ``!a``
  keeps ``a/b`` excluded) and is the one to use for "which files reach the builder".

Where Docker would fail the build (``syntax error in pattern``), the pattern is recorded
as an `IgnoreError` with its position and skipped; nothing here raises on bad content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import field
from pathlib import Path
from typing import Literal

from dlint_dockerfile._record import record
from dlint_dockerfile.syntax.gotext import lstrip_space, strip_space

__all__ = [
    "DockerIgnore",
    "DockerIgnoreReadError",
    "IgnoreError",
    "IgnorePattern",
    "MatchKind",
    "go_clean",
    "go_path_match",
]

MatchKind = Literal["exact", "prefix", "suffix", "regexp"]

#: ``bufio.MaxScanTokenSize``: a longer line makes Docker fail to read the file.
_MAX_LINE_BYTES = 64 * 1024
#: Characters that make fsutil treat a ``!`` pattern as a wildcard (no directory pruning).
_FSUTIL_PATTERN_CHARS = frozenset("*[]?^\\")
#: Characters patternmatcher escapes before building its regular expression.
_GO_ESCAPED = frozenset(".+()|{}$")
_BAD_PATTERN = "syntax error in pattern"


# --------------------------------------------------------------------------- Go paths


def go_clean(path: str) -> str:
    """Go's ``path/filepath.Clean`` on a ``/``-separated path."""
    if not path:
        return "."
    rooted = path.startswith("/")
    parts: list[str] = []
    for seg in path.split("/"):
        if not seg or seg == ".":
            continue
        if seg == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(seg)
    out = "/".join(parts)
    if rooted:
        return "/" + out
    return out or "."


class _BadPattern(Exception):
    """``filepath.ErrBadPattern``."""


def _decode_rune(data: bytes, i: int) -> tuple[int, int]:
    """Go's ``utf8.DecodeRuneInString(data[i:])``: invalid bytes give (U+FFFD, 1)."""
    b0 = data[i]
    if b0 < 0x80:
        return b0, 1
    for size in (2, 3, 4):
        try:
            ch = data[i : i + size].decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(ch) == 1:
            return ord(ch), size
    return 0xFFFD, 1


def _scan_chunk(pattern: bytes) -> tuple[bool, bytes, bytes]:
    """``filepath.scanChunk``: leading stars, then the chunk up to the next unbracketed ``*``."""
    star = False
    while pattern[:1] == b"*":
        pattern = pattern[1:]
        star = True
    in_range = False
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == 0x5C:  # backslash
            if i + 1 < n:
                i += 1
        elif c == 0x5B:  # [
            in_range = True
        elif c == 0x5D:  # ]
            in_range = False
        elif c == 0x2A and not in_range:  # *
            break
        i += 1
    return star, pattern[:i], pattern[i:]


def _get_esc(chunk: bytes, i: int) -> tuple[int, int]:
    """``filepath.getEsc``: one possibly escaped character of a class."""
    n = len(chunk)
    if i >= n or chunk[i] in (0x2D, 0x5D):  # - ]
        raise _BadPattern
    if chunk[i] == 0x5C:
        i += 1
        if i >= n:
            raise _BadPattern
    rune, size = _decode_rune(chunk, i)
    if rune == 0xFFFD and size == 1:
        raise _BadPattern
    i += size
    if i >= n:
        raise _BadPattern
    return rune, i


def _match_chunk(chunk: bytes, s: bytes) -> tuple[bytes, bool]:
    """``filepath.matchChunk``; raises `_BadPattern` whatever ``s`` is."""
    failed = False
    ci, si, cn = 0, 0, len(chunk)
    while ci < cn:
        if not failed and si >= len(s):
            failed = True
        c = chunk[ci]
        if c == 0x5B:  # [
            rune = 0
            if not failed:
                rune, size = _decode_rune(s, si)
                si += size
            ci += 1
            negated = ci < cn and chunk[ci] == 0x5E  # ^
            if negated:
                ci += 1
            matched = False
            nrange = 0
            while True:
                if ci < cn and chunk[ci] == 0x5D and nrange > 0:
                    ci += 1
                    break
                lo, ci = _get_esc(chunk, ci)
                hi = lo
                if chunk[ci] == 0x2D:  # -
                    hi, ci = _get_esc(chunk, ci + 1)
                if lo <= rune <= hi:
                    matched = True
                nrange += 1
            if matched == negated:
                failed = True
        elif c == 0x3F:  # ?
            if not failed:
                if s[si] == 0x2F:
                    failed = True
                si += _decode_rune(s, si)[1]
            ci += 1
        else:
            if c == 0x5C:
                ci += 1
                if ci >= cn:
                    raise _BadPattern
            if not failed:
                if chunk[ci] != s[si]:
                    failed = True
                si += 1
            ci += 1
    if failed:
        return b"", False
    return s[si:], True


def _go_match(pattern: bytes, name: bytes) -> bool:
    """Go's ``path/filepath.Match`` (Unix); raises `_BadPattern` like Go returns it."""
    while pattern:
        star, chunk, pattern = _scan_chunk(pattern)
        if star and not chunk:
            return b"/" not in name
        rest, ok = _match_chunk(chunk, name)
        if ok and (not rest or pattern):
            name = rest
            continue
        if star:
            found = False
            for i in range(len(name)):
                if name[i] == 0x2F:
                    break
                rest, ok = _match_chunk(chunk, name[i + 1 :])
                if ok:
                    if not pattern and rest:
                        continue
                    name = rest
                    found = True
                    break
            if found:
                continue
        while pattern:  # Go checks the rest of the pattern before answering no
            _, chunk, pattern = _scan_chunk(pattern)
            _match_chunk(chunk, b"")
        return False
    return not name


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def go_path_match(pattern: str, name: str) -> bool:
    """Go's ``filepath.Match(pattern, name)``; a malformed pattern matches nothing."""
    try:
        return _go_match(_encode(pattern), _encode(name))
    except (_BadPattern, UnicodeEncodeError):
        return False


def _pattern_syntax_ok(pattern: str) -> bool:
    """patternmatcher's check: ``filepath.Match(pattern, ".")`` returns no error."""
    try:
        _go_match(pattern.encode("utf-8", "surrogatepass"), b".")
    except _BadPattern:
        return False
    return True


# ------------------------------------------------------- Go (RE2) regexp → Python re

_MAX_RUNE = 0x10FFFF
_Ranges = list[tuple[int, int]]

_PERL: dict[str, _Ranges] = {
    "d": [(0x30, 0x39)],
    "s": [(0x09, 0x0A), (0x0C, 0x0D), (0x20, 0x20)],
    "w": [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)],
}
_POSIX: dict[str, _Ranges] = {
    "alnum": [(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)],
    "alpha": [(0x41, 0x5A), (0x61, 0x7A)],
    "ascii": [(0x00, 0x7F)],
    "blank": [(0x09, 0x09), (0x20, 0x20)],
    "cntrl": [(0x00, 0x1F), (0x7F, 0x7F)],
    "digit": [(0x30, 0x39)],
    "graph": [(0x21, 0x7E)],
    "lower": [(0x61, 0x7A)],
    "print": [(0x20, 0x7E)],
    "punct": [(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)],
    "space": [(0x09, 0x0D), (0x20, 0x20)],
    "upper": [(0x41, 0x5A)],
    "word": [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)],
    "xdigit": [(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
}
_C_ESCAPES = {"a": 7, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11}
_OCTAL = "01234567"
_HEX = "0123456789abcdefABCDEF"


class _RegexpError(Exception):
    """Go's ``regexp.Compile`` fails, or (``unsupported``) dlint cannot evaluate the construct."""

    def __init__(self, message: str, *, unsupported: bool = False) -> None:
        super().__init__(message)
        self.unsupported = unsupported


def _negate(ranges: _Ranges) -> _Ranges:
    out: _Ranges = []
    nxt = 0
    for lo, hi in sorted(ranges):
        if lo > nxt:
            out.append((nxt, lo - 1))
        nxt = max(nxt, hi + 1)
    if nxt <= _MAX_RUNE:
        out.append((nxt, _MAX_RUNE))
    return out


def _class_re(ranges: _Ranges) -> str:
    if not ranges:
        return "(?!)"
    parts: list[str] = []
    for lo, hi in sorted(ranges):
        parts.append(
            re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
        )
    return "[" + "".join(parts) + "]"


class _GoRegexp:
    """Translates the Go regular expressions patternmatcher builds into Python syntax.

    Covers Go's ``regexp/syntax`` (Perl flags): literals, escapes (``\\x41``, ``\\x{..}``,
    octal, C escapes, escaped punctuation), ``\\A \\z \\b \\B \\Q..\\E``, Perl and POSIX
    classes, bracket classes with ranges and negation, groups, ``|`` and repetition. The
    Unicode classes ``\\pX`` are not evaluated (reported instead).
    """

    def __init__(self, src: str) -> None:
        self.src = src
        self.i = 0

    def translate(self) -> str:
        out = self._alternation(0)
        if self.i < len(self.src):
            raise _RegexpError("unexpected )")
        return out

    def _alternation(self, depth: int) -> str:
        branches = [self._sequence(depth)]
        while self.i < len(self.src) and self.src[self.i] == "|":
            self.i += 1
            branches.append(self._sequence(depth))
        return "|".join(branches)

    def _sequence(self, depth: int) -> str:
        src = self.src
        atoms: list[str] = []
        last_repeat = False
        while self.i < len(src):
            c = src[self.i]
            if c == "|":
                break
            if c == ")":
                if depth == 0:
                    raise _RegexpError("unexpected )")
                break
            repeat = self._repeat_op()
            if repeat is not None:
                if last_repeat:
                    raise _RegexpError("invalid nested repetition operator")
                if not atoms:
                    raise _RegexpError("missing argument to repetition operator")
                atoms[-1] = f"(?:{atoms[-1]}){repeat}"
                last_repeat = True
                continue
            last_repeat = False
            if c == "(":
                if src.startswith("(?", self.i):
                    raise _RegexpError("group flags are not supported", unsupported=True)
                self.i += 1
                inner = self._alternation(depth + 1)
                if self.i >= len(src):
                    raise _RegexpError("missing closing )")
                self.i += 1
                atoms.append(f"(?:{inner})")
            elif c == "[":
                atoms.append(self._bracket())
            elif c == ".":
                self.i += 1
                atoms.append("[^\\n]")
            elif c == "^":
                self.i += 1
                atoms.append("\\A")
            elif c == "$":
                self.i += 1
                atoms.append("\\Z")
            elif c == "\\":
                atoms.extend(self._escape_atoms())
            else:
                self.i += 1
                atoms.append(re.escape(c))
        return "".join(atoms)

    def _repeat_op(self) -> str | None:
        """Consume ``* + ? {n,m}`` (with an optional lazy ``?``); None if not one."""
        src, i = self.src, self.i
        c = src[i]
        if c in "*+?":
            op = c
            i += 1
        elif c == "{":
            m = re.compile(r"\{(\d+)(,(\d*))?\}").match(src, i)
            if m is None:
                return None  # Go: a '{' that is not a repetition is a literal
            lo = int(m.group(1))
            hi = lo if m.group(2) is None else (int(m.group(3)) if m.group(3) else -1)
            if lo > 1000 or hi > 1000 or (hi >= 0 and hi < lo):
                raise _RegexpError("invalid repeat count")
            op = f"{{{lo},{'' if hi < 0 else hi}}}"
            i = m.end()
        else:
            return None
        if i < len(src) and src[i] == "?":
            i += 1  # non-greedy: same set of matches for an anchored test
        self.i = i
        return op

    def _escape_atoms(self) -> list[str]:
        src = self.src
        if self.i + 1 >= len(src):
            raise _RegexpError("trailing backslash at end of expression")
        c = src[self.i + 1]
        simple = {"A": "\\A", "z": "\\Z", "b": "\\b", "B": "\\B"}
        if c in simple:
            self.i += 2
            return [simple[c]]
        if c == "C":
            raise _RegexpError("invalid escape sequence: \\C")
        if c == "Q":
            end = src.find("\\E", self.i + 2)
            lit = src[self.i + 2 :] if end < 0 else src[self.i + 2 : end]
            self.i = len(src) if end < 0 else end + 2
            return [re.escape(ch) for ch in lit]
        if c.lower() in _PERL:
            self.i += 2
            ranges = _PERL[c.lower()]
            return [_class_re(_negate(ranges) if c.isupper() else ranges)]
        if c in "pP":
            raise _RegexpError("Unicode classes (\\p) are not supported", unsupported=True)
        rune = self._parse_escape()
        return [re.escape(chr(rune))]

    def _parse_escape(self) -> int:
        """Go's ``parseEscape`` at ``src[i] == '\\'``: the escaped rune."""
        src = self.src
        start = self.i
        i = start + 1
        if i >= len(src):
            raise _RegexpError("trailing backslash at end of expression")
        c = src[i]
        i += 1
        if c < "\x80" and not c.isalnum():
            self.i = i
            return ord(c)
        if c == "0" or (c in "1234567" and i < len(src) and src[i] in _OCTAL):
            value = int(c)
            for _ in range(2):
                if i < len(src) and src[i] in _OCTAL:
                    value = value * 8 + int(src[i])
                    i += 1
                else:
                    break
            self.i = i
            return value
        if c == "x" and i < len(src):
            if src[i] == "{":
                end = src.find("}", i + 1)
                digits = src[i + 1 : end] if end >= 0 else ""
                if end >= 0 and digits and all(d in _HEX for d in digits):
                    value = int(digits, 16)
                    if value <= _MAX_RUNE:
                        self.i = end + 1
                        return value
            elif i + 1 < len(src) and src[i] in _HEX and src[i + 1] in _HEX:
                self.i = i + 2
                return int(src[i : i + 2], 16)
        if c in _C_ESCAPES:
            self.i = i
            return _C_ESCAPES[c]
        raise _RegexpError(f"invalid escape sequence: {src[start:i]}")

    def _bracket(self) -> str:
        """A Go bracket class at ``src[i] == '['``."""
        src = self.src
        n = len(src)
        i = self.i + 1
        negate = i < n and src[i] == "^"
        if negate:
            i += 1
        ranges: _Ranges = []
        first = True
        while i >= n or src[i] != "]" or first:
            if i >= n:
                raise _RegexpError("missing closing ]")
            first = False
            if src.startswith("[:", i) and n - i > 2:
                end = src.find(":]", i + 2)
                if end >= 0:
                    name = src[i + 2 : end]
                    neg = name.startswith("^")
                    group = _POSIX.get(name[1:] if neg else name)
                    if group is None:
                        raise _RegexpError(f"invalid character class range: {src[i : end + 2]}")
                    ranges.extend(_negate(group) if neg else group)
                    i = end + 2
                    continue
            if src[i] == "\\" and i + 1 < n:
                c = src[i + 1]
                if c.lower() in _PERL:
                    group = _PERL[c.lower()]
                    ranges.extend(_negate(group) if c.isupper() else group)
                    i += 2
                    continue
                if c in "pP" and n - i > 2:
                    raise _RegexpError("Unicode classes (\\p) are not supported", unsupported=True)
            lo, i = self._class_char(i)
            hi = lo
            if i + 1 < n and src[i] == "-" and src[i + 1] != "]":
                hi, i = self._class_char(i + 1)
                if hi < lo:
                    raise _RegexpError("invalid character class range")
            ranges.append((lo, hi))
        self.i = i + 1
        return _class_re(_negate(ranges) if negate else ranges)

    def _class_char(self, i: int) -> tuple[int, int]:
        if i >= len(self.src):
            raise _RegexpError("missing closing ]")
        if self.src[i] == "\\":
            self.i = i
            rune = self._parse_escape()
            return rune, self.i
        return ord(self.src[i]), i + 1


def _go_compile(pattern: str) -> tuple[MatchKind, str | None]:
    """patternmatcher's ``Pattern.compile``: the match kind and, for regexp, Go's regexp."""
    reg = ["^"]
    kind: MatchKind = "exact"
    pos, n = 0, len(pattern)
    token = 0
    while pos < n:
        ch = pattern[pos]
        pos += 1
        if ch == "*":
            if pos < n and pattern[pos] == "*":
                pos += 1
                if pos < n and pattern[pos] == "/":
                    pos += 1
                if pos >= n:
                    if kind == "exact":
                        kind = "prefix"
                    else:
                        reg.append(".*")
                        kind = "regexp"
                else:
                    reg.append("(.*/)?")
                    kind = "regexp"
                if token == 0:
                    kind = "suffix"
            else:
                reg.append("[^/]*")
                kind = "regexp"
        elif ch == "?":
            reg.append("[^/]")
            kind = "regexp"
        elif ch in _GO_ESCAPED:
            reg.append("\\" + ch)
        elif ch == "\\":
            if pos < n:
                reg.append("\\" + pattern[pos])
                pos += 1
                kind = "regexp"
            else:
                reg.append("\\")
        elif ch in "[]":
            reg.append(ch)
            kind = "regexp"
        else:
            reg.append(ch)
        token += 1
    if kind != "regexp":
        return kind, None
    reg.append("$")
    return kind, "".join(reg)


# ------------------------------------------------------------------------ patterns


@record
class IgnoreError:
    """A line Docker would reject; ``line``/``column`` are 1-based, ``end_column`` exclusive."""

    message: str
    line: int
    column: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


@record
class IgnorePattern:
    """One pattern of a .dockerignore.

    ``text`` is the trimmed line as written, ``pattern`` the cleaned pattern Docker matches
    (without ``!``), ``exclusion`` is True for a ``!`` line (it re-includes what it matches).
    ``line``/``column`` (1-based) locate ``text`` in the file, ``end_column`` is exclusive.
    """

    text: str
    pattern: str
    exclusion: bool
    line: int
    column: int
    end_column: int
    kind: MatchKind
    regex: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def compile(
        cls,
        entry: str,
        *,
        text: str | None = None,
        line: int = 0,
        column: int = 0,
        end_column: int = 0,
    ) -> IgnorePattern:
        """Build a pattern as ``patternmatcher.New`` does from one ``ReadAll`` entry.

        Raises ValueError where Docker fails; ``text`` (default ``entry``) is kept for display.
        """
        p = go_clean(strip_space(entry))
        exclusion = p.startswith("!")
        if exclusion:
            if len(p) == 1:
                raise ValueError('illegal exclusion pattern: "!"; Docker fails the build')
            p = p[1:]
        if not _pattern_syntax_ok(p):
            raise ValueError(f'{_BAD_PATTERN} "{p}"; Docker fails the build')
        kind, go_re = _go_compile(p)
        regex = None
        if go_re is not None:
            try:
                regex = re.compile(_GoRegexp(go_re).translate(), re.ASCII)
            except _RegexpError as exc:
                if exc.unsupported:
                    raise ValueError(f'cannot evaluate "{p}": {exc}; dlint skips it') from None
                raise ValueError(
                    f'{_BAD_PATTERN} "{p}" ({exc} in its regular expression); '
                    "Docker fails the build when it first uses the pattern"
                ) from None
        shown = entry if text is None else text
        return cls(shown, p, exclusion, line, column, end_column, kind, regex)

    def matches(self, path: str) -> bool:
        """Go's ``Pattern.match``: does this pattern match exactly ``path``."""
        kind = self.kind
        if kind == "exact":
            return path == self.pattern
        if kind == "prefix":
            return path.startswith(self.pattern[:-2])
        if kind == "suffix":
            suffix = self.pattern[2:]
            return path.endswith(suffix) or (suffix[:1] == "/" and path == suffix[1:])
        assert self.regex is not None
        return self.regex.match(path) is not None

    def matches_or_parent(self, path: str) -> bool:
        """Does this pattern match ``path`` or one of its parent directories."""
        if self.matches(path):
            return True
        return any(self.matches(parent) for parent in _parents(path))


def _parents(path: str) -> list[str]:
    """``a/b/c`` → ``["a", "a/b"]`` (Go's split of ``filepath.Dir``)."""
    parent = go_clean(path[: path.rfind("/") + 1]) if "/" in path else "."
    if parent == ".":
        return []
    parts = parent.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _without_trailing_glob(pattern: str) -> str:
    """fsutil's ``patternWithoutTrailingGlob``."""
    pattern = pattern.removesuffix("/**")
    return pattern.removesuffix("/*")


# ------------------------------------------------------------------------ the file


class DockerIgnoreReadError(Exception):
    """A .dockerignore exists but cannot be read (permissions, a directory)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot read {path}: {reason}")
        self.path = path
        self.reason = reason


class DockerIgnore:
    """The patterns of one .dockerignore, in order, plus the lines Docker would reject."""

    __slots__ = ("_exclusion_prefixes", "_prunable", "errors", "path", "patterns", "text")

    def __init__(
        self,
        patterns: Sequence[IgnorePattern] = (),
        errors: Sequence[IgnoreError] = (),
        path: Path | None = None,
        text: str | None = None,
    ) -> None:
        self.patterns: tuple[IgnorePattern, ...] = tuple(patterns)
        self.errors: tuple[IgnoreError, ...] = tuple(errors)
        self.path = path
        #: The file's text as read (None: built from patterns), for fixes that extend it.
        self.text = text
        exclusions = [p for p in self.patterns if p.exclusion]
        self._exclusion_prefixes = tuple(
            _without_trailing_glob(p.pattern) + "/" for p in exclusions
        )
        # fsutil prunes an excluded directory only if no '!' pattern has a wildcard.
        self._prunable = not any(
            _FSUTIL_PATTERN_CHARS.intersection(_without_trailing_glob(p.pattern))
            for p in exclusions
        )

    def __repr__(self) -> str:
        return f"DockerIgnore({[p.text for p in self.patterns]!r}, path={self.path!r})"

    @classmethod
    def from_text(cls, text: str, path: Path | None = None) -> DockerIgnore:
        """Parse .dockerignore content as ``ignorefile.ReadAll`` and ``patternmatcher.New``."""
        patterns: list[IgnorePattern] = []
        errors: list[IgnoreError] = []
        original = text
        bom = 3 if text.startswith("\ufeff") else 0
        text = text[1:] if bom else text
        for number, raw in enumerate(text.split("\n"), start=1):
            size = len(raw) + (bom if number == 1 else 0)  # bytes, when ASCII
            if size * 4 >= _MAX_LINE_BYTES and not raw.isascii():
                size = len(_encode(raw)) + (bom if number == 1 else 0)
            if raw.endswith("\r"):
                raw = raw[:-1]
            stripped = strip_space(raw)
            column = len(raw) - len(lstrip_space(raw)) + 1
            end_column = column + len(stripped)
            if size >= _MAX_LINE_BYTES:
                message = (
                    "line of 64 KiB or more: Docker fails to read the file "
                    "(bufio.Scanner: token too long)"
                )
                errors.append(IgnoreError(message, number, column, end_column))
                continue
            if raw.startswith("#") or not stripped:
                continue
            entry = cls._read_all_entry(stripped)
            try:
                patterns.append(
                    IgnorePattern.compile(
                        entry, text=stripped, line=number, column=column, end_column=end_column
                    )
                )
            except ValueError as exc:
                errors.append(IgnoreError(str(exc), number, column, end_column))
        return cls(patterns, errors, path, original)

    @staticmethod
    def _read_all_entry(stripped: str) -> str:
        """The string ``ignorefile.ReadAll`` hands to ``patternmatcher.New`` for one line."""
        invert = stripped.startswith("!")
        pattern = strip_space(stripped[1:]) if invert else stripped
        if pattern:
            pattern = go_clean(pattern)
            if len(pattern) > 1 and pattern.startswith("/"):
                pattern = pattern[1:]
        return "!" + pattern if invert else pattern

    @classmethod
    def from_file(cls, path: Path) -> DockerIgnore:
        """Read and parse ``path``; raises `DockerIgnoreReadError` if it cannot be read."""
        try:
            data = path.read_bytes()
        except IsADirectoryError:
            raise DockerIgnoreReadError(path, "it is a directory") from None
        except PermissionError:
            raise DockerIgnoreReadError(path, "permission denied") from None
        except FileNotFoundError:
            raise DockerIgnoreReadError(path, "no such file") from None
        except OSError as exc:
            raise DockerIgnoreReadError(path, exc.strerror or str(exc)) from None
        # Docker reads the file as bytes and matches them against the file names' bytes:
        # bytes that are not UTF-8 stay themselves (as ``os.fsdecode`` keeps names).
        return cls.from_text(data.decode("utf-8", "surrogateescape"), path)

    # -- per-path semantics (MatchesOrParentMatches)

    def matching_pattern(self, relpath: str) -> IgnorePattern | None:
        """The pattern that decides ``relpath`` (a ``!`` pattern if it was re-included)."""
        path = go_clean(relpath).lstrip("/")
        if path in (".", ""):
            return None
        parents = _parents(path)
        matched = False
        decider: IgnorePattern | None = None
        for pattern in self.patterns:
            if pattern.exclusion != matched:
                continue  # cannot change the outcome
            if pattern.matches(path) or any(pattern.matches(p) for p in parents):
                matched = not pattern.exclusion
                decider = pattern
        return decider

    def is_excluded(self, relpath: str) -> bool:
        """``MatchesOrParentMatches``: is ``relpath`` (context-relative, ``/``) ignored."""
        decider = self.matching_pattern(relpath)
        return decider is not None and not decider.exclusion

    # -- BuildKit's context walk (MatchesUsingParentResults + fsutil pruning)

    def _match_using_parent(
        self, path: str, parent: tuple[bool, ...] | None
    ) -> tuple[bool, tuple[bool, ...]]:
        matched = False
        info: list[bool] = []
        parents: list[str] | None = None
        for index, pattern in enumerate(self.patterns):
            match = parent[index] if parent else False
            if not match:
                if pattern.exclusion != matched:
                    info.append(False)
                    continue
                match = pattern.matches(path)
                if not match and not parent:
                    if parents is None:
                        parents = _parents(path)
                    match = any(pattern.matches(p) for p in parents)
            info.append(match)
            if match:
                matched = not pattern.exclusion
        return matched, tuple(info)

    def walk(self, entries: Iterable[tuple[str, bool]]) -> Iterator[str]:
        """Yield the entries BuildKit's context walk sends.

        ``entries`` are ``(relpath, is_dir)`` in walk order: every directory before its
        contents. Directories whose own verdict is "excluded" are not yielded (BuildKit
        still creates them as parents of re-included files).
        """
        if not self.patterns:
            for path, _ in entries:
                yield path
            return
        infos: dict[str, tuple[bool, ...]] = {}
        pruned: set[str] = set()
        for path, is_dir in entries:
            cut = path.rfind("/")
            parent = path[:cut] if cut >= 0 else ""
            if parent and parent in pruned:
                if is_dir:
                    pruned.add(path)
                continue
            matched, info = self._match_using_parent(path, infos.get(parent) if parent else None)
            if matched:
                if is_dir and self._prunable:
                    prefix = path + "/"
                    if not any(p.startswith(prefix) for p in self._exclusion_prefixes):
                        pruned.add(path)
                        continue
                if is_dir:
                    infos[path] = info
                continue
            if is_dir:
                infos[path] = info
            yield path
