"""The fix of DLX103: copy the manifests first and move the source COPY below the install."""

from __future__ import annotations

import posixpath
import re

from dlint_dockerfile.edits.layers import block_span
from dlint_dockerfile.edits.text import indentation, line_ending
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix
from dlint_dockerfile.model.copies import copy_args
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.rules.cache.dlx103_source_copied_before_install.broad_copy import (
    BroadCopy,
    copied_outputs,
    source_base,
    under,
)
from dlint_dockerfile.rules.cache.dlx103_source_copied_before_install.manifests import (
    manifest_alone,
)
from dlint_dockerfile.shell import Script, ShellWord
from dlint_dockerfile.shell.installs import InstallStep, join_path
from dlint_dockerfile.shell.pip import pip_command
from dlint_dockerfile.syntax import Instruction, Word

__all__ = ["split_fix"]


#: Installs the split is offered for: their manifests are all they read.
_SPLIT_TOOLS = frozenset(
    {"npm", "yarn", "pnpm", "pnpm-fetch", "bun", "pip", "poetry", "pipenv", "uv", "bundler", "go"}
)
#: Instructions a COPY can move past without changing what it copies or where.
_MOVABLE_PAST = frozenset(
    {"ENV", "ARG", "LABEL", "EXPOSE", "USER", "WORKDIR", "STOPSIGNAL", "HEALTHCHECK", "CMD"}
)
_SIMPLE_PATH = re.compile(r"[A-Za-z0-9._/@+-]+\Z")


def split_fix(
    model: DockerfileModel, broad: BroadCopy, step: InstallStep, run: Instruction, copied: bool
) -> Fix | None:
    """The manifest-first split: the manifests' COPY takes the place of the broad
    one, which moves below the install (only the move when the manifests are already
    copied). Offered for simple layouts only; see the rule's docstring."""
    copy = broad.instruction
    if step.prepare is not None or step.tool not in _SPLIT_TOOLS:
        return None
    if model.is_trigger(copy) or model.is_trigger(run):
        return None
    if model.stage_of(copy) is not model.stage_of(run) or broad.dest is None:
        return None
    args = copy_args(model, copy)
    if copy.exec_form is not None or args.dest is None or len(args.sources) != 1:
        return None
    if args.sources[0].node is not broad.node:
        return None
    dest_node = args.dest.node
    if not isinstance(dest_node, Word) or not isinstance(broad.node, Word):
        return None
    flags = copy.flags
    if any(f.name.lower() not in ("chown", "chmod", "link") for f in flags):
        return None
    dest_text = dest_node.raw
    texts = (dest_text, broad.node.raw, *(f.raw for f in flags))
    variable = any("$" in text for text in texts)
    if not _between_ok(model, copy, run, dest_text, variable):
        return None
    script = model.script(run)
    if script is None or not _only_dependencies(script, step):
        return None
    lines: list[str] = []
    if not copied:
        found = _manifest_copies(model, broad, step)
        if found is None:
            return None
        keyword = copy.keyword.raw
        prefix = " ".join([keyword, *(f.raw for f in flags)])
        for folder, sources in found:
            target = dest_text if not folder else posixpath.join(dest_text, folder)
            target = target if target.endswith("/") else target + "/"
            lines.append(f"{prefix} {' '.join(sources)} {target}")
    return _move_edits(model, copy, run, lines)


def _between_ok(
    model: DockerfileModel, copy: Instruction, run: Instruction, dest: str, variable: bool
) -> bool:
    """Only instructions the broad COPY can move past lie between it and the RUN."""
    seen = False
    for item in model.instructions:
        if item is copy:
            seen = True
            continue
        if item is run:
            return seen
        if not seen:
            continue
        if variable or item.name not in _MOVABLE_PAST:
            return False
        if item.name == "WORKDIR" and not dest.startswith("/"):
            return False
    return False


