"""Go text semantics that BuildKit's parser relies on, reproduced exactly.

Python's notion of whitespace and of string quoting differ from Go's in small ways
(``str.isspace`` accepts U+001C..U+001F, ``repr`` quotes differently); the parser and
the BuildKit dump must use Go's rules to agree with BuildKit byte for byte.
"""

from __future__ import annotations

import re

#: ``unicode.IsSpace`` in Go: ASCII/Latin-1 spaces plus Unicode White_Space.
GO_SPACES = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_GO_SPACE_SET = frozenset(GO_SPACES)

#: BuildKit's ``reWhitespace``: ``[\t\v\f\r ]+``.
RE_WHITESPACE = re.compile(r"[\t\v\f\r ]+")


def is_space(ch: str) -> bool:
    """Go's ``unicode.IsSpace`` for one character."""
    return ch in _GO_SPACE_SET


def lstrip_space(text: str) -> str:
    """Go's ``strings.TrimLeftFunc(s, unicode.IsSpace)``."""
    return text.lstrip(GO_SPACES)


def strip_space(text: str) -> str:
    """Go's ``strings.TrimSpace``."""
    return text.strip(GO_SPACES)


def trim_newline(text: str) -> str:
    """BuildKit's ``trimNewline``: drop every trailing CR and LF."""
    return text.rstrip("\r\n")


_SIMPLE_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    '"': '\\"',
    "\\": "\\\\",
}


def go_quote(text: str) -> str:
    """Go's ``strconv.Quote``: a double-quoted literal, printable runes kept as is."""
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    out = ['"']
    for ch in text:
        esc = _SIMPLE_ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif ch.isprintable():
            out.append(ch)
        else:
            code = ord(ch)
            if code < 0x20 or code == 0x7F:
                out.append(f"\\x{code:02x}")
            elif 0xD800 <= code <= 0xDFFF:
                # A lone surrogate cannot be UTF-8; Go would have read U+FFFD.
                out.append("\ufffd")
            elif code < 0x10000:
                out.append(f"\\u{code:04x}")
            else:
                out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def go_quote_list(items: list[str] | tuple[str, ...]) -> str:
    """Go's ``fmt.Sprintf("%q", []string{...})``: ``["a" "b"]``."""
    return "[" + " ".join(go_quote(item) for item in items) + "]"
