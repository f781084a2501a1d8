"""DLX301 consecutive-runs: two RUN instructions in a row that could be one."""

from __future__ import annotations

from dlint_dockerfile.edits.layers import merge_runs
from dlint_dockerfile.lint.diagnostic import Applicability, Fix, Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.rules.layers._shared import keyword_line, sorted_flags
from dlint_dockerfile.syntax import ErrorInstruction, Instruction

__all__ = ["ConsecutiveRuns"]


class ConsecutiveRuns(Rule):
    """Two RUN instructions in a row that could be one.

    ## What it does
    Reports a RUN that directly follows another RUN (only comments between them) when both
    run a single command and use the same flags (`--mount`, `--network`, `--security`).
    Like hadolint, it leaves alone RUNs that already chain several commands (their author
    split them on purpose), RUNs with different flags, and ONBUILD triggers.

    **Differences from hadolint.** A command whose name is a variable (`$CABAL build`)
    counts as a command; hadolint does not count it, so it sees `cd $DIR && $CABAL build`
    as one command.

    ## Why
    Every RUN makes a layer and a build step. Joining short commands with `&&` gives fewer
    layers, a smaller history and faster builds; files deleted in the same RUN never reach
    the image.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN useradd --create-home app
    RUN mkdir -p /srv/data
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN useradd --create-home app \\
     && mkdir -p /srv/data
    ```

    ## Fix safety
    Unsafe: the fix joins the RUN to the one above it: the first RUN's last command gets
    ` && \\`, the comment lines between the two stay inside the continuation (blank lines
    go), and the second command follows on a new line indented like the first RUN's
    continued lines (four spaces past the keyword when it has none). Each RUN failed when
    its command failed, and `&&` keeps that: the joined RUN stops at the first failure. It
    is unsafe because the image gets one layer instead of two and the build cache splits
    differently, and because the second command now runs in the first one's shell: if
    the first installs a program earlier in PATH than one it ran itself
    (`pip install -U pip`), the shell may still run the old one. No fix is offered for
    exec-form or heredoc RUNs, when the first RUN's command changes the shell's state for
    the next one (`cd`, `export`, `umask`, `source`, `exec`, `exit`, a bare assignment, a
    `set` other than `-e`/`-u`/`-x`/`-o pipefail`, or one of those that would change how
    the second command runs) or may replace `/bin/sh` (`ln -sf bash /bin/sh`,
    `dpkg-reconfigure dash`: the second would run in the old shell), ends with `&` or a
    trailing comment, when a linter pragma sits between them, or when a script does not
    parse.
    """

    code = "DLX301"
    name = "consecutive-runs"
    aliases = ("DL3059",)
    category = "layers"
    severity = Severity.INFO
    fix = "sometimes"

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self._previous: tuple[Instruction, tuple[tuple[str, str | None], ...], int] | None = None

    def visit_instruction(self, instruction: Instruction) -> None:
        previous, self._previous = self._previous, None
        if isinstance(instruction, ErrorInstruction) or instruction.name != "RUN":
            return
        script = self.model.script(instruction)
        count = len(script.commands) if script is not None else 2
        flags = sorted_flags(instruction)
        self._previous = (instruction, flags, count)
        if previous is None:
            return
        before, before_flags, before_count = previous
        if before_flags != flags or before_count > 1 or count > 1:
            return
        edits = merge_runs(self.model, before, instruction)
        self.report(
            instruction.keyword,
            f"this RUN directly follows the RUN on line {keyword_line(self.model, before)}; "
            "join them with `&&` into one RUN",
            fix=Fix("join with the previous RUN", edits, Applicability.UNSAFE) if edits else None,
        )
