"""Edit builders for the shell rules (DLX7xx): what a stage's base image provides, and
edits of shell words that keep the Dockerfile's layout (continuations, comments, heredocs).

Every builder returns None when the edit cannot be made in place: a word inside a quoted
``sh -c '...'`` body, split by a line continuation or written with escapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dlint_dockerfile.fixers.edits import in_heredoc, line_ending, word_is_plain
from dlint_dockerfile.lint.diagnostic import Edit
from dlint_dockerfile.model.model import DockerfileModel, Stage, parse_mount
from dlint_dockerfile.shell.script import Command, Script, ShellWord
from dlint_dockerfile.syntax import Instruction

__all__ = [
    "BaseFamily",
    "base_family",
    "cache_mount",
    "has_comment_line",
    "heredoc_interpreter",
    "keyword_case",
    "known_workdir",
    "prefix_script",
    "relative_mount",
    "replace_word",
    "script_start",
]

#: What a stage's base image is built on, as far as the shell rules care:
#: ``debian`` (``/bin/sh`` is dash, bash is installed, apt with Docker's ``docker-clean``),
#: ``rpm`` and ``arch`` (``/bin/sh`` is bash), ``alpine`` (``/bin/sh`` and ``wget`` are
#: BusyBox), ``busybox``. None when unknown.
BaseFamily = str

#: Images named after a distribution, or official images built on one (no variant tag).
_FAMILY_BY_NAME: dict[str, BaseFamily] = {
    **dict.fromkeys(
        (
            "debian",
            "ubuntu",
            "buildpack-deps",
            "python",
            "node",
            "golang",
            "ruby",
            "php",
            "perl",
            "rust",
            "gcc",
            "eclipse-temurin",
            "r-base",
            "julia",
            "erlang",
            "elixir",
            "haskell",
            "nginx",
            "httpd",
            "postgres",
        ),
        "debian",
    ),
    **dict.fromkeys(
        (
            "fedora",
            "centos",
            "rockylinux",
            "almalinux",
            "amazonlinux",
            "oraclelinux",
            "ubi",
            "ubi8",
            "ubi9",
            "ubi10",
            "ubi-minimal",
            "ubi8-minimal",
            "ubi9-minimal",
            "ubi10-minimal",
            "ubi-init",
            "leap",
            "tumbleweed",
            "sle15",
            "bci-base",
        ),
        "rpm",
    ),
    "archlinux": "arch",
    "alpine": "alpine",
    "busybox": "busybox",
}
_DEBIAN_CODENAMES = frozenset(
    {
        *("jessie", "stretch", "buster", "bullseye", "bookworm", "trixie", "sid"),
        *("xenial", "bionic", "focal", "jammy", "noble", "oracular", "plucky"),
    }
)
#: Tag or name words that leave the base unknown (no shell, another OS, a minimal variant).
_UNKNOWN_HINTS = frozenset(
    {"windowsservercore", "nanoserver", "windows", "distroless", "scratch", "micro", "chiseled"}
    | {"static"}
)
_TOKEN = re.compile(r"[a-z]+")


def _family_of_root(stage: Stage) -> BaseFamily | None:
    image = stage.image
    if image is None:
        return None
    name = image.repository.rsplit("/", 1)[-1]
    tag = (image.tag or "").lower()
    words = set(_TOKEN.findall(tag)) | set(_TOKEN.findall(image.repository))
    if words & _UNKNOWN_HINTS or "distroless" in image.repository:
        return None
    if "alpine" in words:
        return "alpine"
    if any(w.startswith("ubi") for w in _TOKEN.findall(tag)):
        return "rpm"
    if words & _DEBIAN_CODENAMES or {"debian", "ubuntu"} & words:
        return "debian"
    return _FAMILY_BY_NAME.get(name)


def base_family(model: DockerfileModel, instruction: Instruction) -> BaseFamily | None:
    """The family of the image the instruction's stage is built on (through ``FROM
    stage`` chains); None when the base is unknown, a variable or ``scratch``."""
    stage = model.stage_of(model.outer(instruction))
    for _ in range(len(model.stages) + 1):
        if stage is None:
            return None
        if stage.parent is None:
            return None if stage.is_scratch else _family_of_root(stage)
        stage = stage.parent
    return None  # pragma: no cover - a FROM cycle cannot be built


def known_workdir(model: DockerfileModel, instruction: Instruction) -> str | None:
    """The working directory of ``instruction`` when the file says exactly what it is: an
    absolute WORKDIR comes before it in its stage or the stages it is built on, and no
    WORKDIR from there on uses a variable (a build argument can change it). None: the
    base image's, or unknown (also when a stage built on has an ``ONBUILD WORKDIR``,
    which runs at the start of the stage built on it)."""
    outer = model.outer(instruction)
    stage = model.stage_of(outer)
    before: Instruction | None = outer
    seen = 0
    while stage is not None and seen <= len(model.stages):
        instructions = stage.instructions
        end = next((i for i, x in enumerate(instructions) if x is before), len(instructions))
        for other in reversed(instructions[:end]):
            if other.name != "WORKDIR":
                continue
            text = "".join(a.code for a in other.arguments).strip()
            expansion = model.expand(text, other)
            if expansion.used or not expansion.complete:
                return None
            if expansion.text.startswith("/"):
                return model.workdir_at(outer)
        stage, before, seen = stage.parent, None, seen + 1
        if stage is not None and any(_is_onbuild_workdir(i) for i in stage.instructions):
            return None
    return None


def _is_onbuild_workdir(instruction: Instruction) -> bool:
    inner = instruction.inner if instruction.name == "ONBUILD" else None
    return inner is not None and inner.name == "WORKDIR"


def _mounts(instruction: Instruction) -> Iterator[tuple[dict[str, str], str]]:
    """The fields and the target (as written, without a final ``/``) of each ``--mount``."""
    for flag in instruction.flags:
        if flag.name != "mount" or flag.argument is None:
            continue
        fields = parse_mount(flag.argument)
        target = fields.get("target") or fields.get("dst") or fields.get("destination") or ""
        yield fields, target.rstrip("/")


def relative_mount(instruction: Instruction) -> bool:
    """Whether the RUN mounts something on a relative target: BuildKit puts it under the
    working directory."""
    return any(target and not target.startswith("/") for _, target in _mounts(instruction))


def cache_mount(instruction: Instruction, directory: str) -> bool:
    """Whether the RUN mounts a cache (or tmpfs) on ``directory``, inside it or above it:
    what the RUN writes there stays out of the layer."""
    for fields, target in _mounts(instruction):
        if fields.get("type") not in ("cache", "tmpfs") or not target:
            continue
        if target == directory or f"{directory}/".startswith(f"{target}/"):
            return True
        if target.startswith(f"{directory}/"):
            return True
    return False


def keyword_case(instruction: Instruction, keyword: str) -> str:
    """``keyword`` in the case the instruction's own keyword is written in."""
    return keyword.lower() if instruction.keyword.raw.islower() else keyword.upper()


