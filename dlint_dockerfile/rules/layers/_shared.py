"""Shared by the layers rules: a RUN's cache analysis, the package-cache rule base, their fixes."""

from __future__ import annotations

from typing import ClassVar

from dlint_dockerfile.edits.layers import append_command
from dlint_dockerfile.edits.text import insert_after_word
from dlint_dockerfile.lint.diagnostic import Applicability, Fix
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.image_config import in_final_image, is_root, line_of
from dlint_dockerfile.model.layer_caches import CacheAnalysis, Producer, analyse
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.model.package_caches import RunContext
from dlint_dockerfile.shell import Command, Script, ShellWord
from dlint_dockerfile.shell.packages import PackageCommand
from dlint_dockerfile.syntax import Instruction

__all__ = [
    "CacheRule",
    "cache_analysis",
    "cleanup_fix",
    "keyword_line",
    "option_fix",
    "raw_producer",
    "sorted_flags",
]


def cache_analysis(model: DockerfileModel, instruction: Instruction) -> CacheAnalysis | None:
    """The cache analysis of a RUN, computed once per file for all the rules here (kept in
    the model: a module-level table keyed weakly by the model leaked every model, as the
    analysis refers back to it)."""

    def compute() -> CacheAnalysis | None:
        script = model.script(instruction)
        return analyse(RunContext(model, instruction), script) if script else None

    return model.derive("cache_analysis", instruction, compute)


def keyword_line(model: DockerfileModel, instruction: Instruction) -> int:
    """The line of the instruction's keyword."""
    if model.outer(instruction) is instruction:
        # on the instruction's first line, after its indentation at most
        return line_of(model, instruction)
    index = model.index
    return index.lines.line(index.span(instruction.keyword)[0])  # ONBUILD's trigger


def sorted_flags(instruction: Instruction) -> tuple[tuple[str, str | None], ...]:
    """The instruction's flags (name, argument), in an order that makes them comparable."""
    return tuple(
        sorted(
            ((f.name.lower(), f.argument) for f in instruction.flags),
            key=lambda item: (item[0], item[1] or ""),
        )
    )


def _action_word(pc: PackageCommand) -> ShellWord | None:
    """The last word of the action (``install`` of ``apt-get -y install``)."""
    if pc.action is None:
        return None
    count = len(pc.action.split())
    words = pc.command.positionals
    return words[count - 1] if len(words) >= count else None


def option_fix(
    pc: PackageCommand, option: str, title: str, applicability: Applicability
) -> Fix | None:
    """Insert ``option`` right after the action word (never into exec form's JSON)."""
    word = _action_word(pc)
    if word is None or "exec" in pc.command.context:
        return None
    edit = insert_after_word(pc.command, word, option)
    return Fix(title, (edit,), applicability) if edit is not None else None


def raw_producer(script: Script, pc: PackageCommand) -> Command | None:
    """The command of ``script`` (with ``sudo`` and such) that ``pc`` was read from."""
    for raw in script.all_commands():
        if raw.start == pc.origin:
            return raw
    return None


def cleanup_fix(
    model: DockerfileModel,
    instruction: Instruction,
    pc: PackageCommand,
    command: str,
    *,
    needs_root: bool = True,
) -> Fix | None:
    """Append ``command`` to the RUN (with ``sudo`` when the producer used it)."""
    script = model.script(instruction)
    raw = raw_producer(script, pc) if script is not None else None
    if raw is None:
        return None
    sudo = raw.basename == "sudo"
    if needs_root and not sudo and not is_root(model.user_at(model.outer(instruction))):
        return None
    text = f"sudo {command}" if sudo else command
    edit = append_command(model, instruction, text)
    if edit is None:
        return None
    return Fix(f"end the RUN with `{text}`", (edit,), Applicability.UNSAFE)


class CacheRule(Rule):
    """Reports package-manager commands that leave their cache in the layer."""

    category = "layers"
    #: Families and actions this rule checks.
    families: ClassVar[frozenset[str]] = frozenset()
    actions: ClassVar[frozenset[str | None] | None] = None
    #: Only RUNs whose stage ends up in the final image (hadolint's DL3009 / DL3060).
    final_only: ClassVar[bool] = False
    advice: ClassVar[str] = ""
    #: The command that removes the cache, which the default fix appends to the RUN.
    cleanup: ClassVar[str] = ""

    def visit_run(self, instruction: Instruction) -> None:
        if self.final_only and not in_final_image(self.model, instruction):
            return
        analysis = cache_analysis(self.model, instruction)
        if analysis is None:
            return
        for producer in analysis.producers:
            pc = producer.command
            if pc.family not in self.families or not producer.left:
                continue
            if self.actions is not None and pc.action not in self.actions:
                continue
            if self.wanted(instruction, producer):
                self.report(
                    (pc.start, pc.head_end),
                    self.message(instruction, producer),
                    fix=self.make_fix(instruction, producer),
                )

    def wanted(self, instruction: Instruction, producer: Producer) -> bool:
        return True

    def make_fix(self, instruction: Instruction, producer: Producer) -> Fix | None:
        if not self.cleanup:
            return None
        return cleanup_fix(self.model, instruction, producer.command, self.cleanup)

    def message(self, instruction: Instruction, producer: Producer) -> str:
        return f"`{producer.command.head}` {self.advice}"
