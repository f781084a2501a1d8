"""Runtime-family cases the fixtures state less directly, through the rules, and the
image-configuration helpers they read."""

from __future__ import annotations

import json

import pytest

from dlint_dockerfile.lint.registry import default_registry
from dlint_dockerfile.lint.runner import LintSettings, lint_text
from dlint_dockerfile.model.image_config import final_cmd, final_entrypoint, shell_set_before
from dlint_dockerfile.model.model import build_model


def _messages(code: str, text: str) -> list[str]:
    """The messages of rule ``code`` alone on ``text``."""
    registry = default_registry()
    rule = registry.get(code)
    assert rule is not None
    result = lint_text(text, LintSettings((rule,), registry=registry))
    return [d.message for d in result.diagnostics]


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
def test_not_json_exec_form_explains_the_problem(
    text: str, problem: str, values: list[str]
) -> None:
    (message,) = _messages("DLX508", f"FROM alpine:3.20\nCMD {text}\n")
    assert f"({problem})" in message
    assert message.endswith(f"write CMD [{', '.join(json.dumps(v) for v in values)}]")


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
def test_not_json_exec_form_leaves_shell_commands_alone(text: str) -> None:
    assert _messages("DLX508", f"FROM alpine:3.20\nRUN {text}\n") == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('["app"] # start it', "a comment cannot follow it on the same line"),
        ('["a" "b"]', "missing comma between elements"),
    ],
)
def test_not_json_exec_form_is_stricter_for_cmd(text: str, problem: str) -> None:
    assert _messages("DLX508", f"FROM alpine:3.20\nRUN {text}\n") == []
    (message,) = _messages("DLX508", f"FROM alpine:3.20\nCMD {text}\n")
    assert f"({problem})" in message


@pytest.mark.parametrize(
    ("argv", "reported"),
    [
        (["sh", "-c", "echo $A", "$B"], ["$B"]),
        (["/bin/bash", "-euxc", "echo $A"], []),
        (["/sbin/tini", "--", "sh", "-c", "echo $A", "$B"], ["$B"]),
        (["python3", "-c", "$A", "$B"], ["$B"]),
        (["awk", "{print $A}", "$B"], []),
        (["app", "$A"], ["$A"]),
        (["sh", "script.sh", "$A"], ["$A"]),
    ],
)
def test_exec_form_variable_spares_what_a_program_expands(
    argv: list[str], reported: list[str]
) -> None:
    messages = _messages("DLX507", f"FROM alpine:3.20\nRUN {json.dumps(argv)}\n")
    assert [m.split(" ", 1)[0] for m in messages] == reported


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
