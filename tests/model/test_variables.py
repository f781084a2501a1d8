"""`expand`: its lexer-free path for simple words gives exactly what the lexer gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dlint_dockerfile.model import variables
from dlint_dockerfile.model.variables import Expansion, Scope, Variable, expand
from dlint_dockerfile.syntax import KeyValue, parse
from dlint_dockerfile.syntax.nodes import Valued
from dlint_dockerfile.syntax.words import LexError, WordLexer
from tests.conftest import corpus_files, read_text

SCOPE = Scope(
    {
        "A": Variable("A", "one", "env"),
        "HOME_DIR": Variable("HOME_DIR", "/home/app", "env"),
        "EMPTY": Variable("EMPTY", "", "arg"),
        "UNSET": Variable("UNSET", None, "arg"),
        "_x1": Variable("_x1", "$A'q\"", "arg"),
    }
)


PIECES = [
    *"${}'\"\\`1é:- /x",
    "A",
    "HOME_DIR",
    "EMPTY",
    "UNSET",
    "_x1",
    "NOPE",
]


def _by_lexer(text: str, scope: Scope, escape: str = "\\") -> Expansion:
    try:
        result = WordLexer(escape).process(text, scope.values())
    except LexError as exc:
        return Expansion(text, error=str(exc))
    unmatched = result.unmatched
    return Expansion(
        result.result,
        frozenset(result.matched),
        frozenset(n for n in unmatched if n in scope),
        frozenset(n for n in unmatched if n not in scope),
    )


def _agrees(text: str, scope: Scope = SCOPE) -> bool:
    """The fast path, when it takes the word, gives the lexer's expansion; returns
    whether it took it."""
    fast = variables._simple_expansion(text, scope) if text.isascii() else None
    if fast is not None:
        assert fast == _by_lexer(text, scope), text
    for escape in ("\\", "`"):
        assert expand(text, scope, escape) == _by_lexer(text, scope, escape), (text, escape)
    return fast is not None


def test_every_corpus_value_expands_as_the_lexer_expands_it() -> None:
    taken = 0
    for path in corpus_files("real") + corpus_files("wild"):
        if "dockerignore" in path.name:
            continue
        for instruction in parse(read_text(path)).instructions:
            for node in instruction.walk():
                if isinstance(node, (Valued, KeyValue)) and "$" in node.value:
                    taken += _agrees(node.value)
    assert taken > 1_000  # most words with a variable are simple


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(PIECES),
        max_size=14,
    ).map("".join)
)
def test_any_word_expands_as_the_lexer_expands_it(text: str) -> None:
    _agrees(text)


def test_simple_words_skip_the_lexer() -> None:
    assert variables._simple_expansion('"$A"/${HOME_DIR}:$UNSET$NOPE', SCOPE) == Expansion(
        "one//home/app:", frozenset({"A", "HOME_DIR"}), frozenset({"UNSET"}), frozenset({"NOPE"})
    )
    assert variables._simple_expansion("'$A'", SCOPE) == Expansion("$A")
    for text in ("${A:-x}", "\\$A", "$1", "$", '"\\""', "a`b"):
        assert variables._simple_expansion(text, SCOPE) is None
