"""Helpers of several pinning rules: the images a file pulls, and the package rules' base."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.images import ImageUse, normal_registry
from dlint_dockerfile.model.images import image_uses as model_image_uses
from dlint_dockerfile.shell import Command, Script, ShellWord
from dlint_dockerfile.shell.pins import rpm_pinned, words_after
from dlint_dockerfile.syntax import Instruction

__all__ = [
    "PackageRule",
    "after_subcommand",
    "image_uses",
    "normal_registry",
    "rpm_packages",
    "static_words",
]


def image_uses(rule: Rule) -> Iterator[ImageUse]:
    """Every image of the rule's file (`model.images.image_uses`)."""
    return model_image_uses(rule.model)


class PackageRule(Rule):
    """Reports the package words of one package manager that carry no version.

    Subclasses give ``packages(script)``: the unpinned package words, each with its
    message. Words that expand a variable or a command are never reported: a version
    given through ``$VERSION`` counts as pinned.
    """

    tool: ClassVar[str] = ""

    def visit_run(self, instruction: Instruction) -> None:
        script = self.model.script(instruction)
        if script is None:
            return
        for word, message in self.packages(script):
            self.report((word.start, word.end), message)

    def packages(self, script: Script) -> Iterator[tuple[ShellWord, str]]:
        raise NotImplementedError  # pragma: no cover

    def unpinned(self, value: str, hint: str) -> str:
        return f"{self.tool} package '{value}' is not pinned: use {hint}"


def after_subcommand(command: Command) -> tuple[ShellWord, ...]:
    positionals = command.positionals
    return words_after(command, positionals[0]) if positionals else ()


def static_words(words: tuple[ShellWord, ...]) -> Iterator[tuple[ShellWord, str]]:
    for word in words:
        if word.value is not None and word.value:
            yield word, word.value


def rpm_packages(
    rule: PackageRule, script: Script, names: tuple[str, ...]
) -> Iterator[tuple[ShellWord, str]]:
    """Packages and modules of yum/dnf ``install`` and ``module install``."""
    for command in script.find(*names):
        positionals = command.positionals
        if not positionals:
            continue
        sub = positionals[0].value
        if sub == "install":
            for word, value in static_words(positionals[1:]):
                if value.startswith("@"):
                    continue  # a group or a module: no package version
                if not rpm_pinned(value):
                    yield word, rule.unpinned(value, f"'{value}-<version>'")
        elif sub == "module" and len(positionals) > 1 and positionals[1].value == "install":
            for word, value in static_words(positionals[2:]):
                if ":" not in value:
                    yield (
                        word,
                        (f"{rule.tool} module '{value}' has no stream: use '{value}:<stream>'"),
                    )
