"""What the context rules share: the base that reads the build context, how findings show it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from dlint_dockerfile.edits.ignore_file import ignore_file_fix
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.model.copies import Source, copy_args
from dlint_dockerfile.model.copy_sources import (
    StageFacts,
    iter_local_sources,
    stage_facts,
    unwanted_items,
)
from dlint_dockerfile.model.ignore_proposal import Candidate, propose
from dlint_dockerfile.syntax import Instruction

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.lint.diagnostic import Fix
    from dlint_dockerfile.model.context import BuildContext
    from dlint_dockerfile.model.model import Stage

__all__ = ["ContextRule", "FilesRule", "described", "ignore_name", "shown"]


class ContextRule(Rule):
    """A rule that reads the build context; silent without one.

    Context rules set ``needs_context`` and stay silent when the model has no build context
    (standard input, or a file without its folder): they never guess what is on disk. They
    also skip COPY/ADD inside ONBUILD (those run later, with another build's context),
    ``--from`` copies, heredoc sources, URLs and sources with a variable of unknown value.
    """

    needs_context: ClassVar[bool] = True
    category = "context"

    def visit_copy(self, instruction: Instruction) -> None:
        self._visit(instruction)

    def visit_add(self, instruction: Instruction) -> None:
        self._visit(instruction)

    def _visit(self, instruction: Instruction) -> None:
        context = self.model.context
        if context is None or self.model.is_trigger(instruction):
            return
        stage = self.model.stage_of(instruction)
        if stage is None:
            return
        for source in iter_local_sources(copy_args(self.model, instruction)):
            if "\\" in source.text_or_raw:
                continue  # a Windows path: BuildKit's matching differs, dlint does not guess
            self.check_source(context, instruction, stage, source)

    def check_source(
        self, context: BuildContext, instruction: Instruction, stage: Stage, source: Source
    ) -> None:
        raise NotImplementedError  # pragma: no cover


def ignore_name(context: BuildContext) -> str:
    return context.ignore_path.name if context.ignore_path is not None else ".dockerignore"


class FilesRule(ContextRule):
    """Shared state of the rules that look at what a broad source sends."""

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self._facts: dict[int, StageFacts] = {}

    def _stage_facts(self, stage: Stage) -> StageFacts:
        return stage_facts(self.model, stage, self._facts)

    def _unwanted(
        self, context: BuildContext, stage: Stage, files: list[str]
    ) -> list[tuple[str, str]]:
        """``(folder/, reason)`` for what ``files`` hold that should not ship."""
        return unwanted_items(context, files, self._stage_facts(stage))

    def _ignore_fix(self, context: BuildContext, candidates: list[Candidate]) -> Fix | None:
        """The fix adding ``candidates`` to the ignore file, when any is left."""
        proposal = propose(self.model, context, candidates)
        return ignore_file_fix(proposal) if proposal is not None and proposal.groups else None


def described(items: list[tuple[str, str]]) -> list[str]:
    """``'path' (reason)`` for each item."""
    return [f"'{path}' ({reason})" for path, reason in items]


def shown(source: Source) -> str:
    """The source as written, with its value when a variable was expanded."""
    if source.text is None or source.text == source.raw:
        return f"'{source.raw}'"
    return f"'{source.raw}' ('{source.text}')"
