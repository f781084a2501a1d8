"""The equivalence checker itself: it catches what changes meaning, and accepts every
change the formatter is allowed to make (and nothing else)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlint_dockerfile.lint.fixing import fix_text
from dlint_dockerfile.lint.registry import default_registry
from dlint_dockerfile.lint.runner import LintSettings
from dlint_dockerfile.syntax import Keyword, Transformer, parse
from tests.conftest import CORPUS, corpus_files, read_text
from tests.format_equivalence import SORTABLE_INSTALLS, difference

REAL = [p for p in corpus_files("real") if not p.name.endswith(".dockerignore")]

#: (name, before, after): each changes what BuildKit or the shell reads.
BREAKAGES = [
    ("old-form ENV value with spaces as key=value", "FROM a\nENV A b c\n", "FROM a\nENV A=b c\n"),
    (
        "&& dropped after a comment line in a continuation",
        "FROM a\nRUN a \\\n# comment\n    && b\n",
        "FROM a\nRUN a \\\n# comment\n    b\n",
    ),
    (
        "re-indented inside a quoted string that spans a continuation",
        'FROM a\nRUN echo "a \\\n   b"\n',
        'FROM a\nRUN echo "a \\\n    b"\n',
    ),
    (
        "heredoc body re-indented",
        "FROM a\nRUN <<EOF\n  echo a\nEOF\n",
        "FROM a\nRUN <<EOF\necho a\nEOF\n",
    ),
    (
        "packages sorted inside a RUN heredoc (heredoc content is exact)",
        "FROM a\nRUN <<EOF\napk add b a\nEOF\n",
        "FROM a\nRUN <<EOF\napk add a b\nEOF\n",
    ),
    (
        "heredoc of COPY re-indented",
        "FROM a\nCOPY <<EOF /x\nkey=value\nEOF\n",
        "FROM a\nCOPY <<EOF /x\n    key=value\nEOF\n",
    ),
    ("flag moved after an argument", "FROM a\nCOPY --from=b x y\n", "FROM a\nCOPY x --from=b y\n"),
    (
        "flags of the same name reordered",
        "FROM a\nRUN --mount=type=cache,target=/a --mount=type=bind,target=/a x\n",
        "FROM a\nRUN --mount=type=bind,target=/a --mount=type=cache,target=/a x\n",
    ),
    (
        "words swapped in a command that is no install",
        "FROM a\nRUN echo b a\n",
        "FROM a\nRUN echo a b\n",
    ),
    (
        "packages sorted in an apt-get remove",
        "FROM a\nRUN apt-get remove -y b a\n",
        "FROM a\nRUN apt-get remove -y a b\n",
    ),
    (
        "packages sorted inside sh -c",
        "FROM a\nRUN sh -c 'apk add b a'\n",
        "FROM a\nRUN sh -c 'apk add a b'\n",
    ),
    (
        "an option's argument sorted among the packages",
        "FROM a\nRUN apt-get install -y -o Debug=1 b a\n",
        "FROM a\nRUN apt-get install -y -o a Debug=1 b\n",
    ),
    (
        "an option moved among the packages",
        "FROM a\nRUN apt-get install b --no-install-recommends a\n",
        "FROM a\nRUN apt-get install --no-install-recommends a b\n",
    ),
    (
        "a package dropped",
        "FROM a\nRUN apk add b a\n",
        "FROM a\nRUN apk add a\n",
    ),
    (
        "continuation joined with a space",
        "FROM a\nRUN echo foo\\\nbar\n",
        "FROM a\nRUN echo foo \\\nbar\n",
    ),
    ("a JSON string changed", 'FROM a\nCMD ["a", "b"]\n', 'FROM a\nCMD ["a", "b "]\n'),
    ("exec form turned into shell form", 'FROM a\nCMD ["a", "b"]\n', "FROM a\nCMD a b\n"),
    ("old-form ENV value's spaces collapsed", "FROM a\nENV A b   c\n", "FROM a\nENV A b c\n"),
    (
        "old-form ENV value continued, re-indented",
        "FROM a\nENV A b \\\n  c\n",
        "FROM a\nENV A b \\\n    c\n",
    ),
    ("LABEL value changed", 'FROM a\nLABEL a="b c"\n', "FROM a\nLABEL a=b c\n"),
    ("stage name's case changed", "FROM a AS Build\n", "FROM a AS build\n"),
    ("an instruction dropped", "FROM a\nRUN a\nRUN b\n", "FROM a\nRUN a\n"),
    ("a comment line turned into an instruction", "FROM a\n# RUN a\n", "FROM a\nRUN a\n"),
    ("the syntax directive dropped", "# syntax=docker/dockerfile:1\nFROM a\n", "FROM a\n"),
    (
        "the escape directive lost below a blank line",
        "# escape=`\nFROM a\nRUN a `\n  b\n",
        "\n# escape=`\nFROM a\nRUN a `\n  b\n",
    ),
    (
        "ONBUILD's inner flag moved after an argument",
        "FROM a\nONBUILD COPY --from=b x y\n",
        "FROM a\nONBUILD COPY x --from=b y\n",
    ),
    (
        "ONBUILD's inner flags of one name reordered",
        "FROM a\nONBUILD RUN --mount=type=secret,id=a --mount=type=secret,id=b x\n",
        "FROM a\nONBUILD RUN --mount=type=secret,id=b --mount=type=secret,id=a x\n",
    ),
    ("an unknown instruction's words changed", "FROM a\nRUNN echo a\n", "FROM a\nRUNN echo b\n"),
    (
        "HEALTHCHECK script changed",
        "FROM a\nHEALTHCHECK CMD curl a\n",
        "FROM a\nHEALTHCHECK CMD curl b\n",
    ),
    (
        "a broken file made valid",
        "FROM a\nENV A=b c\n",
        'FROM a\nENV A="b c"\n',
    ),
    ("a valid file broken", "FROM a\nCOPY --from=b x y\n", "FROM a\nCOPY --from=b\n"),
    ("a NUL text changed", "FROM a\nRUN echo \x00 a\n", "FROM a\nRUN echo \x00 b\n"),
]


@pytest.mark.parametrize(
    ("before", "after"), [c[1:] for c in BREAKAGES], ids=[c[0] for c in BREAKAGES]
)
def test_catches(before: str, after: str) -> None:
    assert difference(before, after) is not None


#: (name, before, after): each is a change the formatter may make.
ALLOWED = [
    ("keyword case", "from a as b\nrun echo a\n", "FROM a AS b\nRUN echo a\n"),
    ("AS case", "FROM a as b\n", "FROM a AS b\n"),
    ("ONBUILD's inner keyword", "FROM a\nonbuild run echo a\n", "FROM a\nONBUILD RUN echo a\n"),
    ("HEALTHCHECK's CMD", "FROM a\nhealthcheck cmd curl a\n", "FROM a\nHEALTHCHECK CMD curl a\n"),
    (
        "whitespace between keyword, flags and arguments",
        "FROM  a\nCOPY   --from=a    x  y\nRUN   echo   a\n",
        "FROM a\nCOPY --from=a x y\nRUN echo a\n",
    ),
    (
        "tabs between words",
        "FROM a\nRUN\techo\ta  &&\tb\n",
        "FROM a\nRUN echo a && b\n",
    ),
    (
        "continuation indentation",
        "FROM a\nRUN a \\\n  && b \\\n\t&& c\n",
        "FROM a\nRUN a \\\n    && b \\\n    && c\n",
    ),
    (
        "operator moved across the break",
        "FROM a\nRUN a && \\\n    b || \\\n    c | \\\n    d\n",
        "FROM a\nRUN a \\\n    && b \\\n    || c \\\n    | d\n",
    ),
    (
        "install split one package per line",
        "FROM a\nRUN apt-get install -y a b c\n",
        "FROM a\nRUN apt-get install -y \\\n        a \\\n        b \\\n        c\n",
    ),
    (
        "a one-line RUN split at its operators",
        "FROM a\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
        "FROM a\nRUN apt-get update \\\n    && apt-get install -y curl \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n",
    ),
    (
        "apt-get install sorted",
        'FROM a\nRUN apt-get install -y --no-install-recommends git curl=7.* "b" && echo x\n',
        'FROM a\nRUN apt-get install -y --no-install-recommends "b" curl=7.* git && echo x\n',
    ),
    (
        "apt install sorted",
        "FROM a\nRUN apt install -y vim bash\n",
        "FROM a\nRUN apt install -y bash vim\n",
    ),
    (
        "sudo apt-get sorted",
        "FROM a\nRUN sudo apt-get install -y b a\n",
        "FROM a\nRUN sudo apt-get install -y a b\n",
    ),
    (
        "apk add sorted",
        "FROM a\nRUN apk add --no-cache b a\n",
        "FROM a\nRUN apk add --no-cache a b\n",
    ),
    (
        "apk add --virtual keeps its argument",
        "FROM a\nRUN apk add --virtual .deps z b a\n",
        "FROM a\nRUN apk add --virtual .deps a b z\n",
    ),
    ("yum install sorted", "FROM a\nRUN yum install -y b a\n", "FROM a\nRUN yum install -y a b\n"),
    ("dnf install sorted", "FROM a\nRUN dnf install -y b a\n", "FROM a\nRUN dnf install -y a b\n"),
    ("zypper install sorted", "FROM a\nRUN zypper in -y b a\n", "FROM a\nRUN zypper in -y a b\n"),
    (
        "pip install sorted",
        "FROM a\nRUN pip install flask==2 attrs\n",
        "FROM a\nRUN pip install attrs flask==2\n",
    ),
    (
        "python -m pip install sorted",
        "FROM a\nRUN python3 -m pip install --no-cache-dir b a\n",
        "FROM a\nRUN python3 -m pip install --no-cache-dir a b\n",
    ),
    ("npm install sorted", "FROM a\nRUN npm install -g b a\n", "FROM a\nRUN npm install -g a b\n"),
    ("yarn add sorted", "FROM a\nRUN yarn global add b a\n", "FROM a\nRUN yarn global add a b\n"),
    ("gem install sorted", "FROM a\nRUN gem install b a\n", "FROM a\nRUN gem install a b\n"),
    (
        "two installs sorted, split and re-indented",
        "FROM a\nRUN apk add c b && apt-get install -y z y \\\n  x\n",
        "FROM a\nRUN apk add \\\n        b \\\n        c \\\n    && apt-get install -y \\\n"
        "        x \\\n        y \\\n        z\n",
    ),
    (
        "flags of different names reordered",
        "FROM a\nCOPY --chown=1 --from=b x y\n",
        "FROM a\nCOPY --from=b --chown=1 x y\n",
    ),
    (
        "flags of one name kept in order among others",
        "FROM a\nRUN --mount=type=cache,target=/a --network=none --mount=type=bind,target=/b x\n",
        "FROM a\nRUN --network=none --mount=type=cache,target=/a --mount=type=bind,target=/b x\n",
    ),
    (
        "ONBUILD's inner flags of different names reordered",
        "FROM a\nONBUILD COPY --chown=1 --from=b x y\n",
        "FROM a\nONBUILD COPY --from=b --chown=1 x y\n",
    ),
    ("exec-form whitespace", 'FROM a\nCMD [ "a" ,"b" ]\n', 'FROM a\nCMD ["a", "b"]\n'),
    (
        "exec-form across lines",
        'FROM a\nENTRYPOINT [ "a", \\\n   "b" ]\n',
        'FROM a\nENTRYPOINT ["a", "b"]\n',
    ),
    (
        "blank lines, trailing whitespace, final newline",
        "\n\nFROM a   \n\n\n\nRUN a  \n\n",
        "FROM a\n\nRUN a",
    ),
    (
        "a comment line kept, blank lines around it",
        "FROM a\n# note\nRUN a\n",
        "FROM a\n\n# note\n\nRUN a\n",
    ),
    (
        "a comment line inside a continuation re-indented",
        "FROM a\nRUN a \\\n# note\n  && b\n",
        "FROM a\nRUN a \\\n    # note\n    && b\n",
    ),
    (
        "a shell comment swallowing the rest of the line, re-indented",
        "FROM a\nRUN a # note \\\n  && b\n",
        "FROM a\nRUN a # note \\\n    && b\n",
    ),
    (
        "heredoc kept, keyword case changed",
        "FROM a\nrun <<EOF\n  echo a\nEOF\n",
        "FROM a\nRUN <<EOF\n  echo a\nEOF\n",
    ),
    (
        "HEALTHCHECK script re-indented",
        "FROM a\nHEALTHCHECK --interval=5s \\\n  CMD curl a \\\n  || exit 1\n",
        "FROM a\nHEALTHCHECK --interval=5s \\\n    CMD curl a \\\n    || exit 1\n",
    ),
    (
        "ENV and LABEL pairs re-indented",
        'FROM a\nENV A=1 \\\n  B="2 3"\nLABEL a=b \\\n\tc=d\n',
        'FROM a\nENV A=1 \\\n    B="2 3"\nLABEL a=b \\\n    c=d\n',
    ),
    (
        "the escape directive kept",
        "# escape=`\nFROM a\nRUN a `\n  b\n",
        "# escape=`\nFROM a\nRUN a `\n    b\n",
    ),
    (
        "a broken file stays broken the same way",
        "FROM a\nENV A=b c\n",
        "from a\nenv A=b    c\n",
    ),
    ("a NUL text re-spaced", "FROM a\nRUN  echo \x00 a\n", "FROM a\nRUN echo \x00 a\n"),
    ("the same text", "FROM a\nRUN a\n", "FROM a\nRUN a\n"),
]


@pytest.mark.parametrize(("before", "after"), [c[1:] for c in ALLOWED], ids=[c[0] for c in ALLOWED])
def test_accepts(before: str, after: str) -> None:
    assert difference(before, after) is None


def test_names_the_instruction_and_line() -> None:
    found = difference("FROM a\n\nRUN echo b a\n", "FROM a\nRUN echo a b\n")
    assert found == "instruction 2 (RUN, line 3 -> 2): shell token 2 differs: word 'b' vs word 'a'"


def test_names_the_packages_that_differ() -> None:
    found = difference("FROM a\nRUN apk add b a\n", "FROM a\nRUN apk add a c\n")
    assert found is not None
    assert "install packages differ: ['a', 'b'] vs ['a', 'c']" in found


def test_says_when_dlint_parser_read_the_text() -> None:
    found = difference("FROM a\nRUN echo \x00 a\n", "FROM a\nRUN echo \x00 b\n")
    assert found is not None
    assert "dlint's parser" in found


def test_parse_error_kept() -> None:
    found = difference("FROM a\nCOPY --from=b x y\n", "FROM a\nENV A=b c\n")
    assert found is not None
    assert found.startswith("the formatted text no longer parses: GoParseError")


#: A command of each family of `SORTABLE_INSTALLS`.
_FAMILY_COMMANDS = {
    "apt": "apt-get",
    "apk": "apk",
    "yum": "yum",
    "dnf": "dnf",
    "zypper": "zypper",
    "pip": "pip",
    "gem": "gem",
    "npm": "npm",
    "yarn": "yarn",
}


def _dlx312() -> LintSettings:
    registry = default_registry()
    return LintSettings(tuple(r for r in registry.rules if r.code == "DLX312"), registry=registry)


def test_sortable_installs_are_dlx312s() -> None:
    """Every install the checker lets the formatter sort is one DLX312 sorts (its fix
    changes an unsorted one-per-line list), and an action outside the list is not."""
    settings = _dlx312()
    assert set(SORTABLE_INSTALLS) == set(_FAMILY_COMMANDS)
    for family, actions in SORTABLE_INSTALLS.items():
        for action in actions:
            text = f"FROM a\nRUN {_FAMILY_COMMANDS[family]} {action} \\\n    b \\\n    a\n"
            assert fix_text(text, settings).text != text, (family, action)
    text = "FROM a\nRUN apt-get remove \\\n    b \\\n    a\n"
    assert fix_text(text, settings).text == text


def test_an_instruction_without_keyword() -> None:
    """BuildKit's binding gives a lone continuation a command of no name and no text
    (the first example the fuzz found): the checker reads it, and tells a change of it."""
    assert difference("\t\\\n", "\t\\\n") is None
    assert difference("\t\\\n", "\t\\\nRUN a\n") is not None


def test_a_token_cut_inside_a_character() -> None:
    """tree-sitter-bash may end a token inside the bytes of an undecodable character (a
    lone surrogate, as an invalid byte read with ``surrogateescape`` is held)."""
    assert difference("RUN \udcff<<EOF\n", "RUN \udcff<<EOF\n") is None
    assert difference("RUN \udcff<<EOF\n", "RUN \udcfe<<EOF\n") is not None


class _Recased(Transformer):
    """Every instruction keyword (and ``ONBUILD``'s inner one) in the other case."""

    def leave_Keyword(self, original: Keyword, updated: Keyword) -> Keyword:
        return Keyword(updated.raw.swapcase())


@pytest.mark.parametrize("path", REAL, ids=lambda p: str(p.relative_to(CORPUS)))
def test_accepts_keyword_case_on_real_files(path: Path) -> None:
    """The checker on whole real files: their keywords in the other case mean the same."""
    text = read_text(path)
    recased = _Recased().transform(parse(text)).code
    assert recased != text
    assert difference(text, recased) is None


def test_accepts_dlx312s_sorting_on_the_corpus() -> None:
    """DLX312's fix sorts the one-per-line installs of real and wild files, in place: the
    checker accepts every such file, except where the install sits in a heredoc (a
    heredoc's content is compared exactly: the formatter leaves it alone)."""
    settings = _dlx312()
    sorted_files = 0
    rejected = []
    for path in [p for p in REAL + corpus_files("wild") if not p.name.endswith(".dockerignore")]:
        text = read_text(path)
        fixed = fix_text(text, settings).text
        if fixed == text:
            continue
        sorted_files += 1
        found = difference(text, fixed)
        if found is not None:
            rejected.append((path.relative_to(CORPUS).as_posix(), found))
    assert sorted_files > 50
    assert {path for path, _ in rejected} == {
        "real/docker+awesome-compose/wasmedge-kafka-mysql/etl/Dockerfile",
        "real/docker+awesome-compose/wasmedge-mysql-nginx/backend/Dockerfile",
    }
    assert all("heredocs differ" in found for _, found in rejected)
