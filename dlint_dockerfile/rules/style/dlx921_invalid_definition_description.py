"""A comment directly above a stage or ARG that is not its description."""

from __future__ import annotations

from dlint_dockerfile.edits.text import line_ending
from dlint_dockerfile.lint.diagnostic import Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.lint.suppression import is_pragma
from dlint_dockerfile.syntax import CommentLine, Instruction, Word

__all__ = ["InvalidDefinitionDescription"]


class InvalidDefinitionDescription(Rule):
    """A comment directly above a stage or ARG that is not its description.

    ## What it does
    BuildKit reads the comment directly above `FROM ... AS name` or `ARG name` as the
    description of that build target or argument (`docker build --call=outline`,
    `--call=targets`). Its description must start with the name: `# name what it is`.
    This reports a comment directly above such an instruction whose nearest line does not
    start with the stage name or one of the ARG names, as BuildKit's experimental
    `InvalidDefinitionDescription` check does. A blank line or an empty `#` line ends the
    comment block.

    Differences from BuildKit: pragma comments (`# dlint: ...`, `# hadolint ...`,
    `# check=...`) and parser directives are not descriptions and are skipped, so a
    suppression above an instruction does not turn into a finding. Opt-in, as in BuildKit.

    ## Why
    `docker build --call=outline` shows the comment as the description of the target or
    argument; a comment that describes something else becomes a misleading description.

    ## Example
    ```dockerfile
    # install the build tools
    FROM golang:1.23 AS build
    ```

    ## Use instead
    ```dockerfile
    # build compiles the server binary
    FROM golang:1.23 AS build
    ```

    ## Fix safety
    Safe: the fix inserts an empty line below the comment, so it is no longer read as a
    description (the finding's own advice). The image and the build are the same; only
    `docker build --call=outline` and `--call=targets` no longer show the comment as the
    description of the target or argument, which it did not describe. No fix is offered
    when suppression comments (`# dlint:`, `# hadolint`, `# check=`) sit above the
    comment: the empty line would cut them off from their instruction. A comment that is
    a real description with another wording needs rewriting by hand.
    """

    code = "DLX921"
    name = "invalid-definition-description"
    aliases = ("InvalidDefinitionDescription",)
    category = "style"
    severity = Severity.STYLE
    default_enabled = False
    fix = "sometimes"

    def visit_from(self, instruction: Instruction) -> None:
        if self.model.is_trigger(instruction):
            return
        words = [a for a in instruction.arguments if isinstance(a, Word)]
        if len(words) == 3 and words[1].value.lower() == "as":
            self._check(instruction, "FROM", [(words[2].value, words[2])])

    def visit_arg(self, instruction: Instruction) -> None:
        if self.model.is_trigger(instruction):
            return
        keys = [
            (word.value.partition("=")[0], word)
            for word in instruction.arguments
            if isinstance(word, Word)
        ]
        self._check(instruction, "ARG", keys)

    def _check(self, instruction: Instruction, keyword: str, keys: list[tuple[str, Word]]) -> None:
        comment = _description_comment(instruction)
        if comment is None or not keys:
            return
        first = comment.raw.rstrip("\r\n").lstrip()[1:].strip().split(" ")[0]
        if any(first == name for name, _ in keys):
            return
        example = keys[0][0] if len(keys) == 1 else "<arg_key>"
        name, word = keys[0]
        start, end = self.model.index.span(word)
        if word.raw.startswith(name):
            end = start + len(name)
        self.report(
            (start, end),
            f"comment for {keyword} should follow the format `# {example} <description>`; "
            "if it is not a description, put an empty line between it and the instruction",
            fix=self._fix(instruction, comment),
        )

    def _fix(self, instruction: Instruction, comment: CommentLine) -> Fix | None:
        block: list[CommentLine] = []
        for line in instruction.leading:
            block = [*block, line] if isinstance(line, CommentLine) else []
        above = block[: next(i for i, line in enumerate(block) if line is comment)]
        if any(is_pragma(line.raw) for line in above):
            return None  # an empty line below the comment would cut them off
        start, end = self.model.index.span(comment)
        newline = line_ending(self.model, start)
        return Fix("put an empty line below the comment", (Edit(end, end, newline),))


def _description_comment(instruction: Instruction) -> CommentLine | None:
    """The nearest comment line of the block directly above ``instruction``."""
    for line in reversed(instruction.leading):
        if not isinstance(line, CommentLine):
            return None
        text = line.raw.strip()
        if text == "#":
            return None
        if not is_pragma(text):
            return line
    return None
