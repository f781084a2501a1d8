"""DLX105 volatile-arg-declared-early: a per-build ARG declared long before its first use."""

from __future__ import annotations

import itertools
import re

from dlint_dockerfile.edits.layers import block_span, delete_lines
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.variables import Expansion
from dlint_dockerfile.rules.cache._shared import (
    join_names,
    later_instructions,
    start_line,
)
from dlint_dockerfile.syntax import Instruction, KeyValue, Word
from dlint_dockerfile.syntax.nodes import Trivia, Valued

__all__ = ["VolatileArgDeclaredEarly", "volatile_arg"]


#: Name parts (single words or two adjacent words joined) that mark a per-build value.
_VOLATILE = frozenset(
    {
        "COMMIT",
        "REVISION",
        "TIMESTAMP",
        "DATE",
        "CACHEBUST",
        "CACHEBUSTER",
        "CACHEBUSTING",
        "BUILDDATE",
        "BUILDTIME",
        "BUILDNUMBER",
        "BUILDNUM",
        "BUILDID",
        "GITSHA",
        "GITHASH",
        "GITREF",
        "VCSREF",
        "COMMITSHA",
        "COMMITHASH",
        "RUNID",
        "RUNNUMBER",
        "PIPELINEID",
    }
)
#: ``<X>_VERSION`` names that are the version of what is being built (not of a tool).
_VERSION_OWNERS = frozenset(
    {"APP", "BUILD", "RELEASE", "IMAGE", "PROJECT", "SERVICE", "GIT", "SOURCE", "CI", "SEMVER"}
)
_DIGEST = re.compile(r"(sha256:|sha512:)?[0-9a-fA-F]{40,}\Z")


_NAME_SEPARATORS = re.compile(r"[_\-]+")


def volatile_arg(name: str, default: str | None) -> bool:
    """Does the ARG name say its value changes from build to build?

    Split on ``_``: a part (or two adjacent parts joined) among COMMIT, REVISION,
    TIMESTAMP, DATE, CACHEBUST, BUILD_DATE, BUILD_NUMBER, BUILD_ID, GIT_SHA, VCS_REF... ;
    the name ``SHA`` alone; ``VERSION`` alone or ``APP_VERSION``, ``BUILD_VERSION``,
    ``RELEASE_VERSION``... (not ``NODE_VERSION``: a pinned tool). A default that is a
    full commit hash or digest marks a pinned value, not a volatile one.
    """
    if default is not None and _DIGEST.match(default.strip("'\"")):
        return False
    parts = [p for p in _NAME_SEPARATORS.split(name.upper()) if p]
    units = set(parts) | {a + b for a, b in itertools.pairwise(parts)}
    if units & _VOLATILE:
        return True
    if parts in (["SHA"], ["VERSION"]):
        return True
    return len(parts) == 2 and parts[1] == "VERSION" and parts[0] in _VERSION_OWNERS


def _cache_bust(name: str) -> bool:
    """``CACHEBUST``-like names: meant to re-run the RUN right after them, unnamed."""
    return "CACHEBUST" in name.upper().replace("_", "")


