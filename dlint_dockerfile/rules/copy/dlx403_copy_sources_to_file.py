"""DLX403: Several sources copied to a destination that does not end with `/`."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Edit, Fix, Severity
from dlint_dockerfile.model.copies import Source
from dlint_dockerfile.rules.copy._shared import CopyRule
from dlint_dockerfile.syntax import Instruction

__all__ = ["CopyMultipleSourcesToFile"]


class CopyMultipleSourcesToFile(CopyRule):
    """Several sources copied to a destination that does not end with `/`.

    ## What it does
    Reports COPY and ADD with more than one source (heredocs count) whose destination does
    not end with `/`, including `.`.

    Differences from hadolint (DL3021): ADD is checked too (the classic builder fails on
    it just the same); a Windows destination ending with `\\` is a directory; variables in
    the destination are expanded, so `COPY a b $APP_HOME` after `ENV APP_HOME /app/` is
    fine (hadolint reports it) and a destination whose variable has no known value is not
    reported; COPY and ADD inside ONBUILD are checked.

    ## Why
    The classic builder fails: "When using COPY with more than one source file, the
    destination must be a directory and end with a /". BuildKit accepts it but, unless the
    destination already is a directory, copies each source onto the same path in turn, so
    only the last one survives (moby/buildkit#1853). A trailing `/` makes the destination
    a directory everywhere.

    ## Example
    ```dockerfile
    FROM node:22-alpine
    WORKDIR /app
    COPY package.json package-lock.json .
    ```

    ## Use instead
    ```dockerfile
    FROM node:22-alpine
    WORKDIR /app
    COPY package.json package-lock.json ./
    ```

    ## Fix safety
    Safe: the fix adds the `/` at the end of the destination (`.` becomes `./`), inside its
    quotes when it is quoted or in exec form. The classic builder's error becomes the copy
    into a folder the instruction evidently means, and BuildKit copies every source into
    that folder instead of overwriting one file with each in turn. No fix is offered for a
    destination holding a backslash (a Windows path, or an escape).
    """

    code = "DLX403"
    name = "copy-sources-to-file"
    aliases = ("DL3021",)
    category = "copy"
    severity = Severity.ERROR
    fix = "sometimes"

    def visit_copy(self, instruction: Instruction) -> None:
        self._check(instruction)

    def visit_add(self, instruction: Instruction) -> None:
        self._check(instruction)

    def _check(self, instruction: Instruction) -> None:
        args = self._args(instruction)
        dest = args.dest
        if dest is None or len(args.sources) < 2:
            return
        if dest.raw.endswith(("/", "\\")) or dest.text is None:
            return
        if dest.text.endswith(("/", "\\")):
            return
        count = len(args.sources)
        if dest.text in (".", "..") or dest.text.endswith(("/.", "/..")):
            why = "the classic builder fails"
        else:
            why = (
                f"the classic builder fails, and BuildKit copies each source onto "
                f"'{dest.text}' in turn unless it already is a directory"
            )
        self.report(
            dest.node,
            f"{count} sources need a destination directory ending with '/': {why}; "
            f"write '{dest.raw}/'",
            fix=self._fix(dest),
        )

    def _fix(self, dest: Source) -> Fix | None:
        raw = dest.node.code
        if "\\" in raw or self.model.escape in raw or dest.heredoc or not raw:
            return None
        end = self.model.index.span(dest.node)[1]
        if len(raw) >= 2 and raw[-1] in "\"'" and raw[0] == raw[-1]:
            end -= 1  # inside the quotes (a JSON string too)
        return Fix("end the destination with '/'", (Edit(end, end, "/"),))
