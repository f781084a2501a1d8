"""Helpers of two or more shell rules: spans, option fixes, the assume-yes rules' base."""

from __future__ import annotations

from dlint_dockerfile.edits.text import insert_after_word
from dlint_dockerfile.lint.diagnostic import Applicability, Fix
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.run_commands import run_commands
from dlint_dockerfile.shell import Command, ShellWord
from dlint_dockerfile.syntax import Instruction

__all__ = ["YesRule", "name_span", "option_fix", "subcommand_span"]


def name_span(command: Command) -> tuple[int, int]:
    name = command.name
    if name is None:
        return command.start, command.end
    return name.start, name.end


def subcommand_span(command: Command) -> tuple[int, int]:
    start, end = name_span(command)
    positionals = command.positionals
    if positionals:
        end = positionals[0].end
    return start, end


def option_fix(
    command: Command, after: ShellWord, option: str, applicability: Applicability
) -> Fix | None:
    """A fix that writes ``option`` right after the word ``after`` (the command's name or
    its sub-command), on the same line."""
    edit = insert_after_word(command, after, option)
    if edit is None:
        return None
    return Fix(f"add `{option}`", (edit,), applicability)


class YesRule(Rule):
    """`<manager> install` without its assume-yes option."""

    tools: tuple[str, ...] = ()
    actions: frozenset[str] = frozenset()
    yes: tuple[str, ...] = ("-y", "--assumeyes")
    hint = "-y"
    #: Whether the option goes right after the tool's name (a global option) rather than
    #: after the sub-command.
    global_option = False
    #: Tools whose older versions reject the option (the fix is unsafe for them).
    unsure: frozenset[str] = frozenset()
    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        for command in run_commands(self.model, instruction, exec_form=False):
            if command.basename not in self.tools or command.subcommand not in self.actions:
                continue
            if command.has_option(*self.yes):
                continue
            head = f"{command.basename} {command.subcommand}"
            after = command.name if self.global_option else command.positionals[0]
            safety = Applicability.UNSAFE if command.basename in self.unsure else Applicability.SAFE
            self.report(
                subcommand_span(command),
                f"add `{self.hint}` so `{head}` does not prompt",
                fix=option_fix(command, after, self.hint, safety) if after is not None else None,
            )
