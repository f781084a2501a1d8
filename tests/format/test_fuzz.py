"""The formatter's invariant under hypothesis, on mutated corpus files (the mutations of
the fix-loop fuzz, `tests.fuzz.mutations`): it never raises, the result means what the
input meant (`tests.format_equivalence.difference`), and formatting it again changes
nothing. Short and derandomized by default; ``DLINT_FUZZ=long`` (and
``DLINT_FUZZ_EXAMPLES``) makes it a random campaign."""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from dlint_dockerfile.format import FormatOptions, format_text
from tests.format_equivalence import difference
from tests.fuzz.mutations import FuzzInput, fuzz_inputs

LONG = os.environ.get("DLINT_FUZZ") == "long"
EXAMPLES = int(os.environ.get("DLINT_FUZZ_EXAMPLES", "2000")) if LONG else 100

OPTIONS = st.one_of(
    st.none(),
    st.builds(
        FormatOptions,
        indent=st.sampled_from([2, 4, 8, "tab"]),
        operators=st.sampled_from(["start", "end"]),
        sort_packages=st.booleans(),
        split_packages=st.sampled_from([0, 1, 2, 4]),
    ),
)


@settings(
    max_examples=EXAMPLES,
    derandomize=not LONG,
    database=None,
    deadline=timedelta(seconds=5),
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)
@given(case=fuzz_inputs(max_lines=40, max_ops=6), options=OPTIONS)
def test_format_keeps_meaning(case: FuzzInput, options: FormatOptions | None) -> None:
    note(f"text={case.text!r}")
    formatted = format_text(case.text, options)
    note(f"formatted={formatted!r}")
    assert difference(case.text, formatted) is None
    assert format_text(formatted, options) == formatted


#: Inputs the long campaign found, kept as regressions.
FOUND = [
    # a blank line in a file whose dominant line ending the formatting changes: it kept
    # the file's ending the first time and took the new one the second
    "\nFROM ubuntu:14.04\r\n\r# a\nEXPOSE 8125/udp\r\nEXPOSE 80\n\r\n# b\rRUN apt-get update\n"
    "RUN apt-get install -y wget curl python-pip supervisor nginx-light npm\r\n",
    # an escaped NEL (no line break to BuildKit) as a package word: sorted to the end of
    # the list, where tree-sitter-bash reads its backslash as an error
    "FROM a\nRUN apt-get install -y \\\n    build-essential \\\x85    cmake \\\n    git \\\n"
    "    python \\\n    libpython-dev \\\n",
    # a NEL, a space to Go's unicode.IsSpace but not to BuildKit's flag parser: dropping
    # it before `--mount` made a flag of an argument
    "FROM a\nRUN \x85--mount=type=cache,target=/root/.cache/pip \\\n",
    # a NEL starting a continuation line is an argument: the file's unit was measured
    # with it as indentation, and grew on each run
    "COPY . \\\n\x85  /lambda\n",
    # an unclosed quote: the words of a script with a syntax error are not sorted
    'RUN set -eux; \\\n    apt-get install -y \\\n        zlib1g \\\n"        curl\n',
    # a NEL before an escape: a word to the shell, not to every reader; such a script is
    # kept as written
    "FROM debian:trixie\nRUN set -eux; \\\n\tapt-get install -y \\\n\t\tca-certificates \x85\\\n"
    "\t\tcurl \\\nRUN apt-get update\n",
    # an empty continuation line joined an `if` to the install before it: its words are
    # no list to split or sort
    "FROM a\nRUN set -eux; \\\n\t\\\n\tapk add --no-cache --virtual .build-deps \\\n\t\\\n"
    '\tif [ -n "$PHP_SHA256" ]; then \\\n\t\techo "$PHP_SHA256 *php.tar.xz" | sha256sum -c -; \\\n'
    "\tfi; \\\n\t\\\n\tcurl -fsSL -o php.tar.xz.asc \"$PHP_ASC_URL\"\n",
]

#: The same, found with these options.
FOUND_WITH_OPTIONS = [
    # a list split under a line whose indentation is kept went one level deeper than any
    # line, and came back a level the next time
    (
        "FROM a\nRUN\\\n# comment\n    rm $colormg -rf\\\n"
        "RUN apt-get update && apt-get install -y git\n",
        FormatOptions(indent=2, sort_packages=False, split_packages=1),
    ),
]


def test_found_by_the_fuzz() -> None:
    for text, options in [*((text, None) for text in FOUND), *FOUND_WITH_OPTIONS]:
        formatted = format_text(text, options)
        assert difference(text, formatted) is None, text
        assert format_text(formatted, options) == formatted, text