def replace_word(command: Command, word: ShellWord, content: str) -> Edit | None:
    """Replace a plainly written word (see `word_is_plain`)."""
    if not word_is_plain(command, word) or word.text != word.value:
        return None
    return Edit(word.start, word.end, content)


def heredoc_interpreter(
    model: DockerfileModel, instruction: Instruction, script: Script
) -> str | None:
    """The program that runs a heredoc script instead of the stage's SHELL: the ``#!``
    line's (``#!/usr/bin/env bash``: ``bash``) or the shell it is fed to (``RUN <<EOF
    bash``); None when SHELL runs the script."""
    text = script.source.text
    if text.startswith("#!"):
        words = [w.rsplit("/", 1)[-1] for w in text.split("\n", 1)[0][2:].split()]
        if words[:1] == ["env"]:
            words = [w for w in words[1:] if not w.startswith("-")]
        return words[0] if words else ""
    at = script_start(script)
    target = instruction.inner or instruction
    if at is None or target.shell_form is None:
        return None
    if not in_heredoc(model, instruction, script.source.offset(at)):
        return None
    words = [w for w in target.shell_form.raw.split() if not _HEREDOC_MARKER.match(w)]
    return words[0].rsplit("/", 1)[-1] if words else None


_HEREDOC_MARKER = re.compile(r"[0-9]*<<")


def script_start(script: Script) -> int | None:
    """Index in the script's text of its first statement (after blank and comment lines)."""
    text = script.source.text
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in " \t\r\n":
            i += 1
        elif ch == "#":
            newline = text.find("\n", i)
            if newline < 0:
                return None
            i = newline + 1
        else:
            return i
    return None


def prefix_script(
    model: DockerfileModel,
    instruction: Instruction,
    script: Script,
    line: str,
    separator: str = " && ",
) -> Edit | None:
    """Put ``line`` before the script's first statement: as ``line && `` (or another
    ``separator``) on the RUN's own line, as a line of its own in a heredoc body (indented
    like the line it precedes)."""
    if script.depth > 0:
        return None
    at = script_start(script)
    if at is None:
        return None
    offset = script.source.offset(at)
    if not in_heredoc(model, instruction, offset):
        return Edit(offset, offset, f"{line}{separator}")
    text = model.tree.code
    line_start = text.rfind("\n", 0, offset) + 1
    indent = text[line_start:offset]
    if indent.strip():
        return Edit(offset, offset, f"{line}{separator}")
    return Edit(offset, offset, f"{line}{line_ending(model, offset)}{indent}")


def has_comment_line(model: DockerfileModel, start: int, end: int) -> bool:
    """Whether a comment line starts within ``[start, end)`` of the file (after its first
    line): deleting the range would drop it."""
    lines = model.tree.code[start:end].split("\n")[1:]
    return any(line.lstrip().startswith("#") for line in lines)
