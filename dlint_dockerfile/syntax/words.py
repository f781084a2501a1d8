"""BuildKit's shell-word lexer: quoting, escapes and ``$VAR`` expansion.

BuildKit does not run a shell to read Dockerfile words; it uses a small lexer of its
own (``frontend/dockerfile/shell``). The parser needs it to find heredoc markers, and
the model uses it to expand ARG/ENV variables exactly as a build would. This module
reimplements its observable behaviour: word splitting after expansion, single and
double quotes, the escape token, ``$a``, ``${a}``, ``${a:-x}``, ``${a-x}``,
``${a:+x}``, ``${a+x}``, ``${a:?x}``, ``${a?x}``, ``${a#p}``, ``${a##p}``,
``${a%p}``, ``${a%%p}``, ``${a/p/r}`` and ``${a//p/r}``.

Each word also reports the ``[start, end)`` offsets of the source characters it was
read from, so callers can map words back to exact positions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from dlint_dockerfile.syntax.gotext import is_space

__all__ = ["LexError", "LexResult", "WordLexer"]


class LexError(ValueError):
    """A word BuildKit's lexer rejects (unterminated quote, bad substitution...)."""


@dataclass
class LexResult:
    """What one run of the lexer produced."""

    result: str
    words: list[str]
    spans: list[tuple[int, int]]
    matched: set[str] = field(default_factory=set)
    unmatched: set[str] = field(default_factory=set)


class _Words:
    """Go's ``wordsStruct``: splits the expanded text into words on spaces."""

    __slots__ = ("end", "in_word", "spans", "start", "word", "words")

    def __init__(self) -> None:
        self.words: list[str] = []
        self.spans: list[tuple[int, int]] = []
        self.word = ""
        self.in_word = False
        self.start = -1
        self.end = -1

    def _flush(self) -> None:
        self.words.append(self.word)
        self.spans.append((self.start, self.end))
        self.word = ""
        self.in_word = False
        self.start = -1

    def add_char(self, ch: str, start: int, end: int) -> None:
        if is_space(ch):
            if self.in_word and self.word:
                self._flush()
        else:
            self.add_raw(ch, start, end)

    def add_raw(self, text: str, start: int, end: int) -> None:
        if self.start < 0:
            self.start = start
        self.end = end
        self.word += text
        self.in_word = True

    def add_expanded(self, text: str, start: int, end: int) -> None:
        for ch in text:
            self.add_char(ch, start, end)

    def finish(self) -> tuple[list[str], list[tuple[int, int]]]:
        if self.word:
            self._flush()
        return self.words, self.spans


