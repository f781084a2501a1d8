"""The shell layer: commands, words, options, operators and exact ranges."""

from __future__ import annotations

import pytest

from dlint_dockerfile.shell import (
    DEFAULT_SHELL,
    Command,
    Script,
    ShellDialect,
    ShellSource,
    instruction_script,
    parse_script,
)
from dlint_dockerfile.syntax import Dockerfile, PositionIndex, parse


def script_of(text: str, which: int = -1) -> tuple[Script, Dockerfile, PositionIndex]:
    tree = parse(text)
    index = PositionIndex(tree)
    script = instruction_script(tree.instructions[which], index, tree.escape)
    assert script is not None
    return script, tree, index


def where(index: PositionIndex, start: int, end: int) -> str:
    r = index.lines.range(start, end)
    return f"{r.start}-{r.end}"


def names(script: Script) -> list[str | None]:
    return [c.name_value for c in script.all_commands()]


def test_commands_operators_and_ranges_across_continuations() -> None:
    text = (
        "FROM a\n"
        "RUN apt-get update \\\n"
        "  # a comment BuildKit drops\n"
        "  && apt-get install -y curl \\\n"
        "  && rm -rf /var/lib/apt/lists/* | tee log; cd /x || exit 1 &\n"
    )
    script, _, index = script_of(text)
    assert script.ok
    commands = script.commands
    assert [(c.name_value, c.operator) for c in commands] == [
        ("apt-get", None),
        ("apt-get", "&&"),
        ("rm", "&&"),
        ("tee", "|"),
        ("cd", ";"),
        ("exit", "||"),
    ]
    assert where(index, commands[0].start, commands[0].end) == "2:5-2:19"
    assert where(index, commands[1].start, commands[1].end) == "4:6-4:29"
    curl = commands[1].args[-1]
    assert (curl.value, where(index, curl.start, curl.end)) == ("curl", "4:25-4:29")
    assert text[curl.start : curl.end] == "curl"
    assert script.has_operator("|")


def test_words_static_values_and_variables() -> None:
    script, _, _ = script_of(
        'FROM a\nRUN echo plain \'single $x\' "double \\"q\\"" c\'d\'e "$HOME" ${X:-y} a\\ b\n'
    )
    (echo,) = script.commands
    assert [w.value for w in echo.args] == [
        "plain",
        "single $x",
        'double "q"',
        "cde",
        None,
        None,
        "a b",
    ]
    assert echo.args[4].variables == ("HOME",)
    assert echo.args[5].variables == ("X",)


@pytest.mark.parametrize(
    ("command", "spellings", "expected"),
    [
        ("apt-get install -y x", ("-y",), True),
        ("apt-get install -qy x", ("-y",), True),
        ("apt-get install --yes x", ("-y", "--yes"), True),
        ("apt-get install --assume-yes x", ("-y", "--yes", "--assume-yes"), True),
        ("apt-get install -q x", ("-y",), False),
        ("apt-get -o Dpkg::Options::=-y install x", ("-y",), False),
        ("apt-get -oAPT::Get::Assume-Yes=true install x", ("-y",), False),
        ("pip install --no-cache-dir x", ("--no-cache-dir",), True),
        ("pip install --no-cache-dir=1 x", ("--no-cache-dir",), True),
        ("apk add -- -y", ("-y",), False),
    ],
)
def test_has_option(command: str, spellings: tuple[str, ...], expected: bool) -> None:
    script, _, _ = script_of(f"FROM a\nRUN {command}\n")
    assert script.commands[0].has_option(*spellings) is expected


def test_positionals_respect_options_taking_values() -> None:
    script, _, _ = script_of(
        "FROM a\nRUN apt-get -o Dpkg::Options::=--force-confold -t bookworm "
        "install -y curl=7.* git\n"
    )
    cmd = script.commands[0]
    assert cmd.subcommand == "install"
    assert [w.value for w in cmd.arguments_after_subcommand()] == ["curl=7.*", "git"]
    assert [(o.spelling, o.value) for o in cmd.options] == [
        ("-o", "Dpkg::Options::=--force-confold"),
        ("-t", "bookworm"),
        ("-y", None),
    ]


