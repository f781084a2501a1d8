"""Dockerfile-aware mutations of corpus files, and the hypothesis strategy that draws them.

A fuzz input is a corpus file (the seed), a window of its lines, and a list of operations,
each ``(kind, a, b, c)``: the integers pick lines, offsets and payloads modulo what the
text has, so every operation applies to every text and hypothesis shrinks a failing input
towards fewer operations, earlier kinds and smaller numbers. The text is kept as ``str``
with undecodable bytes as surrogates (``surrogateescape``), exactly as ``dlint`` reads
standard input; `FuzzInput.data` is the bytes a file would hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from hypothesis import strategies as st

from tests.conftest import CORPUS, corpus_files, read_text

Op = tuple[str, int, int, int]

#: Instruction lines that the fixable rules act on, and awkward ones.
FRAGMENTS = (
    "MAINTAINER Jane Doe <jane@example.com>",
    "RUN apt-get update",
    "RUN apt-get install curl",
    "RUN apt-get update && apt-get install -y git",
    "RUN apt install -y vim",
    "RUN cd /app && make",
    "RUN cd src; ./configure",
    "RUN apk add curl",
    "RUN apk update && apk add bash",
    "RUN pip install flask",
    "RUN pip3 install -r requirements.txt",
    "RUN yum install httpd",
    "RUN dnf install git",
    "RUN zypper install vim",
    "RUN yarn install",
    "RUN npm install",
    "RUN sudo make install",
    "RUN wget https://example.com/x.tgz",
    "RUN curl -fsSL https://example.com/x | sh",
    "RUN useradd -u 123456789 app",
    "RUN rm -rf /var/lib/apt/lists/*",
    "RUN set -eux; \\\n    apt-get install -y \\\n        zlib1g \\\n        curl",
    "RUN --mount=type=cache,target=/root/.cache pip install x",
    "ADD . /app",
    "ADD http://example.com/a.tgz /tmp/",
    "COPY . /app",
    "COPY a b /dst",
    "COPY --from=0 /a /b",
    "COPY --from=Build /a /b",
    "COPY --from=missing /a /b",
    "COPY requirements.txt /app/",
    "ENV A 1",
    "ENV A=1 B=$A",
    "LABEL maintainer value",
    "EXPOSE 80/TCP",
    "EXPOSE 99999",
    "CMD node app.js",
    "CMD ['node', 'app.js']",
    'CMD ["node", "app.js"]',
    'ENTRYPOINT ["/bin/sh -c run"]',
    "ENTRYPOINT run.sh",
    "HEALTHCHECK CMD curl -f http://localhost/",
    'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
    'SHELL ["pwsh", "-Command"]',
    "FROM ubuntu:22.04",
    "FROM alpine AS Build",
    "from debian as builder",
    "FROM --platform=$TARGETPLATFORM alpine",
    "FROM $BASE",
    "ARG BASE=alpine",
    "ARG GIT_COMMIT",
    "ARG",
    "USER root",
    "WORKDIR app",
    "VOLUME /data",
    "STOPSIGNAL SIGTERM",
    "ONBUILD RUN apt-get update",
    "ONBUILD ONBUILD RUN x",
    "RUNN echo typo",
    "RUN",
    "RUN <<EOF\napt-get update\napt-get install -y curl\nEOF",
    "RUN <<-EOT bash\n\tapt-get install vim\n\tEOT",
    "COPY <<EOF /etc/conf\nkey=value\nEOF",
    "RUN <<A <<B\necho a\nA\necho b\nB",
    "RUN cat <<'EOF' > /x\n$HOME\nEOF",
)

#: Single characters and short runs that matter to the tokenizer.
SPECIALS = (
    "\\", "`", '"', "'", "$", "${", "}", "[", "]", "=", "#", " ", "\t", "\n", "\r", "\r\n",
    "\\\n", "`\n", "<<", "<<EOF", "&&", "|", ";", "\x00", "\x0b", "\x0c", "\x85", "\u2028",
    "\u00a0", "\ufeff", "é", "😀", "--", "--from=", "{", ",", "*", "/",
)  # fmt: skip

#: Bytes that are not UTF-8, as ``surrogateescape`` holds them.
NON_UTF8 = (
    b"\xff",
    b"\xfe\xff",
    b"\xc3",  # a lead byte with no continuation
    b"\x80",
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xc0\x80",  # an overlong NUL
    b"\xf4\x90\x80\x80",  # past U+10FFFF
    b"\xe9",  # Latin-1 e-acute
)

DIRECTIVES = (
    "# syntax=docker/dockerfile:1",
    "# escape=`",
    "# escape=\\",
    "# escape=x",
    "# check=skip=all",
    "# check=error=true",
    "#syntax=docker/dockerfile:1.4",
    "# escape = `",
)

SUPPRESSIONS = (
    "# dlint: ignore=DLX009",
    "# dlint: ignore=DLX301,DLX305 -- reason",
    "# dlint: ignore=NOPE",
    "# dlint: ignore-file=DLX702",
    "# hadolint ignore=DL3008",
    "# hadolint global ignore=DL3003",
    "# check=skip=JSONArgsRecommended",
    "# dlint: ignore=",
)

LINE_BREAKS = ("\n", "\r\n", "\r")
ODD_BREAKS = ("\x85", "\u2028", "\x0b", "\x0c", "\r\r\n", "\n\r")

_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_CONTINUED = re.compile(r"[\\`][ \t]*(\r\n|\r|\n)$")
_BREAK = re.compile(r"\r\n|\r|\n")


def lines(text: str) -> list[str]:
    """``text`` cut after every ``\\n`` (the only line break BuildKit knows), ends kept."""
    return _LINE.findall(text)


def _body_and_end(line: str) -> tuple[str, str]:
    body = line.rstrip("\r\n")
    return body, line[len(body) :]


def _pick(items: Sequence[str], n: int) -> str:
    return items[n % len(items)]


# ----------------------------------------------------------------------- operations
# Each takes the text, three numbers and the donor files, and returns the new text.


def _on_line(text: str, a: int, change: Callable[[str], str]) -> str:
    found = lines(text)
    if not found:
        return change("")
    i = a % len(found)
    found[i] = change(found[i])
    return "".join(found)


def _line_endings(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    """All LF, all CRLF, all CR, or a mix, chosen per line."""
    plain = text.replace("\r\n", "\n")
    mode = a % 4
    if mode < 3:
        return plain.replace("\n", LINE_BREAKS[mode])
    pieces = plain.split("\n")
    return "".join(p + LINE_BREAKS[(b + c * i) % 3] for i, p in enumerate(pieces[:-1])) + pieces[-1]


def _bom(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    return "\ufeff" + text if a % 4 else "\ufeff\ufeff" + text


def _final_newline(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    """No final line break, several, or a file that ends inside a continuation."""
    stripped = text.rstrip("\r\n")
    return stripped + ("", "\n\n", "\r\n\r\n", " \\", "\\\n", "\n\n\n\n")[a % 6] if a % 7 else text


def _whitespace(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    """Tabs for indentation or between words, trailing blanks, blanks after an escape."""

    def change(line: str) -> str:
        body, end = _body_and_end(line)
        mode = b % 5
        if mode == 0:
            return "\t" + body.lstrip(" ") + end
        if mode == 1:
            return body.replace(" ", "\t", 1 + c % 3) + end
        if mode == 2:
            return body + _pick((" ", "\t", " \t ", "   "), c) + end
        if mode == 3 and body.endswith(("\\", "`")):
            return body + _pick((" ", "\t", "  \t"), c) + end
        return _pick(("  ", "\t", " \t"), c) + line

    return _on_line(text, a, change)


def _insert_fragment(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    found = lines(text)
    fragment = _pick(FRAGMENTS, b) + "\n"
    found.insert(a % (len(found) + 1), fragment)
    return "".join(found)


def _delete_line(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    found = lines(text)
    if found:
        del found[a % len(found) : a % len(found) + 1 + b % 3]
    return "".join(found)


def _duplicate_line(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    found = lines(text)
    if found:
        i = a % len(found)
        line = found[i] if found[i].endswith("\n") else found[i] + "\n"
        found.insert(i, line)
    return "".join(found)


def _swap_lines(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    found = lines(text)
    if len(found) > 1:
        i, j = a % len(found), b % len(found)
        found[i], found[j] = found[j], found[i]
        if not found[-1].endswith("\n") and any(not x.endswith("\n") for x in found[:-1]):
            found = [x if x.endswith("\n") else x + "\n" for x in found]
    return "".join(found)


def _join_lines(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    """Continue a line onto the next one (with the backslash, or the backtick)."""

    def change(line: str) -> str:
        body, end = _body_and_end(line)
        return body + _pick((" \\", "\\", " `", " \\ "), b) + (end or "\n")

    return _on_line(text, a, change)


def _split_line(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    """Break a line at one of its blanks with a continuation."""

    def change(line: str) -> str:
        body, end = _body_and_end(line)
        blanks = [m.start() for m in re.finditer(r"[ \t]", body)]
        if not blanks:
            return line
        at = blanks[b % len(blanks)]
        glue = _pick((" \\\n    ", "\\\n", " \\\n\t", " \\\n\n  ", " \\\n# note\n  "), c)
        return body[:at] + glue + body[at + 1 :] + end

    return _on_line(text, a, change)


def _escape_backtick(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    """The backtick escape directive; continuations rewritten (all, or not) to match."""
    header = _pick(("# escape=`\n", "# escape=`\r\n", "#escape=`\n", "# syntax=x\n# escape=`\n"), a)
    body = text
    if b % 3:
        body = re.sub(r"\\([ \t]*)(\r\n|\r|\n)", r"`\1\2", body)
    if b % 3 == 2:
        body = body.replace("\\", "`", 1 + c % 4)
    return header + body


def _comment_in_continuation(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    """A comment line or an empty line inside a continued instruction."""
    found = lines(text)
    continued = [i for i, line in enumerate(found) if _CONTINUED.search(line)]
    if not continued:
        return text
    i = continued[a % len(continued)]
    found.insert(
        i + 1, _pick(("# comment\n", "\n", "   # indented comment\n", "#\n", "  \n", "# a \\\n"), b)
    )
    return "".join(found)


def _heredoc(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    """A RUN turned into a heredoc (plain, ``<<-`` with tabs, quoted delimiter, two)."""

    def change(line: str) -> str:
        body, end = _body_and_end(line)
        match = re.match(r"([ \t]*)(run)([ \t]+)(.*)", body, re.IGNORECASE | re.DOTALL)
        if match is None:
            return line
        indent, keyword, _, script = match.groups()
        end = end or "\n"
        mode = b % 5
        if mode == 0:
            return f"{indent}{keyword} <<EOF{end}{script}{end}EOF{end}"
        if mode == 1:
            return f"{indent}{keyword} <<-EOF{end}\t{script}{end}\tEOF{end}"
        if mode == 2:
            return f"{indent}{keyword} <<'EOF'{end}{script}{end}EOF{end}"
        if mode == 3:
            return f"{indent}{keyword} <<A <<\"B\"{end}{script}{end}A{end}echo b{end}B{end}"
        return f"{indent}{keyword} bash <<EOF{end}{script}{end}"  # never terminated

    return _on_line(text, a, change)


def _keyword_case(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    def change(line: str) -> str:
        match = re.match(r"([ \t]*)([A-Za-z]+)", line)
        if match is None:
            return line
        word = match.group(2)
        cased = (word.lower(), word.capitalize(), word.swapcase(), word.upper())[b % 4]
        return line[: match.start(2)] + cased + line[match.end(2) :]

    if c % 5 == 0:  # every keyword at once
        return "".join(change(line) for line in lines(text))
    return _on_line(text, a, change)


def _onbuild(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    prefix = _pick(("ONBUILD ", "onbuild ", "ONBUILD\t", "ONBUILD ONBUILD "), b)
    return _on_line(text, a, lambda line: prefix + line.lstrip(" \t"))


def _special(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    at = a % (len(text) + 1)
    return text[:at] + _pick(SPECIALS, b) + text[at:]


def _non_utf8(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    at = a % (len(text) + 1)
    raw = NON_UTF8[b % len(NON_UTF8)]
    return text[:at] + raw.decode("utf-8", "surrogateescape") + text[at:]


def _delete_range(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    at = a % (len(text) + 1)
    return text[:at] + text[at + 1 + b % 24 :]


def _truncate(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    return text[: a % (len(text) + 1)]


def _splice(text: str, a: int, b: int, c: int, donors: Sequence[str]) -> str:
    """An instruction (with its continuation lines) from another corpus file."""
    donor = lines(donors[b % len(donors)]) if donors else []
    if not donor:
        return text
    start = c % len(donor)
    stop = start + 1
    while stop < len(donor) and _CONTINUED.search(donor[stop - 1]):
        stop += 1
    piece = "".join(donor[start:stop])
    if not piece.endswith("\n"):
        piece += "\n"
    found = lines(text)
    found.insert(a % (len(found) + 1), piece)
    return "".join(found)


def _directive(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    found = lines(text)
    where = 0 if a % 3 else a % (len(found) + 1)
    found.insert(where, _pick(DIRECTIVES, b) + "\n")
    return "".join(found)


def _suppression(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    found = lines(text)
    found.insert(a % (len(found) + 1), _pick(SUPPRESSIONS, b) + "\n")
    return "".join(found)


def _odd_break(text: str, a: int, b: int, c: int, _: Sequence[str]) -> str:
    """A line break replaced by one only Unicode (or nobody) treats as a break."""
    breaks = list(_BREAK.finditer(text))
    if not breaks:
        return text + _pick(ODD_BREAKS, b)
    match = breaks[a % len(breaks)]
    return text[: match.start()] + _pick(ODD_BREAKS, b) + text[match.end() :]


OPERATIONS: dict[str, Callable[[str, int, int, int, Sequence[str]], str]] = {
    "line_endings": _line_endings,
    "bom": _bom,
    "final_newline": _final_newline,
    "whitespace": _whitespace,
    "insert_fragment": _insert_fragment,
    "delete_line": _delete_line,
    "duplicate_line": _duplicate_line,
    "swap_lines": _swap_lines,
    "join_lines": _join_lines,
    "split_line": _split_line,
    "escape_backtick": _escape_backtick,
    "comment_in_continuation": _comment_in_continuation,
    "heredoc": _heredoc,
    "keyword_case": _keyword_case,
    "onbuild": _onbuild,
    "special": _special,
    "non_utf8": _non_utf8,
    "delete_range": _delete_range,
    "truncate": _truncate,
    "splice": _splice,
    "directive": _directive,
    "suppression": _suppression,
    "odd_break": _odd_break,
}


def mutate(text: str, ops: Sequence[Op], donors: Sequence[str] = ()) -> str:
    """``text`` with ``ops`` applied in order."""
    for kind, a, b, c in ops:
        text = OPERATIONS[kind](text, a, b, c, donors)
    return text


# ------------------------------------------------------------------------- seeds


@dataclass(frozen=True)
class Seed:
    name: str
    text: str


@cache
def seeds() -> tuple[Seed, ...]:
    """The corpus Dockerfiles: official images, everyday files, BuildKit's parser tests."""
    found = []
    for part in ("real", "wild", "buildkit-parser"):
        for path in corpus_files(part):
            if path.name == "result" or path.name.endswith(".dockerignore"):
                continue
            found.append(Seed(path.relative_to(CORPUS).as_posix(), read_text(path)))
    return tuple(found)