class WordLexer:
    """One configured lexer, like Go's ``shell.Lex``; not safe to share across threads."""

    def __init__(
        self,
        escape: str = "\\",
        *,
        raw_quotes: bool = False,
        raw_escapes: bool = False,
        skip_unset: bool = False,
        skip_quotes: bool = False,
    ) -> None:
        self.escape = escape
        self.raw_quotes = raw_quotes
        self.raw_escapes = raw_escapes
        self.skip_unset = skip_unset
        self.skip_quotes = skip_quotes
        self._text = ""
        self._pos = 0
        self._env: Mapping[str, str] = {}
        self._matched: set[str] = set()
        self._unmatched: set[str] = set()

    # -- public API -------------------------------------------------------------------

    def process(self, text: str, env: Mapping[str, str] | None = None) -> LexResult:
        """Expand ``text`` and split it into words; raise `LexError` like BuildKit."""
        self._text = text
        # Go's text/scanner skips a byte-order mark at the very start of its input.
        self._pos = 1 if text.startswith("\ufeff") else 0
        self._env = env or {}
        self._matched = set()
        self._unmatched = set()
        result, words, spans = self._stop_on(None, self.raw_escapes)
        return LexResult(result, words, spans, self._matched, self._unmatched)

    def words(self, text: str, env: Mapping[str, str] | None = None) -> list[str]:
        """The words of ``text`` (BuildKit's ``ProcessWords``)."""
        return self.process(text, env).words

    # -- scanner --------------------------------------------------------------------

    def _peek(self) -> str | None:
        pos = self._pos
        return self._text[pos] if pos < len(self._text) else None

    def _next(self) -> str | None:
        pos = self._pos
        if pos < len(self._text):
            self._pos = pos + 1
            return self._text[pos]
        return None

    # -- grammar --------------------------------------------------------------------

    def _stop_on(
        self, stop: str | None, raw_escapes: bool
    ) -> tuple[str, list[str], list[tuple[int, int]]]:
        result: list[str] = []
        words = _Words()
        escape = self.escape
        while (ch := self._peek()) is not None:
            start = self._pos
            if stop is not None and ch == stop:
                self._next()
                return "".join(result), *words.finish()
            if ch == "$":
                tmp = self._dollar()
                result.append(tmp)
                words.add_expanded(tmp, start, self._pos)
            elif (ch == "'" or ch == '"') and not self.skip_quotes:
                tmp = self._single_quote() if ch == "'" else self._double_quote(raw_escapes)
                result.append(tmp)
                words.add_raw(tmp, start, self._pos)
            else:
                ch = self._next()
                assert ch is not None
                if ch == escape:
                    if raw_escapes:
                        words.add_raw(ch, start, self._pos)
                        result.append(ch)
                    ch = self._next()
                    if ch is None:
                        break
                    words.add_raw(ch, start, self._pos)
                else:
                    words.add_char(ch, start, self._pos)
                result.append(ch)
        if stop is not None:
            raise LexError(f"unexpected end of statement while looking for matching {stop}")
        return "".join(result), *words.finish()

    def _single_quote(self) -> str:
        out: list[str] = []
        ch = self._next()
        if self.raw_quotes:
            out.append("'")
        while True:
            ch = self._next()
            if ch is None:
                raise LexError(
                    "unexpected end of statement while looking for matching single-quote"
                )
            if ch == "'":
                if self.raw_quotes:
                    out.append(ch)
                return "".join(out)
            out.append(ch)

    def _double_quote(self, raw_escapes: bool) -> str:
        out: list[str] = []
        self._next()
        if self.raw_quotes:
            out.append('"')
        escape = self.escape
        while True:
            peek = self._peek()
            if peek is None:
                raise LexError(
                    "unexpected end of statement while looking for matching double-quote"
                )
            if peek == '"':
                self._next()
                if self.raw_quotes:
                    out.append('"')
                return "".join(out)
            if peek == "$":
                out.append(self._dollar())
                continue
            ch = self._next()
            if ch == escape:
                if raw_escapes:
                    out.append(ch)
                following = self._peek()
                if following is None:
                    continue
                if following in ('"', "$", escape):
                    ch = self._next()
            assert ch is not None
            out.append(ch)

    def _dollar(self) -> str:
        self._next()
        if self._peek() != "{":
            name = self._name()
            if not name:
                return "$"
            value, found = self._get(name)
            if not found and self.skip_unset:
                return "$" + name
            return value
        self._next()
        peek = self._peek()
        if peek is None:
            raise LexError("syntax error: missing '}'")
        if peek in "{}:":
            raise LexError("syntax error: bad substitution")
        name = self._name()
        ch = self._next()
        modifier = ch or ""
        if ch == "}":
            value, found = self._get(name)
            if not found and self.skip_unset:
                return "${" + name + "}"
            return value
        if ch == ":" or (ch is not None and ch in "+-?#%"):
            null_is_unset = ch == ":"
            if null_is_unset:
                ch = self._next()
                modifier += ch or ""
            word = self._modifier_word(ch is not None and ch in "#%")
            value, found = self._get(name)
            if self.skip_unset and not found:
                return "${" + name + modifier + word + "}"
            if ch == "-":
                return word if not found or (null_is_unset and value == "") else value
            if ch == "+":
                return "" if not found or (null_is_unset and value == "") else word
            if ch == "?":
                if not found:
                    raise LexError(f"{name}: {word or 'is not allowed to be unset'}")
                if null_is_unset and value == "":
                    raise LexError(f"{name}: {word or 'is not allowed to be empty'}")
                return value
            if ch == "%" or ch == "#":
                greedy = bool(word) and word[0] == ch
                if greedy:
                    word = word[1:]
                if ch == "%":
                    return _trim_suffix(word, value, greedy)
                return _trim_prefix(word, value, greedy)
            raise LexError(f"unsupported modifier ({modifier}) in substitution")
        if ch == "/":
            replace_all = self._peek() == "/"
            if replace_all:
                self._next()
            try:
                pattern, _, _ = self._stop_on("/", True)
            except LexError:
                if self._peek() is None:
                    raise LexError("syntax error: missing '/' in ${}") from None
                raise
            try:
                replacement, _, _ = self._stop_on("}", True)
            except LexError:
                if self._peek() is None:
                    raise LexError("syntax error: missing '}'") from None
                raise
            value, found = self._get(name)
            if self.skip_unset and not found:
                return "${" + name + "/" + pattern + "/" + replacement + "}"
            regex = _shell_pattern_to_regex(pattern, greedy=True, anchored=False)
            if replace_all:
                return _replace_all(regex, value, replacement)
            match = regex.search(value)
            if match is None:
                return value
            return value[: match.start()] + replacement + value[match.end() :]
        raise LexError(f"unsupported modifier ({modifier}) in substitution")

    def _modifier_word(self, raw_escapes: bool) -> str:
        try:
            word, _, _ = self._stop_on("}", raw_escapes)
        except LexError:
            if self._peek() is None:
                raise LexError("syntax error: missing '}'") from None
            raise
        return word

    def _name(self) -> str:
        chars: list[str] = []
        while (ch := self._peek()) is not None:
            if not chars and ch.isdecimal():
                while (ch := self._peek()) is not None and ch.isdecimal():
                    chars.append(ch)
                    self._next()
                return "".join(chars)
            if not chars and ch in "@*#?-$!0":
                self._next()
                return ch
            if not (ch.isalpha() or ch.isdecimal() or ch == "_"):
                break
            chars.append(ch)
            self._next()
        return "".join(chars)

    def _get(self, name: str) -> tuple[str, bool]:
        if name in self._env:
            self._matched.add(name)
            return self._env[name], True
        self._unmatched.add(name)
        return "", False


