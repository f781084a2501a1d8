"""The house style, case by case: what `format_text` changes, what it keeps byte for byte,
and that formatting its output changes nothing."""

from __future__ import annotations

import pytest

from dlint_dockerfile.format import FormatOptions, format_text

#: (name, before, after) with the default options.
CASES = [
    ("keywords upper case, AS with FROM", "from alpine as build\nrun make\n",
     "FROM alpine AS build\nRUN make\n"),
    ("one space after the keyword and between words", "COPY   a    b  \n",
     "COPY a b\n"),
    ("indentation before a keyword goes", "FROM a\n   RUN make\n", "FROM a\nRUN make\n"),
    ("flags in a stable order", "FROM a\nCOPY --chmod=644 --chown=1 --from=b x y\n",
     "FROM a\nCOPY --from=b --chown=1 --chmod=644 x y\n"),
    ("same-name flags keep their order", "FROM a\nRUN --network=none --mount=type=cache,target=/b "
     "--mount=type=cache,target=/a make\n",
     "FROM a\nRUN --mount=type=cache,target=/b --mount=type=cache,target=/a --network=none make\n"),
    ("exec form normalised", 'FROM a\nCMD [ "a" ,"b",  "c" ]\n', 'FROM a\nCMD ["a", "b", "c"]\n'),
    ("empty exec form", "FROM a\nCMD [ ]\n", "FROM a\nCMD []\n"),
    ("continuation indented, operator at line start", "FROM a\nRUN a && \\\n  b\n",
     "FROM a\nRUN a \\\n  && b\n"),
    ("nesting kept", "FROM a\nRUN if x; then \\\n  y; \\\n    z; \\\n  fi\n",
     "FROM a\nRUN if x; then \\\n  y; \\\n    z; \\\n  fi\n"),
    ("a lone operator line is not emptied", "FROM a\nRUN a \\\n  && \\\n  b\n",
     "FROM a\nRUN a \\\n  && \\\n  b\n"),
    ("no operator moves onto an empty continuation line",
     "FROM a\nRUN a && \\\n  \\\n  b\n", "FROM a\nRUN a && \\\n  \\\n  b\n"),
    ("one space before the escape", "FROM a\nRUN a    \\  \n    b\n", "FROM a\nRUN a \\\n    b\n"),
    ("blanks between shell tokens", "FROM a\nRUN echo   a\t b  # aligned\n",
     "FROM a\nRUN echo a b  # aligned\n"),
    ("blank line runs collapse", "FROM a\n\n\n\nRUN make\n", "FROM a\n\nRUN make\n"),
    ("one blank line before a stage, above its comments", "FROM a\nRUN x\n# final\nFROM b\n",
     "FROM a\nRUN x\n\n# final\nFROM b\n"),
    ("no blank lines at the start or end", "\n\nFROM a\n\n\n", "FROM a\n"),
    ("a blank line keeps its own line ending in a mixed file",
     "FROM a\r\n\r\nRUN b\nRUN apt-get install -y d c b a\n",
     "FROM a\r\n\r\nRUN b\nRUN apt-get install -y \\\n    a \\\n    b \\\n    c \\\n    d\n"),
    ("trailing blanks on comments", "# hi   \nFROM a\n", "# hi\nFROM a\n"),
    ("final newline added", "FROM a", "FROM a\n"),
    ("long install one package per line, sorted",
     "FROM a\nRUN apt-get install -y zsh curl make git\n",
     "FROM a\nRUN apt-get install -y \\\n    curl \\\n    git \\\n    make \\\n    zsh\n"),
    ("a command after the list gets its own line",
     "FROM a\nRUN apk add --no-cache zsh curl make git && rm -rf /tmp/x\n",
     "FROM a\nRUN apk add --no-cache \\\n        curl \\\n        git \\\n        make \\\n"
     "        zsh \\\n    && rm -rf /tmp/x\n"),
    ("short install kept inline", "FROM a\nRUN apt-get install -y git make curl\n",
     "FROM a\nRUN apt-get install -y git make curl\n"),
    ("a one-per-line list is sorted", "FROM a\nRUN apk add \\\n    zsh \\\n    bash\n",
     "FROM a\nRUN apk add \\\n    bash \\\n    zsh\n"),
    ("two lists sharing a line are both sorted",
     "FROM a\nRUN apk add \\\n    zsh \\\n    bash; apk add yq \\\n    curl\n",
     "FROM a\nRUN apk add \\\n    bash \\\n    zsh; apk add curl \\\n    yq\n"),
    ("ONBUILD trigger formatted", "FROM a\nonbuild   run  make\n", "FROM a\nONBUILD RUN make\n"),
    ("word list continuation, the file's unit", "FROM a\nCOPY a \\\n  b \\\n          c/\n",
     "FROM a\nCOPY a \\\n  b \\\n  c/\n"),
    ("tabs are the file's unit", "FROM a\nRUN a; \\\n\tb; \\\n\t\tc\n",
     "FROM a\nRUN a; \\\n\tb; \\\n\t\tc\n"),
]

