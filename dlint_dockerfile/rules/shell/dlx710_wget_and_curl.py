"""DLX710 wget-and-curl: a stage downloads with both `wget` and `curl`."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.model.run_commands import run_commands
from dlint_dockerfile.rules.shell._shared import name_span
from dlint_dockerfile.shell import Command
from dlint_dockerfile.syntax import Instruction

__all__ = ["WgetAndCurl"]


class WgetAndCurl(Rule):
    """A stage downloads with both `wget` and `curl`; one tool is enough.

    ## What it does
    Reports, once a stage has used both tools, the first `wget` or `curl` of every RUN from
    then on (the RUN that brings in the second tool included).

    ## Why
    Two download tools mean two packages to install and keep patched, and two sets of
    flags for failing on HTTP errors.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN wget -q https://example.com/a.tgz
    RUN curl -fsSLO https://example.com/b.tgz
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN curl -fsSLO https://example.com/a.tgz
    RUN curl -fsSLO https://example.com/b.tgz
    ```

    ## Fix safety
    No automatic fix: wget and curl options, defaults (redirects, HTTP errors, output
    file names) and exit codes differ, so rewriting one into the other is not mechanical.
    """

    code = "DLX710"
    name = "wget-and-curl"
    aliases = ("DL4001",)
    category = "shell"
    severity = Severity.WARNING

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self._seen: dict[int, set[str]] = {}

    def visit_run(self, instruction: Instruction) -> None:
        stage = self.model.stage_of(instruction)
        seen = self._seen.setdefault(stage.index if stage is not None else -1, set())
        first: Command | None = None
        for command in run_commands(self.model, instruction, exec_form=False):
            if command.basename in ("wget", "curl"):
                seen.add(command.basename)
                first = first or command
        if first is not None and len(seen) == 2:
            self.report(name_span(first), "this stage uses both wget and curl; use only one")