def test_find_unwraps_sudo_and_env() -> None:
    script, _, _ = script_of(
        "FROM a\nRUN sudo -u root apt-get install -y x && env A=1 pip install y && nice -n 5 make\n"
    )
    assert [c.name_value for c in script.find("apt-get", subcommand="install")] == ["apt-get"]
    assert [c.subcommand for c in script.find("pip")] == ["install"]
    assert [c.name_value for c in script.find("make")] == ["make"]
    assert list(script.find("apt-get", unwrap=False)) == []


def test_subshells_substitutions_and_contexts() -> None:
    script, _, _ = script_of(
        "FROM a\nRUN (cd /x && make) && echo $(date) `id -u` && if true; then b; fi\n"
    )
    contexts = {c.name_value: c.context for c in script.all_commands()}
    assert contexts["cd"] == ("subshell",)
    assert contexts["date"] == ("command_substitution",)
    assert contexts["id"] == ("command_substitution",)
    assert contexts["b"] == ("if_statement",)
    assert next(c for c in script.all_commands() if c.name_value == "date").in_substitution


def test_sh_c_bodies_are_parsed_with_exact_positions() -> None:
    text = (
        "FROM a\nRUN sh -c 'apt-get update && apt-get install -y x' "
        '&& bash -ec "pip install \\"y\\""\n'
    )
    script, _, _ = script_of(text)
    commands = list(script.all_commands())
    assert [c.name_value for c in commands] == ["sh", "apt-get", "apt-get", "bash", "pip"]
    inner = commands[2]
    assert text[inner.start : inner.end] == "apt-get install -y x"
    pip = commands[4]
    assert [w.value for w in pip.args] == ["install", '"y"'.strip('"')]
    assert text[pip.args[1].start : pip.args[1].end] == '\\"y\\"'


def test_export_and_unset_are_commands() -> None:
    script, _, _ = script_of("FROM a\nRUN export A=1 B && unset C\n")
    assert [(c.name_value, [w.text for w in c.args]) for c in script.commands] == [
        ("export", ["A=1", "B"]),
        ("unset", ["C"]),
    ]


def test_heredoc_script_is_the_body() -> None:
    text = "FROM a\nRUN <<EOF\nset -e\napt-get update\nEOF\n"
    script, _, index = script_of(text)
    assert names(script) == ["set", "apt-get"]
    update = script.commands[1]
    assert where(index, update.start, update.end) == "4:1-4:15"


def test_heredoc_chomped_positions() -> None:
    text = "FROM a\nRUN <<-EOF\n\t\techo hi\n\tEOF\n"
    script, _, index = script_of(text)
    echo = script.commands[0]
    assert where(index, echo.start, echo.end) == "3:3-3:10"


def test_heredoc_chomped_positions_after_newlines_only() -> None:
    text = "FROM a\nRUN <<-EOF\n\techo 'a\x0c\tb'\n\tEOF\n"
    script, _, index = script_of(text)
    (echo,) = script.commands
    assert [w.value for w in echo.args] == ["a\x0c\tb"]  # \x0c does not start a line
    assert where(index, echo.start, echo.end) == "3:2-3:13"


def test_heredoc_with_other_shebang_is_not_shell() -> None:
    tree = parse("FROM a\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n")
    index = PositionIndex(tree)
    assert instruction_script(tree.instructions[1], index, tree.escape) is None


def test_heredoc_fed_to_a_shell() -> None:
    for line in ("RUN <<EOT bash", "RUN bash -ex <<EOT", "RUN sh <<EOT"):
        script, _, _ = script_of(f"FROM a\n{line}\n  apt-get update\n  make\nEOT\n")
        assert names(script) == ["apt-get", "make"], line


def test_complex_heredoc_appends_bodies_like_buildkit() -> None:
    text = "FROM a\nRUN cat <<EOF > /f && bash -c 'pip install x'\nhello\nEOF\n"
    script, _, _ = script_of(text)
    assert names(script) == ["cat", "bash", "pip"]
    assert script.source.text == "cat <<EOF > /f && bash -c 'pip install x'\nhello\nEOF"


