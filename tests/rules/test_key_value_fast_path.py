"""The fast path of the ``ENV k v`` → ``ENV k=v`` fix agrees with the full check."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dlint_dockerfile.edits.syntax import _PLAIN_NAME, _PLAIN_VALUE, _one_word, _same_value

NAME_START = "ABCXYZabcxyz_"
NAME_REST = NAME_START + "0189."
VALUE = "ABZabz0189_.,:/@%+-"


@settings(max_examples=2000, deadline=None)
@given(
    first=st.sampled_from(NAME_START),
    rest=st.text(alphabet=NAME_REST, max_size=8),
    value=st.text(alphabet=VALUE, min_size=1, max_size=12),
    keyword=st.sampled_from(["ENV", "LABEL"]),
    escape=st.sampled_from(["\\", "`"]),
)
def test_plain_pairs_pass_the_full_check(
    first: str, rest: str, value: str, keyword: str, escape: str
) -> None:
    name = first + rest
    assert _PLAIN_NAME.match(name) and _PLAIN_VALUE.match(value)
    assert _one_word(keyword, name, value, escape)
    assert _same_value(value, value, escape)


def test_the_fast_path_refuses_what_needs_the_full_check() -> None:
    for value in ("$HOME", "a b", "a=b", '"x"', "'x'", "a\\b", "a`b", "#x", "~/x", "a;b"):
        assert not _PLAIN_VALUE.match(value), value
    for name in ("-x", "1a", "a-b=c", "a b", "$A", ""):
        assert not _PLAIN_NAME.match(name), name