def _manifest_copies(
    model: DockerfileModel, broad: BroadCopy, step: InstallStep
) -> list[tuple[str, list[str]]] | None:
    """(folder under the destination, context paths) of the manifests to copy first;
    None unless every one exists in the context and needs nothing else."""
    context = model.context
    dest = broad.dest
    if context is None or dest is None or step.directory is None:
        return None
    if not under(step.directory, dest):
        return None
    base = source_base(broad.source)
    groups: dict[str, list[str]] = {}
    for name in step.candidates:
        path = join_path(step.directory, name)
        if path is None or not under(path, dest):
            continue
        relative = posixpath.relpath(path, dest)
        in_context = posixpath.normpath(posixpath.join(base, relative))
        if in_context.startswith("../") or not context.has_file(in_context):
            continue
        if not _SIMPLE_PATH.match(in_context):
            return None
        if not manifest_alone(step.tool, context, in_context):
            return None
        groups.setdefault(posixpath.dirname(relative), []).append(in_context)
    if not groups or (step.files and sum(map(len, groups.values())) < len(step.files)):
        return None
    if copied_outputs(model, broad, step):
        return None  # the broad COPY, moved after the install, would overwrite them
    return sorted(groups.items())


def _move_edits(
    model: DockerfileModel, copy: Instruction, run: Instruction, lines: list[str]
) -> Fix:
    code = model.tree.code
    start, end = block_span(model, copy)
    newline = line_ending(model, start)
    indent = indentation(model, copy)
    replacement = "".join(f"{indent}{line}{newline}" for line in lines)
    moved = code[start:end]
    run_end = model.index.span(run)[1]
    if not code.endswith("\n", 0, run_end):
        moved = newline + moved.removesuffix("\n").removesuffix("\r")
    title = "copy the manifests first" if lines else "move the COPY below the install"
    return Fix(
        title,
        (Edit(start, end, replacement), Edit(run_end, run_end, moved)),
        Applicability.UNSAFE,
    )


#: Commands that may share the install's RUN: they read nothing the broad COPY brings.
_NEUTRAL = frozenset({"set", "cd", "true", ":", "echo", "printf", "export", "mkdir", "corepack"})
_TOOL_HOUSEKEEPING = {
    "npm": frozenset({"config", "cache", "set"}),
    "yarn": frozenset({"config", "cache"}),
    "pnpm": frozenset({"config", "store"}),
    "poetry": frozenset({"config"}),
    "bundle": frozenset({"config"}),
    "go": frozenset({"env"}),
}
_PIP_FILES = ("-r", "--requirement", "-c", "--constraint", "-e", "--editable")


def _only_dependencies(script: Script, step: InstallStep) -> bool:
    """Every command of the RUN is the install, housekeeping, or an install of named
    tools (``pip install --upgrade pip``, ``npm install -g pnpm``)."""
    own = step.command
    for raw in script.all_commands():
        if raw.index == own.index and raw.script is own.script:
            continue
        command = raw.unwrapped()
        base = command.basename
        if base is None:
            return False
        if base in _NEUTRAL:
            continue
        if base == "rm":
            paths = [w.value or "" for w in command.positionals]
            if all(p.startswith(("/", "~")) for p in paths):
                continue
            return False
        sub = command.subcommand
        if sub in _TOOL_HOUSEKEEPING.get(base, ()):
            continue
        if base == "npm" and sub in ("install", "i") and command.has_option("-g", "--global"):
            continue
        rest = command.arguments_after_subcommand()
        if base == "gem" and sub == "install" and _named_only(rest):
            continue
        pip = pip_command(command)
        if (
            pip is not None
            and pip.subcommand == "install"
            and _named_only(pip.arguments_after_subcommand())
            and not pip.has_option(*_PIP_FILES)
        ):
            continue
        return False
    return True


def _named_only(words: tuple[ShellWord, ...]) -> bool:
    for word in words:
        value = word.value
        if value is None or value.startswith((".", "/", "~")) or "/" in value:
            return False
        if value.endswith((".whl", ".gem", ".tar.gz", ".zip")):
            return False
    return True