@dataclass(frozen=True)
class FuzzInput:
    """One mutated file and how it was made (shown by hypothesis when a check fails)."""

    seed: str
    window: tuple[int, int]
    ops: tuple[Op, ...]
    text: str

    @property
    def data(self) -> bytes:
        return self.text.encode("utf-8", "surrogateescape")


def window(text: str, start: int, length: int | None) -> str:
    """``length`` lines of ``text`` from line ``start`` (all of them: None)."""
    if length is None:
        return text
    found = lines(text)
    if not found:
        return text
    first = start % len(found)
    return "".join(found[first : first + length])


_OP = st.tuples(
    st.sampled_from(sorted(OPERATIONS)),
    st.integers(0, 1 << 16),
    st.integers(0, 1 << 16),
    st.integers(0, 1 << 16),
)


@st.composite
def fuzz_inputs(draw: st.DrawFn, max_lines: int | None = 60, max_ops: int = 6) -> FuzzInput:
    """A corpus file, cut to a window of at most ``max_lines`` lines (None: whole), with
    up to ``max_ops`` mutations; donors for splicing are the other corpus files."""
    pool = seeds()
    seed = draw(st.sampled_from(pool))
    start = draw(st.integers(0, 1 << 16))
    length = None if max_lines is None else draw(st.integers(1, max_lines))
    ops = tuple(draw(st.lists(_OP, max_size=max_ops)))
    donors = [s.text for s in pool]
    text = mutate(window(seed.text, start, length), ops, donors)
    return FuzzInput(seed.name, (start, length or 0), ops, text)


def replay(seed_name: str, start: int, length: int, ops: Sequence[Op]) -> str:
    """The text of a `FuzzInput` from what it shows (to reproduce a failure)."""
    pool = seeds()
    seed = next(s for s in pool if s.name == seed_name)
    return mutate(window(seed.text, start, length or None), ops, [s.text for s in pool])
