"""DLX303 cleanup-in-later-layer: a cleanup in a later RUN than the install it cleans up after."""

from __future__ import annotations

from typing import ClassVar

from dlint_dockerfile.edits.layers import merge_runs
from dlint_dockerfile.lint.diagnostic import Applicability, Fix, Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.model.layer_caches import CacheAnalysis
from dlint_dockerfile.rules.layers._shared import (
    cache_analysis,
    keyword_line,
    sorted_flags,
)
from dlint_dockerfile.shell import Command
from dlint_dockerfile.shell.packages import PackageCommand, package_name
from dlint_dockerfile.syntax import Instruction

__all__ = ["CleanupInLaterLayer"]


class CleanupInLaterLayer(Rule):
    """A cleanup in a later RUN than the install it cleans up after.

    ## What it does
    Reports cache removals (`rm -rf /var/lib/apt/lists/*`, `apt-get clean`, `yum clean all`,
    `rm -rf ~/.cache/pip`, `yarn cache clean`...) and package removals (`apk del`,
    `apt-get purge`) in a RUN that does not itself produce what it removes, when an earlier
    RUN of the stage (or of a stage it builds FROM) left it behind.

    ## Why
    Each RUN is a layer, and a layer cannot shrink the ones below it: the files deleted by
    a later RUN are still in the image, only hidden. The cleanup has to happen in the same
    RUN as the install (or use a BuildKit cache mount so the cache never lands in a layer).

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends curl
    RUN rm -rf /var/lib/apt/lists/*
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends curl \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Fix safety
    Unsafe: when the RUN it cleans up after is the one right above (only comment lines
    between, the same flags), the fix joins the two RUNs into one, the way
    `consecutive-runs` does: ` && \\` and a new continued line; a second RUN that chains
    commands with `;`, `||` or line breaks is wrapped in `{ ...; }`, so it still runs
    only after the first succeeded, as a whole (`set -e` would not help: it ignores a
    failure on the left of `&&`). The layers and the image change (that is the point).
    No fix when the RUNs are not adjacent, use other flags, use heredocs or exec form, a
    linter pragma sits between them, or the first changes the shell's state for the
    second (`cd`, `export`...; `set -e` before a second script that needs wrapping,
    `set -u` before one that expands variables) or may replace `/bin/sh`, which the
    second would no longer run in.
    """

    code = "DLX303"
    name = "cleanup-in-later-layer"
    category = "layers"
    severity = Severity.WARNING
    fix = "sometimes"

    _DESCRIPTIONS: ClassVar[dict[str, str]] = {
        "apt-lists": "the apt lists",
        "apt-archives": "the apt package cache",
        "apk": "the apk cache",
        "pip": "the pip cache",
        "rpm": "the yum/dnf cache",
        "zypper": "the zypper cache",
        "yarn": "the yarn cache",
        "npm": "the npm cache",
    }

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        #: (stage index, onbuild) -> cache kind -> (line, command) of the RUNs that left it
        self._left: dict[tuple[int, bool], dict[str, list[tuple[int, str]]]] = {}
        #: (stage index, onbuild) -> (family, package) -> (line, command) that installed it
        self._installed: dict[tuple[int, bool], dict[tuple[str, str], tuple[int, str]]] = {}

    def _keys(self, instruction: Instruction) -> list[tuple[int, bool]]:
        """This instruction's key, then its ancestor stages' (not for ONBUILD)."""
        stage = self.model.stage_of(instruction)
        if stage is None:
            return [(-1, False)]
        onbuild = self.model.is_trigger(instruction)
        keys = [(stage.index, onbuild)]
        parent = stage.parent
        while parent is not None and not onbuild:
            keys.append((parent.index, False))
            parent = parent.parent
        return keys

    def visit_run(self, instruction: Instruction) -> None:
        analysis = cache_analysis(self.model, instruction)
        if analysis is None:
            return
        keys = self._keys(instruction)
        line = keyword_line(self.model, instruction)
        self._check_caches(analysis, keys)
        self._check_removals(analysis, keys, line)
        left = self._left.setdefault(keys[0], {})
        for producer in analysis.producers:
            if producer.left:
                left.setdefault(producer.kind, []).append((line, producer.command.head))

    def _earlier(self, keys: list[tuple[int, bool]], kind: str) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        for key in keys:
            found += self._left.get(key, {}).get(kind, [])
        return sorted(set(found))

    def _check_caches(self, analysis: CacheAnalysis, keys: list[tuple[int, bool]]) -> None:
        for cleaner, kinds in analysis.cleaners:
            for kind in sorted(kinds):
                if analysis.produced(kind):
                    continue
                earlier = self._earlier(keys, kind)
                if not earlier:
                    continue
                lines = sorted({n for n, _ in earlier})
                where = ", ".join(str(n) for n in lines)
                runs = "those RUNs" if len(lines) > 1 else "that RUN"
                start, end = _span(cleaner)
                self.report(
                    (start, end),
                    f"this removes {self._DESCRIPTIONS[kind]} left by `{earlier[-1][1]}` on "
                    f"line{'s' if len(lines) > 1 else ''} {where}, but a later RUN cannot "
                    f"shrink the image; clean up in {runs}",
                    fix=self._fix(analysis, lines),
                )
                break

    def _check_removals(
        self, analysis: CacheAnalysis, keys: list[tuple[int, bool]], line: int
    ) -> None:
        installed_here: set[tuple[str, str]] = set()
        for pc in analysis.commands:
            if pc.family == "apk" and pc.action == "add":
                names = [package_name(w) for w in pc.packages]
                virtual = pc.command.option("-t", "--virtual")
                if virtual is not None and virtual.value:
                    names.append(virtual.value.lower())
            elif pc.family == "apt" and pc.action == "install":
                names = [package_name(w) for w in pc.packages]
            else:
                continue
            for name in names:
                if name:
                    installed_here.add((pc.family, name))
        for pc in analysis.commands:
            removing = (pc.family == "apk" and pc.action == "del") or (
                pc.family == "apt" and pc.action in ("purge", "remove")
            )
            if not removing:
                continue
            for word in pc.packages:
                name = package_name(word)
                if name is None or (pc.family, name) in installed_here:
                    continue
                for key in keys:
                    origin = self._installed.get(key, {}).get((pc.family, name))
                    if origin is not None:
                        self.report(
                            (word.start, word.end),
                            f"'{name}' was installed by `{origin[1]}` on line {origin[0]}; "
                            "removing it in a later RUN cannot shrink the image, so remove it "
                            "in that RUN",
                            fix=self._fix(analysis, [origin[0]]),
                        )
                        break
        if installed_here:
            table = self._installed.setdefault(keys[0], {})
            head = {"apk": "apk add", "apt": "apt-get install"}
            for family, name in installed_here:
                table[(family, name)] = (line, head[family])

    def _fix(self, analysis: CacheAnalysis, lines: list[int]) -> Fix | None:
        """Join this RUN to the one right above it when that one is the RUN to clean up
        after (same flags, only comment lines between)."""
        model = self.model
        instruction = analysis.ctx.instruction
        if model.is_trigger(instruction) or len(lines) != 1:
            return None
        instructions = model.instructions
        at = next((i for i, item in enumerate(instructions) if item is instruction), 0)
        previous = instructions[at - 1] if at > 0 else None
        if previous is None or previous.name != "RUN" or keyword_line(model, previous) != lines[0]:
            return None
        if sorted_flags(previous) != sorted_flags(instruction):
            return None
        edits = merge_runs(model, previous, instruction)
        if edits is None:
            return None
        return Fix("join with the RUN it cleans up after", edits, Applicability.UNSAFE)


def _span(command: Command | PackageCommand) -> tuple[int, int]:
    if isinstance(command, PackageCommand):
        return command.start, command.head_end
    return command.start, command.end
