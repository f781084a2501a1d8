"""Unit tests of the runtime family's helpers (the rules themselves are in fixtures)."""

from __future__ import annotations

import pytest

from dlint_dockerfile.model.image_config import final_cmd, final_entrypoint, shell_set_before
from dlint_dockerfile.model.model import build_model
from dlint_dockerfile.rules.runtime import _expanding_positions, _json_attempt


@pytest.mark.parametrize(
    ("text", "problem", "values"),
    [
        ("['a', 'b']", "JSON strings need double quotes", ["a", "b"]),
        ("[\"a\", 'b']", "JSON strings need double quotes", ["a", "b"]),
        ('["a", "b",]', "trailing comma", ["a", "b"]),
        ('[, "a"]', "missing element between commas", ["a"]),
        ('["a" "b", "c"]', "missing comma between elements", ["a", "b", "c"]),
        ('["a\\tb", "c"] # x', "a comment cannot follow it on the same line", ["a\tb", "c"]),
        ('["a", "b"] && c', "text after the closing bracket: '&& c'", ["a", "b"]),
        ("['single']", "JSON strings need double quotes", ["single"]),
    ],
)
def test_json_attempt_explains_the_problem(text: str, problem: str, values: list[str]) -> None:
    assert _json_attempt(text) == (problem, values)


@pytest.mark.parametrize(
    "text",
    [
        "echo hi",
        '[ "$A" = "b" ] && echo',
        "[ -f /etc/passwd ]",
        '[ "-n" "$HOME" ]',
        "[ 'unterminated",
        "[]",
        '[1, "a"]',
        '[ "$x" ] && echo set',
        '[ "$x" ] # a test',
    ],
)
def test_json_attempt_leaves_shell_commands_alone(text: str) -> None:
    assert _json_attempt(text, run=True) is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('["app"] # start it', "a comment cannot follow it on the same line"),
        ('["a" "b"]', "missing comma between elements"),
    ],
)
def test_json_attempt_is_stricter_for_cmd(text: str, problem: str) -> None:
    assert _json_attempt(text, run=True) is None
    found = _json_attempt(text)
    assert found is not None and found[0] == problem


@pytest.mark.parametrize(
    ("argv", "exempt"),
    [
        (["sh", "-c", "echo $X", "$Y"], {2}),
        (["/bin/bash", "-euxc", "echo $X"], {2}),
        (["/sbin/tini", "--", "sh", "-c", "x"], {4}),
        (["python3", "-c", "x"], {2}),
        (["awk", "{print $1}", "$F"], {1, 2}),
        (["app", "$X"], set()),
        (["sh", "script.sh", "$X"], set()),
    ],
)
def test_expanding_positions(argv: list[str], exempt: set[int]) -> None:
    assert _expanding_positions(argv) == exempt


def test_final_configuration_follows_buildkit() -> None:
    model = build_model(
        "FROM alpine AS base\n"
        'CMD ["base"]\n'
        'SHELL ["/bin/ash", "-c"]\n'
        "FROM base AS child\n"
        'ENTRYPOINT ["app"]\n'
        "FROM base AS other\n"
        "CMD echo\n"
    )
    base, child, other = model.stages
    assert final_cmd(base) is base.instructions[0]
    assert final_cmd(child) is None  # an ENTRYPOINT clears the inherited CMD
    assert final_entrypoint(child) is child.instructions[0]
    assert final_cmd(other) is other.instructions[0]
    assert final_entrypoint(other) is None
    assert shell_set_before(model, other.instructions[0])
    assert not shell_set_before(model, base.instructions[0])