#: Texts the formatter must keep byte for byte.
KEPT = [
    ("heredoc body", "FROM a\nRUN <<EOF\n  echo   x  \n\n\n  y\nEOF\n"),
    ("heredoc config file", "FROM a\nCOPY <<EOT /etc/x.conf\nkey   =  value\n\n\nEOT\n"),
    ("comment inside a continuation", "FROM a\nRUN a \\\n  # note   kept\n  && b\n"),
    ("break inside a quoted string", 'FROM a\nRUN echo "a \\\n   b"\n'),
    ("break inside a word", "FROM a\nRUN echo foo\\\nbar\n"),
    ("break inside a shell comment", "FROM a\nRUN a # c \\\n   d\n"),
    ("ENV old form stays old", "FROM a\nENV K v w\n"),
    ("MAINTAINER stays", "FROM a\nMAINTAINER me <me@x.org>\n"),
    ("PowerShell", 'FROM a\nSHELL ["pwsh", "-c"]\nRUN a  &&  \\\n      b\n'),
    ("escape file scripts", "# escape=`\nFROM a\nRUN a  &&  `\n      b\n"),
    ("unknown instruction", "FROM a\nFOO   bar\n"),
    ("syntax error kept", "FROM a\nCOPY\n"),
    ("HEALTHCHECK CMD word case", "FROM a\nHEALTHCHECK cmd true\n"),
    ("directives and what precedes the first instruction",
     "# syntax=docker/dockerfile:1\n\n\n# hi   \nFROM a\n"),
    ("format-off region", "FROM a\n# dlint: format-off\nrun   a\n\n\ncopy  a  b\n"),
    ("format-skip", "FROM a\n# dlint: format-skip\nrun   a\n"),
    ("a multi-line exec form", 'FROM a\nCMD [ "a", \\\n  "b" ]\n'),
    ("ENV across lines beside a spread value",
     "FROM a\nENV DEPS \\\n\t\tautoconf \\\n\t\tmake\n"),
]


@pytest.mark.parametrize(("name", "before", "after"), CASES, ids=[c[0] for c in CASES])
def test_style(name: str, before: str, after: str) -> None:
    assert format_text(before) == after
    assert format_text(after) == after


@pytest.mark.parametrize(("name", "text"), KEPT, ids=[c[0] for c in KEPT])
def test_kept_byte_for_byte(name: str, text: str) -> None:
    assert format_text(text) == text


def test_escape_file_is_formatted_around_its_scripts() -> None:
    text = "# escape=`\nfrom a\ncopy  a `\n  b\nRUN a  &&  `\n      b\n"
    formatted = format_text(text, FormatOptions(indent=4))
    assert formatted == "# escape=`\nFROM a\nCOPY a `\n    b\nRUN a  &&  `\n      b\n"


def test_escape_file_with_a_posix_shell_formats_its_scripts() -> None:
    text = '# escape=`\nFROM a\nSHELL ["/bin/sh", "-c"]\nRUN a &&  `\n  b\n'
    assert format_text(text) == '# escape=`\nFROM a\nSHELL ["/bin/sh", "-c"]\nRUN a `\n  && b\n'


def test_format_on_ends_the_region() -> None:
    text = "FROM a\n# dlint: format-off\nrun   a\n# dlint: format-on\nrun   b\n"
    assert format_text(text) == "FROM a\n# dlint: format-off\nrun   a\n# dlint: format-on\nRUN b\n"


def test_lines_limit_the_changes_to_overlapping_instructions() -> None:
    text = "from a\nrun   a \\\n  b\nrun   c\n"
    assert format_text(text, lines=(3, 3)) == "from a\nRUN a \\\n  b\nrun   c\n"
    assert format_text(text, lines=(1, 1)) == "FROM a\nrun   a \\\n  b\nrun   c\n"


def test_bom_and_crlf_kept() -> None:
    text = "\ufefffrom a\r\nrun  a && \\\r\n  b\r\n"
    assert format_text(text) == "\ufeffFROM a\r\nRUN a \\\r\n  && b\r\n"


def test_options() -> None:
    text = "FROM a\nRUN a \\\n  && b \\\n    && c\nRUN apt-get install -y zsh git curl\n"
    options = FormatOptions(indent="tab", operators="end", sort_packages=False, split_packages=0)
    assert format_text(text, options) == (
        "FROM a\nRUN a && \\\n\tb && \\\n\t\tc\nRUN apt-get install -y zsh git curl\n"
    )
    assert format_text(text, FormatOptions(indent=2, split_packages=3)) == (
        "FROM a\nRUN a \\\n  && b \\\n    && c\n"
        "RUN apt-get install -y \\\n  curl \\\n  git \\\n  zsh\n"
    )


def test_the_guard_keeps_an_instruction_a_bad_layout_would_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A formatter bug that would change a value is caught and that instruction kept."""
    from dlint_dockerfile.format import document

    real = document.format_instruction

    def broken(instruction, escape, options, posix):  # type: ignore[no-untyped-def]
        out = real(instruction, escape, options, posix)
        return out.replace("echo a", "echo  b") if instruction.name == "RUN" else out

    monkeypatch.setattr(document, "format_instruction", broken)
    text = "from x\nrun   echo a\ncopy  a b\n"
    assert format_text(text) == "FROM x\nrun   echo a\nCOPY a b\n"


def test_the_guard_gives_back_the_text_when_instructions_merge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dlint_dockerfile.format import document

    real = document.format_instruction

    def merging(instruction, escape, options, posix):  # type: ignore[no-untyped-def]
        out = real(instruction, escape, options, posix)
        return out.replace("\n", " \\\n") if instruction.name == "RUN" else out

    monkeypatch.setattr(document, "format_instruction", merging)
    text = "from x\nrun   a\ncopy  a b\n"
    assert format_text(text) == text