def _shell_pattern_to_regex(pattern: str, *, greedy: bool, anchored: bool) -> re.Pattern[str]:
    """BuildKit's ``convertShellPatternToRegex``: ``*`` and ``?`` wildcards, no brackets."""
    out = ["^"] if anchored else []
    star = ".*" if greedy else ".*?"
    i = 0
    n = len(pattern)
    while i < n:
        tok = pattern[i]
        i += 1
        if tok == "*":
            out.append(star)
        elif tok == "?":
            out.append(".")
        elif tok == "\\":
            following = pattern[i] if i < n else ""
            if following in ("}", "/"):
                continue
            i += 1
            if following not in ("*", "?", "\\"):
                raise LexError(f"invalid escape '\\{following}'")
            out.append("\\" + following)
        else:
            out.append(re.escape(tok))
    return re.compile("".join(out))


def _replace_all(regex: re.Pattern[str], value: str, template: str) -> str:
    """Go's ``Regexp.ReplaceAllString``.

    Unlike Python's ``re.sub``, Go skips an empty match right after a previous match, and
    expands ``$`` templates in the replacement (see `_expand_template`).
    """
    out: list[str] = []
    last_end = 0
    search = 0
    end = len(value)
    while search <= end:
        match = regex.search(value, search)
        if match is None:
            break
        start, stop = match.span()
        out.append(value[last_end:start])
        if stop > last_end or start == 0:
            out.append(_expand_template(template, match.group(0)))
        last_end = stop
        # Advance past this match, always by at least one character.
        search = max(search + 1, stop)
    out.append(value[last_end:])
    return "".join(out)


def _expand_template(template: str, whole: str) -> str:
    """Go's ``Regexp.Expand`` for a pattern without groups: only ``$0`` / ``${0}`` has a value.

    ``$$`` is a dollar; ``$name`` / ``${name}`` (letters, digits, ``_``) of any other group is
    empty; a ``$`` that starts no valid reference is kept as is.
    """
    if "$" not in template:
        return template
    out: list[str] = []
    rest = template
    while (i := rest.find("$")) >= 0:
        out.append(rest[:i])
        rest = rest[i + 1 :]
        if rest.startswith("$"):
            out.append("$")
            rest = rest[1:]
            continue
        brace = rest.startswith("{")
        start = after = 1 if brace else 0
        while after < len(rest) and (
            rest[after].isalpha() or rest[after].isdecimal() or rest[after] == "_"
        ):
            after += 1
        name = rest[start:after]
        if not name or (brace and not rest.startswith("}", after)):
            out.append("$")
            continue
        rest = rest[after + 1 :] if brace else rest[after:]
        if name == "0":
            out.append(whole)
    out.append(rest)
    return "".join(out)


def _trim_prefix(pattern: str, value: str, greedy: bool) -> str:
    regex = _shell_pattern_to_regex(pattern, greedy=greedy, anchored=True)
    match = regex.search(value)
    return value[match.end() :] if match else value


def _reverse_pattern(pattern: str) -> str:
    out = [""] * len(pattern)
    last = len(pattern) - 1
    i = 0
    while i <= last:
        tok = pattern[i]
        j = last - i
        if tok == "\\" and i != last:
            out[j - 1] = tok
            out[j] = pattern[i + 1]
            i += 2
            continue
        out[j] = tok
        i += 1
    return "".join(out)


def _trim_suffix(pattern: str, value: str, greedy: bool) -> str:
    return _trim_prefix(_reverse_pattern(pattern), value[::-1], greedy)[::-1]