class VolatileArgDeclaredEarly(Rule):
    """A per-build ARG (commit, date, version...) declared long before it is used.

    ## What it does
    Reports a stage `ARG` whose name says its value changes with every build (see
    below) when a RUN that does not use it sits between the declaration and its first
    use, or when nothing in the stage uses it and at least two RUNs follow it. Global
    ARGs (before the first FROM) only affect FROM lines and are not checked. The name
    heuristic: split on `_`, a part or two adjacent parts among `COMMIT`, `REVISION`,
    `TIMESTAMP`, `DATE`, `CACHEBUST`, `BUILD_DATE`, `BUILD_TIME`, `BUILD_NUMBER`,
    `BUILD_ID`, `GIT_SHA`, `GIT_HASH`, `GIT_REF`, `VCS_REF`, `COMMIT_SHA`, `RUN_ID`,
    `PIPELINE_ID`; the names `SHA` and `VERSION`; `APP_VERSION`, `BUILD_VERSION`,
    `RELEASE_VERSION`, `IMAGE_VERSION`, `PROJECT_VERSION`, `SERVICE_VERSION`... but not
    `NODE_VERSION`-like tool versions. A default that is a full commit hash or digest is
    a pinned value and is not reported; a `CACHEBUST` ARG that nothing names is meant to
    re-run the RUN right after it and is not reported either. A RUN uses the ARG when its
    script mentions `$NAME`; a RUN can also read it from its environment without naming
    it (a build script): then declare the ARG right before that RUN. There is no hadolint
    equivalent.

    ## Why
    BuildKit passes every ARG in scope to each later RUN of the stage as an environment
    variable, so its value is part of the cache key of all of them: when it changes
    (a new commit on every CI build), every RUN after the declaration is rebuilt, used or
    not. Declared right before the step that needs it, it only invalidates that step and
    the ones after it.

    ## Example
    ```dockerfile
    FROM debian:12
    ARG GIT_COMMIT
    RUN apt-get update && apt-get install -y --no-install-recommends curl \\
     && rm -rf /var/lib/apt/lists/*
    LABEL org.opencontainers.image.revision=$GIT_COMMIT
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends curl \\
     && rm -rf /var/lib/apt/lists/*
    ARG GIT_COMMIT
    LABEL org.opencontainers.image.revision=$GIT_COMMIT
    ```

    ## Fix safety
    Unsafe: the fix moves the ARG line (and the comment lines directly above it) down
    to just above the first instruction that uses it (above that one's comment lines).
    A RUN in between that read the value from its environment without naming it (a
    build script) no longer sees it. No fix for an ARG line that declares several
    names or whose default uses a variable, nor when nothing in the stage uses the ARG
    (remove it, or declare it where a script reads it: only you know which).
    """

    code = "DLX105"
    name = "volatile-arg-declared-early"
    category = "cache"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_arg(self, instruction: Instruction) -> None:
        if self.model.is_trigger(instruction) or self.model.stage_of(instruction) is None:
            return
        later = later_instructions(self, instruction)
        for word in instruction.arguments:
            if not isinstance(word, Word):
                continue
            name, eq, default = word.value.partition("=")
            if name and volatile_arg(name, default if eq else None):
                self._check(instruction, word, name, later)

    def _check(
        self, declaration: Instruction, word: Word, name: str, later: list[Instruction]
    ) -> None:
        start, end = self.model.index.span(word)
        where = (start, start + len(name)) if word.raw.startswith(name) else (start, end)
        skipped: list[Instruction] = []
        for instruction in later:
            used = self._uses(instruction, name)
            if used is None:
                return  # cannot tell (non-POSIX shell)
            if used:
                if skipped:
                    count = len(skipped)
                    runs = "RUN" if count == 1 else f"{count} RUNs"
                    lines = join_names([str(start_line(self, r)) for r in skipped])
                    first = start_line(self, instruction)
                    self.report(
                        where,
                        f"volatile ARG {name} is first used on line {first}, but every RUN "
                        f"after its declaration is rebuilt when it changes: the {runs} on "
                        f"line{'s' if count > 1 else ''} {lines} too; declare it right "
                        f"before line {first}",
                        fix=self._fix(declaration, instruction),
                    )
                return
            if instruction.name == "RUN":
                skipped.append(instruction)
        if len(skipped) >= 2 and not _cache_bust(name):
            self.report(
                where,
                f"volatile ARG {name} is not used in this stage, yet a new value rebuilds "
                f"the {len(skipped)} RUNs after it; remove it, or declare it right before "
                "the RUN that reads it from the environment",
            )

    def _fix(self, declaration: Instruction, use: Instruction) -> Fix | None:
        """Move the ARG (and the comment lines right above it) down to just above the
        first instruction that uses it (and the comment lines right above that one)."""
        model = self.model
        words = [a for a in declaration.arguments if not isinstance(a, Trivia)]
        if len(words) != 1 or "$" in declaration.body_code:
            return None
        if model.is_trigger(use):
            return None
        start, end = block_span(model, declaration)
        target, _ = block_span(model, use)
        text = model.tree.code[start:end]
        removal = delete_lines(model, declaration, comments=True)
        if not text.endswith("\n") or target <= removal.end:
            return None
        return Fix(
            "declare the ARG right before its first use",
            (removal, Edit(target, target, text)),
            Applicability.UNSAFE,
        )

    def _uses(self, instruction: Instruction, name: str) -> bool | None:
        model = self.model
        for flag in instruction.flags:
            # a text without "$", or without the name, cannot reference it: not worth
            # expanding
            value = flag.value
            if (
                "$" in value
                and name in value
                and name in _referenced(model.expand(value, instruction))
            ):
                return True
        if instruction.name == "RUN":
            script = model.script(instruction)
            if script is None:
                return None
            for command in script.all_commands():
                for word in (*command.words, *command.assignments, *command.redirects):
                    if name in word.variables:
                        return True
            # heredoc bodies fed to commands are not words of the script
            return _mentions(instruction.body_code, name)
        if instruction.name in ("CMD", "ENTRYPOINT", "HEALTHCHECK", "ONBUILD"):
            return False  # expanded at run time (or in a child build), without build ARGs
        for argument in instruction.arguments:
            if not isinstance(argument, (KeyValue, Valued)) or "$" not in argument.value:
                continue
            if name not in argument.value:
                continue
            if name in _referenced(model.expand(argument.value, instruction)):
                return True
        for heredoc in instruction.heredocs:
            if heredoc.expand and _mentions(heredoc.content, name):
                return True
        return False


def _referenced(expansion: Expansion) -> frozenset[str]:
    return expansion.used | expansion.unresolved | expansion.undefined


def _mentions(text: str, name: str) -> bool:
    if name not in text:
        return False
    return re.search(r"\$(\{)?" + re.escape(name) + r"(?![A-Za-z0-9_])", text) is not None