def test_exec_form_is_one_command() -> None:
    script, _, index = script_of('FROM a\nRUN ["apt-get", "install", "-y", "x"]\n')
    (cmd,) = script.commands
    assert cmd.name_value == "apt-get"
    assert cmd.subcommand == "install"
    assert cmd.has_option("-y")
    assert where(index, cmd.args[2].start, cmd.args[2].end) == "2:34-2:37"


def test_exec_form_shell_c_is_parsed() -> None:
    text = 'FROM a\nCMD ["/bin/sh", "-c", "nginx -g \\"daemon off;\\" && echo"]\n'
    script, _, _ = script_of(text)
    assert names(script) == ["nginx", "echo"]
    nginx = script.commands[0]
    assert [w.value for w in nginx.args] == ["-g", "daemon off;"]
    assert text[nginx.start : nginx.end] == 'nginx -g \\"daemon off;\\"'


def test_onbuild_and_healthcheck_and_cmd() -> None:
    script, _, _ = script_of("FROM a\nONBUILD RUN make install\n")
    assert names(script) == ["make"]
    script, _, _ = script_of("FROM a\nHEALTHCHECK --interval=5s CMD curl -f http://x || exit 1\n")
    assert names(script) == ["curl", "exit"]
    script, _, _ = script_of("FROM a\nENTRYPOINT exec app\n")
    assert names(script) == ["exec"]


def test_no_script_for_other_instructions() -> None:
    tree = parse("FROM a\nCOPY a b\nRUN\n")
    index = PositionIndex(tree)
    assert instruction_script(tree.instructions[1], index, tree.escape) is None
    assert instruction_script(tree.instructions[2], index, tree.escape) is None


def test_syntax_errors_are_reported_not_raised() -> None:
    script, _, _ = script_of("FROM a\nRUN echo 'unterminated && ls\n")
    assert not script.ok
    assert script.errors[0].start >= 0


def test_backtick_escape_dockerfile() -> None:
    script, _, index = script_of("# escape=`\nFROM a\nRUN echo a `\n  && echo b\n")
    assert [(c.name_value, where(index, c.start, c.end)) for c in script.commands] == [
        ("echo", "3:5-3:11"),
        ("echo", "4:6-4:12"),
    ]


def test_non_ascii_positions() -> None:
    text = "FROM a\nRUN echo 'héllo 😀' && ls -l\n"
    script, _, _ = script_of(text)
    ls = script.commands[1]
    assert text[ls.start : ls.end] == "ls -l"


def test_parse_script_directly() -> None:
    script = parse_script(ShellSource.from_pieces([("a | b", 100)], 105))
    assert [(c.name_value, c.start, c.end) for c in script.commands] == [
        ("a", 100, 101),
        ("b", 104, 105),
    ]
    assert isinstance(script.commands[0], Command)
    assert script.commands[1].previous is script.commands[0]
    assert script.commands[0].next is script.commands[1]


@pytest.mark.parametrize(
    ("argv", "name", "posix", "pipefail", "sets"),
    [
        (("/bin/sh", "-c"), "sh", True, False, False),
        (("/bin/bash", "-o", "pipefail", "-c"), "bash", True, True, True),
        (("/bin/ash", "-eo", "pipefail", "-c"), "ash", True, True, True),
        (("dash", "-c"), "dash", True, False, False),
        (("pwsh", "-Command"), "pwsh", False, False, False),
        (("powershell.exe", "-Command"), "powershell", False, False, False),
        (("cmd", "/S", "/C"), "cmd", False, False, False),
        (("C:\\Windows\\System32\\cmd.exe", "/C"), "cmd", False, False, False),
    ],
)
def test_dialects(
    argv: tuple[str, ...], name: str, posix: bool, pipefail: bool, sets: bool
) -> None:
    dialect = ShellDialect(argv)
    assert (dialect.name, dialect.is_posix, dialect.supports_pipefail, dialect.sets_pipefail) == (
        name,
        posix,
        pipefail,
        sets,
    )
    assert DEFAULT_SHELL.name == "sh"
