"""Scripts reused by text (`dlint_dockerfile.shell.script._plain_script`): a copy moved to
other offsets must be exactly the script a fresh parse gives there."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dlint_dockerfile.lint.runner import lint_text
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.shell import script as script_module
from dlint_dockerfile.shell.script import Command, Script, parse_script
from dlint_dockerfile.shell.source import ShellSource
from dlint_dockerfile.syntax import logical, parse
from tests.conftest import corpus_files, read_text


def _shifted(source: ShellSource, by: int) -> ShellSource:
    return ShellSource(
        source.text,
        source.text_starts,
        tuple(s + by for s in source.source_starts),
        source.end_offset + by,
        tuple(s + by for s in source.source_stops),
    )


def _shape(command: Command) -> tuple[object, ...]:
    words = (*command.words, *command.assignments, *command.redirects)
    return (
        command.name,
        command.args,
        command.assignments,
        command.redirects,
        command.text_start,
        command.text_end,
        command.operator,
        command.context,
        command.index,
        command.start,
        command.end,
        tuple((w.start, w.end) for w in words),
        command.options,
        command.positionals,
    )


def _scripts(parts: str) -> Iterator[ShellSource]:
    for path in corpus_files(parts):
        if "dockerignore" in path.name:
            continue
        model = DockerfileModel(parse(read_text(path)))
        for instruction in model.instructions:
            found = model.script(instruction)
            if found is not None:
                yield found.source


@pytest.mark.parametrize("parts", ["real", "wild"])
def test_moved_copy_is_the_fresh_parse_at_the_new_offsets(parts: str) -> None:
    checked = 0
    for source in _scripts(parts):
        template = script_module._plain_script.__wrapped__(0, source.text)  # at offset 0
        if template is None:
            continue  # never reused
        there = _shifted(source, 1000)
        moved = template.moved_to(there)
        fresh = script_module._parse(there, 0)
        assert [_shape(c) for c in moved.commands] == [_shape(c) for c in fresh.commands]
        assert all(c.script is moved for c in moved.commands)
        assert moved.source is there and moved.depth == fresh.depth and moved.ok
        assert moved.top_level == fresh.top_level
        checked += 1
    assert checked > 300


def _source(text: str, at: int) -> ShellSource:
    return ShellSource.from_pieces([(text, at)], at + len(text))


def test_the_same_text_elsewhere_is_reused_with_its_own_offsets() -> None:
    text = "apt-get install -y curl && rm -rf /var/lib/apt/lists/*"
    first = parse_script(_source(text, 10))
    again = parse_script(_source(text, 500))
    assert again is not first
    assert again.commands[0].name is not first.commands[0].name
    assert [c.start for c in first.commands] == [10, 37]
    assert [c.start for c in again.commands] == [500, 527]
    assert again.commands[1].previous is again.commands[0]
    assert again.commands[0].has_option("-y")


def test_scripts_with_errors_or_shell_bodies_are_parsed_each_time() -> None:
    for text in ("echo 'unterminated", "sh -c 'apt-get update'"):
        first = parse_script(_source(text, 0))
        assert script_module._plain_script(0, text) is None
        assert parse_script(_source(text, 7)) is not first


def test_kept_scripts_are_bounded() -> None:
    kept = script_module._plain_script.cache_info().maxsize
    assert kept == script_module.PARSED_SCRIPTS_KEPT


def test_findings_of_a_repeated_run_point_at_each_copy() -> None:
    run = "RUN apt-get update && apt-get install curl\n"
    result = lint_text("FROM debian:12\n" + run + "WORKDIR /a\n" + run)
    found = [(d.range.start.line, d.range.start.column, d.fix) for d in result.diagnostics]
    no_yes = [(line, column) for line, column, _ in found if (line, column) in ((2, 23), (4, 23))]
    assert no_yes == [(2, 23), (2, 23), (4, 23), (4, 23)]  # DLX305 and DLX705 on each copy
    edits = [
        e.start for d in result.diagnostics if d.code == "DLX705" and d.fix for e in d.fix.edits
    ]
    assert len(edits) == 2 and edits[1] - edits[0] == len(run) + len("WORKDIR /a\n")


def test_a_moved_script_is_a_script() -> None:
    moved = parse_script(_source("true", 0)).moved_to(_source("true", 3))
    assert isinstance(moved, Script) and moved.commands[0].start == 3


def test_logical_texts_are_kept_by_raw_text_and_escape() -> None:
    """`logical_text` keeps what it made (a bounded `functools.lru_cache`): the same raw text
    and escape give the value a fresh computation gives, another escape character its own."""
    fresh = logical.logical_text.__wrapped__
    raw = "apt-get update \\\n  # note\n  && echo `x` \\\n\n  done"
    first = logical.logical_text(raw)
    assert first == fresh(raw, "\\")
    assert logical.logical_text(raw) is first
    other = logical.logical_text(raw, "`")
    assert other == fresh(raw, "`") and other != first
    assert logical.logical_text.cache_info().maxsize == logical.MADE_KEPT
